#include "graph/model.h"

#include <cctype>

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

}  // namespace kg
