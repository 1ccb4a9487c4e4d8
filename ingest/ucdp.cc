#include "ingest/ucdp.h"

#include <cctype>
#include <optional>
#include <vector>

#include "graph/normalize.h"
#include "ingest/dataset_record.h"
#include "ingest/dataset_rows.h"
#include "ingest/dataset_text.h"

namespace kg {
namespace {

enum Col : size_t {
  kId, kSideA, kSideB, kTypeOfViolence, kDyadName, kCountry, kAdm1, kAdm2, kWhereCoordinates, kLatitude,
  kLongitude, kDateStart, kDateEnd, kBest, kDeathsCivilians, kSourceArticle,
};

const DatasetFormat& UcdpFormat() {
  static const DatasetFormat format{
      "UCDP GED",
      {"id", "side_a", "side_b", "type_of_violence", "dyad_name", "country", "adm_1", "adm_2",
       "where_coordinates", "latitude", "longitude", "date_start", "date_end", "best", "deaths_civilians",
       "source_article"},
      {kId, kSideA, kSideB, kTypeOfViolence, kCountry, kDateStart},
      "Result"};
  return format;
}

constexpr size_t kMaxSourceBytes = 500;

// Edge types by type_of_violence (docs/DATASETS.md). UCDP's side_a is the
// government in state-based violence, not the side that struck first, so
// both state-based and non-state violence are clashes.
struct ViolenceTypes {
  const char* label;   // attrs.type_of_violence
  const char* dyad;    // side_a to side_b
  const char* a_place; // side_a to the place
  const char* b_place; // side_b to the place
};
const ViolenceTypes kViolence[] = {
    {"state-based", "CLASHED_WITH", "FOUGHT_AT", "FOUGHT_AT"},
    {"non-state", "CLASHED_WITH", "FOUGHT_AT", "FOUGHT_AT"},
    {"one-sided", "ATTACKED", "ATTACKED", "TARGETED_AT"},
};

bool IsCivilians(const std::string& label) {
  static const std::string kCivilians = "civilians";
  if (label.size() != kCivilians.size()) return false;
  for (size_t i = 0; i < label.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(label[i])) != kCivilians[i]) return false;
  }
  return true;
}

// An admin level as UCDP names it ("Gao region"): the name without the
// suffix, the raw name as an alias.
DatasetRecord::PlaceLevel AdminLevel(const char* field, const char* level, const std::string& raw) {
  DatasetRecord::PlaceLevel l{field, level, StripPlaceSuffix(raw), {}};
  if (l.name != raw) l.aliases.push_back(raw);
  return l;
}

// The match role of a side: governments are state forces and civilians are
// civilians; the opposition in state-based violence is a rebel group, as
// UCDP defines it (a formally organized group contesting a government or a
// territory). GED does not say what the other non-state sides are (rebels,
// militias or communal groups): their role is unknown.
std::string SideRole(const std::string& label, int64_t type_of_violence, int side) {
  std::string norm = NormalizeName(label);
  if (norm.rfind("government of ", 0) == 0) return "state_forces";
  if (norm == "civilians" || norm.rfind("civilians ", 0) == 0) return "civilians";
  if (type_of_violence == 1 && side == 1) return "rebel_group";
  return "";
}

}  // namespace

std::optional<int64_t> UcdpReleaseVersion(const std::string& file_name) {
  size_t slash = file_name.find_last_of('/');
  std::string name = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto digits = [&](size_t* pos) {
    size_t b = *pos;
    while (*pos < name.size() && std::isdigit(static_cast<unsigned char>(name[*pos]))) ++*pos;
    return name.substr(b, *pos - b);
  };
  auto sep = [&](size_t pos) { return pos < name.size() && (name[pos] == '_' || name[pos] == '.' || name[pos] == '-'); };
  for (size_t i = 0; i < name.size(); ++i) {
    size_t p;
    if (name.compare(i, 3, "ged") == 0) {
      p = i + 3;
    } else if (name[i] == 'v' && (i == 0 || !std::isalpha(static_cast<unsigned char>(name[i - 1])))) {
      p = i + 1;
    } else {
      continue;
    }
    if (sep(p)) ++p;
    std::string d = digits(&p);
    int64_t major = 0, minor = 0, patch = 0;
    if (d.size() == 3) {  // ged231
      major = std::stoll(d.substr(0, 2));
      minor = d[2] - '0';
    } else if (d.size() == 2 && sep(p)) {  // v23_1, v24_0_5, ged_25.1
      major = std::stoll(d);
      ++p;
      std::string m = digits(&p);
      if (m.size() != 1) continue;
      minor = m[0] - '0';
      if (sep(p) && p + 1 < name.size() && std::isdigit(static_cast<unsigned char>(name[p + 1]))) {
        ++p;
        std::string q = digits(&p);
        if (q.size() > 2) continue;
        patch = std::stoll(q);
      }
    } else {
      continue;
    }
    if (p < name.size() && std::isalnum(static_cast<unsigned char>(name[p]))) continue;
    return major * 10000 + minor * 100 + patch;
  }
  return std::nullopt;
}

namespace {

class UcdpReader : public RecordReader {
 public:
  UcdpReader(std::istream* in, const std::string& file_name)
      : rows_(NewRowSource(in, UcdpFormat())), release_(UcdpReleaseVersion(file_name)) {}

  Status Next(Record* record, bool* done) override {
    DatasetRow row;
    Status s = rows_->Next(&row, done);
    line_ = row.line;
    raw_ = std::move(row.raw);
    if (!s.ok() || *done) return s;
    *record = Record();
    return MapEvent(row.values, record);
  }

  uint64_t line() const override { return line_; }
  const std::string& raw() const override { return raw_; }
  uint64_t bytes_read() const override { return rows_->bytes_read(); }

