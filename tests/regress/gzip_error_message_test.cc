// Regression: corrupt gzip data was reported as "cannot read: <fd:13>:
// incorrect data check", a read error naming zlib's file descriptor instead
// of bad data; a gzip stream that ended early was reported without a line.
// Now: "bad gzip data: incorrect data check", and the ingest error names the
// file and the line the data broke at, like every other input error.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "graph/store.h"
#include "graph/writer.h"
#include "ingest/ingester.h"
#include "ingest/input.h"

namespace {

class Dir {
 public:
  Dir() {
    char templ[] = "/tmp/kg_gzip_message.XXXXXX";
    REQUIRE(::mkdtemp(templ) != nullptr);
    path_ = templ;
  }
  ~Dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ + "/" + name, std::ios::binary) << bytes;
    return path_ + "/" + name;
  }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string Hostile(const std::string& name) {
  std::ifstream in(std::string(KG_SOURCE_DIR) + "/tests/data/hostile/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("a gzip stream with a bad checksum is bad data, not a read error", "[regress][ingest]") {
  Dir dir;
  std::string path = dir.Write("x.jsonl.gz", Hostile("bad-crc.jsonl.gz"));
  std::unique_ptr<kg::InputFile> file;
  REQUIRE(kg::InputFile::Open(path, &file).ok());
  std::string all((std::istreambuf_iterator<char>(file->stream())), std::istreambuf_iterator<char>());
  kg::Status s = file->status();
  CHECK(s.IsCorruption());
  CHECK(s.message() == "bad gzip data: incorrect data check");
}

TEST_CASE("a gzip error in an ingest names the file and line", "[regress][ingest]") {
  Dir dir;
  std::unique_ptr<kg::GraphStore> store;
  kg::StoreOptions o;
  o.read_only = false;
  o.create_if_missing = true;
  REQUIRE(kg::GraphStore::Open(o, dir.Path("db"), &store).ok());
  kg::GraphWriter writer(store.get());
  for (const char* name : {"bad-crc.jsonl.gz", "truncated.jsonl.gz", "header-only.jsonl.gz"}) {
    std::string path = dir.Write(name, Hostile(name));
    kg::IngestReport report;
    kg::Status s = kg::IngestFiles(&writer, {path}, kg::IngestOptions(), &report);
    INFO(s.ToString());
    CHECK(s.IsInvalidArgument());
    CHECK(s.message().rfind(path + ":", 0) == 0);
    CHECK(s.message().find("gzip data") != std::string::npos);
    CHECK(s.message().find("<fd:") == std::string::npos);
    std::string rest = s.message().substr(path.size() + 1);
    CHECK(rest.find_first_not_of("0123456789") > 0);  // a line number follows the file
  }
}
