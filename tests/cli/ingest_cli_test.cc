// The kg command line against CONTRACT.md section 2, on temp stores: ingest
// (files, stdin, gzip, arrays, bad input, --skip-invalid/--rejects),
// retract, show, search, stats, check, --db and $KG_DB, exit codes, error
// lines, and the single-writer rule.
#include <zlib.h>

#include <rapidjson/document.h>

#include "test_util.h"

namespace kg::test {
namespace {

const char* kOffensive = "lemali-2025-06-13-offensive";
const char* kBandiagara = "lemali-2025-06-13-bandiagara";
const char* kTombouctou = "lemali-2025-06-13-tombouctou";
const char* kBoulkessi20 = "lemali-2025-06-20-boulkessi";
const char* kKardjila20 = "lemali-2025-06-20-kardjila";

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Whether a line of text starts with prefix and contains part.
bool HasLine(const std::string& text, const std::string& prefix, std::string_view part) {
  for (const auto& line : SplitLines(text)) {
    if (line.rfind(prefix, 0) == 0 && line.find(part) != std::string::npos) return true;
  }
  return false;
}

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  INFO(text);
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

std::vector<std::string> Strings(const rapidjson::Value& array) {
  std::vector<std::string> out;
  REQUIRE(array.IsArray());
  for (const auto& v : array.GetArray()) out.emplace_back(v.GetString(), v.GetStringLength());
  return out;
}

// Dump of a store that holds exactly the given files, ingested in order.
std::string DumpOf(const std::vector<std::string>& files) {
  TempStore s;
  KG_REQUIRE_OK(s.IngestFiles(files));
  return Dump(s.reader());
}

void WriteGzip(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) == static_cast<int>(content.size()));
  REQUIRE(gzclose(gz) == Z_OK);
}

// Runs kg and requires the exit code, showing everything on failure.
KgResult Expect(const KgCli& kg, int code, const std::vector<std::string>& args, const std::string& in = "") {
  KgResult r = kg.Run(args, in);
  INFO("kg " << [&] {
    std::string s;
    for (const auto& a : args) s += a + " ";
    return s;
  }() << "\n" << r);
  REQUIRE(r.exit_code == code);
  return r;
}

// ---------------------------------------------------------------- ingest

TEST_CASE("kg ingest: the two example files, in order", "[cli][ingest]") {
  KgCli kg;
  KgResult r = Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  REQUIRE(r.out.empty());
  REQUIRE(Contains(r.err, "5 records read: 5 ingested, 0 replaced, 0 unchanged, 0 stale, 0 rejected"));
  REQUIRE(Contains(r.err, "10 nodes and 13 edges added"));

  auto stats = ParseJson(Expect(kg, 0, {"stats", "--format", "json"}).out);
  REQUIRE(stats["nodes"].GetUint64() == 10);
  REQUIRE(stats["edges"].GetUint64() == 13);
  REQUIRE(stats["records"].GetUint64() == 5);
  REQUIRE(stats["by_kind"]["actor"].GetUint64() == 3);
  REQUIRE(stats["by_kind"]["location"].GetUint64() == 7);
  REQUIRE(stats["by_type"]["STRUCK"].GetUint64() == 4);
  REQUIRE(stats["by_type"]["LOCATED_IN"].GetUint64() == 6);
  REQUIRE(stats["by_type"]["ATTACKED"].GetUint64() == 1);
  REQUIRE(stats["by_type"]["AFFILIATED_WITH"].GetUint64() == 1);
  REQUIRE(stats["by_type"]["OPERATES_IN"].GetUint64() == 1);

  // boulkessi gains the 20 June alias and source.
  auto b = ParseJson(Expect(kg, 0, {"show", "boulkessi", "--format", "json"}).out);
  REQUIRE(std::string(b["id"].GetString()) == "boulkessi");
  REQUIRE(std::string(b["kind"].GetString()) == "location");
  REQUIRE(std::string(b["name"].GetString()) == "Boulkessi");
  REQUIRE(Strings(b["aliases"]) == std::vector<std::string>{"Boulikessi"});
  REQUIRE(std::string(b["attrs"]["level"].GetString()) == "locality");
  REQUIRE(b["coords"][0].GetDouble() == 14.73);
  REQUIRE(b["coords"][1].GetDouble() == -1.61);
  REQUIRE(Strings(b["sources"]) == std::vector<std::string>{kBandiagara, kBoulkessi20});
  REQUIRE(b["degree"]["STRUCK"]["in"].GetUint64() == 2);
  REQUIRE(b["degree"]["STRUCK"]["out"].GetUint64() == 0);
  REQUIRE(b["degree"]["LOCATED_IN"]["out"].GetUint64() == 1);

  // The same node by one of its names; the repeated fact has support 2.
  auto f = ParseJson(Expect(kg, 0, {"show", "Forces armées maliennes", "--format", "json"}).out);
  REQUIRE(std::string(f["id"].GetString()) == "fama");
  REQUIRE(f["degree"]["STRUCK"]["out"].GetUint64() == 4);
  const std::string dump = kg.Dump();
  REQUIRE(Contains(dump, std::string("edge fama -STRUCK-> kardjila 2025-06 ") +
                             "attrs={means:\"air strikes\",outcome:\"destroyed\",target:\"logistics base\"} "
                             "support=2 sources=[" + kTombouctou + "," + kKardjila20 + "]\n"));
  REQUIRE(Contains(dump, std::string("edge fama -STRUCK-> boulkessi 2025-06-17 attrs={means:\"drones\",target:\"armed group positions\"} support=1 sources=[") +
                             kBoulkessi20 + "]\n"));

  // Ingested the library's way, or in two runs, the store is the same.
  REQUIRE(dump == DumpOf({ExampleFile(13), ExampleFile(20)}));
  KgCli two_runs;
  Expect(two_runs, 0, {"ingest", ExampleFile(13)});
  Expect(two_runs, 0, {"ingest", ExampleFile(20)});
  REQUIRE(two_runs.Dump() == dump);

  // Again: nothing changes.
  r = Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  REQUIRE(Contains(r.err, "5 records read: 0 ingested, 0 replaced, 5 unchanged, 0 stale, 0 rejected"));
  REQUIRE(kg.Dump() == dump);
  Expect(kg, 0, {"check"});
}

