// kg_bench, the benchmark driver, at a tiny scale: it runs every step, its
// JSON report parses and its figures are sane; bad usage gives exit 2.
#include <rapidjson/document.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using kg::test::ReadFile;
using kg::test::TempDir;

struct BenchRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs the built kg_bench with args (already quoted for the shell), its
// output in files of dir.
BenchRun RunBench(const TempDir& dir, const std::string& args) {
  const std::string out = dir.Path("bench.out"), err = dir.Path("bench.err");
  const std::string cmd = std::string("'") + KG_BUILD_DIR + "/kg_bench' " + args + " > '" + out + "' 2> '" + err + "'";
  const int status = std::system(cmd.c_str());
  BenchRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(out);
  run.err = ReadFile(err);
  return run;
}

// The report's figures every run must show, whatever the data.
void CheckSane(const rapidjson::Document& doc, uint64_t queries) {
  const auto& scale = doc["scale"];
  CHECK(scale["records"].GetUint64() > 0);
  CHECK(scale["edges"].GetUint64() > 0);
  CHECK(scale["nodes"].GetUint64() > 0);
  CHECK(scale["stored_edges"].GetUint64() > 0);
  CHECK(scale["stored_edges"].GetUint64() <= scale["edges"].GetUint64());

  const auto& ingest = doc["ingest"];
  CHECK(ingest["wall_s"].GetDouble() > 0);
  CHECK(ingest["cpu_s"].GetDouble() > 0);
  CHECK(ingest["records_per_s"].GetDouble() > 0);
  CHECK(ingest["edges_per_s"].GetDouble() > 0);
  CHECK(ingest["peak_rss_kb"].GetInt64() > 0);
  CHECK(ingest["disk_bytes"].GetUint64() > 0);

  const auto& q = doc["queries"];
  CHECK(q["count"].GetUint64() == queries);
  CHECK(q["paths_found"].GetUint64() <= queries);
  for (const char* key : {"path_ms", "neighborhood_ms"}) {
    INFO(key);
    const auto& l = q[key];
    CHECK(l["median"].GetDouble() > 0);
    CHECK(l["median"].GetDouble() <= l["p90"].GetDouble());
    CHECK(l["p90"].GetDouble() <= l["max"].GetDouble());
  }

  CHECK(doc["check"]["checked"].GetUint64() == 2 * queries);
  CHECK(doc["check"]["mismatches"].GetUint64() == 0);
  CHECK(q["slowest_path"].IsString());
  CHECK(q["slowest_neighborhood"].IsString());

  CHECK(doc["fresh_path_ms"]["runs"].GetInt() == 20);
  CHECK(doc["fresh_path_ms"]["median"].GetDouble() > 0);
  CHECK(doc["fresh_path_ms"]["median"].GetDouble() <= doc["fresh_path_ms"]["max"].GetDouble());
  CHECK(doc["fresh_path_ms"]["cpu_median"].GetDouble() > 0);

  CHECK(doc["floor"]["edges_per_s"].GetDouble() > 0);
  CHECK(doc["floor"]["kg_ratio"].GetDouble() > 0);
}

rapidjson::Document ParseReport(const BenchRun& run) {
  rapidjson::Document doc;
  doc.Parse(run.out.c_str(), run.out.size());
  return doc;
}

}  // namespace

TEST_CASE("kg_bench runs every step at a tiny scale and reports JSON", "[bench][kg_bench]") {
  REQUIRE(fs::exists(fs::path(KG_BUILD_DIR) / "kg_bench"));
  TempDir dir("kg_bench_test");
  const BenchRun run =
      RunBench(dir, "--events 300 --seed 5 --queries 20 --format json --workdir '" + dir.Path("work") + "'");
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  REQUIRE(run.exit_code == 0);
  const rapidjson::Document doc = ParseReport(run);
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc.IsObject());
  CHECK(doc["scale"]["events"].GetUint64() == 300);
  CHECK(doc["generate"]["seconds"].GetDouble() > 0);
  CheckSane(doc, 20);

  // The input's edges are those kg_gen reports.
  const std::string gen_summary = ReadFile(dir.Path("work/gen.err"));
  CHECK(gen_summary.find(" " + std::to_string(doc["scale"]["edges"].GetUint64()) + " edges,") != std::string::npos);

  // The text report says the same in words.
  const BenchRun text = RunBench(dir, "--events 300 --seed 5 --queries 20 --workdir '" + dir.Path("work2") + "'");
  INFO("text stdout: " << text.out << "\ntext stderr: " << text.err);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("checked: 40 queries, 0 mismatches") != std::string::npos);
  CHECK(text.out.find("kg/floor") != std::string::npos);

  // --queries-only queries the store the first run left, and nothing else.
  const BenchRun again =
      RunBench(dir, "--queries-only --seed 5 --queries 20 --format json --workdir '" + dir.Path("work") + "'");
  INFO("queries-only stdout: " << again.out << "\nstderr: " << again.err);
  REQUIRE(again.exit_code == 0);
  const rapidjson::Document q = ParseReport(again);
  REQUIRE_FALSE(q.HasParseError());
  CHECK_FALSE(q.HasMember("ingest"));
  CHECK_FALSE(q.HasMember("floor"));
  CHECK(q["scale"]["nodes"].GetUint64() == doc["scale"]["nodes"].GetUint64());
  CHECK(q["check"]["checked"].GetUint64() == 40);
  CHECK(q["check"]["mismatches"].GetUint64() == 0);
  CHECK(q["fresh_path_ms"]["runs"].GetInt() == 20);
}

TEST_CASE("kg_bench takes an existing input with --input", "[bench][kg_bench]") {
  TempDir dir("kg_bench_test");
  const BenchRun run = RunBench(dir, "--input '" + kg::test::ExampleFile(13) +
                                         "' --queries 10 --format json --workdir '" + dir.Path("work") + "'");
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  REQUIRE(run.exit_code == 0);
  const rapidjson::Document doc = ParseReport(run);
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(doc["scale"]["events"].IsNull());
  CHECK(doc["scale"]["records"].GetUint64() == 3);
  CHECK(doc["scale"]["nodes"].GetUint64() == 10);
  CHECK(doc["scale"]["stored_edges"].GetUint64() == 12);
  CheckSane(doc, 10);
}

TEST_CASE("kg_bench rejects bad usage with exit 2 and one line", "[bench][kg_bench]") {
  TempDir dir("kg_bench_test");
  fs::create_directories(dir.Path("used/db"));
  for (const std::string& args :
       {std::string(""), std::string("--events 10"), std::string("--events 0 --workdir x"),
        std::string("--events 10 --workdir x --frobnicate 1"), std::string("--events 10 --workdir x --format xml"),
        "--events 10 --workdir '" + dir.Path("used") + "'", "--queries-only --workdir '" + dir.Path("none") + "'",
        "--events 10 --workdir '" + dir.Path("w") + "' --kg /nonexistent/kg --gen /nonexistent/kg_gen"}) {
    INFO(args);
    const BenchRun run = RunBench(dir, args);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.rfind("kg_bench: ", 0) == 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
}
