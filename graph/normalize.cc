#include "graph/normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace kg {
namespace {

bool IsSeparator(utf8proc_int32_t c) {
  switch (c) {
    case '-':
    case '\'':
    case 0x2019:  // ’ right single quotation mark
    case 0x2018:  // ‘ left single quotation mark
    case 0x02BC:  // ʼ modifier letter apostrophe
    case 0x2010:  // ‐ hyphen
    case 0x2011:  // ‑ non-breaking hyphen
      return true;
    default:
      return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS || c == '\t' || c == '\n' || c == '\r';
  }
}

}  // namespace

std::string NormalizeName(std::string_view text) {
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
      &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                     UTF8PROC_COMPAT));
  std::string out;
  if (n < 0) {  // invalid UTF-8: fall back to ASCII folding
    for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
  }
  out.reserve(static_cast<size_t>(n));
  bool pending_space = false;
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(folded + i, n - i, &c);
    if (len <= 0) break;
    if (IsSeparator(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(reinterpret_cast<const char*>(folded + i), static_cast<size_t>(len));
    }
    i += len;
  }
  std::free(folded);
  return out;
}

namespace {

// Whether text is valid UTF-8, and free of control characters unless
// controls_allowed.
bool Utf8Scan(std::string_view text, bool controls_allowed) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(text.size());
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0 || (!controls_allowed && (c < 0x20 || c == 0x7f))) return false;
    i += len;
  }
  return true;
}

}  // namespace

bool IsCleanUtf8(std::string_view text) { return Utf8Scan(text, false); }

bool IsWellFormedUtf8(std::string_view text) { return Utf8Scan(text, true); }

size_t EditDistance(std::string_view a, std::string_view b, size_t cap) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > cap) return cap + 1;
  std::vector<size_t> row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (size_t j = 1; j <= b.size(); ++j) {
    size_t diag = row[0];
    row[0] = j;
    size_t best = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t up = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
      best = std::min(best, row[i]);
    }
    if (best > cap) return cap + 1;
  }
  return std::min(row[a.size()], cap + 1);
}

}  // namespace kg