TEST_CASE("kg ingest -: records from standard input", "[cli][ingest]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", "-"}, ReadFile(ExampleFile(13)) + ReadFile(ExampleFile(20)));
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13), ExampleFile(20)}));
  // Mixed with files, in command-line order.
  KgCli mixed;
  Expect(mixed, 0, {"ingest", ExampleFile(13), "-"}, ReadFile(ExampleFile(20)));
  REQUIRE(mixed.Dump() == kg.Dump());
}

TEST_CASE("kg ingest reads .gz files through gzip", "[cli][ingest]") {
  KgCli kg;
  const std::string gz = kg.dir().Path("mali.jsonl.gz");
  WriteGzip(gz, ReadFile(ExampleFile(13)) + ReadFile(ExampleFile(20)));
  REQUIRE(ReadFile(gz).substr(0, 2) == "\x1f\x8b");  // really compressed
  Expect(kg, 0, {"ingest", gz});
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13), ExampleFile(20)}));
  Expect(kg, 0, {"check"});
}

TEST_CASE("kg ingest: a truncated .gz file is bad input", "[cli][ingest]") {
  KgCli kg;
  const std::string gz = kg.dir().Path("full.jsonl.gz");
  WriteGzip(gz, ReadFile(ExampleFile(13)));
  const std::string bytes = ReadFile(gz);
  const std::string cut = kg.dir().Write("cut.jsonl.gz", bytes.substr(0, bytes.size() - 12));
  KgResult r = Expect(kg, 2, {"ingest", cut});
  REQUIRE(Contains(r.err, "kg: " + cut));
  Expect(kg, 0, {"check"});
}

TEST_CASE("kg ingest: a file holding one array of records", "[cli][ingest]") {
  KgCli kg;
  std::string array = "[\n";
  auto lines = SplitLines(ReadFile(ExampleFile(13)));
  for (size_t i = 0; i < lines.size(); ++i) array += "  " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
  array += "]\n";
  const std::string file = kg.dir().Write("mali.json", array);
  KgResult r = Expect(kg, 0, {"ingest", file});
  REQUIRE(Contains(r.err, "3 records read: 3 ingested"));
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13)}));
}

TEST_CASE("kg ingest: a file that starts with a UTF-8 byte order mark", "[cli][ingest]") {
  KgCli kg;
  const std::string file = kg.dir().Write("bom.jsonl", "\xEF\xBB\xBF" + ReadFile(ExampleFile(13)));
  Expect(kg, 0, {"ingest", file});
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13)}));
}

