#include "ingest/acled.h"

#include <cctype>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "ingest/dataset_record.h"
#include "ingest/dataset_rows.h"
#include "ingest/dataset_text.h"

namespace kg {
namespace {

enum Col : size_t {
  kEventId, kEventDate, kEventType, kSubEventType, kActor1, kAssoc1, kInter1, kActor2, kAssoc2, kInter2,
  kCountry, kAdmin1, kAdmin2, kAdmin3, kLocation, kLatitude, kLongitude, kGeoPrecision, kSource, kNotes,
  kFatalities, kTimestamp,
};

const DatasetFormat& AcledFormat() {
  static const DatasetFormat format{
      "ACLED",
      {"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
       "actor2", "assoc_actor_2", "inter2", "country", "admin1", "admin2", "admin3", "location", "latitude",
       "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp"},
      {kEventId, kEventDate, kEventType, kActor1, kCountry, kLocation},
      "data"};
  return format;
}

const std::string& ColName(Col c) { return AcledFormat().columns[c]; }

constexpr size_t kMaxNotesBytes = 1000;
constexpr size_t kMaxSourceBytes = 500;
// Rows of one date held at most, to merge the rows of an event.
constexpr size_t kMaxBlockRows = 100000;

// Edge types by event type and sub-event type (docs/DATASETS.md). The first
// row that matches wins; an empty sub_event_type matches any.
struct EventTypes {
  const char* event_type;
  const char* sub_event_type;
  const char* dyad;          // between actor1 and actor2
  bool reversed;             // dyad edge from actor2 to actor1
  const char* actor1_place;  // from actor1 (and its associates) to the place
  const char* actor2_place;  // from actor2 (and its associates) to the place
};

const EventTypes kEventTypes[] = {
    {"Battles", "", "CLASHED_WITH", false, "FOUGHT_AT", "FOUGHT_AT"},
    {"Explosions/Remote violence", "Air/drone strike", "STRUCK", false, "STRUCK", "TARGETED_AT"},
    {"Explosions/Remote violence", "", "ATTACKED", false, "ATTACKED", "TARGETED_AT"},
    {"Violence against civilians", "Abduction/forced disappearance", "ABDUCTED", false, "ATTACKED", "TARGETED_AT"},
    {"Violence against civilians", "", "ATTACKED", false, "ATTACKED", "TARGETED_AT"},
    {"Protests", "Excessive force against protesters", "ATTACKED", true, "PROTESTED_AT", "ATTACKED"},
    {"Protests", "Protest with intervention", "INTERVENED_AGAINST", true, "PROTESTED_AT", "ACTIVE_IN"},
    {"Protests", "", "PROTESTED_AGAINST", false, "PROTESTED_AT", "ACTIVE_IN"},
    {"Riots", "Mob violence", "ATTACKED", false, "RIOTED_AT", "TARGETED_AT"},
    {"Riots", "", "CLASHED_WITH", false, "RIOTED_AT", "ACTIVE_IN"},
    {"Strategic developments", "Arrests", "ARRESTED", false, "ACTIVE_IN", "ACTIVE_IN"},
    {"Strategic developments", "Agreement", "AGREED_WITH", false, "ACTIVE_IN", "ACTIVE_IN"},
    {"Strategic developments", "Looting/property destruction", "LOOTED", false, "ACTIVE_IN", "TARGETED_AT"},
    {"", "", "INTERACTED_WITH", false, "ACTIVE_IN", "ACTIVE_IN"},
};

bool SameNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

const EventTypes& TypesFor(std::string_view event_type, std::string_view sub_event_type) {
  for (const EventTypes& t : kEventTypes) {
    if ((*t.event_type == '\0' || SameNoCase(t.event_type, event_type)) &&
        (*t.sub_event_type == '\0' || SameNoCase(t.sub_event_type, sub_event_type))) {
      return t;
    }
  }
  return kEventTypes[std::size(kEventTypes) - 1];
}

// ACLED's interaction categories, codes 1 to 8.
const char* const kLabels[] = {"State forces", "Rebel group",  "Political militia",
                               "Identity militia", "Rioters", "Protesters",
                               "Civilians", "External/Other forces"};
// The match role of each interaction code 1 to 8, in kLabels' order.
const char* const kRoles[] = {"state_forces", "rebel_group", "political_militia", "identity_militia",
                              "rioters",      "protesters",  "civilians",         "external"};

// The role of an actor of interaction label `label` (see InterLabel); empty
// for a label that is none of ACLED's eight.
std::string RoleOf(const std::string& label) {
  for (size_t i = 0; i < std::size(kLabels); ++i) {
    if (label == kLabels[i]) return kRoles[i];
  }
  return "";
}

// The interaction code of an actor as a label: older files write numbers,
// newer ones labels, in singular or plural. Empty and "0" (no actor) give "".
Status InterLabel(std::string_view field, std::string_view text, std::string* label) {
  std::string t = Trim(text);
  label->clear();
  if (t.empty() || t == "0") return Status::OK();
  bool numeric = true;
  for (char c : t) numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
  if (numeric) {
    if (t.size() != 1 || t[0] < '1' || t[0] > '8') {
      return Status::InvalidArgument(std::string(field) + ": unknown interaction code \"" + t + "\"");
    }
    *label = kLabels[t[0] - '1'];
    return Status::OK();
  }
  KG_RETURN_IF_ERROR(CheckName(field, t));
  auto singular = [](std::string_view s) {
    std::string out;
    for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (!out.empty() && out.back() == 's') out.pop_back();
    return out;
  };
  std::string key = singular(t);
  if (key == "other force") key = singular(kLabels[7]);
  for (const char* l : kLabels) {
    if (singular(l) == key) {
      *label = l;
      return Status::OK();
    }
  }
  *label = t;
  return Status::OK();
}

// One actor of an event and its associated actors, merged over the event's rows.
struct Side {
  std::string id;
  std::string inter;
  std::string role;  // from inter; given to its associated actors too
  std::vector<std::string> assoc_ids;
};

class AcledReader : public RecordReader {
 public:
  explicit AcledReader(std::istream* in) : rows_(NewRowSource(in, AcledFormat())) {}

