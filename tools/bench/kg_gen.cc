// kg_gen: deterministic synthetic conflict data in kg's native record format.
//
//   kg_gen --events N [--seed S] [-o FILE]
//
// Writes JSON Lines records (one record per line) to stdout or FILE:
//   - first, gazetteer records declaring a hierarchy of places
//     (country -> region -> district -> locality) with undated LOCATED_IN edges;
//   - then report records of 1 to 5 events each, dated between 2015-01-01 and
//     2025-12-31, about two edges per event (ATTACKED, STRUCK, CONTROLS,
//     OPERATES_IN), with actors declared in the first record that uses them
//     (plus their AFFILIATED_WITH / ALLIED_WITH relations).
// Actor activity and place popularity are Zipf-skewed; about 2% of event edges
// repeat a fact of an earlier record, so that its support grows. Some edge
// endpoints are written as names or aliases (other case, no diacritics) instead
// of ids. Every generated name embeds the node's number, so names stay unique
// after kg's normalization.
//
// The output depends only on N and the seed: the generator uses its own PRNG
// and integer arithmetic (plus exactly rounded double sums) only.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------------------
// Randomness

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**, seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = SplitMix64(&sm);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) (multiply-shift; the bias is negligible here). n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Zipf distribution with exponent 1 over ranks 0..n-1: P(k) ~ 1 / (k + 1).
class Zipf {
 public:
  explicit Zipf(size_t n) : cdf_(n) {
    double sum = 0;
    for (size_t k = 0; k < n; ++k) {
      sum += 1.0 / static_cast<double>(k + 1);
      cdf_[k] = sum;
    }
  }
  size_t Draw(Rng& rng) const {
    const double u = rng.Unit() * cdf_.back();
    const size_t k = static_cast<size_t>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
    return std::min(k, cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

// ---------------------------------------------------------------------------
// Calendar: day indices from 2015-01-01 (day 0) to 2025-12-31.

struct Ymd {
  uint16_t y;
  uint8_t m, d;
};

std::vector<Ymd> BuildCalendar() {
  std::vector<Ymd> days;
  for (int y = 2015; y <= 2025; ++y) {
    for (int m = 1; m <= 12; ++m) {
      static const int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int len = kLen[m - 1];
      if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) len = 29;
      for (int d = 1; d <= len; ++d)
        days.push_back({static_cast<uint16_t>(y), static_cast<uint8_t>(m), static_cast<uint8_t>(d)});
    }
  }
  return days;
}

enum class Precision : uint8_t { kNone, kDay, kMonth, kDayRange, kMonthRange };

struct Date {
  uint16_t first = 0, last = 0;  // day indices
  Precision precision = Precision::kNone;
  bool operator==(const Date&) const = default;
};

// ---------------------------------------------------------------------------
// Text helpers

void AppendUint(std::string* out, uint64_t v, int width = 0) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  const int len = static_cast<int>(res.ptr - buf);
  for (int i = len; i < width; ++i) out->push_back('0');
  out->append(buf, res.ptr);
}

// Appends s as a JSON string literal.
void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// Degrees times 10^4, written as a decimal number with four fraction digits.
void AppendFixed4(std::string* out, int32_t e4) {
  if (e4 < 0) {
    out->push_back('-');
    e4 = -e4;
  }
  AppendUint(out, static_cast<uint64_t>(e4 / 10000));
  out->push_back('.');
  AppendUint(out, static_cast<uint64_t>(e4 % 10000), 4);
}

// A name in UTF-8 and its ASCII folding (no diacritics, ' for ’).
struct Text {
  std::string utf8, ascii;
  void Add(std::string_view u, std::string_view a) {
    utf8.append(u);
    ascii.append(a);
  }
};

struct Syllable {
  const char* utf8;
  const char* ascii;
};

const Syllable kFirst[] = {
    {"Sé", "Se"},   {"Ba", "Ba"},   {"Dou", "Dou"}, {"Kar", "Kar"}, {"Tom", "Tom"}, {"Mé", "Me"},
    {"Gao", "Gao"}, {"Kî", "Ki"},   {"Niô", "Nio"}, {"Tès", "Tes"}, {"Bou", "Bou"}, {"Ké", "Ke"},
    {"Ndé", "Nde"}, {"Fà", "Fa"},   {"Zé", "Ze"},   {"Dja", "Dja"}, {"Ouà", "Oua"}, {"Ma", "Ma"},
    {"Gou", "Gou"}, {"Lé", "Le"},   {"Yé", "Ye"},   {"Ho", "Ho"},   {"Sa", "Sa"},   {"Tî", "Ti"},
    {"Ag", "Ag"},   {"In", "In"},   {"Ti", "Ti"},   {"Hom", "Hom"}, {"Nam", "Nam"}, {"Dio", "Dio"},
};
const Syllable kNext[] = {
    {"gou", "gou"}, {"ko", "ko"},   {"ro", "ro"},   {"dia", "dia"}, {"ga", "ga"},   {"bouc", "bouc"},
    {"tou", "tou"}, {"na", "na"},   {"dji", "dji"}, {"la", "la"},   {"ti", "ti"},   {"ka", "ka"},
    {"dal", "dal"}, {"no", "no"},   {"sa", "sa"},   {"lit", "lit"}, {"ké", "ke"},   {"rè", "re"},
    {"bé", "be"},   {"mô", "mo"},   {"ïa", "ia"},   {"ço", "co"},   {"ssi", "ssi"}, {"ra", "ra"},
    {"gué", "gue"}, {"mbé", "mbe"}, {"haï", "hai"}, {"kel", "kel"}, {"dou", "dou"}, {"fo", "fo"},
};

template <size_t N>
const Syllable& Pick(Rng& rng, const Syllable (&list)[N]) {
  return list[rng.Below(N)];
}

// A place-like word of two or three syllables, e.g. "Sékoro".
Text BaseWord(Rng& rng) {
  Text t;
  const Syllable& f = Pick(rng, kFirst);
  t.Add(f.utf8, f.ascii);
  const int more = 1 + static_cast<int>(rng.Below(2));
  for (int i = 0; i < more; ++i) {
    const Syllable& s = Pick(rng, kNext);
    t.Add(s.utf8, s.ascii);
  }
  return t;
}

std::string Upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string LowerHyphenated(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ') c = '-';
  }
  return s;
}

