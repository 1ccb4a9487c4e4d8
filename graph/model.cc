#include "graph/model.h"

#include <cctype>
#include <cstdio>

namespace kg {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into its first and last day.
bool ParseDate(const std::string& s, int32_t* first, int32_t* last) {
  int y = 0, m = 0, d = 0;
  if (!Digits(s, 0, 4, &y)) return false;
  if (s.size() == 4) {
    *first = y * 10000 + 101;
    *last = y * 10000 + 1231;
    return true;
  }
  if (s.size() < 7 || s[4] != '-' || !Digits(s, 5, 2, &m) || m < 1 || m > 12) return false;
  if (s.size() == 7) {
    *first = y * 10000 + m * 100 + 1;
    *last = y * 10000 + m * 100 + 31;
    return true;
  }
  if (s.size() != 10 || s[7] != '-' || !Digits(s, 8, 2, &d) || d < 1 || d > DaysInMonth(y, m)) {
    return false;
  }
  *first = *last = y * 10000 + m * 100 + d;
  return true;
}

}  // namespace

const char* KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kActor: return "actor";
    case NodeKind::kLocation: return "location";
    default: return "?";
  }
}

bool ParseKind(const std::string& s, NodeKind* kind) {
  if (s == "actor") {
    *kind = NodeKind::kActor;
  } else if (s == "location") {
    *kind = NodeKind::kLocation;
  } else {
    return false;
  }
  return true;
}

bool ParseDateRange(const std::string& text, DateRange* range) {
  DateRange r;
  r.text = text;
  size_t slash = text.find('/');
  if (slash == std::string::npos) {
    if (!ParseDate(text, &r.first, &r.last)) return false;
  } else {
    int32_t unused;
    if (!ParseDate(text.substr(0, slash), &r.first, &unused)) return false;
    if (!ParseDate(text.substr(slash + 1), &unused, &r.last)) return false;
    if (r.last < r.first) return false;
  }
  *range = std::move(r);
  return true;
}

}  // namespace kg

namespace kg {

bool EdgeFilter::AllowsType(const std::string& type) const {
  if (types.empty()) return true;
  for (const auto& t : types) {
    if (t == type) return true;
  }
  return false;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
static int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// An RFC 3339 timestamp in UTC, "2025-06-20T08:14:03Z" with optional
// fractional seconds (dropped) and "Z" or a zero offset, as Unix seconds.
bool ParseUtcTimestamp(std::string_view s, int64_t* seconds) {
  auto digits = [&](size_t pos, size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d, h, mi, sec;
  if (!digits(0, 4, &y) || s.size() < 20 || s[4] != '-' || !digits(5, 2, &mo) || s[7] != '-' ||
      !digits(8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(11, 2, &h) || s[13] != ':' ||
      !digits(14, 2, &mi) || s[16] != ':' || !digits(17, 2, &sec)) {
    return false;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return false;
  }
  const std::string_view zone = s.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00" && zone != "-00:00") return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return false;
  if (h > 23 || mi > 59 || sec > 60) return false;  // 60: a leap second
  *seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  return true;
}

std::string FormatUtcTimestamp(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - days * 86400;
  // H. Hinnant's civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

}  // namespace kg
