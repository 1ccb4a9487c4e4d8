// normalize: the one definition of when two names are "the same name".
//
// NormalizeName folds case (Unicode case folding) and diacritics (canonical
// decomposition, combining marks dropped), and turns every run of white
// space, hyphens and apostrophes (' and the typographic ’) into one space,
// trimmed at both ends: "Al-Qaïda" and "al qaida", "Jama’at" and "Jama'at",
// "FAMa" and "Fama" normalize alike.
#pragma once

#include <string>
#include <string_view>

namespace kg {

// Returns the normalized form of a valid UTF-8 string (empty if text holds
// only separators). Invalid UTF-8 is normalized byte-wise as ASCII-folded
// text; callers validate UTF-8 before.
std::string NormalizeName(std::string_view text);

// Whether text is valid UTF-8 without control characters (below U+0020,
// and U+007F).
bool IsCleanUtf8(std::string_view text);
// Whether text is valid UTF-8 (no surrogates, no overlong forms); control
// characters allowed.
bool IsWellFormedUtf8(std::string_view text);

// Levenshtein distance between two byte strings, capped at cap+1.
size_t EditDistance(std::string_view a, std::string_view b, size_t cap);

}  // namespace kg
