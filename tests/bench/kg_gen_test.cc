// kg_gen, the synthetic data generator of the benchmarks: same seed, same
// bytes; well-formed native records; nodes declared before use.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct GenRun {
  int status = -1;
  std::string out, err;
};

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("kg_gen_test." + std::to_string(::getpid()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

GenRun RunGen(const TempDir& dir, const std::string& args, const std::string& tag) {
  const fs::path out = dir.path() / (tag + ".jsonl");
  const fs::path err = dir.path() / (tag + ".err");
  const std::string cmd = std::string("'") + KG_BUILD_DIR + "/kg_gen' " + args + " -o '" + out.string() + "' 2> '" +
                          err.string() + "'";
  GenRun run;
  run.status = std::system(cmd.c_str());
  run.out = ReadAll(out);
  run.err = ReadAll(err);
  return run;
}

}  // namespace

TEST_CASE("kg_gen is deterministic for a seed", "[bench][kg_gen]") {
  REQUIRE(fs::exists(fs::path(KG_BUILD_DIR) / "kg_gen"));
  TempDir dir;
  const GenRun a = RunGen(dir, "--events 200 --seed 7", "a");
  const GenRun b = RunGen(dir, "--events 200 --seed 7", "b");
  const GenRun c = RunGen(dir, "--events 200 --seed 8", "c");
  REQUIRE(a.status == 0);
  REQUIRE(b.status == 0);
  REQUIRE(c.status == 0);
  REQUIRE(!a.out.empty());
  CHECK(a.out == b.out);
  CHECK(a.out != c.out);
}

TEST_CASE("kg_gen writes well-formed native records", "[bench][kg_gen]") {
  REQUIRE(fs::exists(fs::path(KG_BUILD_DIR) / "kg_gen"));
  TempDir dir;
  const GenRun run = RunGen(dir, "--events 200 --seed 3", "w");
  REQUIRE(run.status == 0);
  const std::vector<std::string> lines = Lines(run.out);
  REQUIRE(!lines.empty());

  std::set<std::string> record_ids, node_ids, names;
  size_t edges = 0, report_records = 0, dated_edges = 0, undeclared = 0;
  for (const std::string& line : lines) {
    rapidjson::Document doc;
    doc.Parse(line.c_str(), line.size());
    REQUIRE_FALSE(doc.HasParseError());
    REQUIRE(doc.IsObject());
    REQUIRE(doc.HasMember("record"));
    REQUIRE(doc["record"].IsString());
    const std::string id = doc["record"].GetString();
    CHECK(id.rfind("gen-", 0) == 0);
    CHECK(record_ids.insert(id).second);

    if (doc.HasMember("nodes")) {
      for (const auto& n : doc["nodes"].GetArray()) {
        REQUIRE(n["id"].IsString());
        REQUIRE(n.HasMember("kind"));
        const std::string kind = n["kind"].GetString();
        CHECK((kind == "actor" || kind == "location"));
        if (kind == "location") CHECK(n["coords"].GetArray().Size() == 2);
        CHECK(node_ids.insert(n["id"].GetString()).second);  // declared once
        names.insert(n["name"].GetString());
        if (n.HasMember("aliases"))
          for (const auto& a : n["aliases"].GetArray()) names.insert(a.GetString());
      }
    }
    size_t record_dated = 0, record_edges = 0;
    if (doc.HasMember("edges")) {
      for (const auto& e : doc["edges"].GetArray()) {
        ++record_edges;
        for (const char* end : {"from", "to"}) {
          const std::string text = e[end].GetString();
          if (!node_ids.count(text) && !names.count(text)) ++undeclared;
        }
        if (e.HasMember("date")) ++record_dated;
      }
    }
    CHECK(record_edges > 0);
    edges += record_edges;
    if (record_dated > 0) {
      // A report: 1 to 5 events of 1 to 3 edges each.
      ++report_records;
      dated_edges += record_dated;
      CHECK(record_dated <= 15);
    }
  }
  CHECK(undeclared == 0);
  CHECK(report_records >= 200 / 5);
  CHECK(report_records <= 200);
  CHECK(dated_edges >= 200);

  // The summary line on stderr agrees with the output.
  const std::string expect = "kg_gen: " + std::to_string(lines.size()) + " records, 200 events, " +
                             std::to_string(edges) + " edges, " + std::to_string(node_ids.size()) + " nodes";
  CHECK(run.err.find(expect) != std::string::npos);
}

TEST_CASE("kg_gen rejects bad arguments with exit 2", "[bench][kg_gen]") {
  REQUIRE(fs::exists(fs::path(KG_BUILD_DIR) / "kg_gen"));
  TempDir dir;
  for (const char* args : {"", "--events", "--events abc", "--events 10 --frobnicate 1"}) {
    const GenRun run = RunGen(dir, args, "bad");
    REQUIRE(WIFEXITED(run.status));
    CHECK(WEXITSTATUS(run.status) == 2);
  }
}
