#include "ingest/dataset_text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "graph/model.h"
#include "graph/normalize.h"

namespace kg {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Whether s[b, e) is "YYYY", "YYYY-", "YYYY-YYYY" (spaces allowed around the parts).
bool IsPeriod(std::string_view s) {
  std::string t = Trim(s);
  size_t i = 0;
  auto year = [&]() {
    if (i + 4 > t.size()) return false;
    for (size_t k = 0; k < 4; ++k) {
      if (!IsDigit(t[i + k])) return false;
    }
    i += 4;
    return true;
  };
  auto spaces = [&]() {
    while (i < t.size() && t[i] == ' ') ++i;
  };
  if (!year()) return false;
  spaces();
  if (i == t.size()) return true;
  if (t[i] != '-') return false;
  ++i;
  spaces();
  if (i == t.size()) return true;
  if (!year()) return false;
  spaces();
  return i == t.size();
}

// 1..12 for an English month name or abbreviation ("March", "Mar", "Sept"), else 0.
int MonthNumber(std::string_view word) {
  static const char* const kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    std::string_view full = kMonths[m];
    if (EqualsNoCase(word, full) || EqualsNoCase(word, full.substr(0, 3))) return m + 1;
  }
  if (EqualsNoCase(word, "sept")) return 9;
  return 0;
}

bool EndsWithWord(std::string_view name, std::string_view word) {
  return name.size() > word.size() + 1 && IsSpace(name[name.size() - word.size() - 1]) &&
         EqualsNoCase(name.substr(name.size() - word.size()), word);
}

}  // namespace

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string part = Trim(s.substr(start, end - start));
    bool seen = false;
    for (const auto& p : out) seen = seen || p == part;
    if (!part.empty() && !seen) out.push_back(std::move(part));
    start = end + 1;
  }
  return out;
}

std::string StripPeriodSuffix(std::string_view name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    if (name[i] == '(') {
      size_t close = name.find(')', i);
      if (close != std::string_view::npos && IsPeriod(name.substr(i + 1, close - i - 1))) {
        while (!out.empty() && IsSpace(out.back())) out.pop_back();
        i = close + 1;
        if (!out.empty() && i < name.size() && !IsSpace(name[i])) out.push_back(' ');
        continue;
      }
    }
    out.push_back(name[i++]);
  }
  return Trim(out);
}

std::string StripPlaceSuffix(std::string_view name, PlaceSuffix* kind) {
  static const char* const kAdmin[] = {"region",   "cercle",       "province",    "state",
                                       "department", "département", "prefecture", "préfecture",
                                       "district", "commune",      "municipality", "governorate",
                                       "county"};
  static const char* const kSettlement[] = {"town", "village", "city"};
  std::string t = Trim(name);
  if (kind != nullptr) *kind = PlaceSuffix::kNone;
  auto strip = [&](std::string_view word, PlaceSuffix k) {
    if (!EndsWithWord(t, word)) return false;
    t = Trim(std::string_view(t).substr(0, t.size() - word.size()));
    if (kind != nullptr) *kind = k;
    return true;
  };
  for (const char* w : kAdmin) {
    if (strip(w, PlaceSuffix::kAdmin)) return t;
  }
  for (const char* w : kSettlement) {
    if (strip(w, PlaceSuffix::kSettlement)) return t;
  }
  return t;
}

std::string IdPart(std::string_view name) {
  std::string folded = NormalizeName(name);
  std::string out;
  for (char c : folded) {
    if (c == '/') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string CapId(std::string id) {
  constexpr size_t kMaxId = 256, kKeep = 238;
  if (id.size() <= kMaxId) return id;
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  size_t cut = kKeep;
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return id.substr(0, cut) + "~" + hex;
}

std::string TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  static const std::string_view kEllipsis = "\xE2\x80\xA6";  // …
  size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

Status CheckName(std::string_view field, std::string_view text) {
  if (!IsCleanUtf8(text)) {
    return Status::InvalidArgument(std::string(field) + ": not valid UTF-8 text (or holds control characters)");
  }
  return Status::OK();
}

Status CheckText(std::string_view field, std::string_view text) {
  if (!IsWellFormedUtf8(text)) return Status::InvalidArgument(std::string(field) + ": not valid UTF-8");
  return Status::OK();
}

bool ReadDatasetDate(std::string_view text, std::string* iso) {
  std::string t = Trim(text);
  std::string out;
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > t.size()) return false;
    for (size_t k = pos; k < pos + n; ++k) {
      if (!IsDigit(t[k])) return false;
    }
    return true;
  };
  if (digits(0, 4) && t.size() >= 10 && t[4] == '-' && digits(5, 2) && t[7] == '-' && digits(8, 2) &&
      (t.size() == 10 || t[10] == ' ' || t[10] == 'T')) {
    out = t.substr(0, 10);
  } else {
    // D[D] Month YYYY, separated by spaces or hyphens.
    size_t i = 0;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i == 0 || i > 2) return false;
    int day = std::stoi(t.substr(0, i));
    auto sep = [&]() {
      size_t start = i;
      while (i < t.size() && (t[i] == ' ' || t[i] == '-')) ++i;
      return i > start;
    };
    if (!sep()) return false;
    size_t m0 = i;
    while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) ++i;
    int month = MonthNumber(std::string_view(t).substr(m0, i - m0));
    if (month == 0 || !sep()) return false;
    if (!digits(i, 4) || i + 4 != t.size()) return false;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", t.substr(i, 4).c_str(), month, day);
    out = buf;
  }
  DateRange range;
  if (!ParseDateRange(out, &range)) return false;
  *iso = std::move(out);
  return true;
}

Status ReadDate(std::string_view field, std::string_view text, std::string* iso) {
  if (!ReadDatasetDate(text, iso)) {
    return Status::InvalidArgument(std::string(field) + ": cannot read date \"" +
                                   TruncateUtf8(Trim(text), 80) + "\"");
  }
  return Status::OK();
}

Status ReadCount(std::string_view field, std::string_view text, std::optional<int64_t>* value) {
  std::string t = Trim(text);
  value->reset();
  if (t.empty()) return Status::OK();
  size_t dot = t.find('.');
  bool ok = dot != 0;
  for (size_t i = 0; ok && i < t.size(); ++i) {
    ok = i < dot ? IsDigit(t[i]) : (i == dot || t[i] == '0');
  }
  int64_t v = 0;
  if (ok) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + (dot == std::string::npos ? t.size() : dot), v);
    ok = ec == std::errc();
  }
  if (!ok) {
    return Status::InvalidArgument(std::string(field) + ": not a whole number \"" + TruncateUtf8(t, 80) + "\"");
  }
  *value = v;
  return Status::OK();
}

Status ReadNumber(std::string_view field, std::string_view text, double min, double max,
                  std::optional<double>* value) {
  std::string t = Trim(text);
  value->reset();
  if (t.empty()) return Status::OK();
  double v = 0;
  const char* b = t.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) {
    return Status::InvalidArgument(std::string(field) + ": not a number \"" + TruncateUtf8(t, 80) + "\"");
  }
  if (v < min || v > max) {
    return Status::InvalidArgument(std::string(field) + ": " + t + " is out of range");
  }
  *value = v;
  return Status::OK();
}

std::string UnixDate(int64_t seconds) {
  // Howard Hinnant's civil_from_days.
  int64_t z = (seconds >= 0 ? seconds : seconds - 86399) / 86400 + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(y), static_cast<int>(m),
                static_cast<int>(d));
  return buf;
}

}  // namespace kg
