// History (graph/history.h): the change log, past record versions, the
// graph at a past change, and compaction.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <sys/stat.h>

#include "graph/history.h"
#include "graph/writer.h"
#include "test_util.h"

namespace kg::test {
namespace {

std::function<int64_t()> At(int64_t t) {
  return [t] { return t; };
}

int64_t Utc(const char* text) {
  int64_t t = 0;
  REQUIRE(ParseUtcTimestamp(text, &t));
  return t;
}

std::vector<std::string> RecordsAsOf(const GraphReader& r, uint64_t change) {
  std::vector<std::string> out;
  KG_REQUIRE_OK(ForEachRecordAsOf(r, change, [&](const StoredRecord& rec) {
    out.push_back(rec.id + "@" + std::to_string(rec.seq));
    return Status::OK();
  }));
  return out;
}

constexpr const char* kR1 = R"({"record": "r1", "nodes": [{"id": "fama", "kind": "actor", "name": "FAMa"},
    {"id": "douna", "kind": "location"}], "edges": [{"from": "fama", "type": "STRUCK", "to": "douna",
    "date": "2025-06-12", "attrs": {"fatalities": 3}}]})";
constexpr const char* kR1b = R"({"record": "r1", "nodes": [{"id": "fama", "kind": "actor", "name": "FAMa"},
    {"id": "douna", "kind": "location"}], "edges": [{"from": "fama", "type": "STRUCK", "to": "douna",
    "date": "2025-06-12", "attrs": {"fatalities": 5}}]})";
constexpr const char* kR2 = R"({"record": "r2", "nodes": [{"id": "jnim", "kind": "actor", "name": "JNIM"}],
    "edges": [{"from": "jnim", "type": "ATTACKED", "to": "douna", "date": "2025-06-13"}]})";

TEST_CASE("Each change that changes the store is logged with its counts and record versions, and one that changes "
          "nothing is not",
          "[graph][history]") {
  TempStore store;
  KG_REQUIRE_OK(store.NextChange(At(1000)));
  store.writer().DescribeChange("ingest", {"a.jsonl"});
  KG_REQUIRE_OK(store.Apply(kR1));
  KG_REQUIRE_OK(store.Apply(kR2));
  KG_REQUIRE_OK(store.Sync());

  KG_REQUIRE_OK(store.NextChange(At(2000)));
  KG_REQUIRE_OK(store.Apply(kR1));  // unchanged
  KG_REQUIRE_OK(store.Sync());

  KG_REQUIRE_OK(store.NextChange(At(3000)));
  store.writer().DescribeChange("ingest", {"b.jsonl", "c.csv"});
  KG_REQUIRE_OK(store.Apply(kR1b));
  KG_REQUIRE_OK(store.Apply(R"({"record": "r3", "nodes": [{"id": "x", "kind": "actor"}]})"));
  KG_REQUIRE_OK(store.Apply(R"({"record": "r3", "nodes": [{"id": "y", "kind": "actor"}]})"));  // within the change
  KG_REQUIRE_OK(store.Retract("r2"));
  store.writer().NoteRejected(2);
  KG_REQUIRE_OK(store.Sync());

  std::vector<ChangeInfo> log;
  KG_REQUIRE_OK(ReadChanges(store.reader(), &log));
  REQUIRE(log.size() == 2);
  CHECK(log[0].number == 1);
  CHECK(log[0].time == 1000);
  CHECK(log[0].command == "ingest");
  CHECK(log[0].files == std::vector<std::string>{"a.jsonl"});
  CHECK(log[0].added == 2);
  CHECK(log[0].first_seq == 1);
  CHECK(log[0].end_seq == 3);
  CHECK(log[0].complete);
  CHECK(log[1].number == 2);
  CHECK(log[1].time == 3000);
  CHECK(log[1].files == std::vector<std::string>{"b.jsonl", "c.csv"});
  CHECK(log[1].added == 1);
  CHECK(log[1].replaced == 2);
  CHECK(log[1].retracted == 1);
  CHECK(log[1].rejected == 2);
  CHECK(log[1].first_seq == 3);
  CHECK(log[1].end_seq == 6);
  uint64_t latest = 0;
  KG_REQUIRE_OK(LatestChange(store.reader(), &latest));
  CHECK(latest == 2);

  // The versions standing at each change; r3's first version, replaced
  // within the change that stored it, was never seen by one and is not kept.
  CHECK(RecordsAsOf(store.reader(), 0).empty());
  CHECK(RecordsAsOf(store.reader(), 1) == std::vector<std::string>{"r1@1", "r2@2"});
  CHECK(RecordsAsOf(store.reader(), 2) == std::vector<std::string>{"r1@3", "r3@5"});
  CHECK(KeysUnder(*store.store().kv(), PastVersionPrefix()).size() == 2);
  CHECK(Violations(store.reader()).empty());
}