TEST_CASE("kg ingest: concatenated pretty-printed records", "[cli][ingest]") {
  KgCli kg;
  const std::string file = kg.dir().Write("pretty.json", R"({
  "record": "r1",
  "nodes": [
    {"id": "fama", "kind": "actor", "name": "Forces armées maliennes", "aliases": ["FAMa"]},
    {"id": "boulkessi", "kind": "location"}
  ]
}
{
  "record": "r2",
  "edges": [{"from": "FAMa", "type": "STRUCK", "to": "boulkessi", "date": "2025-06-12"}]
})");
  Expect(kg, 0, {"ingest", file});
  REQUIRE(Contains(kg.Dump(), "edge fama -STRUCK-> boulkessi 2025-06-12 support=1 sources=[r2]"));
}

// ---------------------------------------------------------------- bad input

TEST_CASE("kg ingest stops at the first invalid record: error line, records before it kept", "[cli][ingest]") {
  KgCli kg;
  auto lines = SplitLines(ReadFile(ExampleFile(13)));
  const std::string bad =
      R"({"record": "bad", "nodes": [{"id": "new", "kind": "actor"}], "edges": [)"
      R"({"from": "new", "type": "OPERATES_IN", "to": "mali"}, {"from": "fama", "type": "STRUCK", "to": "Timbuctu"}]})";
  kg.dir().Write("mali.jsonl", lines[0] + "\n" + lines[2] + "\n\n" + bad + "\n" + lines[1] + "\n");
  KgRunOptions in_dir;
  in_dir.cwd = kg.dir().path();
  KgResult r = kg.Run({"ingest", "mali.jsonl"}, "", in_dir);
  INFO(r);
  REQUIRE(r.exit_code == 2);
  REQUIRE(r.out.empty());
  // The contract's error line, naming the file as given, the line and the edge.
  REQUIRE(Contains(r.err, "kg: mali.jsonl:4: edge #2: unknown node \"Timbuctu\" (did you mean \"Tombouctou\"?)\n"));
  for (const auto& line : SplitLines(r.err)) REQUIRE(line.rfind("kg: ", 0) == 0);  // one line each

  // The two records before it are stored; nothing of it, nothing after it.
  const std::string two = kg.dir().Write("two.jsonl", lines[0] + "\n" + lines[2] + "\n");
  REQUIRE(kg.Dump() == DumpOf({two}));
  REQUIRE_FALSE(Contains(kg.Dump(), "node new "));
  Expect(kg, 0, {"check"});
}

TEST_CASE("kg ingest: a bad record leaves the store unchanged", "[cli][ingest]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  const std::string stats = Expect(kg, 0, {"stats", "--format", "json"}).out;
  const std::string dump = kg.Dump();
  struct Case {
    std::string record, message;
  };
  const std::vector<Case> cases = {
      {R"({"record": "x", "nodes": [{"id": "fama", "kind": "location"}]})", "<stdin>:1: node #1 \"fama\": 'kind'"},
      {R"({"record": "x", "nodes": [{"id": "fresh"}]})", "<stdin>:1: node #1 \"fresh\": 'kind' is required"},
      {R"({"record": "x", "nodes": [{"id": "fama", "coords": [1, 2]}]})", "<stdin>:1: node #1 \"fama\": 'coords'"},
      {R"({"record": "x", "edges": [{"from": "fama", "type": "struck", "to": "mali"}]})",
       "<stdin>:1: edge #1: 'type' must match ^[A-Z][A-Z0-9_]*$, got \"struck\""},
      {R"({"record": "x", "edges": [{"from": "fama", "type": "STRUCK", "to": "mali", "date": "2025-02-30"}]})",
       "<stdin>:1: edge #1: 'date'"},
      {R"({"record": "x", "nodes": [{"id": "n", "kind": "actor"}], "edges": [{"from": "n", "type": "A", "to": "nowhere"}]})",
       "<stdin>:1: edge #1: unknown node \"nowhere\""},
      {R"({"record": "x", "nodes": [{"id": "d1", "kind": "actor", "name": "Fama"}], "edges": [{"from": "d1", "type": "A", "to": "FAMa"}]})",
       "<stdin>:1: edge #1: ambiguous node \"FAMa\""},
      {R"({"record": "lemali-2025-06-20-boulkessi", "edges": [{"from": "fama", "type": "A", "to": "zz"}]})",
       "<stdin>:1: edge #1: unknown node \"zz\""},
      {R"({"record": "x", "nodes": [{"id": "n", "kind": "actor"}], )", "<stdin>:1: truncated record"},
      {R"({"record": "x" "nodes": []})", "<stdin>:1: "},  // and "invalid JSON" below
  };
  for (const auto& c : cases) {
    KgResult r = kg.Run({"ingest", "-"}, "\n" + c.record + "\n");
    INFO(c.record << "\n" << r);
    REQUIRE(r.exit_code == 2);
    // The line number counts the leading blank line.
    std::string expected = c.message;
    expected.replace(expected.find(":1:"), 3, ":2:");
    REQUIRE(Contains(r.err, "kg: " + expected));
    if (c.record.find("\"x\" \"nodes\"") != std::string::npos) REQUIRE(HasLine(r.err, "kg: <stdin>:2: ", "invalid JSON"));
    REQUIRE(Expect(kg, 0, {"stats", "--format", "json"}).out == stats);
    REQUIRE(kg.Dump() == dump);
  }
}

