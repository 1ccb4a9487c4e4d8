#include "ingest/acled.h"

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

const std::string kFama = "acled:actor:military forces of mali";
const std::string kJnim = "acled:actor:jnim: jamaah nusrat al islam wal muslimin";

std::vector<ReadResult> ReadFile(const std::string& relative) {
  std::ifstream in(Fixture(relative), std::ios::binary);
  REQUIRE(in.good());
  auto reader = NewAcledReader(&in);
  return ReadAll(reader.get());
}

std::vector<ReadResult> ReadText(const std::string& text) {
  std::istringstream in(text);
  auto reader = NewAcledReader(&in);
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

const char kHeader[] =
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,"
    "inter2,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,notes,fatalities,"
    "timestamp\n";

TEST_CASE("ACLED dyadic CSV: one record per event, actors, place chain, typed edges", "[acled]") {
  auto results = ReadFile("acled/dyadic.csv");
  REQUIRE(results.size() == 5);
  for (const auto& r : results) REQUIRE(r.status.ok());

  const Record& clash = results[0].record;
  CHECK(results[0].line == 2);
  CHECK(clash.id == "acled:MLI30001");
  CHECK(clash.source.title == "ACLED event MLI30001");
  CHECK(clash.source.publisher == "ACLED");
  CHECK(clash.source.published == "2025-06-15");  // from timestamp 1750000000

  // The actor without its period suffix, the suffixed label kept as alias.
  const NodeDecl* fama = FindNode(clash, kFama);
  REQUIRE(fama != nullptr);
  CHECK(fama->kind == NodeKind::kActor);
  CHECK(fama->name == "Military Forces of Mali");
  CHECK(fama->aliases == std::vector<std::string>{"Military Forces of Mali (2021-)"});
  CHECK(fama->match_existing);
  CHECK(Str(fama->attrs, "inter") == "State forces");
  REQUIRE(FindNode(clash, "acled:actor:wagner group") != nullptr);

  // One location node per level, with LOCATED_IN up to the country.
  const std::string locality = "acled:place:mali/mopti/douentza/mondoro/boulkessi";
  struct Level {
    std::string id, name, level;
    bool match;
  };
  for (const Level& l : {Level{"acled:place:mali", "Mali", "country", true},
                         Level{"acled:place:mali/mopti", "Mopti", "admin1", true},
                         Level{"acled:place:mali/mopti/douentza", "Douentza", "admin2", false},
                         Level{"acled:place:mali/mopti/douentza/mondoro", "Mondoro", "admin3", false},
                         Level{locality, "Boulkessi", "locality", true}}) {
    const NodeDecl* n = FindNode(clash, l.id);
    REQUIRE(n != nullptr);
    CHECK(n->kind == NodeKind::kLocation);
    CHECK(n->name == l.name);
    CHECK(Str(n->attrs, "level") == l.level);
    CHECK(n->match_existing == l.match);
  }
  const NodeDecl* boulkessi = FindNode(clash, locality);
  REQUIRE(boulkessi->coords.has_value());
  CHECK(boulkessi->coords->first == Approx(14.73));
  CHECK(boulkessi->coords->second == Approx(-1.61));

  CHECK(EdgeList(clash) ==
        "acled:place:mali/mopti -LOCATED_IN-> acled:place:mali\n"
        "acled:place:mali/mopti/douentza -LOCATED_IN-> acled:place:mali/mopti\n"
        "acled:place:mali/mopti/douentza/mondoro -LOCATED_IN-> acled:place:mali/mopti/douentza\n"
        "acled:place:mali/mopti/douentza/mondoro/boulkessi -LOCATED_IN-> acled:place:mali/mopti/douentza/mondoro\n" +
            kFama + " -CLASHED_WITH-> " + kJnim + " @2025-06-12\n" +
            kFama + " -FOUGHT_AT-> " + locality + " @2025-06-12\n" +
            "acled:actor:wagner group -AFFILIATED_WITH-> " + kFama + " @2025-06-12\n" +
            "acled:actor:wagner group -FOUGHT_AT-> " + locality + " @2025-06-12\n" +
            kJnim + " -FOUGHT_AT-> " + locality + " @2025-06-12\n");

  const EdgeDecl* dyad = FindEdge(clash, kFama, "CLASHED_WITH", kJnim);
  REQUIRE(dyad != nullptr);
  CHECK(Str(dyad->attrs, "event_id") == "MLI30001");
  CHECK(Str(dyad->attrs, "event_type") == "Battles");
  CHECK(Str(dyad->attrs, "sub_event_type") == "Armed clash");
  CHECK(Int(dyad->attrs, "fatalities") == 3);
  CHECK(Int(dyad->attrs, "geo_precision") == 1);
  CHECK(Str(dyad->attrs, "source") == "Studio Tamani; Le Monde");
  CHECK(Str(dyad->attrs, "notes").find("clashed with JNIM near Boulkessi (Douentza, Mopti)") != std::string::npos);
  const EdgeDecl* affiliation = FindEdge(clash, "acled:actor:wagner group", "AFFILIATED_WITH", kFama);
  REQUIRE(affiliation != nullptr);
  CHECK(Str(affiliation->attrs, "event_id") == "MLI30001");
}

TEST_CASE("ACLED air strike without a second actor, emoji in notes kept intact", "[acled]") {
  auto results = ReadFile("acled/dyadic.csv");
  const Record& strike = results[1].record;
  CHECK(strike.id == "acled:MLI30002");
  const std::string kardjila = "acled:place:mali/tombouctou/gourma rharous/gossi/kardjila";
  CHECK(FindNode(strike, "acled:place:mali/tombouctou/gourma rharous")->name == "Gourma-Rharous");
  const EdgeDecl* e = FindEdge(strike, kFama, "STRUCK", kardjila);
  REQUIRE(e != nullptr);
  CHECK(e->date.text == "2025-06-12");
  CHECK(Str(e->attrs, "sub_event_type") == "Air/drone strike");
  CHECK(Str(e->attrs, "notes").find("drone \xF0\x9F\x92\xA5 struck") != std::string::npos);  // 💥
  CHECK(Int(e->attrs, "fatalities") == 0);
  // Only the place edge and the admin chain: no actor2.
  CHECK(strike.edges.size() == 5);
}

TEST_CASE("ACLED same-named places in different districts keep different ids", "[acled]") {
  auto results = ReadFile("acled/dyadic.csv");
  const Record& segou = results[2].record;
  const Record& djenne = results[3].record;
  CHECK(FindNode(segou, "acled:place:mali/segou/niono/diabaly/dar salam") != nullptr);
  CHECK(FindNode(djenne, "acled:place:mali/mopti/djenne/femaye/dar salam") != nullptr);

  // Violence against civilians: actor2 and its associated actors.
  const std::string civilians = "acled:actor:civilians (mali)";
  CHECK(FindEdge(segou, kJnim, "ATTACKED", civilians) != nullptr);
  CHECK(FindEdge(segou, civilians, "TARGETED_AT", "acled:place:mali/segou/niono/diabaly/dar salam") != nullptr);
  CHECK(FindEdge(segou, "acled:actor:fulani ethnic group (mali)", "AFFILIATED_WITH", civilians) != nullptr);
  CHECK(FindEdge(segou, "acled:actor:herders (mali)", "AFFILIATED_WITH", civilians) != nullptr);
  CHECK(Str(FindNode(segou, civilians)->attrs, "inter") == "Civilians");
  // Strategic development by sub-event type.
  CHECK(FindEdge(djenne, kJnim, "LOOTED", civilians) != nullptr);
}

TEST_CASE("ACLED locality named like its own admin unit does not match existing nodes", "[acled]") {
  auto results = ReadFile("acled/dyadic.csv");
  const Record& djibo = results[4].record;
  CHECK(djibo.id == "acled:BFO12001");
  const NodeDecl* town = FindNode(djibo, "acled:place:burkina faso/sahel/soum/djibo/djibo");
  REQUIRE(town != nullptr);
  CHECK(town->name == "Djibo");
  CHECK_FALSE(town->match_existing);
  CHECK(FindNode(djibo, "acled:actor:military forces of burkina faso")->aliases ==
        std::vector<std::string>{"Military Forces of Burkina Faso (2022-)"});
}

TEST_CASE("ACLED older export: numeric inter codes, '15 March 2020' dates, another period suffix", "[acled]") {
  auto results = ReadFile("acled/older_numeric_inter.csv");
  REQUIRE(results.size() == 2);
  REQUIRE(results[0].status.ok());
  const Record& clash = results[0].record;
  CHECK(clash.id == "acled:MLI9001");
  // The same actor as "(2021-)" in newer downloads: the same node id.
  const NodeDecl* fama = FindNode(clash, kFama);
  REQUIRE(fama != nullptr);
  CHECK(fama->name == "Military Forces of Mali");
  CHECK(fama->aliases == std::vector<std::string>{"Military Forces of Mali (2012-2021)"});
  CHECK(Str(fama->attrs, "inter") == "State forces");             // 1
  CHECK(Str(FindNode(clash, kJnim)->attrs, "inter") == "Rebel group");  // 2
  const EdgeDecl* dyad = FindEdge(clash, kFama, "CLASHED_WITH", kJnim);
  REQUIRE(dyad != nullptr);
  CHECK(dyad->date.text == "2020-03-15");
  CHECK(clash.source.published == "2020-03-16");

  REQUIRE(results[1].status.ok());
  const Record& protest = results[1].record;
  const NodeDecl* protesters = FindNode(protest, "acled:actor:protesters (mali)");
  REQUIRE(protesters != nullptr);
  CHECK(Str(protesters->attrs, "inter") == "Protesters");  // 6; inter2 "0" is no actor
  CHECK(FindEdge(protest, "acled:actor:protesters (mali)", "PROTESTED_AT",
                 "acled:place:mali/bamako/bamako/bamako/bamako") != nullptr);
  for (const auto& e : protest.edges) CHECK(e.type != "PROTESTED_AGAINST");  // no actor2
}

TEST_CASE("ACLED monadic export: rows of one event merge into one record", "[acled]") {
  // Dates as "01 March 2023", newest first, fields quoted only when they hold
  // a space; every two-actor event appears once per actor.
  auto results = ReadFile("acled/monadic_2023.csv");
  REQUIRE(results.size() == 3);
  for (const auto& r : results) REQUIRE(r.status.ok());

  const Record& clash = results[0].record;
  CHECK(clash.id == "acled:MLI27010");
  CHECK(results[0].line == 2);
  CHECK(results[0].raw.find("\nMLI27010,") != std::string::npos);  // both rows
  CHECK(FindEdge(clash, kFama, "CLASHED_WITH", kJnim) != nullptr);
  CHECK(FindEdge(clash, kJnim, "CLASHED_WITH", kFama) == nullptr);
  CHECK(FindEdge(clash, "acled:actor:wagner group", "AFFILIATED_WITH", kFama) != nullptr);
  const EdgeDecl* dyad = FindEdge(clash, kFama, "CLASHED_WITH", kJnim);
  CHECK(dyad->date.text == "2023-03-03");
  CHECK(Int(dyad->attrs, "fatalities") == 7);  // not 14: each row repeats the event's count
  CHECK(Str(FindNode(clash, kJnim)->attrs, "inter") == "Rebel group");
  CHECK(Str(FindNode(clash, kFama)->attrs, "inter") == "State forces");

  // Rows of MLI27012 are not adjacent (MLI27013 comes between) but share
  // their date: still one record, in the place of its first row.
  const Record& attack = results[1].record;
  CHECK(attack.id == "acled:MLI27012");
  CHECK(results[1].line == 4);
  const std::string armed = "acled:actor:unidentified armed group (mali)";
  const std::string civilians = "acled:actor:civilians (mali)";
  CHECK(FindEdge(attack, armed, "ATTACKED", civilians) != nullptr);
  CHECK(FindEdge(attack, "acled:actor:dogon ethnic group (mali)", "AFFILIATED_WITH", civilians) != nullptr);
  CHECK(FindEdge(attack, armed, "ATTACKED", "acled:place:mali/mopti/bankass/sokoura/sokoura")->date.text ==
        "2023-03-01");

  CHECK(results[2].record.id == "acled:MLI27013");
  CHECK(results[2].line == 5);
}

TEST_CASE("ACLED HDX copy: HXL hashtag row skipped, CRLF line ends", "[acled]") {
  auto results = ReadFile("acled/hdx_crlf.csv");
  REQUIRE(results.size() == 2);
  REQUIRE(results[0].status.ok());
  REQUIRE(results[1].status.ok());
  CHECK(results[0].record.id == "acled:BFO11001");
  CHECK(results[0].line == 3);
  CHECK(results[1].line == 4);
  for (const auto& r : results) {
    CHECK(Dump(r.record).find('\r') == std::string::npos);
    CHECK(r.raw.find('\r') == std::string::npos);
  }
  const Record& ied = results[0].record;
  CHECK(FindEdge(ied, kJnim, "ATTACKED", "acled:actor:military forces of burkina faso") != nullptr);
  const EdgeDecl* e = FindEdge(ied, kJnim, "ATTACKED", "acled:place:burkina faso/centre nord/sanmatenga/barsalogho/barsalogho");
  REQUIRE(e != nullptr);
  CHECK(Int(e->attrs, "fatalities") == 6);
  CHECK(Str(e->attrs, "notes") == "An IED hit an army convoy near Barsalogho, Sanmatenga.");
  const NodeDecl* bogande = FindNode(results[1].record, "acled:place:burkina faso/est/gnagna/bogande/bogande");
  REQUIRE(bogande != nullptr);
  CHECK(bogande->name == "Bogand\xC3\xA9");
}

TEST_CASE("ACLED API JSON: every value a string", "[acled]") {
  auto results = ReadFile("acled/api.json");
  REQUIRE(results.size() == 2);
  REQUIRE(results[0].status.ok());
  REQUIRE(results[1].status.ok());
  const Record& strike = results[0].record;
  CHECK(strike.id == "acled:MLI30101");
  CHECK(results[0].line == 2);
  const std::string place = "acled:place:mali/mopti/douentza/mondoro/boulikessi";
  const NodeDecl* boulikessi = FindNode(strike, place);
  REQUIRE(boulikessi != nullptr);
  CHECK(boulikessi->name == "Boulikessi");
  CHECK(boulikessi->match_existing);  // a hand-coded node with alias "Boulikessi" absorbs it
  REQUIRE(boulikessi->coords.has_value());
  CHECK(boulikessi->coords->first == Approx(14.73));
  const EdgeDecl* e = FindEdge(strike, kFama, "STRUCK", kJnim);
  REQUIRE(e != nullptr);
  CHECK(Int(e->attrs, "fatalities") == 4);
  CHECK(Int(e->attrs, "geo_precision") == 1);
  CHECK(Str(e->attrs, "event_type") == "Explosions/Remote violence");
  CHECK(Str(e->attrs, "notes").find("\"Several\" fighters") != std::string::npos);
  CHECK(FindEdge(strike, kJnim, "TARGETED_AT", place) != nullptr);
  CHECK(strike.source.published == "2025-06-17");

  const Record& retaken = results[1].record;
  CHECK(FindNode(retaken, "acled:place:mali/segou")->name == "S\xC3\xA9gou");
  CHECK(FindEdge(retaken, "acled:actor:dozo militia", "AFFILIATED_WITH", kFama) != nullptr);
  CHECK(FindEdge(retaken, "acled:actor:wagner group", "AFFILIATED_WITH", kFama) != nullptr);
  CHECK(FindEdge(retaken, kFama, "CLASHED_WITH", kJnim) != nullptr);
  CHECK(FindEdge(retaken, kFama, "CLASHED_WITH", kJnim)->attrs.count("notes") == 0);  // empty notes
}

TEST_CASE("ACLED bad rows: InvalidArgument naming field and line, then the next row", "[acled]") {
  auto results = ReadFile("acled/bad_rows.csv");
  REQUIRE(results.size() == 6);
  CHECK(results[0].status.ok());
  CHECK(results[0].record.id == "acled:MLI20001");
  CHECK(results[0].line == 2);

  CHECK(results[1].status.IsInvalidArgument());
  CHECK(results[1].status.message() == "event_date: cannot read date \"31 Febtember 2020\"");
  CHECK(results[1].line == 3);
  CHECK(results[1].raw.rfind("MLI20002,31 Febtember 2020,", 0) == 0);

  CHECK(results[2].status.message() == "fatalities: not a whole number \"three\"");
  CHECK(results[2].line == 4);
  CHECK(results[3].status.message() == "inter1: unknown interaction code \"9\"");
  CHECK(results[3].line == 5);
  CHECK(results[4].status.message() == "row has 21 fields, the header has 22");
  CHECK(results[4].line == 6);

  CHECK(results[5].status.ok());
  CHECK(results[5].record.id == "acled:MLI20006");
  CHECK(results[5].line == 7);
}

TEST_CASE("ACLED re-reading an export gives identical records", "[acled]") {
  auto a = ReadFile("acled/dyadic.csv");
  auto b = ReadFile("acled/dyadic.csv");
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK(Dump(a[i].record) == Dump(b[i].record));
}

TEST_CASE("ACLED revised event: same record id, new content", "[acled]") {
  std::string row =
      "MLI1,2024-01-05,Battles,Armed clash,Military Forces of Mali (2021-),,1,"
      "JNIM: Jamaah Nusrat al Islam wal Muslimin,,2,Mali,Mopti,Douentza,Mondoro,Boulkessi,14.73,-1.61,1,AFP,,";
  auto v1 = ReadText(std::string(kHeader) + row + "2,1704500000\n");
  auto v2 = ReadText(std::string(kHeader) + row + "5,1705000000\n");
  REQUIRE(v1.size() == 1);
  REQUIRE(v2.size() == 1);
  CHECK(v1[0].record.id == v2[0].record.id);
  CHECK(Int(FindEdge(v2[0].record, kFama, "CLASHED_WITH", kJnim)->attrs, "fatalities") == 5);
  CHECK(Dump(v1[0].record) != Dump(v2[0].record));
}

TEST_CASE("ACLED rows of one event that disagree are rejected", "[acled]") {
  std::string a =
      "MLI2,2024-01-05,Battles,Armed clash,Military Forces of Mali (2021-),,1,"
      "JNIM: Jamaah Nusrat al Islam wal Muslimin,,2,Mali,Mopti,Douentza,Mondoro,Boulkessi,14.73,-1.61,1,AFP,,2,\n";
  std::string b =
      "MLI2,2024-01-05,Battles,Armed clash,JNIM: Jamaah Nusrat al Islam wal Muslimin,,2,,,,"
      "Mali,Mopti,Douentza,Mondoro,Dinangourou,14.73,-1.61,1,AFP,,2,\n";
  auto results = ReadText(std::string(kHeader) + a + b);
  REQUIRE(results.size() == 1);
  CHECK(results[0].status.IsInvalidArgument());
  CHECK(results[0].status.message() ==
        "location: rows of event MLI2 differ: \"Boulkessi\" at line 2, \"Dinangourou\" here");
  CHECK(results[0].line == 3);
}

TEST_CASE("ACLED rows of one event on different dates stay separate versions", "[acled]") {
  std::string a =
      "MLI3,2024-01-06,Protests,Peaceful protest,Protesters (Mali),,6,,,,Mali,Bamako,Bamako,Bamako,Bamako,,,1,,,0,\n";
  std::string b =
      "MLI4,2024-01-05,Protests,Peaceful protest,Protesters (Mali),,6,,,,Mali,Kayes,Kayes,Kayes,Kayes,,,1,,,0,\n";
  std::string c =
      "MLI3,2024-01-04,Protests,Peaceful protest,Protesters (Mali),,6,,,,Mali,Bamako,Bamako,Bamako,Bamako,,,1,,,0,\n";
  auto results = ReadText(std::string(kHeader) + a + b + c);
  REQUIRE(results.size() == 3);
  CHECK(results[0].record.id == "acled:MLI3");
  CHECK(results[1].record.id == "acled:MLI4");
  CHECK(results[2].record.id == "acled:MLI3");  // a later version of the same record
  CHECK(results[2].line == 4);
}

TEST_CASE("ACLED CSV without a required column", "[acled]") {
  auto results = ReadText("event_id_cnty,event_type,actor1,country,location\nMLI5,Battles,X,Mali,Gao\n");
  REQUIRE(results.size() == 1);
  CHECK(results[0].status.IsInvalidArgument());
  CHECK(results[0].status.message() == "header: no column \"event_date\", which ACLED CSV files have");
  CHECK(results[0].line == 1);
}

TEST_CASE("ACLED JSON: a malformed row is rejected alone, an error response says so", "[acled]") {
  auto results = ReadText(
      "{\"success\": true, \"data\": [\n"
      "  {\"event_id_cnty\": \"MLI6\" \"event_date\": \"2024-01-01\"},\n"
      "  {\"event_id_cnty\": \"MLI7\", \"event_date\": \"2024-01-02\", \"event_type\": \"Riots\",\n"
      "   \"sub_event_type\": \"Mob violence\", \"actor1\": \"Rioters (Mali)\", \"actor2\": \"Civilians (Mali)\",\n"
      "   \"country\": \"Mali\", \"location\": \"Sikasso\"}\n"
      "]}\n");
  REQUIRE(results.size() == 2);
  CHECK(results[0].status.IsInvalidArgument());
  CHECK(results[0].line == 2);
  CHECK(results[0].status.message().rfind("JSON: ", 0) == 0);
  REQUIRE(results[1].status.ok());
  CHECK(results[1].line == 3);
  CHECK(FindEdge(results[1].record, "acled:actor:rioters (mali)", "ATTACKED", "acled:actor:civilians (mali)") !=
        nullptr);
  CHECK(FindEdge(results[1].record, "acled:actor:rioters (mali)", "RIOTED_AT", "acled:place:mali/sikasso") !=
        nullptr);

  auto error = ReadText("{\"status\": 403, \"success\": false, \"error\": {\"message\": \"Access denied\"}}");
  REQUIRE(error.size() == 1);
  CHECK(error[0].status.IsInvalidArgument());
  CHECK(error[0].status.message().find("no \"data\" array in the ACLED response") != std::string::npos);
  CHECK(error[0].status.message().find("Access denied") != std::string::npos);
}


// region_year.csv: seven events (newest first, numeric inter codes, as the
// export tool writes them), six in Mopti, five of those in 2021.
const std::string kFamaOld = "acled:actor:military forces of mali";
const std::string kJnimGsim = "acled:actor:jnim: group for support of islam and muslims";
const std::string kDounde = "acled:place:mali/mopti/bankass/segue/dounde";

const Record& EventRecord(const std::vector<ReadResult>& results, const std::string& id) {
  for (const auto& r : results) {
    if (r.record.id == id) return r.record;
  }
  FAIL("no record " << id);
  return results[0].record;
}

TEST_CASE("ACLED actor against itself keeps both sides' associated actors", "[acled]") {
  // Regression: with actor1 == actor2 the row's assoc_actor_2 was dropped
  // (24 events of the 2015-2023 Mali export; two actors never appeared).
  auto results = ReadFile("acled/region_year.csv");
  REQUIRE(results.size() == 7);
  for (const auto& r : results) REQUIRE(r.status.ok());
  const Record& rec = EventRecord(results, "acled:MLI90003");
  const std::string dna = "acled:actor:dan na ambassagou";
  const std::string place = "acled:place:mali/mopti/bandiagara/bandiagara/bandiagara";
  for (const std::string assoc : {"acled:actor:dozo militia", "acled:actor:dogon ethnic militia (mali)"}) {
    INFO(assoc);
    REQUIRE(FindNode(rec, assoc) != nullptr);
    CHECK(FindEdge(rec, assoc, "AFFILIATED_WITH", dna) != nullptr);
    CHECK(FindEdge(rec, assoc, "FOUGHT_AT", place) != nullptr);
    CHECK(FindNode(rec, assoc)->match->role == "identity_militia");
  }
  CHECK(FindEdge(rec, dna, "CLASHED_WITH", dna) == nullptr);  // no dyad with itself
  CHECK(FindEdge(rec, dna, "FOUGHT_AT", place) != nullptr);
}

TEST_CASE("ACLED two events of one actor at one place on one day: edges keyed by event id", "[acled]") {
  auto results = ReadFile("acled/region_year.csv");
  const Record& first = EventRecord(results, "acled:MLI90001");
  const Record& second = EventRecord(results, "acled:MLI90002");
  const EdgeDecl* a = FindEdge(first, kFamaOld, "FOUGHT_AT", kDounde);
  const EdgeDecl* b = FindEdge(second, kFamaOld, "FOUGHT_AT", kDounde);
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  // Same (from, type, to, date): only the key tells the two events apart.
  CHECK(a->date.text == b->date.text);
  CHECK(a->key == "MLI90001");
  CHECK(b->key == "MLI90002");
  CHECK(Int(a->attrs, "fatalities") == 4);
  CHECK(Int(b->attrs, "fatalities") == 6);
  CHECK(std::get<double>(a->attrs.at("latitude")) == Approx(13.9581));
  CHECK(std::get<double>(a->attrs.at("longitude")) == Approx(-3.7103));
  // Every edge of an event has its key; the place chain's LOCATED_IN none.
  for (const auto& r : results) {
    for (const EdgeDecl& e : r.record.edges) {
      INFO(r.record.id << " " << e.from << " " << e.type << " " << e.to);
      if (e.type == "LOCATED_IN") {
        CHECK(e.key.empty());
        CHECK_FALSE(e.date.dated());
      } else {
        CHECK("acled:" + e.key == r.record.id);
      }
    }
  }
}

TEST_CASE("ACLED timestamp is the record's version", "[acled]") {
  auto results = ReadFile("acled/region_year.csv");
  CHECK(EventRecord(results, "acled:MLI90001").version == 1615000000);
  CHECK(EventRecord(results, "acled:MLI90002").version == 1615000001);
  // Monadic rows of one event: the latest revision.
  auto rows = ReadText(std::string(kHeader) +
                       "M1,2020-01-02,Battles,Armed clash,A,,1,,,,Mali,Gao,Gao,Gao,Gao,,,,,,1,100\n"
                       "M1,2020-01-02,Battles,Armed clash,B,,2,,,,Mali,Gao,Gao,Gao,Gao,,,,,,1,120\n"
                       "M2,2020-01-02,Battles,Armed clash,B,,2,,,,Mali,Gao,Gao,Gao,Gao,,,,,,1,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].record.version == 120);
  CHECK_FALSE(rows[1].record.version.has_value());
}

TEST_CASE("ACLED match rules: dataset, region of places, role of actors", "[acled]") {
  auto results = ReadFile("acled/region_year.csv");
  const Record& rec = EventRecord(results, "acled:MLI90001");
  struct Expect {
    std::string id;
    bool match;
    std::string region, role;
  };
  for (const Expect& x : {Expect{"acled:place:mali", true, "", ""},
                          Expect{"acled:place:mali/mopti", true, "mopti", ""},
                          Expect{"acled:place:mali/mopti/bankass", false, "", ""},
                          Expect{"acled:place:mali/mopti/bankass/segue", false, "", ""},
                          Expect{kDounde, true, "mopti", ""},
                          Expect{kFamaOld, true, "", "state_forces"},
                          Expect{kJnimGsim, true, "", "rebel_group"},
                          // An associated actor takes the role of its actor.
                          Expect{"acled:actor:dan na ambassagou", true, "", "state_forces"}}) {
    INFO(x.id);
    const NodeDecl* n = FindNode(rec, x.id);
    REQUIRE(n != nullptr);
    CHECK(n->match_existing == x.match);
    REQUIRE(n->match.has_value() == x.match);
    if (!x.match) continue;
    CHECK(n->match->dataset == "acled");
    CHECK(n->match->region == x.region);
    CHECK(n->match->role == x.role);
  }
  // A locality named like its admin units matches nothing.
  CHECK_FALSE(FindNode(EventRecord(results, "acled:MLI90007"), "acled:place:mali/mopti/mopti/mopti/mopti")
                  ->match.has_value());
  // Roles from every interaction code, numeric or written.
  const NodeDecl* armed = FindNode(EventRecord(results, "acled:MLI90004"), "acled:actor:unidentified armed group (mali)");
  CHECK(armed->match->role == "political_militia");
  const NodeDecl* civilians = FindNode(EventRecord(results, "acled:MLI90004"), "acled:actor:civilians (mali)");
  CHECK(civilians->match->role == "civilians");
  CHECK(FindNode(EventRecord(results, "acled:MLI90007"), "acled:actor:protesters (mali)")->match->role ==
        "protesters");
  auto labelled = ReadText(std::string(kHeader) +
                           "L1,2020-01-02,Riots,Violent demonstration,Rioters (Mali),,Rioters,"
                           "Wagner Group,,External/Other forces,Mali,Gao,Gao,Gao,Gao,,,,,,0,1\n");
  REQUIRE(labelled.size() == 1);
  REQUIRE(labelled[0].status.ok());
  CHECK(FindNode(labelled[0].record, "acled:actor:rioters (mali)")->match->role == "rioters");
  CHECK(FindNode(labelled[0].record, "acled:actor:wagner group")->match->role == "external");
}

TEST_CASE("ACLED an actor's own code decides its role over an associate's", "[acled]") {
  // JNIM is associated with Katiba Macina (a rebel group) in one row and
  // named as actor2 (state forces, for the sake of the test) in the same event.
  auto rows = ReadText(std::string(kHeader) +
                       "R1,2020-01-02,Battles,Armed clash,Katiba Macina,JNIM,2,JNIM,,1,Mali,Gao,Gao,Gao,Gao,,,,,,0,1\n");
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].status.ok());
  CHECK(FindNode(rows[0].record, "acled:actor:jnim")->match->role == "state_forces");
}