TEST_CASE("The graph at a past change is the graph of a fresh store of the records standing then",
          "[graph][history]") {
  TempStore store;
  KG_REQUIRE_OK(store.Apply(kR1));
  KG_REQUIRE_OK(store.Apply(kR2));
  KG_REQUIRE_OK(store.NextChange());
  const std::string at1 = Dump(store.reader());
  KG_REQUIRE_OK(store.Apply(kR1b));
  KG_REQUIRE_OK(store.NextChange());
  const std::string at2 = Dump(store.reader());
  KG_REQUIRE_OK(store.Retract("r2"));
  KG_REQUIRE_OK(store.Retract("r1"));
  KG_REQUIRE_OK(store.Sync());
  REQUIRE(DumpLines(store.reader(), "node ").empty());

  CHECK(PastDump(store.reader(), 1) == at1);
  CHECK(PastDump(store.reader(), 2) == at2);
  CHECK(PastDump(store.reader(), 0).empty());
  // The fatalities of r1's first version, as they stood at change 1.
  CHECK(at1.find("fatalities:3") != std::string::npos);
  CHECK(at2.find("fatalities:5") != std::string::npos);
  CHECK(Violations(store.reader()).empty());
}

TEST_CASE("A change for --as-of is named by number or by time, a bare date being the end of that day", "[graph][history]") {
  TempStore store;
  KG_REQUIRE_OK(store.NextChange(At(Utc("2025-06-20T08:00:00Z"))));
  KG_REQUIRE_OK(store.Apply(kR1));
  KG_REQUIRE_OK(store.NextChange(At(Utc("2025-06-21T10:00:00Z"))));
  KG_REQUIRE_OK(store.Apply(kR2));
  KG_REQUIRE_OK(store.Sync());
  auto as_of = [&](const char* text) {
    uint64_t change = 99;
    Status s = ResolveAsOf(store.reader(), text, &change);
    return s.ok() ? std::to_string(change) : s.ToString();
  };
  CHECK(as_of("0") == "0");
  CHECK(as_of("1") == "1");
  CHECK(as_of("2") == "2");
  CHECK(as_of("2025-06-20T07:59:59Z") == "0");
  CHECK(as_of("2025-06-20T08:00:00Z") == "1");
  CHECK(as_of("2025-06-20") == "1");
  CHECK(as_of("2025-06-21T09:59:59Z") == "1");
  CHECK(as_of("2025-06-21") == "2");
  CHECK(as_of("2030-01-01T00:00:00Z") == "2");
  CHECK(as_of("3") == "InvalidArgument: no change 3 (the latest is 2)");
  CHECK(as_of("2025-06") ==
        "InvalidArgument: expected a change number or a UTC time like \"2025-06-20T08:00:00Z\" or \"2025-06-20\", got "
        "\"2025-06\"");
  CHECK(as_of("-1").starts_with("InvalidArgument: expected a change number"));
}

TEST_CASE("kg compact drops the past before a change, and the pasts from it on stay exact", "[graph][history]") {
  TempStore store;
  KG_REQUIRE_OK(store.Apply(kR1));
  KG_REQUIRE_OK(store.Apply(kR2));
  KG_REQUIRE_OK(store.NextChange());
  KG_REQUIRE_OK(store.Apply(kR1b));
  KG_REQUIRE_OK(store.NextChange());
  KG_REQUIRE_OK(store.Retract("r2"));
  KG_REQUIRE_OK(store.NextChange());
  KG_REQUIRE_OK(store.Apply(kR1));
  KG_REQUIRE_OK(store.Sync());
  const std::string at2 = PastDump(store.reader(), 2), at3 = PastDump(store.reader(), 3);
  REQUIRE(KeysUnder(*store.store().kv(), PastVersionPrefix()).size() == 3);

  uint64_t dropped = 0;
  KG_REQUIRE_OK(CompactHistory(&store.store(), 2, &dropped));
  CHECK(dropped == 1);  // r1's first version, ended by change 2
  CHECK(PastDump(store.reader(), 2) == at2);
  CHECK(PastDump(store.reader(), 3) == at3);
  uint64_t change = 0;
  Status s = ResolveAsOf(store.reader(), "1", &change);
  CHECK(s.IsInvalidArgument());
  CHECK(s.message() == "the history before change 2 was dropped (kg compact)");
  CHECK(ResolveAsOf(store.reader(), "2025-01-01", &change).IsInvalidArgument());
  CHECK(CompactHistory(&store.store(), 9, &dropped).IsInvalidArgument());
  CHECK(Violations(store.reader()).empty());
}

