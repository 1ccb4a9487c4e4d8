// The output rules every read command shares (CONTRACT.md section 2):
// --limit and the line saying what was left out, cells cut to the width,
// data never reaching the terminal raw, --type checked against the store,
// --count, and output that cannot be written.
#include <rapidjson/document.h>

#include "query/export_test_util.h"
#include "query/text.h"

namespace kg::test {
namespace {

// n actors named "Groupe armé N" struck one place, each on its own day.
std::string ManyActors(int n) {
  std::string text = R"({"record": "many", "nodes": [{"id": "place", "kind": "location"})";
  for (int i = 0; i < n; ++i) {
    text += R"(, {"id": "g)" + std::to_string(i) + R"(", "kind": "actor", "name": "Groupe armé )" +
            std::to_string(i) + R"("})";
  }
  text += R"(], "edges": [)";
  for (int i = 0; i < n; ++i) {
    text += std::string(i ? "," : "") + R"({"from": "g)" + std::to_string(i) +
            R"(", "type": "STRUCK", "to": "place", "date": "2020-01-)" + (i % 28 < 9 ? "0" : "") +
            std::to_string(i % 28 + 1) + R"(", "attrs": {"fatalities": 1}})";
  }
  return text + "]}";
}

KgRunOptions Columns(const std::string& n) {
  KgRunOptions o;
  o.env["COLUMNS"] = n;
  return o;
}

TEST_CASE("Tables show --limit rows (50 by default) and say how many were left out", "[cli][output]") {
  KgCli kg;
  REQUIRE(kg.Run({"ingest", "-"}, ManyActors(120)).exit_code == 0);
  KgResult r = kg.Run({"search", "groupe"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  auto lines = SplitLines(r.out);
  REQUIRE(lines.size() == 2 + 50 + 1);
  REQUIRE(lines.back() == "\u2026 70 more rows (--limit N shows more, --limit 0 all)");

  r = kg.Run({"search", "groupe", "--limit", "5"});
  REQUIRE(SplitLines(r.out).size() == 2 + 5 + 1);
  r = kg.Run({"search", "groupe", "--limit", "0"});
  REQUIRE(SplitLines(r.out).size() == 2 + 120);

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"neighbors", "place"}, {"timeline", "place"}, {"active", "place"}}) {
    KgResult t = kg.Run(args);
    INFO(t);
    REQUIRE(t.exit_code == 0);
    REQUIRE(t.out.find("70 more rows") != std::string::npos);
    KgResult few = kg.Run({args[0], args[1], "--limit", "3"});
    REQUIRE(few.out.find("117 more rows") != std::string::npos);
  }

  // JSON is whole unless --limit is given.
  rapidjson::Document doc;
  ParseJson(kg.Run({"search", "groupe", "--format", "json"}).out, &doc);
  REQUIRE(doc["nodes"].Size() == 120);
  REQUIRE(!doc.HasMember("truncated"));
  ParseJson(kg.Run({"search", "groupe", "--format", "json", "--limit", "7"}).out, &doc);
  REQUIRE(doc["nodes"].Size() == 7);
  REQUIRE(doc["truncated"].GetBool());
  ParseJson(kg.Run({"active", "place", "--format", "json"}).out, &doc);
  REQUIRE(doc["actors"].Size() == 120);
  ParseJson(kg.Run({"active", "place", "--format", "json", "--limit", "2"}).out, &doc);
  REQUIRE(doc["actors"].Size() == 2);
  ParseJson(kg.Run({"timeline", "place", "--format", "json"}).out, &doc);
  REQUIRE(doc["events"].Size() == 120);
  ParseJson(kg.Run({"neighbors", "place", "--format", "json", "--limit", "4"}).out, &doc);
  REQUIRE(doc["nodes"].Size() == 4);
  REQUIRE(doc["truncated"].GetBool());
}

TEST_CASE("Tables cut cells to $COLUMNS when stdout is not a terminal, else to 160", "[cli][output]") {
  KgCli kg;
  std::string long_name(5000, 'N');
  REQUIRE(kg.Run({"ingest", "-"}, R"({"record": "r", "nodes": [{"id": "x", "kind": "actor", "name": ")" +
                                      long_name + R"(", "aliases": ["alias one", "alias two"]}]})")
              .exit_code == 0);
  for (const auto& [columns, width] : {std::pair{"60", 60}, std::pair{"", 160}}) {
    KgResult r = kg.Run({"search", "alias"}, "", Columns(columns));
    INFO(r);
    REQUIRE(r.exit_code == 0);
    size_t widest = 0;
    for (const auto& line : SplitLines(r.out)) widest = std::max(widest, DisplayWidth(line));
    REQUIRE(widest <= static_cast<size_t>(width));
    REQUIRE(widest >= static_cast<size_t>(width) - 2);
    REQUIRE(r.out.find("\u2026") != std::string::npos);
  }
}