  Status Next(Record* record, bool* done) override {
    *done = false;
    if (items_.empty()) FillBlock();
    if (items_.empty()) {
      *done = true;
      return Status::OK();
    }
    Item item = std::move(items_.front());
    items_.pop_front();
    line_ = item.line;
    raw_ = std::move(item.raw);
    if (!item.error.ok()) return item.error;
    *record = Record();
    return MapEvent(item.rows, record);
  }

  uint64_t line() const override { return line_; }
  const std::string& raw() const override { return raw_; }
  uint64_t bytes_read() const override { return rows_->bytes_read(); }

 private:
  // The rows of one event, or a row that could not be read.
  struct Item {
    std::vector<DatasetRow> rows;
    Status error;
    uint64_t line = 0;
    std::string raw;
  };

  // Reads the next run of rows that share an event_date (exports are sorted
  // by date) and groups them by event id, in order of first appearance. A
  // row that cannot be read ends the run and follows its groups.
  void FillBlock() {
    std::vector<DatasetRow> block;
    std::string date;
    if (lookahead_) {
      date = Trim(lookahead_->values[kEventDate]);
      block.push_back(std::move(*lookahead_));
      lookahead_.reset();
    }
    std::optional<Item> failed;
    while (!source_done_ && block.size() < kMaxBlockRows) {
      DatasetRow row;
      bool done = false;
      Status s = rows_->Next(&row, &done);
      if (!s.ok()) {
        failed = Item{{}, s, row.line, std::move(row.raw)};
        break;
      }
      if (done) {
        source_done_ = true;
        break;
      }
      std::string row_date = Trim(row.values[kEventDate]);
      if (!block.empty() && row_date != date) {
        lookahead_ = std::move(row);
        break;
      }
      date = std::move(row_date);
      block.push_back(std::move(row));
    }
    std::map<std::string, size_t> by_id;
    for (DatasetRow& row : block) {
      std::string id = Trim(row.values[kEventId]);
      auto it = id.empty() ? by_id.end() : by_id.find(id);
      if (it == by_id.end()) {
        if (!id.empty()) by_id.emplace(id, items_.size());
        Item& item = items_.emplace_back();
        item.line = row.line;
        item.raw = row.raw;
        item.rows.push_back(std::move(row));
      } else {
        Item& item = items_[it->second];
        item.raw += "\n" + row.raw;
        item.rows.push_back(std::move(row));
      }
    }
    if (failed) items_.push_back(std::move(*failed));
  }