// ---------------------------------------------------------------------------
// The world: places and actors.

enum class Kind : uint8_t { kActor, kLocation };

const char* const kLevels[] = {"country", "region", "district", "locality"};

enum Category : uint8_t {
  kStateForces,
  kArmedGroup,
  kMilitia,
  kRebelGroup,
  kCivilians,
  kForeignForces,
  kPrivateSecurity,
};
const char* const kCategories[] = {"state_forces", "armed_group",    "militia",         "rebel_group",
                                   "civilians",    "foreign_forces", "private_security"};

struct Node {
  std::string id;
  Text name;
  std::vector<std::string> aliases;
  Kind kind = Kind::kLocation;
  uint8_t klass = 0;  // level for locations, category for actors
  uint32_t parent = UINT32_MAX;
  int32_t lat = 0, lon = 0;  // degrees * 10^4
  bool declared = false;
};

struct Prefix {
  const char* utf8;
  const char* ascii;
};

const Prefix kArmedPrefixes[] = {{"Katiba ", "Katiba "},   {"Front ", "Front "},
                                 {"Jama’at ", "Jama'at "}, {"Ansar ", "Ansar "},
                                 {"Brigade ", "Brigade "}};
const Prefix kMilitiaPrefixes[] = {{"Groupe d’autodéfense de ", "Groupe d'autodefense de "},
                                   {"Milice de ", "Milice de "},
                                   {"Dozos de ", "Dozos de "}};
const Prefix kRebelPrefixes[] = {{"Mouvement de libération de ", "Mouvement de liberation de "},
                                 {"Coordination des mouvements de ", "Coordination des mouvements de "}};
const Prefix kCivilianPrefixes[] = {{"Civils de ", "Civils de "}, {"Population de ", "Population de "}};
const Prefix kForeignPrefixes[] = {{"Force étrangère ", "Force etrangere "},
                                   {"Mission internationale ", "Mission internationale "}};