TEST_CASE("A past is built once, kept under the store's asof/, and the latest change is the present itself",
          "[graph][history]") {
  TempStore store;
  KG_REQUIRE_OK(store.Apply(kR1));
  KG_REQUIRE_OK(store.NextChange());
  KG_REQUIRE_OK(store.Apply(kR2));
  KG_REQUIRE_OK(store.Sync());
  auto open = [&](uint64_t change) {
    std::unique_ptr<GraphStore> s;
    KG_REQUIRE_OK(GraphStore::Open(StoreOptions(), store.db_path(), &s));
    KG_REQUIRE_OK(OpenAsOf(change, &s));
    return s;
  };
  const std::string kept = store.db_path() + "/asof/f" + std::to_string(kFormatVersion) + "-1";
  {
    auto present = open(2);
    CHECK(present->path() == store.db_path());
    CHECK_FALSE(std::filesystem::exists(kept));
    auto past = open(1);
    CHECK(past->path() == kept);
    CHECK(Dump(past->reader()) == PastDump(store.reader(), 1));
  }
  struct stat first{};
  REQUIRE(::stat((kept + "/CURRENT").c_str(), &first) == 0);
  {
    auto again = open(1);  // read where it is, not built again
    CHECK(again->path() == kept);
  }
  struct stat second{};
  REQUIRE(::stat((kept + "/CURRENT").c_str(), &second) == 0);
  CHECK(first.st_ino == second.st_ino);
  // Nothing else is left beside it (no half-built past).
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(store.db_path() + "/asof")) {
    names.push_back(e.path().filename().string());
  }
  CHECK(names == std::vector<std::string>{"f" + std::to_string(kFormatVersion) + "-1"});
  // The store's own files are untouched by it: a writer opens it and kg
  // check finds nothing wrong.
  store.Reopen();
  CHECK(Violations(store.reader()).empty());
}

// Records that name nodes other records declare, revised and retracted at
// random: whatever the store said at the end of a change, the past rebuilt
// for that change says again, byte for byte.
TEST_CASE("A random history of records that lean on each other: every past reads as the store read then",
          "[graph][history]") {
  int exact = 0, undeclared = 0;
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    TempStore store(FastTempBase());
    std::map<uint64_t, std::string> dump_at = {{0, ""}};
    std::vector<std::string> steps;
    for (int step = 0; step < 40; ++step) {
      const std::string id = "r" + std::to_string(pick(6));
      if (pick(5) == 0) {
        steps.push_back("retract " + id);
        Status s = store.Retract(id);
        REQUIRE((s.ok() || s.IsNotFound()));
      } else {
        // Some declare the places and actors, some only name them.
        const char* places[] = {"douna", "boulkessi", "kardjila"};
        const char* actors[] = {"fama", "jnim"};
        const std::string actor = actors[pick(2)], place = places[pick(3)];
        std::string json = R"({"record": ")" + id + R"(", "nodes": [)";
        if (pick(2)) {
          json += R"({"id": ")" + actor + R"(", "kind": "actor", "name": ")" + actor + R"( )" +
                  std::to_string(pick(3)) + R"("},)";
        }
        json += R"({"id": ")" + place + R"(", "kind": "location", "attrs": {"v": )" + std::to_string(pick(3)) +
                R"(}}], "edges": [{"from": ")" + actor + R"(", "type": "STRUCK", "to": ")" + place +
                R"(", "date": "2025-06-1)" + std::to_string(pick(3)) + R"(", "attrs": {"fatalities": )" +
                std::to_string(pick(4)) + "}}]}";
        steps.push_back("apply " + json);
        Status s = store.Apply(json);
        REQUIRE((s.ok() || s.IsInvalidArgument()));  // an actor no record declares yet
      }
      if (pick(2) == 0) {
        KG_REQUIRE_OK(store.NextChange());
        uint64_t latest = 0;
        KG_REQUIRE_OK(LatestChange(store.reader(), &latest));
        dump_at[latest] = Dump(store.reader());
        steps.push_back("change " + std::to_string(latest));
      }
    }
    CAPTURE(steps);
    KG_REQUIRE_OK(store.Sync());
    REQUIRE(Violations(store.reader()).empty());
    for (const auto& [change, dump] : dump_at) {
      CAPTURE(change);
      const std::string past = PastDump(store.reader(), change);
      if (past.starts_with("error: Corruption: the graph of change ")) {
        // A node no record standing then declares, kept by the edges of
        // records that only name it, and gone from the store since: its
        // kind is lost, and the past says so rather than guess it.
        REQUIRE(dump.find(" records=[]") != std::string::npos);
        ++undeclared;
        continue;
      }
      REQUIRE(past == dump);
      ++exact;
    }
  }
  CAPTURE(exact, undeclared);
  CHECK(exact > 10 * undeclared);
}

}  // namespace
}  // namespace kg::test