TEST_CASE("Control and bidi characters from data reach neither tables nor error lines raw", "[cli][output]") {
  KgCli kg;
  REQUIRE(kg.Run({"ingest", "-"}, R"({"record": "r", "nodes": [{"id": "x", "kind": "actor",
      "name": "evil\u202egnp.exe", "aliases": ["al\u0085ias", "bi\u2066di"]}]})")
              .exit_code == 0);
  // (Ingest refuses C0 controls in names; C1 and bidi controls pass.)
  for (const std::vector<std::string>& args : {std::vector<std::string>{"search", "evil"}, {"show", "x"}}) {
    KgResult r = kg.Run(args);
    INFO(r);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.find("evil\\u202egnp.exe") != std::string::npos);
    REQUIRE(r.out.find("al\\u0085ias") != std::string::npos);
    REQUIRE(r.out.find("bi\\u2066di") != std::string::npos);
    REQUIRE(r.out.find("\u202e") == std::string::npos);
    REQUIRE(r.out.find("\u0085") == std::string::npos);
  }
  KgResult bad = kg.Run({"show", "nowhere\u202e\x1b[31m"});
  INFO(bad);
  REQUIRE(bad.exit_code == 2);
  REQUIRE(bad.err.rfind("kg: unknown node \"nowhere\\u202e\\u001b[31m\"", 0) == 0);
  REQUIRE(bad.err.find('\x1b') == std::string::npos);
}

TEST_CASE("A --type value no stored edge has: exit 2 with a did-you-mean", "[cli][output]") {
  ExamplesCli kg;
  for (const char* cmd : {"neighbors", "timeline", "path", "active", "export"}) {
    std::vector<std::string> args = {cmd};
    if (std::string(cmd) == "path") args = {"path", "FAMa", "Tombouctou"};
    if (std::string(cmd) == "neighbors" || std::string(cmd) == "timeline") args.push_back("FAMa");
    if (std::string(cmd) == "active") args.push_back("Mali");
    args.insert(args.end(), {"--type", "LOCATED_IN,STRUCKK"});
    KgResult r = kg.Run(args);
    INFO(r);
    REQUIRE(r.exit_code == 2);
    REQUIRE(r.out.empty());
    REQUIRE(r.err == "kg: --type: no stored edge has type \"STRUCKK\" (did you mean \"STRUCK\"?)\n");
  }
  KgResult far = kg.Run({"neighbors", "FAMa", "--type", "HELD"});
  REQUIRE(far.exit_code == 2);
  REQUIRE(far.err.find("stored types: AFFILIATED_WITH ATTACKED LOCATED_IN OPERATES_IN STRUCK") != std::string::npos);
  REQUIRE(kg.Run({"neighbors", "FAMa", "--type", "STRUCK"}).exit_code == 0);
}

TEST_CASE("The --count flag prints only how many, in JSON and in one table line", "[cli][output]") {
  ExamplesCli kg;
  KgResult r = kg.Run({"neighbors", "Bandiagara", "--count", "--format", "json"});
  INFO(r);
  REQUIRE(r.exit_code == 0);
  rapidjson::Document doc;
  ParseJson(r.out, &doc);
  REQUIRE(doc["nodes"].GetUint() == 3);
  REQUIRE(doc["edges"].GetUint() == 3);
  REQUIRE(doc["by_kind"].MemberCount() == 1);
  REQUIRE(doc["by_kind"]["location"].GetUint() == 3);
  r = kg.Run({"neighbors", "Bandiagara", "--count"});
  REQUIRE(r.out == "3 nodes (3 location), 3 edges\n");

  // The counts agree with the full answers.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"neighbors", "FAMa", "--depth", "2"}, {"search", "a"}, {"timeline", "FAMa"},
        {"active", "Mali"}}) {
    CAPTURE(args);
    std::vector<std::string> json = args, count = args;
    json.insert(json.end(), {"--format", "json"});
    count.insert(count.end(), {"--format", "json", "--count"});
    KgResult full = kg.Run(json), counted = kg.Run(count);
    INFO(counted);
    REQUIRE(counted.exit_code == full.exit_code);
    rapidjson::Document f, c;
    ParseJson(full.out, &f);
    ParseJson(counted.out, &c);
    REQUIRE(c.MemberCount() == 3);
    size_t by_kind = 0;
    for (const auto& m : c["by_kind"].GetObject()) by_kind += m.value.GetUint();
    REQUIRE(by_kind == c["nodes"].GetUint());
    if (args[0] == "neighbors") {
      REQUIRE(c["nodes"].GetUint() == f["nodes"].Size());
      REQUIRE(c["edges"].GetUint() == f["edges"].Size());
    } else if (args[0] == "search") {
      REQUIRE(c["nodes"].GetUint() == f["nodes"].Size());
      REQUIRE(c["edges"].GetUint() == 0);
    } else if (args[0] == "timeline") {
      REQUIRE(c["edges"].GetUint() == f["events"].Size() + f["standing"].Size());
    } else {
      uint64_t edges = 0;
      for (const auto& a : f["actors"].GetArray()) edges += a["edges"].GetUint();
      REQUIRE(c["edges"].GetUint() == edges);
      REQUIRE(c["by_kind"]["actor"].GetUint() == f["actors"].Size());
    }
  }
}

TEST_CASE("Output that cannot be written: exit 3 and the reason, never 0", "[cli][output]") {
  ExamplesCli kg;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"stats"}, {"search", "a"}, {"neighbors", "FAMa", "--format", "json"},
        {"export"}, {"export", "--format", "graphml"}, {"path", "FAMa", "Tombouctou"}}) {
    std::string line = std::string(KG_BINARY) + " --db " + kg.db();
    for (const auto& a : args) line += " " + a;
    ToolResult r = RunTool("sh -c '" + line + " >/dev/full'");
    INFO(line);
    INFO(r);
    REQUIRE(r.exit_code == 3);
    REQUIRE(r.err == "kg: stdout: No space left on device\n");
  }
}

}  // namespace
}  // namespace kg::test
