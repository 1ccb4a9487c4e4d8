#include "query/text.h"

#include <cstdio>

#include "query/utf8.h"

namespace kg {
namespace {

bool ActsOnTerminal(char32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return true;
  if (cp >= 0x80 && cp <= 0x9f) return true;
  if (cp == 0x061c || cp == 0x200e || cp == 0x200f) return true;
  if (cp >= 0x202a && cp <= 0x202e) return true;
  return cp >= 0x2066 && cp <= 0x2069;
}

bool IsCombining(char32_t cp) { return cp >= 0x300 && cp <= 0x36f; }

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    char32_t cp = NextCodePoint(text, &pos);
    char buf[16];
    if (cp == kReplacementChar && pos == start + 1 && static_cast<unsigned char>(text[start]) >= 0x80) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[start]));
      out += buf;
    } else if (ActsOnTerminal(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

size_t DisplayWidth(std::string_view text) {
  size_t w = 0, pos = 0;
  while (pos < text.size()) {
    if (!IsCombining(NextCodePoint(text, &pos))) ++w;
  }
  return w;
}

std::string CutToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  size_t w = 0, pos = 0, end = 0;
  while (pos < text.size()) {
    if (!IsCombining(NextCodePoint(text, &pos))) {
      if (w == width - 1) break;  // room for "…" only
      ++w;
    }
    end = pos;
  }
  return std::string(text.substr(0, end)) + "\u2026";
}

}  // namespace kg