 private:
  Status MapEvent(const std::vector<std::string>& v, Record* record) {
    std::string id = Trim(v[kId]);
    if (id.empty()) return Status::InvalidArgument("id: empty");
    KG_RETURN_IF_ERROR(CheckName("id", id));
    DatasetRecord rec("ucdp", "ucdp:" + id);

    std::optional<int64_t> tov;
    KG_RETURN_IF_ERROR(ReadCount("type_of_violence", v[kTypeOfViolence], &tov));
    if (!tov || *tov < 1 || *tov > 3) {
      return Status::InvalidArgument("type_of_violence: expected 1, 2 or 3, got \"" +
                                     TruncateUtf8(Trim(v[kTypeOfViolence]), 40) + "\"");
    }
    const ViolenceTypes& types = kViolence[*tov - 1];

    std::string start, end;
    KG_RETURN_IF_ERROR(ReadDate("date_start", v[kDateStart], &start));
    if (Trim(v[kDateEnd]).empty()) {
      end = start;
    } else {
      KG_RETURN_IF_ERROR(ReadDate("date_end", v[kDateEnd], &end));
    }
    if (end < start) return Status::InvalidArgument("date_end: " + end + " is before date_start " + start);
    DateRange date;
    if (!ParseDateRange(start == end ? start : start + "/" + end, &date)) {
      return Status::InvalidArgument("date_start: cannot read date \"" + start + "\"");
    }

    // The two sides; "Civilians" is qualified by the country, as ACLED does.
    std::string country = Trim(v[kCountry]);
    std::string side_ids[2];
    static const Col kSides[] = {kSideA, kSideB};
    static const char* const kSideNames[] = {"side_a", "side_b"};
    for (int k = 0; k < 2; ++k) {
      std::string label = Trim(v[kSides[k]]);
      if (IsCivilians(label) && !country.empty()) label += " (" + country + ")";
      KG_RETURN_IF_ERROR(rec.AddActor(kSideNames[k], label, SideRole(label, *tov, k), &side_ids[k]));
    }

    // The place: the admin chain, then where_coordinates, unless it names one
    // of the admin levels (events known only to a region or a country).
    std::vector<DatasetRecord::PlaceLevel> chain = {{"country", "country", country, {}},
                                                    AdminLevel("adm_1", "admin1", Trim(v[kAdm1])),
                                                    AdminLevel("adm_2", "admin2", Trim(v[kAdm2]))};
    std::string where = Trim(v[kWhereCoordinates]);
    bool locality = !where.empty();
    std::string where_norm = NormalizeName(where);
    for (size_t i = chain.size(); locality && i-- > 0;) {
      const auto& level = chain[i];
      std::string raw = level.aliases.empty() ? level.name : level.aliases[0];
      if (!raw.empty() && NormalizeName(raw) == where_norm) {
        chain.resize(i + 1);
        locality = false;
      }
    }
    if (locality) {
      DatasetRecord::PlaceLevel l{"where_coordinates", "locality", StripPlaceSuffix(where), {}};
      if (l.name != where) l.aliases.push_back(where);
      chain.push_back(std::move(l));
    }
    std::string place;
    KG_RETURN_IF_ERROR(rec.AddPlaceChain(chain, &place));
    std::optional<double> lat, lon;
    KG_RETURN_IF_ERROR(ReadNumber("latitude", v[kLatitude], -90, 90, &lat));
    KG_RETURN_IF_ERROR(ReadNumber("longitude", v[kLongitude], -180, 180, &lon));
    if (lat.has_value() != lon.has_value()) {
      return Status::InvalidArgument(lat ? "longitude: empty while latitude is given"
                                         : "latitude: empty while longitude is given");
    }
    if (lat && locality) rec.Node(place, NodeKind::kLocation)->coords = {{*lat, *lon}};

    // The edges.
    std::optional<int64_t> best, civilians;
    KG_RETURN_IF_ERROR(ReadCount("best", v[kBest], &best));
    KG_RETURN_IF_ERROR(ReadCount("deaths_civilians", v[kDeathsCivilians], &civilians));
    std::string dyad_name = Trim(v[kDyadName]);
    std::string source = Trim(v[kSourceArticle]);
    KG_RETURN_IF_ERROR(CheckText("dyad_name", dyad_name));
    KG_RETURN_IF_ERROR(CheckText("source_article", source));
    Attrs attrs;
    attrs["event_id"] = id;
    attrs["type_of_violence"] = std::string(types.label);
    if (!dyad_name.empty()) attrs["dyad_name"] = dyad_name;
    if (best) attrs["fatalities"] = *best;
    if (civilians) attrs["deaths_civilians"] = *civilians;
    if (!source.empty()) attrs["source"] = TruncateUtf8(source, kMaxSourceBytes);
    if (lat) {
      attrs["latitude"] = *lat;
      attrs["longitude"] = *lon;
    }
    if (side_ids[0] != side_ids[1]) rec.AddEdge(side_ids[0], types.dyad, side_ids[1], date, id, attrs);
    rec.AddEdge(side_ids[0], types.a_place, place, date, id, attrs);
    rec.AddEdge(side_ids[1], types.b_place, place, date, id, attrs);

    rec.record().source.title = "UCDP GED event " + id;
    rec.record().source.publisher = "UCDP";
    rec.record().version = release_;
    *record = std::move(rec.record());
    return Status::OK();
  }

  std::unique_ptr<RowSource> rows_;
  std::optional<int64_t> release_;
  uint64_t line_ = 0;
  std::string raw_;
};

}  // namespace

std::unique_ptr<RecordReader> NewUcdpReader(std::istream* in, const std::string& file_name) {
  return std::make_unique<UcdpReader>(in, file_name);
}

}  // namespace kg
