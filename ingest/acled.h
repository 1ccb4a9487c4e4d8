// ACLED event data (Armed Conflict Location & Event Data) as kg Records.
//
// Reads what analysts download: the API's JSON (an envelope whose "data"
// array holds the events, every value a string) and the export CSV (dyadic,
// or monadic with one row per actor; HDX copies with an HXL hashtag row).
// Each event becomes one Record "acled:<event_id_cnty>", versioned by its
// timestamp, with its actors (associated ones included), its place down the
// admin chain and dated, typed edges keyed by the event id; docs/DATASETS.md
// gives the mapping.
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "ingest/reader.h"

namespace kg {

// Reads ACLED events from *in, which must outlive the reader. JSON when the
// first byte that is not white space is '{' or '[', CSV otherwise. Rows of
// one event (monadic files, one-row-per-actor copies) become one record when
// they come within the same run of rows of one event_date, as exports sorted
// by date have them.
std::unique_ptr<RecordReader> NewAcledReader(std::istream* in);

// The id of the record made of the event with this event_id_cnty
// ("acled:MLI1234"): what `kg retract --from` retracts for ACLED's list of
// deleted events.
std::string AcledRecordId(std::string_view event_id);

}  // namespace kg