  // Maps the rows of one event to *record; on error line_ names the row.
  Status MapEvent(const std::vector<DatasetRow>& rows, Record* record) {
    const std::vector<std::string>& first = rows[0].values;
    std::string event_id = Trim(first[kEventId]);
    if (event_id.empty()) return Status::InvalidArgument("event_id_cnty: empty");
    KG_RETURN_IF_ERROR(CheckName("event_id_cnty", event_id));
    // The rows of one event agree on what happened, when and where.
    static const Col kShared[] = {kEventDate, kEventType, kSubEventType, kCountry,  kAdmin1,
                                  kAdmin2,    kAdmin3,    kLocation,     kLatitude, kLongitude};
    for (size_t r = 1; r < rows.size(); ++r) {
      for (Col c : kShared) {
        std::string a = Trim(first[c]), b = Trim(rows[r].values[c]);
        if (a != b) {
          line_ = rows[r].line;
          return Status::InvalidArgument(ColName(c) + ": rows of event " + event_id + " differ: \"" +
                                         TruncateUtf8(a, 80) + "\" at line " + std::to_string(rows[0].line) +
                                         ", \"" + TruncateUtf8(b, 80) + "\" here");
        }
      }
    }

    DatasetRecord rec("acled", AcledRecordId(event_id));
    std::string iso;
    KG_RETURN_IF_ERROR(ReadDate("event_date", first[kEventDate], &iso));
    DateRange date;
    if (!ParseDateRange(iso, &date)) return Status::InvalidArgument("event_date: cannot read date \"" + iso + "\"");
    std::string event_type = Trim(first[kEventType]);
    std::string sub_event_type = Trim(first[kSubEventType]);
    if (event_type.empty()) return Status::InvalidArgument("event_type: empty");
    KG_RETURN_IF_ERROR(CheckName("event_type", event_type));
    KG_RETURN_IF_ERROR(CheckName("sub_event_type", sub_event_type));

    // Actors, over all rows: a monadic export names one actor per row.
    std::vector<Side> sides;
    std::optional<int64_t> fatalities, timestamp;
    std::string source, notes;
    for (const DatasetRow& row : rows) {
      Status s = ReadRowActors(row, &rec, &sides, &fatalities, &timestamp);
      if (!s.ok()) {
        line_ = row.line;
        return s;
      }
      if (source.empty()) source = Trim(row.values[kSource]);
      if (notes.empty()) notes = Trim(row.values[kNotes]);
    }
    if (sides.empty()) return Status::InvalidArgument("actor1: empty");
    if (sides.size() > 2) {
      return Status::InvalidArgument("actor2: the rows of event " + event_id + " name more than two actors");
    }
    KG_RETURN_IF_ERROR(CheckText("source", source));
    KG_RETURN_IF_ERROR(CheckText("notes", notes));

    // The place.
    std::string place;
    KG_RETURN_IF_ERROR(rec.AddPlaceChain({{"country", "country", Trim(first[kCountry]), {}},
                                          {"admin1", "admin1", Trim(first[kAdmin1]), {}},
                                          {"admin2", "admin2", Trim(first[kAdmin2]), {}},
                                          {"admin3", "admin3", Trim(first[kAdmin3]), {}},
                                          {"location", "locality", Trim(first[kLocation]), {}}},
                                         &place));
    std::optional<double> lat, lon;
    KG_RETURN_IF_ERROR(ReadNumber("latitude", first[kLatitude], -90, 90, &lat));
    KG_RETURN_IF_ERROR(ReadNumber("longitude", first[kLongitude], -180, 180, &lon));
    if (lat.has_value() != lon.has_value()) {
      return Status::InvalidArgument(lat ? "longitude: empty while latitude is given"
                                         : "latitude: empty while longitude is given");
    }
    if (lat && !Trim(first[kLocation]).empty()) rec.Node(place, NodeKind::kLocation)->coords = {{*lat, *lon}};
    std::optional<int64_t> geo_precision;
    KG_RETURN_IF_ERROR(ReadCount("geo_precision", first[kGeoPrecision], &geo_precision));

    // The edges.
    Attrs attrs;
    attrs["event_id"] = event_id;
    attrs["event_type"] = event_type;
    if (!sub_event_type.empty()) attrs["sub_event_type"] = sub_event_type;
    if (fatalities) attrs["fatalities"] = *fatalities;
    if (!source.empty()) attrs["source"] = TruncateUtf8(source, kMaxSourceBytes);
    if (!notes.empty()) attrs["notes"] = TruncateUtf8(notes, kMaxNotesBytes);
    if (geo_precision) attrs["geo_precision"] = *geo_precision;
    if (lat) {
      attrs["latitude"] = *lat;
      attrs["longitude"] = *lon;
    }
    const EventTypes& types = TypesFor(event_type, sub_event_type);
    if (sides.size() == 2) {
      const Side& from = sides[types.reversed ? 1 : 0];
      const Side& to = sides[types.reversed ? 0 : 1];
      rec.AddEdge(from.id, types.dyad, to.id, date, event_id, attrs);
    }
    Attrs affiliation;
    affiliation["event_id"] = event_id;
    for (size_t i = 0; i < sides.size(); ++i) {
      const char* place_type = i == 0 ? types.actor1_place : types.actor2_place;
      rec.AddEdge(sides[i].id, place_type, place, date, event_id, attrs);
      for (const std::string& assoc : sides[i].assoc_ids) {
        rec.AddEdge(assoc, "AFFILIATED_WITH", sides[i].id, date, event_id, affiliation);
        rec.AddEdge(assoc, place_type, place, date, event_id, attrs);
      }
    }

    rec.record().source.title = "ACLED event " + event_id;
    rec.record().source.publisher = "ACLED";
    if (timestamp && *timestamp > 0 && *timestamp < 4102444800) {  // before 2100
      rec.record().source.published = UnixDate(*timestamp);
    }
    // The event's last revision orders the versions of its record, so an
    // older download never undoes a newer one.
    if (timestamp) rec.record().version = *timestamp;
    *record = std::move(rec.record());
    return Status::OK();
  }

