// model: the dates and ranges users write on edges (CONTRACT.md, edges[].date)
// and when two of them overlap.
#include "graph/model.h"

#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE("ParseDateRange accepts the contract's forms", "[graph][model]") {
  struct Row {
    std::string text;
    int32_t first, last;
  };
  const std::vector<Row> table = {
      {"2025", 20250101, 20251231},
      {"2025-06", 20250601, 20250631},  // a month ends at "day 31", whatever its length
      {"2025-02", 20250201, 20250231},
      {"2025-06-12", 20250612, 20250612},
      {"2025-12-31", 20251231, 20251231},
      {"0001-01-01", 10101, 10101},
      {"9999", 99990101, 99991231},
      {"2025-06-07/2025-06-13", 20250607, 20250613},
      {"2025-06-13/2025-06-13", 20250613, 20250613},
      {"2024/2025", 20240101, 20251231},
      {"2025-06/2025-07", 20250601, 20250731},
      {"2025-06-15/2025-06", 20250615, 20250631},  // ends with its month
      {"2025/2025-03-01", 20250101, 20250301},
      {"2025-06/2025", 20250601, 20251231},
  };
  for (const auto& row : table) {
    CAPTURE(row.text);
    DateRange d;
    REQUIRE(ParseDateRange(row.text, &d));
    CHECK(d.text == row.text);
    CHECK(d.dated());
    CHECK(d.first == row.first);
    CHECK(d.last == row.last);
  }
}

TEST_CASE("ParseDateRange knows February 29", "[graph][model]") {
  DateRange d;
  REQUIRE(ParseDateRange("2024-02-29", &d));  // leap
  REQUIRE(d.first == 20240229);
  REQUIRE(ParseDateRange("2000-02-29", &d));  // divisible by 400: leap
  REQUIRE_FALSE(ParseDateRange("2025-02-29", &d));
  REQUIRE_FALSE(ParseDateRange("1900-02-29", &d));  // divisible by 100: not leap
  REQUIRE_FALSE(ParseDateRange("2024-02-30", &d));
  REQUIRE(ParseDateRange("2025-02-28", &d));
  REQUIRE(ParseDateRange("2024-02-01/2024-02-29", &d));
  REQUIRE_FALSE(ParseDateRange("2025-02-01/2025-02-29", &d));
}

TEST_CASE("ParseDateRange refuses what is not a real date or range", "[graph][model]") {
  const std::vector<std::string> bad = {
      "",
      "25",
      "202",
      "20250",
      "2025-13",
      "2025-00",
      "2025-13-01",
      "2025-06-00",
      "2025-06-31",  // June has 30 days
      "2025-04-31",
      "2025-01-32",
      "2025-6",
      "2025-06-1",
      "2025-6-01",
      "2025/06/12",
      "2025-06-12T10:00",
      "2025-06-12 ",
      " 2025",
      "+2025",
      "-025",
      "２０２５",  // full-width digits
      "abcd",
      "2025-ab",
      "2025-06-13/2025-06-07",  // ends before it starts
      "2025/2024",
      "2025-07/2025-06",
      "2025-06-13/",
      "/2025-06-13",
      "/",
      "2025/2026/2027",
      "2025--06",
  };
  for (const auto& text : bad) {
    CAPTURE(text);
    DateRange d;
    d.text = "untouched";
    CHECK_FALSE(ParseDateRange(text, &d));
    CHECK(d.text == "untouched");  // *range is left alone on failure
  }
}

DateRange D(const std::string& text) {
  DateRange d;
  REQUIRE(ParseDateRange(text, &d));
  return d;
}

TEST_CASE("Overlaps: sharing one day is enough, undated overlaps everything", "[graph][model]") {
  const DateRange undated;
  REQUIRE_FALSE(undated.dated());
  REQUIRE(undated.Overlaps(D("2025-06-12")));
  REQUIRE(D("2025-06-12").Overlaps(undated));
  REQUIRE(undated.Overlaps(undated));

  REQUIRE(D("2025-06").Overlaps(D("2025-06-12")));
  REQUIRE(D("2025-06-12").Overlaps(D("2025-06")));
  REQUIRE(D("2025").Overlaps(D("2025-12-31")));
  REQUIRE(D("2025-06-07/2025-06-13").Overlaps(D("2025-06-13/2025-06-20")));  // one shared day
  REQUIRE(D("2025-06-13/2025-06-20").Overlaps(D("2025-06-07/2025-06-13")));
  REQUIRE_FALSE(D("2025-06-07/2025-06-12").Overlaps(D("2025-06-13/2025-06-20")));
  REQUIRE_FALSE(D("2025-06-13/2025-06-20").Overlaps(D("2025-06-07/2025-06-12")));
  REQUIRE_FALSE(D("2025-06").Overlaps(D("2025-07")));
  REQUIRE_FALSE(D("2024").Overlaps(D("2025-01-01")));
  REQUIRE(D("2024/2026").Overlaps(D("2025-03")));
  // A month's "day 31" reaches the start of no later month.
  REQUIRE_FALSE(D("2025-02").Overlaps(D("2025-03-01")));
}

TEST_CASE("EdgeFilter allows types and windows", "[graph][model]") {
  EdgeFilter all;
  REQUIRE(all.AllowsAll());
  REQUIRE(all.Allows("STRUCK", D("2025-06")));
  REQUIRE(all.Allows("STRUCK", DateRange()));

  EdgeFilter f;
  f.types = {"ATTACKED", "STRUCK"};
  f.window = D("2025-06-10/2025-06-20");
  REQUIRE_FALSE(f.AllowsAll());
  REQUIRE(f.AllowsType("STRUCK"));
  REQUIRE_FALSE(f.AllowsType("LOCATED_IN"));
  REQUIRE_FALSE(f.AllowsType("STRUCK_"));
  REQUIRE(f.Allows("STRUCK", D("2025-06")));
  REQUIRE(f.Allows("ATTACKED", DateRange()));  // undated: a standing relation
  REQUIRE_FALSE(f.Allows("STRUCK", D("2025-05")));
  REQUIRE_FALSE(f.Allows("LOCATED_IN", DateRange()));
}

TEST_CASE("Kinds parse and print", "[graph][model]") {
  NodeKind k = NodeKind::kUnknown;
  REQUIRE(ParseKind("actor", &k));
  REQUIRE(k == NodeKind::kActor);
  REQUIRE(ParseKind("location", &k));
  REQUIRE(k == NodeKind::kLocation);
  REQUIRE_FALSE(ParseKind("Actor", &k));
  REQUIRE_FALSE(ParseKind("", &k));
  REQUIRE(k == NodeKind::kLocation);
  REQUIRE(std::string(KindName(NodeKind::kActor)) == "actor");
  REQUIRE(std::string(KindName(NodeKind::kLocation)) == "location");
  // On-disk values.
  REQUIRE(static_cast<int>(NodeKind::kActor) == 1);
  REQUIRE(static_cast<int>(NodeKind::kLocation) == 2);
}

}  // namespace
}  // namespace kg::test
