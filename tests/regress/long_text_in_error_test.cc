// Regression: the store's error messages quoted user text whole. An edge
// endpoint of 10 MB (a valid string within the default record limit) gave a
// 10 MB "unknown node" error line, and an ambiguous name listed the
// candidates' full names. Quoted text is now cut after 256 bytes, at a
// character boundary.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "graph/normalize.h"
#include "graph/store.h"
#include "graph/writer.h"

namespace {

class TempStore {
 public:
  TempStore() {
    char templ[] = "/tmp/kg_long_text.XXXXXX";
    REQUIRE(::mkdtemp(templ) != nullptr);
    dir_ = templ;
    kg::StoreOptions o;
    o.read_only = false;
    o.create_if_missing = true;
    REQUIRE(kg::GraphStore::Open(o, dir_ + "/db", &store_).ok());
    writer_ = std::make_unique<kg::GraphWriter>(store_.get());
  }
  ~TempStore() {
    writer_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  kg::GraphWriter& writer() { return *writer_; }

 private:
  std::string dir_;
  std::unique_ptr<kg::GraphStore> store_;
  std::unique_ptr<kg::GraphWriter> writer_;
};

kg::NodeDecl Node(const std::string& id, kg::NodeKind kind, const std::string& name) {
  kg::NodeDecl n;
  n.id = id;
  n.kind = kind;
  n.name = name;
  return n;
}

}  // namespace

TEST_CASE("an unknown 10 MB endpoint gives a short error", "[regress][graph]") {
  TempStore s;
  kg::Record r;
  r.id = "r1";
  r.nodes.push_back(Node("a", kg::NodeKind::kActor, "A"));
  kg::EdgeDecl e;
  e.from = "a";
  e.type = "STRUCK";
  e.to = std::string(10u << 20, 'x');
  r.edges.push_back(e);
  kg::Status st = s.writer().Apply(r);
  CHECK(st.IsInvalidArgument());
  CHECK(st.message().size() < 400);
  CHECK(st.message().find("edge #1: unknown node \"xxxx") == 0);
  CHECK(st.message().find("...\"") != std::string::npos);
}

TEST_CASE("an ambiguous name lists long candidate names cut, at a character boundary", "[regress][graph]") {
  TempStore s;
  std::string name;
  while (name.size() < 100000) name += "é";  // two bytes each: the cut must not split one
  kg::Record r;
  r.id = "r1";
  r.nodes.push_back(Node("n1", kg::NodeKind::kLocation, name));
  r.nodes.push_back(Node("n2", kg::NodeKind::kLocation, name));
  r.nodes.push_back(Node("a", kg::NodeKind::kActor, "A"));
  kg::EdgeDecl e;
  e.from = "a";
  e.type = "STRUCK";
  e.to = name;
  r.edges.push_back(e);
  kg::Status st = s.writer().Apply(r);
  CHECK(st.IsInvalidArgument());
  CHECK(st.message().find("ambiguous node") != std::string::npos);
  CHECK(st.message().size() < 1500);
  CHECK(kg::IsCleanUtf8(st.message()));
}