  // Adds the actors a row names to *sides, and takes its counts.
  Status ReadRowActors(const DatasetRow& row, DatasetRecord* rec, std::vector<Side>* sides,
                       std::optional<int64_t>* fatalities, std::optional<int64_t>* timestamp) {
    static const Col kActor[] = {kActor1, kActor2}, kAssoc[] = {kAssoc1, kAssoc2}, kInter[] = {kInter1, kInter2};
    std::string ids[2];
    for (int k = 0; k < 2; ++k) {
      std::string label = Trim(row.values[kActor[k]]);
      if (label.empty()) continue;
      KG_RETURN_IF_ERROR(rec->AddActor(ColName(kActor[k]), label, "", &ids[k]));
      // An actor against itself (actor2 == actor1) is one side, which also
      // takes actor2's associated actors.
      Side* side = nullptr;
      for (Side& s : *sides) {
        if (s.id == ids[k]) side = &s;
      }
      if (side == nullptr) {
        side = &sides->emplace_back();
        side->id = ids[k];
      }
      std::string inter;
      KG_RETURN_IF_ERROR(InterLabel(ColName(kInter[k]), row.values[kInter[k]], &inter));
      if (side->inter.empty() && !inter.empty()) {
        side->inter = inter;
        side->role = RoleOf(inter);
        rec->Node(side->id, NodeKind::kActor)->attrs["inter"] = inter;
      }
      // An actor's own code decides its role, over one it has as an
      // associate of another actor in this event.
      if (!side->role.empty()) rec->SetRole(side->id, side->role);
      for (const std::string& assoc : SplitList(row.values[kAssoc[k]], ';')) {
        std::string assoc_id;
        KG_RETURN_IF_ERROR(rec->AddActor(ColName(kAssoc[k]), assoc, side->role, &assoc_id));
        bool seen = assoc_id == side->id;
        for (const auto& a : side->assoc_ids) seen = seen || a == assoc_id;
        if (!seen) side->assoc_ids.push_back(assoc_id);
      }
    }
    std::optional<int64_t> n;
    KG_RETURN_IF_ERROR(ReadCount("fatalities", row.values[kFatalities], &n));
    if (n && (!*fatalities || *n > **fatalities)) *fatalities = n;
    KG_RETURN_IF_ERROR(ReadCount("timestamp", row.values[kTimestamp], &n));
    if (n && (!*timestamp || *n > **timestamp)) *timestamp = n;
    return Status::OK();
  }

  std::unique_ptr<RowSource> rows_;
  std::deque<Item> items_;
  std::optional<DatasetRow> lookahead_;
  bool source_done_ = false;
  uint64_t line_ = 0;
  std::string raw_;
};

}  // namespace

std::unique_ptr<RecordReader> NewAcledReader(std::istream* in) { return std::make_unique<AcledReader>(in); }

std::string AcledRecordId(std::string_view event_id) { return "acled:" + std::string(event_id); }

}  // namespace kg