const Prefix kPrivatePrefixes[] = {{"Société de sécurité ", "Societe de securite "}};
const Prefix kStatePrefixes[] = {{"Forces armées de ", "Forces armees de "},
                                 {"Gendarmerie de ", "Gendarmerie de "},
                                 {"Garde nationale de ", "Garde nationale de "}};

template <size_t N>
const Prefix& PickPrefix(Rng& rng, const Prefix (&list)[N]) {
  return list[rng.Below(N)];
}

// Gives the node its final name (base + " " + number) and, for most nodes,
// one or two aliases: the ASCII folding in upper case, or in lower case with
// hyphens.
void FinishName(Rng& rng, Node* node, Text base, uint64_t number) {
  std::string num;
  AppendUint(&num, number);
  base.Add(" ", " ");
  base.Add(num, num);
  node->name = std::move(base);
  const uint64_t r = rng.Below(10);
  if (r < 4) {
    node->aliases.push_back(Upper(node->name.ascii));
  } else if (r < 6) {
    node->aliases.push_back(LowerHyphenated(node->name.ascii));
  } else if (r < 7) {
    node->aliases.push_back(Upper(node->name.ascii));
    node->aliases.push_back(LowerHyphenated(node->name.ascii));
  }
}

struct World {
  std::vector<Node> nodes;
  uint32_t num_places = 0, num_countries = 0;
  std::vector<uint32_t> place_rank;     // popularity order of non-country places
  std::vector<uint32_t> state_forces;   // per country: its main state forces actor
  std::vector<uint32_t> umbrellas;      // large armed groups others affiliate with
  uint32_t first_actor = 0, num_actors = 0;
};

int32_t Jitter(Rng& rng, int32_t center, int32_t spread, int32_t lo, int32_t hi) {
  return std::clamp(static_cast<int32_t>(center + rng.Between(-spread, spread)), lo, hi);
}

