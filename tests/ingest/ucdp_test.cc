#include "ingest/ucdp.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ingest/dataset_test_util.h"

namespace kg {
namespace {

using test::Dump;
using test::EdgeList;
using test::FindEdge;
using test::FindNode;
using test::Fixture;
using test::ReadAll;
using test::ReadResult;

const std::string kMali = "ucdp:actor:government of mali";
const std::string kJnim = "ucdp:actor:jnim";

std::vector<ReadResult> ReadFile(const std::string& relative) {
  std::ifstream in(Fixture(relative), std::ios::binary);
  REQUIRE(in.good());
  auto reader = NewUcdpReader(&in);
  return ReadAll(reader.get());
}

std::vector<ReadResult> ReadText(const std::string& text) {
  std::istringstream in(text);
  auto reader = NewUcdpReader(&in);
  return ReadAll(reader.get());
}

std::string Str(const Attrs& attrs, const std::string& key) {
  auto it = attrs.find(key);
  return it == attrs.end() ? "<none>" : std::get<std::string>(it->second);
}

int64_t Int(const Attrs& attrs, const std::string& key) {
  auto it = attrs.find(key);
  REQUIRE(it != attrs.end());
  return std::get<int64_t>(it->second);
}

TEST_CASE("UCDP GED CSV: state-based event with suffixed admin names", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2023.csv");
  REQUIRE(results.size() == 4);
  for (const auto& r : results) REQUIRE(r.status.ok());

  const Record& bourem = results[0].record;
  CHECK(bourem.id == "ucdp:512001");
  CHECK(results[0].line == 2);
  CHECK(bourem.source.title == "UCDP GED event 512001");
  CHECK(bourem.source.publisher == "UCDP");
  CHECK(FindNode(bourem, kMali)->name == "Government of Mali");
  CHECK(FindNode(bourem, kMali)->match_existing);

  // "Gao region", "Bourem cercle", "Bourem town": the names without the
  // suffix, the raw names as aliases.
  const NodeDecl* gao = FindNode(bourem, "ucdp:place:mali/gao");
  REQUIRE(gao != nullptr);
  CHECK(gao->name == "Gao");
  CHECK(gao->aliases == std::vector<std::string>{"Gao region"});
  CHECK(Str(gao->attrs, "level") == "admin1");
  CHECK(gao->match_existing);
  const NodeDecl* cercle = FindNode(bourem, "ucdp:place:mali/gao/bourem");
  REQUIRE(cercle != nullptr);
  CHECK(cercle->name == "Bourem");
  CHECK(cercle->aliases == std::vector<std::string>{"Bourem cercle"});
  CHECK_FALSE(cercle->match_existing);
  const std::string town_id = "ucdp:place:mali/gao/bourem/bourem";
  const NodeDecl* town = FindNode(bourem, town_id);
  REQUIRE(town != nullptr);
  CHECK(town->aliases == std::vector<std::string>{"Bourem town"});
  CHECK(Str(town->attrs, "level") == "locality");
  CHECK_FALSE(town->match_existing);  // named like its cercle
  REQUIRE(town->coords.has_value());
  CHECK(town->coords->first == Approx(16.954));
  CHECK(town->coords->second == Approx(-0.349));

  CHECK(EdgeList(bourem) ==
        "ucdp:place:mali/gao -LOCATED_IN-> ucdp:place:mali\n"
        "ucdp:place:mali/gao/bourem -LOCATED_IN-> ucdp:place:mali/gao\n"
        "ucdp:place:mali/gao/bourem/bourem -LOCATED_IN-> ucdp:place:mali/gao/bourem\n" +
            kMali + " -CLASHED_WITH-> " + kJnim + " @2023-10-05\n" +  // time part stripped
            kMali + " -FOUGHT_AT-> " + town_id + " @2023-10-05\n" +
            kJnim + " -FOUGHT_AT-> " + town_id + " @2023-10-05\n");
  const EdgeDecl* dyad = FindEdge(bourem, kMali, "CLASHED_WITH", kJnim);
  CHECK(Str(dyad->attrs, "event_id") == "512001");
  CHECK(Str(dyad->attrs, "type_of_violence") == "state-based");
  CHECK(Str(dyad->attrs, "dyad_name") == "Government of Mali - JNIM");
  CHECK(Int(dyad->attrs, "fatalities") == 49);
  CHECK(Int(dyad->attrs, "deaths_civilians") == 0);
  // A quoted value that itself starts with a (doubled) quote.
  CHECK(Str(dyad->attrs, "source").rfind("\"Mali: l'arm\xC3\xA9" "e repousse une attaque\", RFI, 2023-10-05; \"Attaque", 0) ==
        0);
}

TEST_CASE("UCDP GED CSV: line breaks inside quoted fields keep line numbers right", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2023.csv");
  REQUIRE(results.size() == 4);
  CHECK(results[0].line == 2);
  CHECK(results[0].raw.find("Bourem town,\nGao region") != std::string::npos);
  CHECK(results[1].line == 4);  // the where_description of row 1 spans lines 2-3
  CHECK(results[2].line == 5);
  CHECK(results[3].line == 6);
}

TEST_CASE("UCDP one-sided violence: civilians by country, date range, accents and emoji", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2023.csv");
  const Record& menaka = results[1].record;
  CHECK(menaka.id == "ucdp:512002");
  const std::string civilians = "ucdp:actor:civilians (mali)";
  const NodeDecl* c = FindNode(menaka, civilians);
  REQUIRE(c != nullptr);
  CHECK(c->name == "Civilians (Mali)");
  const std::string town = "ucdp:place:mali/menaka/menaka/menaka";
  REQUIRE(FindNode(menaka, town) != nullptr);
  CHECK(FindNode(menaka, town)->name == "M\xC3\xA9naka");
  CHECK(FindNode(menaka, town)->aliases == std::vector<std::string>{"M\xC3\xA9naka town"});
  const EdgeDecl* attack = FindEdge(menaka, "ucdp:actor:is", "ATTACKED", civilians);
  REQUIRE(attack != nullptr);
  CHECK(attack->date.text == "2023-09-28/2023-09-30");
  CHECK(Str(attack->attrs, "type_of_violence") == "one-sided");
  CHECK(Str(attack->attrs, "source").find("T\xC3\xA9moignages \xF0\x9F\x99\x8F recueillis") == 0);  // 🙏
  CHECK(FindEdge(menaka, "ucdp:actor:is", "ATTACKED", town) != nullptr);
  CHECK(FindEdge(menaka, civilians, "TARGETED_AT", town) != nullptr);
}

TEST_CASE("UCDP event located only to a region: the region is the place", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2023.csv");
  const Record& r = results[2].record;
  CHECK(r.id == "ucdp:512003");
  const std::string region = "ucdp:place:mali/tombouctou";
  const NodeDecl* tombouctou = FindNode(r, region);
  REQUIRE(tombouctou != nullptr);
  CHECK_FALSE(tombouctou->coords.has_value());
  CHECK(r.nodes.size() == 4);  // two actors, country, region
  CHECK(FindEdge(r, "ucdp:actor:is", "CLASHED_WITH", kJnim) != nullptr);
  CHECK(FindEdge(r, "ucdp:actor:is", "FOUGHT_AT", region) != nullptr);
  CHECK(Str(FindEdge(r, kJnim, "FOUGHT_AT", region)->attrs, "type_of_violence") == "non-state");

  const Record& djibo = results[3].record;
  CHECK(FindNode(djibo, "ucdp:place:burkina faso/sahel/soum")->aliases ==
        std::vector<std::string>{"Soum province"});
  CHECK(FindNode(djibo, "ucdp:place:burkina faso/sahel/soum/djibo")->match_existing);
}

TEST_CASE("UCDP older release: plain dates, fewer columns, no final line break", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2015.csv");
  REQUIRE(results.size() == 3);
  for (const auto& r : results) REQUIRE(r.status.ok());
  const Record& tabankort = results[0].record;
  CHECK(tabankort.id == "ucdp:131001");
  const EdgeDecl* e = FindEdge(tabankort, kMali, "CLASHED_WITH", "ucdp:actor:cma");
  REQUIRE(e != nullptr);
  CHECK(e->date.text == "2015-05-11");
  CHECK(Str(e->attrs, "source") == "\"Combats \xC3\xA0 Tabankort\", Reuters, 2015-05-11");
  const NodeDecl* village = FindNode(tabankort, "ucdp:place:mali/gao/bourem/tabankort");
  REQUIRE(village != nullptr);
  CHECK(village->aliases == std::vector<std::string>{"Tabankort village"});
  CHECK(village->match_existing);

  // where_coordinates names the country: the country is the place.
  const Record& country = results[1].record;
  CHECK(EdgeList(country) ==
        "ucdp:actor:cma -ATTACKED-> ucdp:actor:civilians (mali) @2015-05-20/2015-05-21\n"
        "ucdp:actor:cma -ATTACKED-> ucdp:place:mali @2015-05-20/2015-05-21\n"
        "ucdp:actor:civilians (mali) -TARGETED_AT-> ucdp:place:mali @2015-05-20/2015-05-21\n");

  CHECK(results[2].line == 4);
  CHECK(FindNode(results[2].record, "ucdp:place:mali/kidal/tin essako/anefis")->name == "An\xC3\xA9" "fis");
}

TEST_CASE("UCDP GED API JSON: typed values", "[ucdp]") {
  auto results = ReadFile("ucdp/api.json");
  REQUIRE(results.size() == 2);
  REQUIRE(results[0].status.ok());
  REQUIRE(results[1].status.ok());
  const Record& bourem = results[0].record;
  CHECK(bourem.id == "ucdp:512001");
  CHECK(results[0].line == 7);
  const EdgeDecl* dyad = FindEdge(bourem, kMali, "CLASHED_WITH", kJnim);
  REQUIRE(dyad != nullptr);
  CHECK(dyad->date.text == "2023-10-05");  // from "2023-10-05T00:00:00"
  CHECK(Int(dyad->attrs, "fatalities") == 49);
  CHECK(FindNode(bourem, "ucdp:place:mali/gao/bourem/bourem")->coords->first == Approx(16.954));

  // adm_2 null: the locality sits right under the admin1.
  const Record& barsalogho = results[1].record;
  CHECK(FindNode(barsalogho, "ucdp:place:burkina faso/centre nord/barsalogho") != nullptr);
  CHECK(FindEdge(barsalogho, "ucdp:place:burkina faso/centre nord/barsalogho", "LOCATED_IN",
                 "ucdp:place:burkina faso/centre nord") != nullptr);
  CHECK(FindNode(barsalogho, "ucdp:actor:civilians (burkina faso)") != nullptr);
}

TEST_CASE("UCDP bad rows: InvalidArgument naming field and line, then the next row", "[ucdp]") {
  auto results = ReadFile("ucdp/bad_rows.csv");
  REQUIRE(results.size() == 4);
  CHECK(results[0].status.message() == "date_end: 2015-05-18 is before date_start 2015-05-20");
  CHECK(results[0].line == 2);
  CHECK(results[1].status.message() == "type_of_violence: expected 1, 2 or 3, got \"4\"");
  CHECK(results[1].line == 3);
  CHECK(results[2].status.message() == "date_start: cannot read date \"2015-13-01\"");
  CHECK(results[2].line == 4);
  CHECK(results[2].raw.rfind("131103,", 0) == 0);
  REQUIRE(results[3].status.ok());
  CHECK(results[3].record.id == "ucdp:131104");
  CHECK(FindEdge(results[3].record, kMali, "CLASHED_WITH", "ucdp:actor:cma")->date.text == "2015-06-01");
}

TEST_CASE("UCDP re-reading gives identical records, required columns", "[ucdp]") {
  auto a = ReadFile("ucdp/ged_2023.csv");
  auto b = ReadFile("ucdp/ged_2023.csv");
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(Dump(a[i].record) == Dump(b[i].record));

  auto missing = ReadText("id,side_a,side_b,country,date_start\n1,A,B,Mali,2020-01-01\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].status.message() == "header: no column \"type_of_violence\", which UCDP GED CSV files have");
}


TEST_CASE("UCDP edges keyed by event id, with coordinates, LOCATED_IN unkeyed", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2023.csv");
  REQUIRE(results.size() == 4);
  for (const auto& r : results) {
    REQUIRE(r.status.ok());
    for (const EdgeDecl& e : r.record.edges) {
      INFO(r.record.id << " " << e.from << " " << e.type << " " << e.to);
      CHECK((e.type == "LOCATED_IN" ? e.key.empty() : "ucdp:" + e.key == r.record.id));
    }
  }
  const EdgeDecl* dyad = FindEdge(results[0].record, kMali, "CLASHED_WITH", kJnim);
  REQUIRE(dyad != nullptr);
  CHECK(dyad->key == "512001");
  CHECK(std::get<double>(dyad->attrs.at("latitude")) == Approx(16.954));
  CHECK(std::get<double>(dyad->attrs.at("longitude")) == Approx(-0.349));
}

TEST_CASE("UCDP two events between the same sides at one place on one day stay apart", "[ucdp]") {
  const std::string header =
      "id,type_of_violence,side_a,side_b,country,adm_1,adm_2,where_coordinates,latitude,longitude,date_start,"
      "date_end,best\n";
  auto results = ReadText(header +
                          "7001,1,Government of Mali,JNIM,Mali,Mopti region,Bankass cercle,Dounde village,13.95,-3.71,"
                          "2021-03-05,2021-03-05,4\n"
                          "7002,1,Government of Mali,JNIM,Mali,Mopti region,Bankass cercle,Dounde village,13.95,-3.71,"
                          "2021-03-05,2021-03-05,6\n");
  REQUIRE(results.size() == 2);
  const std::string dounde = "ucdp:place:mali/mopti/bankass/dounde";
  const EdgeDecl* a = FindEdge(results[0].record, kMali, "FOUGHT_AT", dounde);
  const EdgeDecl* b = FindEdge(results[1].record, kMali, "FOUGHT_AT", dounde);
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a->key == "7001");
  CHECK(b->key == "7002");
  CHECK(Int(a->attrs, "fatalities") == 4);
  CHECK(Int(b->attrs, "fatalities") == 6);
}

TEST_CASE("UCDP match rules: regions without their suffix, roles of the sides", "[ucdp]") {
  auto results = ReadFile("ucdp/ged_2023.csv");
  // "Gao region" is the node Gao, whose bare name is what ACLED's admin1
  // "Gao" normalizes to: both give region "gao".
  const NodeDecl* gao = FindNode(results[0].record, "ucdp:place:mali/gao");
  REQUIRE(gao != nullptr);
  CHECK(gao->name == "Gao");
  CHECK(gao->aliases == std::vector<std::string>{"Gao region"});
  REQUIRE(gao->match.has_value());
  CHECK(gao->match->dataset == "ucdp");
  CHECK(gao->match->region == "gao");
  const NodeDecl* bourem = FindNode(results[0].record, "ucdp:place:mali/gao/bourem/bourem");
  REQUIRE(bourem != nullptr);
  CHECK_FALSE(bourem->match.has_value());  // named like its cercle
  CHECK_FALSE(FindNode(results[0].record, "ucdp:place:mali/gao/bourem")->match.has_value());
  CHECK(FindNode(results[0].record, "ucdp:place:mali")->match->region.empty());
  const NodeDecl* menaka = FindNode(results[1].record, "ucdp:place:mali/menaka");
  REQUIRE(menaka != nullptr);
  CHECK(menaka->match->region == "menaka");
  CHECK(FindNode(results[3].record, "ucdp:place:burkina faso/sahel")->match->region == "sahel");

  // Roles: governments are state forces; the other side of state-based
  // violence a rebel group; civilians civilians; the rest unknown.
  CHECK(FindNode(results[0].record, kMali)->match->role == "state_forces");
  CHECK(FindNode(results[0].record, kJnim)->match->role == "rebel_group");
  CHECK(FindNode(results[1].record, "ucdp:actor:is")->match->role.empty());
  CHECK(FindNode(results[1].record, "ucdp:actor:civilians (mali)")->match->role == "civilians");
  CHECK(FindNode(results[2].record, "ucdp:actor:is")->match->role.empty());
  CHECK(FindNode(results[2].record, kJnim)->match->role.empty());
  CHECK(FindNode(results[3].record, "ucdp:actor:government of burkina faso")->match->role == "state_forces");
  CHECK(FindNode(results[3].record, kJnim)->match->dataset == "ucdp");
}

TEST_CASE("UCDP release named by the file is every record's version", "[ucdp]") {
  CHECK(UcdpReleaseVersion("GEDEvent_v23_1.csv") == 230100);
  CHECK(UcdpReleaseVersion("/data/downloads/GEDEvent_v24_0_5.csv") == 240005);
  CHECK(UcdpReleaseVersion("ged231.csv") == 230100);
  CHECK(UcdpReleaseVersion("ucdp_ged_25.1.json") == 250100);
  CHECK(UcdpReleaseVersion("GEDEvent_v24_0_12.csv.gz") == 240012);
  CHECK(*UcdpReleaseVersion("GEDEvent_v24_1.csv") > *UcdpReleaseVersion("GEDEvent_v24_0_12.csv"));
  CHECK(*UcdpReleaseVersion("GEDEvent_v25_0_1.csv") > *UcdpReleaseVersion("GEDEvent_v24_1.csv"));
  CHECK_FALSE(UcdpReleaseVersion("ged_2015.csv").has_value());  // a year, not a release
  CHECK_FALSE(UcdpReleaseVersion("events.csv").has_value());
  CHECK_FALSE(UcdpReleaseVersion("-").has_value());
  CHECK_FALSE(UcdpReleaseVersion("v23_1/events.csv").has_value());  // only the file's own name

  std::ifstream in(Fixture("ucdp/ged_2023.csv"), std::ios::binary);
  auto reader = NewUcdpReader(&in, "downloads/GEDEvent_v23_1.csv");
  auto results = ReadAll(reader.get());
  REQUIRE(results.size() == 4);
  for (const auto& r : results) CHECK(r.record.version == 230100);
  for (const auto& r : ReadFile("ucdp/ged_2023.csv")) CHECK_FALSE(r.record.version.has_value());
}

}  // namespace
}  // namespace kg
