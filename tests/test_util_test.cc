// The shared test helpers do what test_util.h says, so that a failing test
// points at kg and not at its harness.
#include "test_util.h"

#include <sys/stat.h>

namespace kg::test {
namespace {

bool IsDir(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

TEST_CASE("TempDir is created fresh and removed with its content", "[test_util]") {
  std::string path, path2;
  {
    TempDir a, b;
    path = a.path();
    path2 = b.path();
    REQUIRE(path != path2);
    REQUIRE(path.rfind("/tmp/", 0) == 0);
    REQUIRE(IsDir(path));
    std::string f = a.Write("sub.txt", std::string("x\0y", 3));
    REQUIRE(ReadFile(f) == std::string("x\0y", 3));
    std::filesystem::create_directories(a.Path("deep/er"));
    a.Write("deep/er/file", "z");
  }
  REQUIRE_FALSE(IsDir(path));
  REQUIRE_FALSE(IsDir(path2));
}

// CTest registers each test case by name (catch_discover_tests), and a ';'
// splits a name into two that match nothing: the case would never run.
TEST_CASE("No test case name holds a semicolon", "[test_util]") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  REQUIRE(tests.size() > 100);
  for (const auto& t : tests) {
    INFO(t.getTestCaseInfo().name);
    CHECK(t.getTestCaseInfo().name.find(';') == std::string::npos);
  }
}

TEST_CASE("SplitLines drops only the final newline", "[test_util]") {
  REQUIRE(SplitLines("") == std::vector<std::string>{});
  REQUIRE(SplitLines("a\nb\n") == std::vector<std::string>{"a", "b"});
  REQUIRE(SplitLines("a\n\nb") == std::vector<std::string>{"a", "", "b"});
}

TEST_CASE("RunKg captures exit code, stdout and stderr apart", "[test_util][cli]") {
  KgResult help = RunKg({"--help"});
  INFO(help);
  REQUIRE(help.exit_code == 0);
  REQUIRE(help.out.find("ingest") != std::string::npos);
  REQUIRE(help.err.empty());

  KgResult bad = RunKg({"no-such-command"});
  INFO(bad);
  REQUIRE(bad.exit_code == 2);
  REQUIRE(bad.out.empty());
  REQUIRE(bad.err.rfind("kg: ", 0) == 0);
}

TEST_CASE("RunKg passes stdin, env and cwd, and removes an inherited KG_DB", "[test_util][cli]") {
  TempDir dir;
  const std::string rec = R"({"record":"r","nodes":[{"id":"x","kind":"actor"}]})";
  ::setenv("KG_DB", dir.Path("inherited").c_str(), 1);
  KgRunOptions o;
  o.cwd = dir.path();
  KgResult r = RunKg({"ingest", "-"}, rec + "\n", o);
  ::unsetenv("KG_DB");
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(IsDir(dir.Path("kg.db")));  // the default store, in cwd
  REQUIRE_FALSE(IsDir(dir.Path("inherited")));

  o.env["KG_DB"] = dir.Path("kg.db");
  o.cwd.clear();
  KgResult stats = RunKg({"stats", "--format", "json"}, "", o);
  INFO(stats);
  REQUIRE(stats.exit_code == 0);
  REQUIRE(stats.out.find("\"nodes\":1") != std::string::npos);
}

TEST_CASE("RunKg kills a kg that outlives its timeout", "[test_util][cli]") {
  KgCli kg;
  KgRunOptions o;
  o.timeout_seconds = 0.3;
  // Standard input that never ends: a FIFO nobody writes to.
  std::string fifo = kg.dir().Path("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  KgResult r = kg.Run({"ingest", fifo}, "", o);
  REQUIRE(r.timed_out);
  REQUIRE(r.exit_code == 128 + SIGKILL);
  REQUIRE(r.seconds < 10);
}

TEST_CASE_METHOD(TempStore, "Dump prints nodes, edges and records canonically", "[test_util][graph]") {
  REQUIRE(Dump(reader()) == "");
  KG_REQUIRE_OK(ApplyAll(R"(
{"record": "r1", "nodes": [
  {"id": "b", "kind": "location", "name": "Bé \"quoted\"", "attrs": {"n": 3, "x": 0.5, "f": 2.0, "ok": true},
   "coords": [14.5, -1]},
  {"id": "a", "kind": "actor", "aliases": ["A1", "A2"]}],
 "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06", "attrs": {"k": "v"}},
           {"from": "a", "type": "OPERATES_IN", "to": "b"}]}
{"record": "r 0", "edges": [{"from": "a", "type": "STRUCK", "to": "b", "date": "2025-06"}]}
)"));
  REQUIRE(Dump(reader()) ==
          "node a actor \"a\" aliases=[\"A1\",\"A2\"] records=[r1]\n"
          "node b location \"Bé \\\"quoted\\\"\" attrs={f:2.0,n:3,ok:true,x:0.5} coords=[14.5,-1.0] records=[r1]\n"
          "edge a -OPERATES_IN-> b support=1 sources=[r1]\n"
          "edge a -STRUCK-> b 2025-06 attrs={k:\"v\"} support=2 sources=[r1,\"r 0\"]\n"
          "record r1\n"
          "record \"r 0\"\n");
  REQUIRE(DumpLines(reader(), "edge a -STRUCK-> ").size() == 1);
  REQUIRE(Violations(reader()).empty());
}

TEST_CASE_METHOD(TempStore, "TempStore reopens its store, read-only or writable", "[test_util][graph]") {
  KG_REQUIRE_OK(Apply(R"({"record":"r","nodes":[{"id":"x","kind":"actor"}]})"));
  const std::string before = Dump(reader());
  Reopen(/*read_only=*/true);
  REQUIRE(Dump(reader()) == before);
  Reopen();
  REQUIRE(Dump(reader()) == before);
  KG_REQUIRE_OK(Apply(R"({"record":"s","nodes":[{"id":"y","kind":"actor"}]})"));
  REQUIRE(Dump(reader()) != before);
}

}  // namespace
}  // namespace kg::test