World BuildWorld(Rng& rng, uint64_t events) {
  World w;
  // About 70k nodes at a million events: 5 places and 2 actors per 100 events.
  const uint64_t places = std::max<uint64_t>(30, events / 20);
  const uint64_t actors = std::max<uint64_t>(12, events / 50);
  const uint64_t countries = std::clamp<uint64_t>(places / 6000, 1, 12);
  const uint64_t per_country = places / countries;
  const uint64_t regions = std::clamp<uint64_t>(per_country / 500, 3, 12);
  const uint64_t districts = std::clamp<uint64_t>(per_country / (regions * 60), 2, 10);

  auto add_place = [&](uint8_t level, uint32_t parent) {
    Node n;
    n.kind = Kind::kLocation;
    n.klass = level;
    n.parent = parent;
    const uint64_t number = w.nodes.size() + 1;
    n.id = "loc-";
    AppendUint(&n.id, number, 6);
    if (parent == UINT32_MAX) {
      n.lat = static_cast<int32_t>(rng.Between(50000, 220000));
      n.lon = static_cast<int32_t>(rng.Between(-160000, 280000));
    } else {
      static const int32_t kSpread[] = {0, 30000, 10000, 3500};
      const Node& p = w.nodes[parent];
      n.lat = Jitter(rng, p.lat, kSpread[level], -900000, 900000);
      n.lon = Jitter(rng, p.lon, kSpread[level], -1800000, 1800000);
    }
    FinishName(rng, &n, BaseWord(rng), number);
    w.nodes.push_back(std::move(n));
    return static_cast<uint32_t>(w.nodes.size() - 1);
  };

  // Breadth first, so that a parent always comes before its children.
  std::vector<uint32_t> country_ids, region_ids, district_ids;
  for (uint64_t c = 0; c < countries; ++c) country_ids.push_back(add_place(0, UINT32_MAX));
  for (uint32_t c : country_ids)
    for (uint64_t r = 0; r < regions; ++r) region_ids.push_back(add_place(1, c));
  for (uint32_t r : region_ids)
    for (uint64_t d = 0; d < districts; ++d) district_ids.push_back(add_place(2, r));
  while (w.nodes.size() < places) add_place(3, district_ids[rng.Below(district_ids.size())]);
  w.num_places = static_cast<uint32_t>(w.nodes.size());
  w.num_countries = static_cast<uint32_t>(countries);

  for (uint32_t i = w.num_countries; i < w.num_places; ++i) w.place_rank.push_back(i);
  for (size_t i = w.place_rank.size(); i > 1; --i) std::swap(w.place_rank[i - 1], w.place_rank[rng.Below(i)]);

  // Actors, in activity rank order: the state forces of each country, then
  // the umbrella armed groups, then everyone else.
  w.first_actor = w.num_places;
  const uint64_t umbrellas = std::max<uint64_t>(1, actors / 400);
  for (uint64_t a = 0; a < actors; ++a) {
    Node n;
    n.kind = Kind::kActor;
    const uint64_t number = w.nodes.size() + 1;
    n.id = "act-";
    AppendUint(&n.id, number, 6);
    Text base;
    const Prefix* prefix;
    uint32_t home = country_ids[rng.Below(country_ids.size())];
    if (a < countries) {
      home = country_ids[a];
      n.klass = kStateForces;
      prefix = &kStatePrefixes[0];
    } else if (a < countries + umbrellas) {
      n.klass = kArmedGroup;
      prefix = &kArmedPrefixes[rng.Below(2) == 0 ? 2 : 1];  // Jama’at or Front
    } else {
      const uint64_t r = rng.Below(100);
      if (r < 10) {
        n.klass = kStateForces;
        prefix = &PickPrefix(rng, kStatePrefixes);
      } else if (r < 40) {
        n.klass = kArmedGroup;
        prefix = &PickPrefix(rng, kArmedPrefixes);
      } else if (r < 62) {
        n.klass = kMilitia;
        prefix = &PickPrefix(rng, kMilitiaPrefixes);
      } else if (r < 72) {
        n.klass = kRebelGroup;
        prefix = &PickPrefix(rng, kRebelPrefixes);
      } else if (r < 92) {
        n.klass = kCivilians;
        prefix = &PickPrefix(rng, kCivilianPrefixes);
      } else if (r < 97) {
        n.klass = kForeignForces;
        prefix = &PickPrefix(rng, kForeignPrefixes);
      } else {
        n.klass = kPrivateSecurity;
        prefix = &PickPrefix(rng, kPrivatePrefixes);
      }
    }
    base.Add(prefix->utf8, prefix->ascii);
    // State forces are named after their country, others after a new word.
    if (n.klass == kStateForces) {
      const std::string& cu = w.nodes[home].name.utf8;
      const std::string& ca = w.nodes[home].name.ascii;
      base.Add(std::string_view(cu).substr(0, cu.rfind(' ')), std::string_view(ca).substr(0, ca.rfind(' ')));
    } else {
      Text word = BaseWord(rng);
      base.Add(word.utf8, word.ascii);
    }
    n.parent = home;
    FinishName(rng, &n, std::move(base), number);
    w.nodes.push_back(std::move(n));
    const uint32_t idx = static_cast<uint32_t>(w.nodes.size() - 1);
    if (a < countries) w.state_forces.push_back(idx);
    else if (a < countries + umbrellas) w.umbrellas.push_back(idx);
  }
  w.num_actors = static_cast<uint32_t>(actors);
  return w;
}

// ---------------------------------------------------------------------------
// Records

enum EdgeType : uint8_t { kAttacked, kStruck, kControls, kOperatesIn, kLocatedIn, kAffiliatedWith, kAlliedWith };
const char* const kEdgeTypes[] = {"ATTACKED",    "STRUCK",          "CONTROLS",   "OPERATES_IN",
                                  "LOCATED_IN",  "AFFILIATED_WITH", "ALLIED_WITH"};

const char* const kMeans[] = {"airstrike", "drone strike", "shelling", "artillery", "rocket fire", "IED"};
const char* const kTargets[] = {"base", "fuel depot", "checkpoint", "market", "convoy", "camp", "weapons cache"};

struct Edge {
  uint32_t from, to;
  EdgeType type;
  Date date;
  // ATTACKED: fatalities; STRUCK: means * 16 + target.
  uint16_t attr = 0;

