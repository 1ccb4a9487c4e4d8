// IngestFiles (CONTRACT.md section 2, "Bad input" and "Durability"): stop at
// the first invalid record or skip it, rejects and their messages, inputs
// opened before anything is applied, and what was applied is on disk.
#include "ingest/ingester.h"

#include <sstream>

#include "test_util.h"

namespace kg::test {
namespace {

const std::string kGood1 = R"({"record": "g1", "nodes": [{"id": "fama", "kind": "actor", "aliases": ["FAMa"]}]})";
const std::string kGood2 = R"({"record": "g2", "nodes": [{"id": "mali", "kind": "location"}]})";
const std::string kGood3 = R"({"record": "g3", "edges": [{"from": "FAMa", "type": "OPERATES_IN", "to": "mali"}]})";
const std::string kBadEdge = R"({"record": "b1", "edges": [{"from": "FAMa", "type": "STRUCK", "to": "Atlantis"}]})";
const std::string kBadField = R"({"record": "b2", "nodes": [{"id": "x", "kind": "person"}]})";

// An ingest with skip_invalid, keeping what it reports of each reject.
struct SkippingIngest {
  std::ostringstream rejects;
  std::vector<std::string> messages;
  IngestReport report;

  Status Run(GraphWriter* writer, const std::vector<std::string>& files) {
    IngestOptions options;
    options.skip_invalid = true;
    options.rejects = &rejects;
    options.on_reject = [this](const std::string& m) { messages.push_back(m); };
    return kg::IngestFiles(writer, files, options, &report);
  }
};

TEST_CASE_METHOD(TempStore, "IngestFiles stops at the first invalid record, keeping those before it", "[ingest][ingester]") {
  const std::string file = dir().Write("in.jsonl", kGood1 + "\n" + kGood2 + "\n" + kBadEdge + "\n" + kGood3 + "\n");
  IngestReport report;
  Status s = IngestFiles({file}, &report);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(s.message() == file + ":3: edge #1: unknown node \"Atlantis\"");
  REQUIRE(report.records == 3);
  REQUIRE(report.writes.ingested == 2);
  REQUIRE(report.rejected == 0);
  // Durable: a reopened store holds the first two.
  Reopen(/*read_only=*/true);
  REQUIRE(Dump(reader()) ==
          "node fama actor \"fama\" aliases=[\"FAMa\"] records=[g1]\n"
          "node mali location \"mali\" records=[g2]\n"
          "record g1\n"
          "record g2\n");
}

TEST_CASE_METHOD(TempStore, "IngestFiles with skip_invalid reports and writes each rejected record", "[ingest][ingester]") {
  const std::string a = dir().Write("a.jsonl", kGood1 + "\n" + kBadField + "\n" + kGood2 + "\n");
  const std::string b = dir().Write("b.jsonl", "\n" + kBadEdge + "\n" + kGood3 + "\n");
  SkippingIngest ingest;
  KG_REQUIRE_OK(ingest.Run(&writer(), {a, b}));
  REQUIRE(ingest.report.records == 5);
  REQUIRE(ingest.report.rejected == 2);
  REQUIRE(ingest.report.writes.ingested == 3);
  REQUIRE(ingest.messages == std::vector<std::string>{
                          a + ":2: node #1 \"x\": 'kind' must be \"actor\" or \"location\", got \"person\"",
                          b + ":2: edge #1: unknown node \"Atlantis\"",
                      });
  REQUIRE(ingest.rejects.str() == kBadField + "\n" + kBadEdge + "\n");
  REQUIRE(DumpLines(reader(), "edge ") ==
          std::vector<std::string>{"edge fama -OPERATES_IN-> mali support=1 sources=[g3]"});
  REQUIRE(Violations(reader()).empty());
}

// Records are read ahead of the writer on a thread of their own: a stop
// must come exactly at the bad record however far the reading has gone, and
// the rejects must keep their order.
TEST_CASE_METHOD(TempStore, "IngestFiles stops exactly at a bad record far into a long file", "[ingest][ingester]") {
  auto node = [](int i) {
    return "{\"record\": \"r" + std::to_string(i) + "\", \"nodes\": [{\"id\": \"n" + std::to_string(i) +
           "\", \"kind\": \"location\"}]}\n";
  };
  // kBadEdge names FAMa and Atlantis: neither is in this store.
  std::string text;
  for (int i = 1; i <= 3000; ++i) text += (i == 1500 || i == 2999) ? kBadEdge + "\n" : node(i);
  const std::string file = dir().Write("long.jsonl", text);
  SECTION("stop") {
    IngestReport report;
    Status s = IngestFiles({file}, &report);
    REQUIRE(s.IsInvalidArgument());
    REQUIRE(s.message() == file + ":1500: edge #1: unknown node \"FAMa\"");
    REQUIRE(report.records == 1500);
    REQUIRE(report.writes.ingested == 1499);
    Reopen(/*read_only=*/true);
    StoreStats stats;
    KG_REQUIRE_OK(reader().Stats(&stats));
    REQUIRE(stats.nodes == 1499);
  }
  SECTION("skip") {
    SkippingIngest ingest;
    KG_REQUIRE_OK(ingest.Run(&writer(), {file}));
    REQUIRE(ingest.report.records == 3000);
    REQUIRE(ingest.report.writes.ingested == 2998);
    REQUIRE(ingest.report.rejected == 2);
    REQUIRE(ingest.messages == std::vector<std::string>{file + ":1500: edge #1: unknown node \"FAMa\"",
                                                 file + ":2999: edge #1: unknown node \"FAMa\""});
    REQUIRE(ingest.rejects.str() == kBadEdge + "\n" + kBadEdge + "\n");
  }
}

TEST_CASE_METHOD(TempStore, "IngestFiles opens every input before applying any record", "[ingest][ingester]") {
  const std::string a = dir().Write("a.jsonl", kGood1 + "\n");
  IngestReport report;
  Status s = IngestFiles({a, dir().Path("missing.jsonl")}, &report);
  REQUIRE(s.IsNotFound());
  REQUIRE(s.message().find("missing.jsonl") != std::string::npos);
  REQUIRE(report.records == 0);
  REQUIRE(Dump(reader()) == "");
}

TEST_CASE_METHOD(TempStore, "IngestFiles reads the examples into the documented graph", "[ingest][ingester]") {
  IngestReport report;
  KG_REQUIRE_OK(IngestFiles({ExampleFile(13), ExampleFile(20)}, &report));
  REQUIRE(report.records == 5);
  REQUIRE(report.writes.ingested == 5);
  REQUIRE(report.writes.nodes_added == 10);
  REQUIRE(report.writes.edges_added == 13);
  REQUIRE(DumpLines(reader(), "node boulkessi ") ==
          std::vector<std::string>{"node boulkessi location \"Boulkessi\" aliases=[\"Boulikessi\"] "
                                   "attrs={level:\"locality\"} coords=[14.73,-1.61] "
                                   "records=[lemali-2025-06-13-bandiagara,lemali-2025-06-20-boulkessi]"});
  REQUIRE(DumpLines(reader(), "edge jnim ") ==
          std::vector<std::string>{
              "edge jnim -AFFILIATED_WITH-> al-qaida attrs={role:\"West African branch\"} support=1 "
              "sources=[lemali-2025-06-13-offensive]",
              "edge jnim -OPERATES_IN-> mali support=1 sources=[lemali-2025-06-13-offensive]",
          });
  REQUIRE(Violations(reader()).empty());
}

TEST_CASE_METHOD(TempStore, "IngestFiles tells a dataset's CSV by its header when no format is given",
                 "[ingest][ingester]") {
  // A byte order mark and quoted column names, as spreadsheets save them.
  const std::string acled = dir().Write(
      "export.csv",
      "\xEF\xBB\xBF\"event_id_cnty\",\"event_date\",\"event_type\",\"actor1\",\"country\",\"admin1\",\"location\"\r\n"
      "MLI1,2020-01-02,Battles,JNIM,Mali,Gao,Tessit\r\n");
  const std::string ucdp = dir().Write("ged.csv",
                                       "id,type_of_violence,side_a,side_b,country,adm_1,date_start,dyad_name\n"
                                       "7,1,Government of Mali,JNIM,Mali,Gao region,2020-01-02,Government of Mali - JNIM\n");
  IngestReport report;
  REQUIRE(IngestFiles({ExampleFile(13), acled, ucdp}, &report).ok());
  CHECK(report.records == 2 + 3);
  const std::string text = Dump(reader());
  CHECK(text.find("acled:place:mali/gao/tessit") != std::string::npos);
  CHECK(text.find("ucdp:actor:government of mali") != std::string::npos);
  CHECK(text.find("lemali-2025-06-13-offensive") != std::string::npos);

  // Another CSV: an error naming the line of its header and the formats.
  const std::string other = dir().Write("other.csv", "\n\nname,born\nAmadou,1990\n");
  Status s = IngestFiles({other});
  REQUIRE(s.IsInvalidArgument());
  CHECK(s.message().rfind(other + ":3: neither JSON records nor a CSV header kg knows", 0) == 0);
  CHECK(s.message().find("--format acled") != std::string::npos);

  // Read as native on request, a dataset's CSV is refused, naming its format.
  IngestOptions native;
  native.format = InputFormat::kNative;
  IngestReport unused_report;
  s = kg::IngestFiles(&writer(), {acled}, native, &unused_report);
  REQUIRE(s.IsInvalidArgument());
  CHECK(s.message() == acled + ":1: an ACLED CSV file, not native JSON records: use --format acled");
}

TEST_CASE("ParseInputFormat knows the three formats", "[ingest][ingester]") {
  InputFormat f = InputFormat::kAcled;
  REQUIRE(ParseInputFormat("native", &f));
  REQUIRE(f == InputFormat::kNative);
  REQUIRE(ParseInputFormat("acled", &f));
  REQUIRE(f == InputFormat::kAcled);
  REQUIRE(ParseInputFormat("ucdp", &f));
  REQUIRE(f == InputFormat::kUcdp);
  REQUIRE(ParseInputFormat("auto", &f));
  REQUIRE(f == InputFormat::kAuto);
  REQUIRE_FALSE(ParseInputFormat("csv", &f));
}

}  // namespace
}  // namespace kg::test
