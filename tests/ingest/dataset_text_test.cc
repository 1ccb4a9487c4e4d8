#include "graph/normalize.h"
#include "ingest/dataset_text.h"

#include <catch2/catch.hpp>

namespace kg {
namespace {

std::string Date(const std::string& text) {
  std::string iso;
  return ReadDatasetDate(text, &iso) ? iso : "<bad>";
}

TEST_CASE("dataset dates in the forms exports use", "[dataset]") {
  CHECK(Date("2020-12-31") == "2020-12-31");
  CHECK(Date("31 December 2020") == "2020-12-31");
  CHECK(Date("01 March 2023") == "2023-03-01");
  CHECK(Date("1 march 2023") == "2023-03-01");
  CHECK(Date("04-January-2020") == "2020-01-04");
  CHECK(Date("4 Sep 2021") == "2021-09-04");
  CHECK(Date("4 Sept 2021") == "2021-09-04");
  CHECK(Date(" 2023-10-05 00:00:00.000 ") == "2023-10-05");
  CHECK(Date("2023-10-05T00:00:00") == "2023-10-05");
  CHECK(Date("29 February 2024") == "2024-02-29");

  CHECK(Date("31 Febtember 2020") == "<bad>");
  CHECK(Date("29 February 2023") == "<bad>");
  CHECK(Date("2015-13-01") == "<bad>");
  CHECK(Date("2020-12-31x") == "<bad>");
  CHECK(Date("12/31/2020") == "<bad>");
  CHECK(Date("") == "<bad>");
  CHECK(Date("March 2023") == "<bad>");

  std::string iso;
  Status s = ReadDate("event_date", "31 Febtember 2020", &iso);
  CHECK(s.IsInvalidArgument());
  CHECK(s.message() == "event_date: cannot read date \"31 Febtember 2020\"");
}

TEST_CASE("period suffixes of ACLED actor names", "[dataset]") {
  CHECK(StripPeriodSuffix("Military Forces of Mali (2021-)") == "Military Forces of Mali");
  CHECK(StripPeriodSuffix("Military Forces of Mali (2012-2021)") == "Military Forces of Mali");
  CHECK(StripPeriodSuffix("Government of Niger (2011- )") == "Government of Niger");
  CHECK(StripPeriodSuffix("Police Forces of Mali (2021-) Gendarmerie") == "Police Forces of Mali Gendarmerie");
  CHECK(StripPeriodSuffix("Civilians (Mali)") == "Civilians (Mali)");
  CHECK(StripPeriodSuffix("Unidentified Armed Group (Burkina Faso)") == "Unidentified Armed Group (Burkina Faso)");
  CHECK(StripPeriodSuffix("Group (12345-)") == "Group (12345-)");
}

TEST_CASE("place suffixes of UCDP names", "[dataset]") {
  PlaceSuffix kind;
  CHECK(StripPlaceSuffix("Gao region", &kind) == "Gao");
  CHECK(kind == PlaceSuffix::kAdmin);
  CHECK(StripPlaceSuffix("Bourem cercle") == "Bourem");
  CHECK(StripPlaceSuffix("Soum Province") == "Soum");
  CHECK(StripPlaceSuffix("Boulkessi village", &kind) == "Boulkessi");
  CHECK(kind == PlaceSuffix::kSettlement);
  CHECK(StripPlaceSuffix("Region", &kind) == "Region");
  CHECK(kind == PlaceSuffix::kNone);
  CHECK(StripPlaceSuffix("Tillaberi") == "Tillaberi");
  CHECK(StripPlaceSuffix("Centre-Nord region") == "Centre-Nord");
}

TEST_CASE("counts and coordinates", "[dataset]") {
  std::optional<int64_t> n;
  REQUIRE(ReadCount("fatalities", "12", &n).ok());
  CHECK(n == 12);
  REQUIRE(ReadCount("fatalities", "3.0", &n).ok());
  CHECK(n == 3);
  REQUIRE(ReadCount("fatalities", "", &n).ok());
  CHECK_FALSE(n.has_value());
  CHECK(ReadCount("fatalities", "-1", &n).message() == "fatalities: not a whole number \"-1\"");
  CHECK_FALSE(ReadCount("fatalities", "3.5", &n).ok());

  std::optional<double> d;
  REQUIRE(ReadNumber("latitude", "14.7300", -90, 90, &d).ok());
  CHECK(*d == Approx(14.73));
  REQUIRE(ReadNumber("longitude", "-1.61", -180, 180, &d).ok());
  CHECK(*d == Approx(-1.61));
  CHECK(ReadNumber("latitude", "95", -90, 90, &d).message() == "latitude: 95 is out of range");
  CHECK(ReadNumber("latitude", "14,5", -90, 90, &d).message() == "latitude: not a number \"14,5\"");
}

TEST_CASE("ids, text checks and dates from Unix time", "[dataset]") {
  CHECK(IdPart("Gourma-Rharous") == "gourma rharous");
  CHECK(IdPart("S\xC3\xA9gou") == "segou");
  CHECK(IdPart("Kidal / Tessalit") == "kidal tessalit");
  std::string long_id = "acled:actor:" + std::string(300, 'a');
  std::string capped = CapId(long_id);
  CHECK(capped.size() <= 256);
  CHECK(capped != CapId(long_id + "b"));
  CHECK(CapId("acled:actor:x") == "acled:actor:x");

  CHECK(IsWellFormedUtf8("S\xC3\xA9gou \xF0\x9F\x92\xA5\n"));
  CHECK_FALSE(IsWellFormedUtf8("S\xE9gou"));
  CHECK(CheckText("notes", "a\nb").ok());
  CHECK(CheckName("actor1", "a\nb").message() == "actor1: not valid UTF-8 text (or holds control characters)");
  CHECK(TruncateUtf8("\xC3\xA9\xC3\xA9\xC3\xA9", 4) == "\xE2\x80\xA6");  // never cuts inside a character
  CHECK(TruncateUtf8("\xC3\xA9\xC3\xA9\xC3\xA9", 5) == "\xC3\xA9\xE2\x80\xA6");
  CHECK(TruncateUtf8("abcdef", 5) == "ab\xE2\x80\xA6");

  CHECK(UnixDate(0) == "1970-01-01");
  CHECK(UnixDate(1750000000) == "2025-06-15");
  CHECK(UnixDate(951782400) == "2000-02-29");
}

}  // namespace
}  // namespace kg