TEST_CASE("kg ingest --skip-invalid goes on and writes rejected lines verbatim to --rejects", "[cli][ingest]") {
  KgCli kg;
  auto lines = SplitLines(ReadFile(ExampleFile(13)));
  const std::vector<std::string> bad = {
      R"({"record": "bad-1", "edges": [{"from": "fama", "type": "STRUCK", "to": "Atlantis"}]})",
      R"(  {"record": "bad-2", "nodes": [{"id": 7}]}  )",
      R"({"record": "bad-3" "nodes": []})",
      R"({"record": "bad-4", "nodes": [{"id": "x", "name": "unterminated}]})",
      R"({"record": "bad-5", "nodes": [1, 2}, {"id": "y"}]})",
  };
  const std::string input = lines[0] + "\n" + bad[0] + "\n" + lines[1] + "\n" + bad[1] + "\n" + bad[2] + "\n" +
                            bad[3] + "\n" + bad[4] + "\n" + lines[2] + "\n";
  const std::string file = kg.dir().Write("mixed.jsonl", input);
  const std::string rejects = kg.dir().Path("rejects.jsonl");
  KgResult r = Expect(kg, 0, {"ingest", file, "--skip-invalid", "--rejects", rejects});
  REQUIRE(Contains(r.err, "8 records read: 3 ingested, 0 replaced, 0 unchanged, 0 stale, 5 rejected"));
  REQUIRE(Contains(r.err, "kg: " + file + ":2: edge #1: unknown node \"Atlantis\""));
  REQUIRE(Contains(r.err, "kg: " + file + ":4: node #1: 'id' must be a string"));
  REQUIRE(HasLine(r.err, "kg: " + file + ":5: ", "invalid JSON"));
  REQUIRE(Contains(r.err, "kg: " + file + ":6: unterminated string"));
  REQUIRE(Contains(r.err, "kg: " + file + ":7: unexpected '}' (mismatched brackets)"));
  // Each rejected line, as it was (surrounding blanks aside), one per line.
  REQUIRE(ReadFile(rejects) == bad[0] + "\n" + R"({"record": "bad-2", "nodes": [{"id": 7}]})" + "\n" + bad[2] + "\n" +
                                   bad[3] + "\n" + bad[4] + "\n");
  // The valid records are all in.
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13)}));
  Expect(kg, 0, {"check"});

  // Without --rejects, the count is still reported.
  KgCli plain;
  r = Expect(plain, 0, {"ingest", file, "--skip-invalid"});
  REQUIRE(Contains(r.err, "5 rejected"));
  // --rejects alone is a usage error.
  Expect(plain, 2, {"ingest", file, "--rejects", rejects});
}

