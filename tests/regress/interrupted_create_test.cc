// Regression: `kg ingest` killed while it created a new store left RocksDB's
// first files (LOG; or LOCK, LOG and 000000.dbtmp) without CURRENT, and every
// later `kg ingest` refused the directory as "not a kg store (a non-empty
// directory or a file)": a crash made the store path unusable, against "a
// crash mid-ingest leaves whole records only; running the same ingest again
// completes it". Such a directory is now taken as an interrupted creation;
// a directory holding anything else is still refused.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "graph/store.h"
#include "graph/writer.h"

namespace {

class Dir {
 public:
  Dir() {
    char templ[] = "/tmp/kg_interrupted.XXXXXX";
    REQUIRE(::mkdtemp(templ) != nullptr);
    path_ = templ;
  }
  ~Dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string db() const { return path_ + "/db"; }
  void Leave(const std::vector<std::string>& files) const {
    std::filesystem::create_directories(db());
    for (const auto& f : files) std::ofstream(db() + "/" + f) << (f == "LOG" ? "RocksDB log\n" : "");
  }

 private:
  std::string path_;
};

kg::Status OpenForWrite(const std::string& db, std::unique_ptr<kg::GraphStore>* store) {
  kg::StoreOptions o;
  o.read_only = false;
  o.create_if_missing = true;
  return kg::GraphStore::Open(o, db, store);
}

}  // namespace

TEST_CASE("a store whose creation was interrupted is created again", "[regress][graph]") {
  const std::vector<std::vector<std::string>> leftovers = {
      {"LOG"},
      {"LOCK", "LOG", "000000.dbtmp"},
      {"LOCK", "LOG", "IDENTITY", "MANIFEST-000001", "000001.dbtmp"},
  };
  for (const auto& files : leftovers) {
    Dir dir;
    dir.Leave(files);
    INFO("left behind: " << files.size() << " files, first " << files[0]);
    {
      std::unique_ptr<kg::GraphStore> store;
      kg::Status s = OpenForWrite(dir.db(), &store);
      INFO(s.ToString());
      REQUIRE(s.ok());
      kg::GraphWriter writer(store.get());
      kg::Record r;
      r.id = "r1";
      kg::NodeDecl n;
      n.id = "fama";
      n.kind = kg::NodeKind::kActor;
      r.nodes.push_back(n);
      REQUIRE(writer.Apply(r).ok());
      REQUIRE(writer.Sync().ok());
    }
    std::unique_ptr<kg::GraphStore> store;
    kg::StoreOptions ro;
    REQUIRE(kg::GraphStore::Open(ro, dir.db(), &store).ok());
    kg::NodeId nid = 0;
    CHECK(store->reader().FindNode("fama", &nid).ok());
  }
}

TEST_CASE("a directory holding other files is still not taken for a store", "[regress][graph]") {
  for (const auto& files : std::vector<std::vector<std::string>>{{"notes.txt"}, {"LOCK", "LOG", "app.log"}}) {
    Dir dir;
    dir.Leave(files);
    std::unique_ptr<kg::GraphStore> store;
    kg::Status s = OpenForWrite(dir.db(), &store);
    CHECK(s.IsInvalidArgument());
    CHECK(s.message().find("is not a kg store") != std::string::npos);
    CHECK(std::filesystem::exists(dir.db() + "/" + files.back()));
  }
}
