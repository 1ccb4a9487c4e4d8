// kg export on the command line: formats, filters, neighborhoods, -o FILE
// written whole or not at all, exit codes and messages.
#include <sys/stat.h>

#include <filesystem>

#include "query/export_test_util.h"

namespace kg::test {
namespace {

std::string Str(const rapidjson::Value& v) {
  REQUIRE(v.IsString());
  return std::string(v.GetString(), v.GetStringLength());
}

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE_METHOD(ExamplesCli, "kg export writes DOT by default, on stdout, that dot draws silently", "[export][cli]") {
  KgResult r = Run({"export"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err.empty());
  REQUIRE(r.out.rfind("digraph \"kg\" {", 0) == 0);
  ToolResult svg = RenderSvg(r.out);
  INFO(svg);
  REQUIRE(svg.exit_code == 0);
  REQUIRE(svg.err.empty());
  REQUIRE(Count(svg.out, "class=\"node\"") == 10);
  REQUIRE(Count(svg.out, "class=\"edge\"") == 13);

  KgResult same = Run({"export", "--format", "dot"});
  REQUIRE(same.out == r.out);
}

TEST_CASE_METHOD(ExamplesCli, "kg export -o FILE writes the file whole, and nothing on failure", "[export][cli]") {
  std::string out = dir().Path("graph.graphml");
  KgResult r = Run({"export", "--format", "graphml", "-o", out});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.empty());
  REQUIRE(r.err.empty());
  REQUIRE(ReadFile(out).find("</graphml>") != std::string::npos);
  REQUIRE(Files(dir().path()) == std::vector<std::string>{"db", "graph.graphml"});  // no temp file left
  // With the mode any new file gets (not the temp file's 0600).
  std::string plain = dir().Write("plain", "");
  REQUIRE(std::filesystem::status(out).permissions() == std::filesystem::status(plain).permissions());
  std::filesystem::remove(plain);

  // A failed export leaves the previous file as it was, and no temp file.
  std::string before = ReadFile(out);
  KgResult bad = Run({"export", "--format", "graphml", "--center", "Timbuctu", "-o", out});
  INFO(bad);
  REQUIRE(bad.exit_code == 2);
  REQUIRE(bad.err.rfind("kg: unknown node \"Timbuctu\"", 0) == 0);
  REQUIRE(Count(bad.err, "\n") == 1);
  REQUIRE(ReadFile(out) == before);
  REQUIRE(Files(dir().path()) == std::vector<std::string>{"db", "graph.graphml"});

  KgResult nodir = Run({"export", "-o", dir().Path("no/such/dir/x.dot")});
  INFO(nodir);
  REQUIRE(nodir.exit_code == 3);
  REQUIRE(nodir.err == "kg: " + dir().Path("no/such/dir/x.dot") + ": No such file or directory\n");
}

TEST_CASE_METHOD(ExamplesCli, "kg export -o keeps symlinks, FIFOs, devices and permission bits", "[export][cli]") {
  // A symlink: its target is written, the link stays a link.
  std::string target = dir().Write("target.dot", "old");
  std::string link = dir().Path("link.dot");
  std::filesystem::create_symlink(target, link);
  KgResult r = Run({"export", "-o", link});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(std::filesystem::is_symlink(link));
  REQUIRE(ReadFile(target).rfind("digraph", 0) == 0);

  // A 600 file stays 600.
  std::string secret = dir().Write("secret.json", "old");
  std::filesystem::permissions(secret, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  r = Run({"export", "--format", "json", "-o", secret});
  REQUIRE(r.exit_code == 0);
  REQUIRE(ReadFile(secret).rfind("{", 0) == 0);
  REQUIRE(std::filesystem::status(secret).permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

  // A FIFO is written directly (a reader drains it), and stays a FIFO.
  std::string fifo = dir().Path("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string drained = dir().Path("drained");
  ToolResult t = RunTool("sh -c 'cat " + fifo + " > " + drained + " & " + KG_BINARY + " --db " + db() +
                         " export -o " + fifo + "; s=$?; wait; exit $s'");
  INFO(t);
  REQUIRE(t.exit_code == 0);
  REQUIRE(std::filesystem::is_fifo(fifo));
  REQUIRE(ReadFile(drained).rfind("digraph", 0) == 0);
  REQUIRE(ReadFile(drained).find("}\n") != std::string::npos);

  // A full device: exit 3 naming the path and the reason.
  r = Run({"export", "-o", "/dev/full"});
  INFO(r);
  REQUIRE(r.exit_code == 3);
  REQUIRE(r.err == "kg: /dev/full: No space left on device\n");
  REQUIRE(std::filesystem::is_character_file("/dev/full"));

  // A directory: exit 3, nothing replaced.
  r = Run({"export", "-o", dir().path()});
  REQUIRE(r.exit_code == 3);
  REQUIRE(r.err == "kg: " + dir().path() + ": Is a directory\n");
}

TEST_CASE_METHOD(ExamplesCli, "kg export --center --depth matches kg neighbors", "[export][cli]") {
  for (const char* center : {"bandiagara", "FAMa", "Tombouctou"}) {
    for (const char* depth : {"1", "2"}) {
      CAPTURE(center, depth);
      KgResult ex = Run({"export", "--format", "json", "--center", center, "--depth", depth});
      KgResult nb = Run({"neighbors", center, "--depth", depth, "--format", "json"});
      INFO(ex);
      REQUIRE(ex.exit_code == 0);
      rapidjson::Document e, n;
      ParseJson(ex.out, &e);
      ParseJson(nb.out, &n);
      REQUIRE(Str(e["center"]) == Str(n["center"]));
      REQUIRE(e["depth"].GetUint() == n["depth"].GetUint());
      std::vector<std::string> want{Str(n["center"])}, got;
      for (const auto& x : n["nodes"].GetArray()) want.push_back(Str(x["id"]));
      for (const auto& x : e["nodes"].GetArray()) got.push_back(Str(x["id"]));
      REQUIRE(got == want);
      REQUIRE(e["edges"].Size() == n["edges"].Size());

      KgResult dot = Run({"export", "--center", center, "--depth", depth});
      REQUIRE(dot.exit_code == 0);
      ToolResult svg = RenderSvg(dot.out);
      INFO(svg);
      REQUIRE(svg.err.empty());
      REQUIRE(Count(svg.out, "class=\"node\"") == want.size());
      REQUIRE(Count(dot.out, "penwidth=3") == 1);  // the center
    }
  }
}

TEST_CASE_METHOD(ExamplesCli, "kg export filters by type, kind and date", "[export][cli]") {
  KgResult struck = Run({"export", "--format", "json", "--type", "STRUCK"});
  REQUIRE(struck.exit_code == 0);
  rapidjson::Document doc;
  ParseJson(struck.out, &doc);
  REQUIRE(doc["nodes"].Size() == 10);
  REQUIRE(doc["edges"].Size() == 4);

  KgResult places = Run({"export", "--format", "json", "--kind", "location"});
  ParseJson(places.out, &doc);
  REQUIRE(doc["nodes"].Size() == 7);
  REQUIRE(doc["edges"].Size() == 6);  // the LOCATED_IN among them

  // Undated edges stand: the window drops only the strikes before the 17th.
  KgResult late = Run({"export", "--format", "json", "--since", "2025-06-15"});
  ParseJson(late.out, &doc);
  std::vector<std::string> dated;
  for (const auto& e : doc["edges"].GetArray()) {
    if (e.HasMember("date")) dated.push_back(Str(e["date"]));
  }
  REQUIRE(dated == std::vector<std::string>{"2025-06", "2025-06-17", "2025-06", "2025-06"});

  KgResult hood = Run({"export", "--format", "json", "--center", "fama", "--depth", "2", "--type", "STRUCK",
                       "--kind", "location", "--direction", "out"});
  INFO(hood);
  REQUIRE(hood.exit_code == 0);
  ParseJson(hood.out, &doc);
  std::vector<std::string> ids;
  for (const auto& n : doc["nodes"].GetArray()) ids.push_back(Str(n["id"]));
  REQUIRE(ids == std::vector<std::string>{"fama", "boulkessi", "douna", "kardjila"});
}

TEST_CASE_METHOD(ExamplesCli, "kg export GeoJSON counts the locations left out on stderr", "[export][cli]") {
  KgResult add = Run({"ingest", "-"}, R"({"record": "unplaced", "nodes": [
      {"id": "p1", "kind": "location"}, {"id": "p2", "kind": "location"}, {"id": "p3", "kind": "location"}]})");
  REQUIRE(add.exit_code == 0);
  KgResult r = Run({"export", "--format", "geojson"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.err == "kg: 3 locations without coords left out\n");
  rapidjson::Document doc;
  ParseJson(r.out, &doc);
  REQUIRE(doc["features"].Size() == 7);

  KgResult one = Run({"export", "--format", "geojson", "--center", "p1", "--depth", "1"});
  INFO(one);
  REQUIRE(one.exit_code == 0);
  REQUIRE(one.err == "kg: 1 location without coords left out\n");

  KgResult hood = Run({"export", "--format", "geojson", "--center", "Gourma-Rharous"});
  REQUIRE(hood.err.empty());
  ParseJson(hood.out, &doc);
  REQUIRE(doc["features"].Size() == 3);
}

TEST_CASE_METHOD(ExamplesCli, "kg export refuses bad usage with exit 2", "[export][cli]") {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  std::vector<Case> cases = {
      {{"export", "--depth", "2"}, "kg: --depth needs --center NODE\n"},
      {{"export", "--direction", "in"}, "kg: --direction needs --center NODE\n"},
      {{"export", "--center", "Douna2"}, "kg: unknown node \"Douna2\" (did you mean \"Douna\"?)\n"},
      {{"export", "--since", "2025-13"}, "kg: --since: \"2025-13\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"},
      {{"export", "--format", "svg"}, ""},
  };
  for (const auto& c : cases) {
    KgResult r = Run(c.args);
    INFO(r);
    REQUIRE(r.exit_code == 2);
    REQUIRE(r.out.empty());
    if (!c.err.empty()) REQUIRE(r.err == c.err);
  }
  KgCli empty;
  KgResult none = empty.Run({"export"});
  REQUIRE(none.exit_code == 2);
  REQUIRE(none.err.rfind("kg: no kg store at ", 0) == 0);
}

}  // namespace
}  // namespace kg::test
