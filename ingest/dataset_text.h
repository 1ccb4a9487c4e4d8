// Reading the values of dataset exports (ACLED, UCDP GED): names, dates and
// numbers as those files write them, checked, with errors that name the
// column ("event_date: cannot read date \"31 Febtember 2020\"").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace kg {

// s without leading and trailing ASCII white space.
std::string Trim(std::string_view s);

// The non-empty trimmed parts of s between separators, without repeats, in
// order: "Dozo Militia; Dan Na Ambassagou" -> {"Dozo Militia", "Dan Na Ambassagou"}.
std::vector<std::string> SplitList(std::string_view s, char sep);

// name without the parenthesized years or year ranges that ACLED appends to
// actor names for a period of a government or group: "(2021-)",
// "(2013-2020)", "(1991)"; other parentheses stay: "Civilians (Mali)".
std::string StripPeriodSuffix(std::string_view name);

// What StripPlaceSuffix removed.
enum class PlaceSuffix { kNone, kAdmin, kSettlement };

// name without a trailing word that says what kind of place it is, as UCDP
// writes its place names: admin units ("Gao region", "Bourem cercle", "Soum
// province": region, cercle, province, state, department, prefecture,
// district, commune, municipality, governorate, county) and settlements
// ("Boulkessi village": town, village, city). Case-insensitive; a name that
// is only the word stays as it is.
std::string StripPlaceSuffix(std::string_view name, PlaceSuffix* kind = nullptr);

// The form of a name used inside node ids: NormalizeName (case, diacritics,
// separators folded) with '/' turned into a space, as '/' separates the
// levels of a place id.
std::string IdPart(std::string_view name);

// id, or when it is over 256 bytes (the limit of node ids), its first bytes
// cut at a character boundary followed by '~' and a hash of the whole id.
std::string CapId(std::string id);


// text cut to at most max_bytes at a character boundary, ending with "…" when cut.
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

// InvalidArgument naming field unless text is a usable name: valid UTF-8
// without control characters.
Status CheckName(std::string_view field, std::string_view text);
// InvalidArgument naming field unless text is valid UTF-8.
Status CheckText(std::string_view field, std::string_view text);

// Reads a date as the datasets write it into *iso ("YYYY-MM-DD"):
// "2020-12-31", "31 December 2020", "01 March 2023", "1-Mar-2023",
// "2023-10-05 00:00:00.000", "2023-10-05T00:00:00". Month names are English,
// full or abbreviated, any case. Returns false for anything else and for
// dates that do not exist.
bool ReadDatasetDate(std::string_view text, std::string* iso);
// ReadDatasetDate, with InvalidArgument `field: cannot read date "text"`.
Status ReadDate(std::string_view field, std::string_view text, std::string* iso);

// A whole number >= 0 ("3"; "3.0" as spreadsheets save it). Empty text gives
// nullopt.
Status ReadCount(std::string_view field, std::string_view text, std::optional<int64_t>* value);

// A decimal number within [min, max]. Empty text gives nullopt.
Status ReadNumber(std::string_view field, std::string_view text, double min, double max,
                  std::optional<double>* value);

// The UTC date ("YYYY-MM-DD") of a Unix time in seconds.
std::string UnixDate(int64_t seconds);

}  // namespace kg
