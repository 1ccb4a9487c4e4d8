// utf8: decoding UTF-8 text one code point at a time, for the output writers
// that must never pass invalid bytes on (DOT, GraphML).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at text[*pos] and advances *pos past it.
// An invalid, truncated or overlong sequence, or an encoded surrogate,
// decodes as U+FFFD and advances one byte.
char32_t NextCodePoint(std::string_view text, size_t* pos);

// Appends cp encoded as UTF-8.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace kg