  bool SameFact(const Edge& o) const { return from == o.from && to == o.to && type == o.type && date == o.date; }
};

class Generator {
 public:
  Generator(uint64_t events, uint64_t seed, std::FILE* out)
      : rng_(seed),
        events_(events),
        out_(out),
        days_(BuildCalendar()),
        world_(BuildWorld(rng_, events)),
        actor_zipf_(world_.num_actors),
        place_zipf_(world_.place_rank.size()),
        umbrella_zipf_(world_.umbrellas.size()) {
    buf_.reserve(kBufferSize + (1 << 16));
  }

  bool Run() {
    WriteGazetteer();
    uint64_t done = 0;
    while (done < events_) {
      const uint64_t k = std::min<uint64_t>(1 + rng_.Below(5), events_ - done);
      WriteReport(k);
      done += k;
    }
    Flush();
    return ok_;
  }

  uint64_t records() const { return records_; }
  uint64_t edges() const { return edges_; }
  uint64_t declared() const { return declared_; }

 private:
  static constexpr size_t kBufferSize = 8 << 20;
  static constexpr size_t kHistory = 1 << 15;

  // --- output

  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size()) ok_ = false;
    buf_.clear();
  }

  void BeginRecord(std::string_view title, std::string_view url_path, const std::string& published,
                   const char* lang) {
    ++records_;
    nodes_json_.clear();
    edges_json_.clear();
    record_edges_.clear();
    buf_.append("{\"record\":\"gen-");
    AppendUint(&buf_, records_, 6);
    buf_.append("\",\"source\":{\"title\":");
    std::string t(title);
    AppendUint(&t, records_);
    AppendJsonString(&buf_, t);
    buf_.append(",\"url\":\"https://example.org/gen/");
    buf_.append(url_path);
    AppendUint(&buf_, records_, 6);
    buf_.append("\",\"published\":\"");
    buf_.append(published);
    buf_.append("\",\"lang\":\"");
    buf_.append(lang);
    buf_.append("\"}");
  }

  void EndRecord() {
    if (!nodes_json_.empty()) {
      buf_.append(",\"nodes\":[");
      buf_.append(nodes_json_);
      buf_.push_back(']');
    }
    if (!edges_json_.empty()) {
      buf_.append(",\"edges\":[");
      buf_.append(edges_json_);
      buf_.push_back(']');
    }
    buf_.append("}\n");
    if (buf_.size() >= kBufferSize) Flush();
  }

  // --- nodes

  void Declare(uint32_t i) {
    Node& n = world_.nodes[i];
    if (n.declared) return;
    n.declared = true;
    ++declared_;
    std::string& o = nodes_json_;
    if (!o.empty()) o.push_back(',');
    o.append("{\"id\":\"");
    o.append(n.id);
    o.append(n.kind == Kind::kActor ? "\",\"kind\":\"actor\",\"name\":" : "\",\"kind\":\"location\",\"name\":");
    AppendJsonString(&o, n.name.utf8);
    if (!n.aliases.empty()) {
      o.append(",\"aliases\":[");
      for (size_t a = 0; a < n.aliases.size(); ++a) {
        if (a) o.push_back(',');
        AppendJsonString(&o, n.aliases[a]);
      }
      o.push_back(']');
    }
    if (n.kind == Kind::kActor) {
      o.append(",\"attrs\":{\"category\":\"");
      o.append(kCategories[n.klass]);
      o.append("\"}}");
    } else {
      o.append(",\"attrs\":{\"level\":\"");
      o.append(kLevels[n.klass]);
      o.append("\"},\"coords\":[");
      AppendFixed4(&o, n.lat);
      o.push_back(',');
      AppendFixed4(&o, n.lon);
      o.append("]}");
    }
  }

  // How an edge endpoint names a (declared) node: mostly its id, sometimes its
  // name or one of its aliases.
  void AppendRef(std::string* o, uint32_t i) {
    const Node& n = world_.nodes[i];
    const uint64_t r = rng_.Below(100);
    if (r < 82) AppendJsonString(o, n.id);
    else if (r < 90 || n.aliases.empty()) AppendJsonString(o, n.name.utf8);
    else AppendJsonString(o, n.aliases[rng_.Below(n.aliases.size())]);
  }

  // --- edges

  void AppendDate(std::string* o, uint16_t day, bool with_day) {
    const Ymd& d = days_[day];
    AppendUint(o, d.y, 4);
    o->push_back('-');
    AppendUint(o, d.m, 2);
    if (with_day) {
      o->push_back('-');
      AppendUint(o, d.d, 2);
    }
  }

  std::string DayText(uint16_t day) {
    std::string s;
    AppendDate(&s, day, true);
    return s;
  }

  // Emits e unless this record already asserts the same fact.
  void EmitEdge(const Edge& e) {
    for (const Edge& prev : record_edges_)
      if (prev.SameFact(e)) return;
    record_edges_.push_back(e);
    ++edges_;
    std::string& o = edges_json_;
    if (!o.empty()) o.push_back(',');
    o.append("{\"from\":");
    AppendRef(&o, e.from);
    o.append(",\"type\":\"");
    o.append(kEdgeTypes[e.type]);
    o.append("\",\"to\":");
    AppendRef(&o, e.to);
    switch (e.date.precision) {
      case Precision::kNone:
        break;
      case Precision::kDay:
      case Precision::kMonth:
        o.append(",\"date\":\"");
        AppendDate(&o, e.date.first, e.date.precision == Precision::kDay);
        o.push_back('"');
        break;
      case Precision::kDayRange:
      case Precision::kMonthRange: {
        const bool with_day = e.date.precision == Precision::kDayRange;
        o.append(",\"date\":\"");
        AppendDate(&o, e.date.first, with_day);
        o.push_back('/');
        AppendDate(&o, e.date.last, with_day);
        o.push_back('"');
        break;
      }
    }
    if (e.type == kAttacked) {
      o.append(",\"attrs\":{\"fatalities\":");
      AppendUint(&o, e.attr);
      o.push_back('}');
    } else if (e.type == kStruck) {
      o.append(",\"attrs\":{\"means\":\"");
      o.append(kMeans[e.attr / 16]);
      o.append("\",\"target\":\"");
      o.append(kTargets[e.attr % 16]);
      o.append("\"}");
    }
    o.push_back('}');
  }

  // --- gazetteer

  void WriteGazetteer() {
    constexpr uint32_t kPerRecord = 25;
    const std::string published = DayText(0);
    for (uint32_t start = 0; start < world_.num_places; start += kPerRecord) {
      BeginRecord("Synthetic gazetteer, part ", "gazetteer/", published, "en");
      const uint32_t end = std::min(world_.num_places, start + kPerRecord);
      for (uint32_t i = start; i < end; ++i) {
        Declare(i);
        const Node& n = world_.nodes[i];
        if (n.parent != UINT32_MAX) EmitEdge({i, n.parent, kLocatedIn, Date{}, 0});
      }
      EndRecord();
    }
  }

  // --- reports

  uint32_t ActorAt(size_t rank) const { return world_.first_actor + static_cast<uint32_t>(rank); }
  const Node& N(uint32_t i) const { return world_.nodes[i]; }

  // An actor who acts (civilians do not).
  uint32_t DrawPerpetrator() {
    for (int tries = 0; tries < 8; ++tries) {
      const uint32_t a = ActorAt(actor_zipf_.Draw(rng_));
      if (N(a).klass != kCivilians) return a;
    }
    return world_.state_forces[rng_.Below(world_.state_forces.size())];
  }

  uint32_t DrawTarget(uint32_t not_this) {
    for (int tries = 0; tries < 8; ++tries) {
      const uint32_t a = ActorAt(actor_zipf_.Draw(rng_));
      if (a != not_this) return a;
    }
    return not_this + 1 < world_.first_actor + world_.num_actors ? not_this + 1 : world_.first_actor;
  }

  uint32_t DrawPlace() { return world_.place_rank[place_zipf_.Draw(rng_)]; }

  Date DrawDate() {
    const uint16_t last_day = static_cast<uint16_t>(days_.size() - 1);
    Date d;
    d.first = static_cast<uint16_t>(rng_.Below(days_.size()));
    d.last = d.first;
    const uint64_t r = rng_.Below(100);
    if (r < 85) {
      d.precision = Precision::kDay;
    } else if (r < 96) {
      d.precision = Precision::kMonth;
    } else if (r < 99) {
      d.precision = Precision::kDayRange;
      d.last = static_cast<uint16_t>(std::min<uint64_t>(last_day, d.first + 1 + rng_.Below(30)));
      if (d.last == d.first) d.precision = Precision::kDay;
    } else {
      d.precision = Precision::kMonthRange;
      d.last = static_cast<uint16_t>(std::min<uint64_t>(last_day, d.first + 31 + rng_.Below(120)));
      const Ymd &a = days_[d.first], &b = days_[d.last];
      if (a.y == b.y && a.m == b.m) d.precision = Precision::kMonth;
    }
    if (d.precision == Precision::kDay || d.precision == Precision::kMonth) d.last = d.first;
    return d;
  }

  // Declares actor a in this record if it is new, with its standing relations.
  void UseActor(uint32_t a) {
    if (N(a).declared) return;
    Declare(a);
    const uint8_t cat = N(a).klass;
    const bool is_umbrella = std::find(world_.umbrellas.begin(), world_.umbrellas.end(), a) != world_.umbrellas.end();
    if (!is_umbrella && (cat == kArmedGroup || cat == kRebelGroup || cat == kMilitia) && rng_.Chance(0.35)) {
      const uint32_t u = world_.umbrellas[umbrella_zipf_.Draw(rng_)];
      Declare(u);
      EmitEdge({a, u, kAffiliatedWith, Date{}, 0});
    }
    if ((cat == kForeignForces || cat == kPrivateSecurity) && rng_.Chance(0.5)) {
      const uint32_t s = world_.state_forces[rng_.Below(world_.state_forces.size())];
      Declare(s);
      EmitEdge({a, s, kAlliedWith, Date{}, 0});
    } else if (cat != kCivilians && !declared_actors_.empty() && rng_.Chance(0.06)) {
      const uint32_t b = declared_actors_[rng_.Below(declared_actors_.size())];
      if (b != a && N(b).klass != kCivilians) EmitEdge({a, b, kAlliedWith, Date{}, 0});
    }
    declared_actors_.push_back(a);
  }

  void UsePlace(uint32_t p) { Declare(p); }  // already declared by the gazetteer

  // An event edge: about 2% repeat an earlier record's fact instead.
  void EventEdge(const Edge& e) {
    if (!history_.empty() && rng_.Chance(0.02)) {
      EmitEdge(history_[rng_.Below(history_.size())]);
      return;
    }
    if (N(e.from).kind == Kind::kActor) UseActor(e.from);
    if (N(e.to).kind == Kind::kActor) UseActor(e.to);
    else UsePlace(e.to);
    EmitEdge(e);
  }

  void WriteReport(uint64_t k) {
    // Draw the events first, for the record's publication date.
    struct Event {
      uint32_t actor, other, place;
      Date date;
      uint8_t kind;
      uint16_t attr;
    };
    Event ev[5];
    uint16_t latest = 0;
    for (uint64_t i = 0; i < k; ++i) {
      Event& e = ev[i];
      e.actor = DrawPerpetrator();
      e.other = DrawTarget(e.actor);
      e.place = DrawPlace();
      e.date = DrawDate();
      const uint64_t r = rng_.Below(100);
      e.kind = r < 40 ? 0 : r < 75 ? 1 : r < 85 ? 2 : 3;
      if (e.kind == 1) {
        e.attr = static_cast<uint16_t>(rng_.Below(std::size(kMeans)) * 16 + rng_.Below(std::size(kTargets)));
      } else {
        e.attr = static_cast<uint16_t>(rng_.Below(4) == 0 ? rng_.Below(60) : rng_.Below(6));
      }
      latest = std::max(latest, e.date.last);
    }
    BeginRecord("Synthetic report ", "reports/", DayText(latest), rng_.Below(3) == 0 ? "en" : "fr");
    for (uint64_t i = 0; i < k; ++i) {
      const Event& e = ev[i];
      switch (e.kind) {
        case 0:  // an attack on another actor, at a place
          EventEdge({e.actor, e.other, kAttacked, e.date, e.attr});
          EventEdge({e.actor, e.place, kOperatesIn, e.date, 0});
          break;
        case 1:  // a strike on a place, sometimes reported with the actor's presence there
          EventEdge({e.actor, e.place, kStruck, e.date, e.attr});
          if (rng_.Below(10) < 7) EventEdge({e.actor, e.place, kOperatesIn, e.date, 0});
          break;
        case 2:  // taking control of a place
          EventEdge({e.actor, e.place, kControls, e.date, 0});
          EventEdge({e.actor, e.place, kOperatesIn, e.date, 0});
          break;
        default:  // a clash between two actors
          EventEdge({e.actor, e.other, kAttacked, e.date, e.attr});
          EventEdge({e.other, e.actor, kAttacked, e.date, static_cast<uint16_t>(e.attr / 2)});
          EventEdge({e.actor, e.place, kOperatesIn, e.date, 0});
          break;
      }
    }
    EndRecord();
    // Facts of this record become candidates for repetition by later ones.
    for (const Edge& e : record_edges_) {
      if (e.date.precision == Precision::kNone) continue;
      if (history_.size() < kHistory) history_.push_back(e);
      else history_[rng_.Below(kHistory)] = e;
    }
  }

  Rng rng_;
  const uint64_t events_;
  std::FILE* const out_;
  const std::vector<Ymd> days_;
  World world_;
  const Zipf actor_zipf_, place_zipf_, umbrella_zipf_;

  std::string buf_, nodes_json_, edges_json_;
  std::vector<Edge> record_edges_, history_;
  std::vector<uint32_t> declared_actors_;
  uint64_t records_ = 0, edges_ = 0, declared_ = 0;
  bool ok_ = true;
};