TEST_CASE("kg exit codes: 0 done, 1 nothing found, 2 bad usage or input", "[cli]") {
  KgCli kg;
  // No store yet.
  KgResult r = Expect(kg, 2, {"stats"});
  REQUIRE(Contains(r.err, "no kg store at " + kg.db()));
  Expect(kg, 2, {"show", "fama"});
  Expect(kg, 2, {"check"});

  Expect(kg, 0, {"ingest", ExampleFile(13)});
  Expect(kg, 0, {"stats"});
  Expect(kg, 0, {"search", "qaida"});
  r = Expect(kg, 1, {"search", "zzzz"});
  REQUIRE(r.err == "kg: no node matches \"zzzz\"\n");
  r = Expect(kg, 2, {"show", "Timbuctu"});
  REQUIRE(r.err == "kg: unknown node \"Timbuctu\" (did you mean \"Tombouctou\"?)\n");
  r = Expect(kg, 2, {"ingest", kg.dir().Path("missing.jsonl")});
  REQUIRE(Contains(r.err, "kg: " + kg.dir().Path("missing.jsonl") + ": no such file"));
  Expect(kg, 2, {"ingest", kg.dir().path()});  // a directory
  // A missing file stops the ingest before it starts, even listed second.
  const std::string before = kg.Dump();
  Expect(kg, 2, {"ingest", ExampleFile(20), kg.dir().Path("missing.jsonl")});
  REQUIRE(kg.Dump() == before);
  Expect(kg, 2, {"stats", "--bogus"});
  Expect(kg, 2, {"stats", "--format", "xml"});
  Expect(kg, 2, {"search", "mali", "--kind", "person"});
  Expect(kg, 2, {"ingest", ExampleFile(20), "--format", "csv"});
  Expect(kg, 2, {"no-such-command"});
  Expect(kg, 2, {});
  Expect(kg, 2, {"ingest"});
  Expect(kg, 2, {"retract"});
  Expect(kg, 0, {"--help"});
  REQUIRE(kg.Dump() == before);
}

// ---------------------------------------------------------------- other commands

TEST_CASE("kg retract removes records and what only they supported", "[cli][retract]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  const std::string full = kg.Dump();
  KgResult r = Expect(kg, 0, {"retract", kBoulkessi20, kKardjila20});
  REQUIRE(Contains(r.err, "2 records retracted; 0 nodes and 1 edges removed"));
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13)}));
  auto b = ParseJson(Expect(kg, 0, {"show", "boulkessi", "--format", "json"}).out);
  REQUIRE(Strings(b["aliases"]).empty());
  Expect(kg, 2, {"show", "Boulikessi"});
  Expect(kg, 0, {"check"});

  // An unknown record: an error, and nothing is removed, not even the known one.
  const std::string before = kg.Dump();
  r = Expect(kg, 2, {"retract", kOffensive, "no-such-record"});
  REQUIRE(Contains(r.err, "kg: no record \"no-such-record\""));
  REQUIRE(kg.Dump() == before);

  // Retracting the rest empties the store.
  Expect(kg, 0, {"retract", kOffensive, kBandiagara, kTombouctou});
  auto stats = ParseJson(Expect(kg, 0, {"stats", "--format", "json"}).out);
  REQUIRE(stats["nodes"].GetUint64() == 0);
  REQUIRE(stats["edges"].GetUint64() == 0);
  REQUIRE(stats["records"].GetUint64() == 0);
  Expect(kg, 0, {"check"});
  // And ingesting again restores it.
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  REQUIRE(kg.Dump() == full);
}

TEST_CASE("kg check passes on sound stores", "[cli][check]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  KgResult r = Expect(kg, 0, {"check"});
  REQUIRE(r.out == "ok: 10 nodes, 13 edges, 5 records\n");
  REQUIRE(r.err.empty());
}

TEST_CASE("kg show: table and json", "[cli][show]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  KgResult r = Expect(kg, 0, {"show", "FAMa"});
  for (std::string part : {"fama", "actor", "Forces armées maliennes", "FAMa, Fama, forces maliennes",
                           "category=state_forces", kOffensive, "degree STRUCK", "4 out, 0 in", "degree ATTACKED"}) {
    CAPTURE(part);
    REQUIRE(Contains(r.out, part));
  }
  auto j = ParseJson(Expect(kg, 0, {"show", "al qaida", "--format", "json"}).out);
  REQUIRE(std::string(j["id"].GetString()) == "al-qaida");
  REQUIRE(std::string(j["name"].GetString()) == "Al-Qaïda");
  REQUIRE(Strings(j["aliases"]) == std::vector<std::string>{"Al-Qaida", "AQ"});
  REQUIRE(std::string(j["attrs"]["category"].GetString()) == "armed_group");
  REQUIRE_FALSE(j.HasMember("coords"));
  REQUIRE(Strings(j["sources"]) == std::vector<std::string>{kOffensive});
  REQUIRE(j["degree"]["AFFILIATED_WITH"]["in"].GetUint64() == 1);
}

