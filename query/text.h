// text: the one home of terminal-safe text. Every text from data that
// reaches a terminal (table cells, `kg: ...` error lines) goes through
// TerminalSafe, so no name, alias or attr can move the cursor, clear the
// screen or reorder what follows it (bidi controls).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

// text with every character that could act on a terminal shown visibly:
// C0 controls (tab and newline included), DEL, C1 controls (U+0080-009F)
// and the bidi controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069) as
// `\u00XX`-style escapes (`\u202e`); invalid UTF-8 bytes as `\xNN`. Other
// text, backslashes included, is unchanged.
std::string TerminalSafe(std::string_view text);

// The display width of UTF-8 text, counted in code points (combining
// marks, U+0300-036F, count zero).
size_t DisplayWidth(std::string_view text);

// text cut to at most `width` columns, ending with "…" when cut. width 0
// gives "".
std::string CutToWidth(std::string_view text, size_t width);

}  // namespace kg
