// History (CONTRACT.md section 6): the store's changes, and the graph as it
// stood at the end of any of them.
//
// Every kg ingest or kg retract that changes the store is a numbered change
// (ChangeInfo, logged by the GraphWriter with each batch it writes, so the
// log and the graph never disagree). A record version that a change replaces
// or retracts is kept as a past version, named by its seq, with the number
// of that change (key_codec.h 'L', 'V'). Seqs grow with every version
// stored, so the versions standing at the end of change C are those with a
// seq below C's end_seq that no change up to C ended.
//
// The graph of that moment is what a fresh store holding those versions, in
// ingestion order, says; the past is rebuilt that way (by the same writer
// that builds the present, so the two cannot drift apart), once per change:
// a rebuilt past is kept under the store's directory, in asof/, and read
// like any store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg {

// The changes logged, oldest first.
Status ReadChanges(const GraphReader& reader, std::vector<ChangeInfo>* changes);

// The change `--as-of text` names: a change number, or the last change at
// or before an RFC 3339 UTC time ("2025-06-20T08:00:00Z"; a bare date
// "2025-06-20" is the end of that day). 0 is the empty graph before the
// first change. InvalidArgument for anything else, a change the log does
// not hold, or one whose past `kg compact` dropped (the message does not
// name the flag; callers prefix it).
Status ResolveAsOf(const GraphReader& reader, std::string_view text, uint64_t* change);

// The latest change logged; 0 when none is.
Status LatestChange(const GraphReader& reader, uint64_t* change);

// Calls fn with each record version standing at the end of change, in
// ingestion order (seq ascending). fn's first error stops the scan.
Status ForEachRecordAsOf(const GraphReader& reader, uint64_t change,
                         const std::function<Status(const StoredRecord&)>& fn);

// Builds, in dir (which must not exist yet), a fresh store holding the
// records standing at the end of change, applied in ingestion order.
Status BuildPastStore(const GraphReader& reader, uint64_t change, const std::string& dir);

// Replaces *store (open for reading) by the graph as it stood at the end of
// change: left as it is when change is its latest; else the past kept under
// its directory (asof/), built there on first use. When that directory
// cannot be written, the past is built in a temporary directory that goes
// when the store closes.
Status OpenAsOf(uint64_t change, std::unique_ptr<GraphStore>* store);

// `kg compact --before change`: drops the past versions that only the
// graphs before change needed, and the pasts kept for them; --as-of and
// kg diff then reach back to change and no further. *dropped gets how many
// versions went.
Status CompactHistory(GraphStore* store, uint64_t before, uint64_t* dropped);

}  // namespace kg