TEST_CASE("kg search: table and json, by kind, normalized", "[cli][search]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  auto j = ParseJson(Expect(kg, 0, {"search", "QAÏDA", "--format", "json"}).out);
  REQUIRE(std::string(j["query"].GetString()) == "QAÏDA");
  REQUIRE(j["nodes"].Size() == 1);
  REQUIRE(std::string(j["nodes"][0]["id"].GetString()) == "al-qaida");
  REQUIRE(std::string(j["nodes"][0]["kind"].GetString()) == "actor");

  // "ou" is in four locations' names, and in no actor's.
  j = ParseJson(Expect(kg, 0, {"search", "ou", "--kind", "location", "--format", "json"}).out);
  std::vector<std::string> ids;
  for (const auto& n : j["nodes"].GetArray()) ids.emplace_back(n["id"].GetString());
  std::sort(ids.begin(), ids.end());
  REQUIRE(ids == std::vector<std::string>{"boulkessi", "douna", "gourma-rharous", "tombouctou"});
  Expect(kg, 1, {"search", "ou", "--kind", "actor"});

  KgResult r = Expect(kg, 0, {"search", "boulik"});
  REQUIRE(Contains(r.out, "boulkessi"));
  REQUIRE(Contains(r.out, "Boulikessi"));
  REQUIRE(Contains(r.out, "location"));
}

TEST_CASE("kg search: nothing matched is exit 1 with a did-you-mean on stderr", "[cli][search]") {
  ExamplesCli kg;
  const std::string empty_table = Expect(kg, 1, {"search", "zzzz"}).out;
  const std::string empty_json = Expect(kg, 1, {"search", "zzzz", "--format", "json"}).out;
  auto j = ParseJson(empty_json);
  REQUIRE(j["nodes"].Size() == 0);

  // A misspelled alias: the line names the node it is close to (FAMa).
  const std::string fama = "kg: no node matches \"Fmaa\" (did you mean \"Forces armées maliennes\"?)\n";
  KgResult r = Expect(kg, 1, {"search", "Fmaa"});
  REQUIRE(r.err == fama);
  REQUIRE(r.out == empty_table);
  // In JSON, stdout is the usual empty answer; the line is on stderr all the same.
  r = Expect(kg, 1, {"search", "Fmaa", "--format", "json"});
  REQUIRE(r.err == fama);
  j = ParseJson(r.out);
  REQUIRE(std::string(j["query"].GetString()) == "Fmaa");
  REQUIRE(j["nodes"].Size() == 0);
  r = Expect(kg, 1, {"search", "Fmaa", "--count"});
  REQUIRE(r.err == fama);
  // The contract's own misspelling, and a location's.
  REQUIRE(Expect(kg, 1, {"search", "Timbuctu"}).err ==
          "kg: no node matches \"Timbuctu\" (did you mean \"Tombouctou\"?)\n");
  // --kind: only a node of that kind is suggested.
  REQUIRE(Expect(kg, 1, {"search", "Timbuctu", "--kind", "location"}).err ==
          "kg: no location matches \"Timbuctu\" (did you mean \"Tombouctou\"?)\n");
  REQUIRE(Expect(kg, 1, {"search", "Timbuctu", "--kind", "actor"}).err == "kg: no actor matches \"Timbuctu\"\n");

  // Far from every name: the line without a did-you-mean.
  r = Expect(kg, 1, {"search", "Ouagadougou"});
  REQUIRE(r.err == "kg: no node matches \"Ouagadougou\"\n");
  REQUIRE(r.out == empty_table);

  // The user's text is shown terminal-safe and cut, as in every error line.
  r = Expect(kg, 1, {"search", "x\x1b[2J\u202ey\n"});
  REQUIRE(r.err == "kg: no node matches \"x\\u001b[2J\\u202ey\\u000a\"\n");
  r = Expect(kg, 1, {"search", std::string(1000, 'q')});
  REQUIRE(r.err == "kg: no node matches \"" + std::string(256, 'q') + "...\"\n");

  // A search that finds something says nothing on stderr.
  REQUIRE(Expect(kg, 0, {"search", "fama"}).err.empty());
}