int Usage(const char* msg) {
  if (msg) std::fprintf(stderr, "kg_gen: %s\n", msg);
  std::fprintf(stderr,
               "usage: kg_gen --events N [--seed S] [-o FILE]\n"
               "  writes N synthetic conflict events as kg native records (JSON Lines)\n"
               "  to stdout or FILE; the same N and S give the same bytes.\n");
  return 2;
}

bool ParseUint(const char* s, uint64_t* v) {
  const char* end = s + std::strlen(s);
  auto res = std::from_chars(s, end, *v);
  return res.ec == std::errc() && res.ptr == end && end != s;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t events = 0, seed = 1;
  bool have_events = false;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      Usage(nullptr);
      return 0;
    }
    if (i + 1 >= argc) return Usage(("missing value for " + std::string(arg)).c_str());
    const char* value = argv[++i];
    if (arg == "--events") {
      if (!ParseUint(value, &events) || events == 0 || events > (1ULL << 32))
        return Usage("--events takes a positive integer");
      have_events = true;
    } else if (arg == "--seed") {
      if (!ParseUint(value, &seed)) return Usage("--seed takes a non-negative integer");
    } else if (arg == "-o" || arg == "--output") {
      path = value;
    } else {
      return Usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  if (!have_events) return Usage("--events is required");

  std::FILE* out = stdout;
  if (path && std::strcmp(path, "-") != 0) {
    out = std::fopen(path, "wb");
    if (!out) {
      std::fprintf(stderr, "kg_gen: cannot write %s: %s\n", path, std::strerror(errno));
      return 1;
    }
  }
  Generator gen(events, seed, out);
  bool ok = gen.Run();
  ok = std::fflush(out) == 0 && ok;
  if (out != stdout) ok = std::fclose(out) == 0 && ok;
  if (!ok) {
    std::fprintf(stderr, "kg_gen: write error: %s\n", std::strerror(errno));
    return 1;
  }
  std::fprintf(stderr, "kg_gen: %llu records, %llu events, %llu edges, %llu nodes\n",
               static_cast<unsigned long long>(gen.records()), static_cast<unsigned long long>(events),
               static_cast<unsigned long long>(gen.edges()), static_cast<unsigned long long>(gen.declared()));
  return 0;
}