TEST_CASE("ACLED real monadic layout: one record per event with every actor of its rows", "[acled]") {
  // monadic_2020.csv has the monadic export's header: data_id first, no
  // actor2, inter2 or assoc_actor_2 columns; two rows per two-actor event.
  auto results = ReadFile("acled/monadic_2020.csv");
  REQUIRE(results.size() == 3);
  for (const auto& r : results) REQUIRE(r.status.ok());
  const Record& attack = results[0].record;
  CHECK(attack.id == "acled:MLI90101");
  const std::string civilians = "acled:actor:civilians (mali)";
  const std::string macina = "acled:actor:katiba macina";
  CHECK(FindEdge(attack, macina, "ATTACKED", civilians) != nullptr);
  for (const std::string assoc : {"acled:actor:farmers (mali)", "acled:actor:health workers (mali)"}) {
    CHECK(FindEdge(attack, assoc, "AFFILIATED_WITH", civilians) != nullptr);
  }
  CHECK(FindEdge(attack, "acled:actor:jnim: group for support of islam and muslims", "AFFILIATED_WITH", macina) !=
        nullptr);
  CHECK(Int(FindEdge(attack, macina, "ATTACKED", civilians)->attrs, "fatalities") == 2);

  // Both rows name the same actor, each with its own associate: one side.
  const Record& infighting = results[1].record;
  CHECK(infighting.id == "acled:MLI90102");
  const std::string dna = "acled:actor:dan na ambassagou";
  CHECK(FindEdge(infighting, "acled:actor:dozo militia", "AFFILIATED_WITH", dna) != nullptr);
  CHECK(FindEdge(infighting, "acled:actor:dogon ethnic militia (mali)", "AFFILIATED_WITH", dna) != nullptr);
  CHECK(results[2].record.id == "acled:MLI90103");
}

}  // namespace
}  // namespace kg