TEST_CASE("kg stats: table", "[cli][stats]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13), ExampleFile(20)});
  KgResult r = Expect(kg, 0, {"stats"});
  // Rows are "what count", indented for the per-kind and per-type counts.
  auto row = [&](const std::string& what) {
    for (const auto& line : SplitLines(r.out)) {
      std::istringstream words(line);
      std::string first, second, third;
      if ((words >> first >> second) && !(words >> third) && first == what) return second;
    }
    return std::string("(no row)");
  };
  REQUIRE(row("nodes") == "10");
  REQUIRE(row("edges") == "13");
  REQUIRE(row("records") == "5");
  REQUIRE(row("actor") == "3");
  REQUIRE(row("location") == "7");
  REQUIRE(row("STRUCK") == "4");
}

TEST_CASE("kg finds its store through --db, else $KG_DB, else ./kg.db", "[cli]") {
  TempDir dir;
  KgRunOptions env;
  env.env["KG_DB"] = dir.Path("from-env");
  KgResult r = RunKg({"ingest", ExampleFile(13)}, "", env);
  INFO(r);
  REQUIRE(r.exit_code == 0);
  r = RunKg({"--db", dir.Path("from-env"), "stats", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  REQUIRE(Contains(r.out, "\"records\":3"));

  // --db wins over $KG_DB.
  r = RunKg({"--db", dir.Path("from-flag"), "ingest", ExampleFile(20)}, "", env);
  REQUIRE(r.exit_code == 2);  // 20 June alone: its nodes have no kind
  r = RunKg({"--db", dir.Path("from-flag"), "ingest", ExampleFile(13)}, "", env);
  REQUIRE(r.exit_code == 0);
  KgResult flag_stats = RunKg({"--db", dir.Path("from-flag"), "stats", "--format", "json"}, "", env);
  REQUIRE(Contains(flag_stats.out, "\"records\":3"));
  KgResult env_stats = RunKg({"stats", "--format", "json"}, "", env);
  REQUIRE(Contains(env_stats.out, "\"records\":3"));

  // Neither: ./kg.db.
  KgRunOptions in_dir;
  in_dir.cwd = dir.path();
  r = RunKg({"ingest", ExampleFile(13)}, "", in_dir);
  REQUIRE(r.exit_code == 0);
  r = RunKg({"--db", dir.Path("kg.db"), "stats", "--format", "json"});
  REQUIRE(Contains(r.out, "\"records\":3"));
  // An empty $KG_DB counts as unset.
  in_dir.env["KG_DB"] = "";
  r = RunKg({"stats", "--format", "json"}, "", in_dir);
  REQUIRE(r.exit_code == 0);
  REQUIRE(Contains(r.out, "\"records\":3"));
}

// ---------------------------------------------------------------- one writer

TEST_CASE("kg refuses a second writer, quickly, and lets readers in", "[cli][concurrency]") {
  KgCli kg;
  Expect(kg, 0, {"ingest", ExampleFile(13)});
  std::unique_ptr<GraphStore> held;
  StoreOptions o;
  o.read_only = false;
  KG_REQUIRE_OK(GraphStore::Open(o, kg.db(), &held));

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"ingest", ExampleFile(20)}, std::vector<std::string>{"retract", kOffensive}}) {
    KgResult r = kg.Run(args);
    INFO(r);
    REQUIRE(r.exit_code == 2);
    REQUIRE(Contains(r.err, "in use"));
    REQUIRE(r.seconds < 1.0);
  }
  // Readers are not writers.
  KgResult r = Expect(kg, 0, {"stats", "--format", "json"});
  REQUIRE(Contains(r.out, "\"records\":3"));
  Expect(kg, 0, {"show", "fama"});
  Expect(kg, 0, {"search", "mali"});
  Expect(kg, 0, {"check"});

  // Once the writer is gone, writing works again.
  held.reset();
  Expect(kg, 0, {"ingest", ExampleFile(20)});
  REQUIRE(kg.Dump() == DumpOf({ExampleFile(13), ExampleFile(20)}));
}

TEST_CASE("A store opened for writing in-process is refused to a second in-process writer", "[cli][concurrency]") {
  TempStore first;
  std::unique_ptr<GraphStore> second;
  StoreOptions o;
  o.read_only = false;
  Status s = GraphStore::Open(o, first.db_path(), &second);
  REQUIRE(s.IsBusy());
  REQUIRE(Contains(s.message(), "in use"));
  o.read_only = true;
  KG_REQUIRE_OK(GraphStore::Open(o, first.db_path(), &second));
}

}  // namespace
}  // namespace kg::test
