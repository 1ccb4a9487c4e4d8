// The GeoJSON export: GDAL's ogrinfo reads it, counts the features, sees the
// properties and puts Tombouctou at lon -3.01, lat 16.77.
#include <sstream>

#include "query/export_test_util.h"
#include "query/geojson_writer.h"

namespace kg::test {
namespace {

std::string Str(const rapidjson::Value& v) {
  REQUIRE(v.IsString());
  return std::string(v.GetString(), v.GetStringLength());
}

std::string GeoJson(const GraphSource& source, GeoJsonResult* result) {
  std::ostringstream out;
  KG_REQUIRE_OK(WriteGeoJson(source, &out, result));
  return out.str();
}

const rapidjson::Value& Feature(const rapidjson::Document& doc, const std::string& id) {
  for (const auto& f : doc["features"].GetArray()) {
    if (Str(f["properties"]["id"]) == id) return f;
  }
  FAIL("no feature " << id);
  throw std::logic_error("unreachable");
}

TEST_CASE_METHOD(TempStore, "GeoJSON of the seed graph reads in GDAL, [lon, lat] in that order",
                 "[export][geojson]") {
  KG_REQUIRE_OK(IngestExamples());
  KG_REQUIRE_OK(ApplyAll(R"({"record": "nowhere", "nodes": [
      {"id": "nowhere", "kind": "location", "name": "Nowhere"},
      {"id": "elsewhere", "kind": "location", "name": "Elsewhere"}]})"));
  GeoJsonResult result;
  std::string text = GeoJson(StoreSource(reader()), &result);
  REQUIRE(result.features == 7);
  REQUIRE(result.without_coords == 2);

  TempDir dir("kg_geojson");
  std::string path = dir.Write("seed.geojson", text);
  ToolResult summary = RunTool("ogrinfo -ro -al -so " + path);
  INFO(summary);
  REQUIRE(summary.exit_code == 0);
  REQUIRE(summary.err.empty());
  REQUIRE(summary.out.find("Geometry: Point") != std::string::npos);
  REQUIRE(summary.out.find("Feature Count: 7") != std::string::npos);
  for (const char* field : {"id: String", "name: String", "level: String", "aliases: String(JSON)",
                            "degree: Integer", "events: String(JSON)"}) {
    CAPTURE(field);
    REQUIRE(summary.out.find(field) != std::string::npos);
  }

  ToolResult all = RunTool("ogrinfo -ro -al " + path);
  INFO(all);
  REQUIRE(all.exit_code == 0);
  REQUIRE(all.err.empty());
  size_t tomb = all.out.find("id (String) = tombouctou");
  REQUIRE(tomb != std::string::npos);
  std::string feature = all.out.substr(tomb, all.out.find("OGRFeature", tomb) - tomb);
  CHECK(feature.find("name (String) = Tombouctou") != std::string::npos);
  CHECK(feature.find("level (String) = region") != std::string::npos);
  CHECK(feature.find("degree (Integer) = 2") != std::string::npos);
  CHECK(feature.find("POINT (-3.01 16.77)") != std::string::npos);
  REQUIRE(all.out.find("Nowhere") == std::string::npos);

  // The properties, read as JSON: Boulkessi's two strikes, oldest first,
  // with FAMa as the other side.
  rapidjson::Document doc;
  ParseJson(text, &doc);
  REQUIRE(Str(doc["type"]) == "FeatureCollection");
  const rapidjson::Value& b = Feature(doc, "boulkessi");
  REQUIRE(Str(b["type"]) == "Feature");
  REQUIRE(Str(b["geometry"]["type"]) == "Point");
  REQUIRE(b["geometry"]["coordinates"][0].GetDouble() == -1.61);
  REQUIRE(b["geometry"]["coordinates"][1].GetDouble() == 14.73);
  const rapidjson::Value& p = b["properties"];
  REQUIRE(Str(p["name"]) == "Boulkessi");
  REQUIRE(Str(p["level"]) == "locality");
  REQUIRE(JsonStrings(p["aliases"]) == std::vector<std::string>{"Boulikessi"});
  REQUIRE(p["degree"].GetUint() == 3);  // two strikes and LOCATED_IN
  REQUIRE(p["events"].Size() == 2);
  REQUIRE(Str(p["events"][0]["date"]) == "2025-06");
  REQUIRE(Str(p["events"][1]["date"]) == "2025-06-17");
  for (const auto& e : p["events"].GetArray()) {
    REQUIRE(Str(e["type"]) == "STRUCK");
    REQUIRE(Str(e["direction"]) == "in");
    REQUIRE(Str(e["other"]["id"]) == "fama");
    REQUIRE(Str(e["other"]["name"]) == "Forces armées maliennes");
  }
  REQUIRE(Feature(doc, "mali")["properties"]["events"].Size() == 0);  // undated edges are no events
}

TEST_CASE_METHOD(TempStore, "GeoJSON of hostile names reads in GDAL", "[export][geojson]") {
  KG_REQUIRE_OK(ApplyAll(kHostileRecords));
  GeoJsonResult result;
  std::string text = GeoJson(StoreSource(reader()), &result);
  REQUIRE(result.features == 2);
  REQUIRE(result.without_coords == 1);
  TempDir dir("kg_geojson");
  std::string path = dir.Write("hostile.geojson", text);
  ToolResult all = RunTool("ogrinfo -ro -al " + path);
  INFO(text);
  INFO(all);
  REQUIRE(all.exit_code == 0);
  REQUIRE(all.err.empty());
  REQUIRE(all.out.find("Feature Count: 2") != std::string::npos);
  REQUIRE(all.out.find("name (String) = <b>bold</b> & {braces} | [x] ; = -> --") != std::string::npos);
  REQUIRE(all.out.find("level (String) = <level>") != std::string::npos);
  REQUIRE(all.out.find("POINT (-8.25 12.5)") != std::string::npos);
  rapidjson::Document doc;
  ParseJson(text, &doc);
  const rapidjson::Value& uni = Feature(doc, "uni")["properties"];
  REQUIRE(Str(uni["name"]) == "Tombouctou — تمبكتو 中文 😀 Ñ  two  spaces");
  REQUIRE(uni["level"].IsNull());
  REQUIRE(uni["events"].Size() == 2);
  REQUIRE(Str(uni["events"][0]["date"]) == "2025");  // starts first
  REQUIRE(Str(uni["events"][1]["date"]) == "2025-03/2025-04");
  REQUIRE(Str(uni["events"][0]["other"]["name"]) == "x\"]; \"evil\" [label=\"pwned\"]; \"y");
}

TEST_CASE_METHOD(TempStore, "GeoJSON of an empty store is an empty FeatureCollection", "[export][geojson]") {
  GeoJsonResult result;
  std::string text = GeoJson(StoreSource(reader()), &result);
  REQUIRE(text == "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n");
  REQUIRE(result.features == 0);
  REQUIRE(result.without_coords == 0);
}

}  // namespace
}  // namespace kg::test
