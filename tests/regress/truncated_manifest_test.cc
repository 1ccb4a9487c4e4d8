// Regression: a truncated MANIFEST made the store look empty (`kg check`
// said ok, `kg stats` showed nothing) and the next `kg ingest` deleted every
// table file the MANIFEST no longer listed: all data gone. A store kg cannot
// read whole is now refused, exit 3, and never written to; `kg repair --to`
// copies what is readable into a new store.
#include <filesystem>
#include <string>

#include "test_util.h"

namespace kg::test {
namespace {

std::string Manifest(const std::string& db) {
  std::string current = ReadFile(db + "/CURRENT");
  while (!current.empty() && current.back() == '\n') current.pop_back();
  return db + "/" + current;
}

TEST_CASE("A truncated MANIFEST is refused and its table files are kept", "[regress][faults]") {
  ExamplesCli kg;
  const std::string expected = kg.Dump();
  const std::string manifest = Manifest(kg.db());
  std::filesystem::resize_file(manifest, std::filesystem::file_size(manifest) - 40);
  uint64_t tables = 0;
  for (const auto& e : std::filesystem::directory_iterator(kg.db())) tables += e.path().extension() == ".sst";
  REQUIRE(tables > 0);

  for (auto args : std::vector<std::vector<std::string>>{{"check"}, {"stats"}, {"ingest", ExampleFile(20)}}) {
    KgResult r = kg.Run(args);
    INFO(r);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("kg: " + kg.db() + ": damaged store") == 0);
    CHECK(r.err.find("kg repair --to") != std::string::npos);
  }
  uint64_t left = 0;
  for (const auto& e : std::filesystem::directory_iterator(kg.db())) left += e.path().extension() == ".sst";
  CHECK(left == tables);

  // Salvage into a new store: everything is in the table files.
  const std::string to = kg.dir().Path("salvaged");
  KgResult r = kg.Run({"repair", "--to", to});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  KgResult check = RunKg({"--db", to, "check"});
  INFO(check);
  CHECK(check.exit_code == 0);
  KgResult stats = RunKg({"--db", to, "stats", "--format", "json"});
  CHECK(stats.out.find("\"records\":5") != std::string::npos);
  // Never in place, never over an existing directory.
  CHECK(kg.Run({"repair", "--to", to}).exit_code == 2);
}

}  // namespace
}  // namespace kg::test
