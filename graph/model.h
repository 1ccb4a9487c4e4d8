// The plain data types of kg's graph: attribute values, date ranges, the
// records users ingest, and the nodes and edges the store holds.
//
// Nothing here knows JSON or RocksDB. ingest/ turns input into Records;
// graph/ turns Records into Nodes and Edges.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kg {

// Internal numeric id of a node, assigned by the store (1, 2, ...). Users never
// see it; they name nodes by their canonical id string.
using NodeId = uint64_t;
// Ingestion sequence number of a record version (1, 2, ...): the order in
// which "the later record wins".
using RecordSeq = uint64_t;

// DO NOT CHANGE the numeric values: they are stored on disk.
enum class NodeKind : uint8_t { kUnknown = 0, kActor = 1, kLocation = 2 };

const char* KindName(NodeKind kind);             // "actor", "location", "?"
bool ParseKind(const std::string& s, NodeKind* kind);

// A flat attribute value: string, integer, floating-point number or boolean.
using AttrValue = std::variant<std::string, int64_t, double, bool>;
// Attributes by key, in key order.
using Attrs = std::map<std::string, AttrValue>;

// A date or range as users write it ("2025", "2025-06", "2025-06-12", or
// "START/END" of those) with its first and last day as yyyymmdd numbers.
// A partial date covers its whole year or month ("2025-06" is 20250601 to
// 20250631; day 31 stands for "end of month" whatever the month's length).
struct DateRange {
  std::string text;  // as written; empty when undated
  int32_t first = 0;
  int32_t last = 99991231;

  bool dated() const { return !text.empty(); }
  // Whether the two ranges share at least one day. An undated range overlaps
  // everything.
  bool Overlaps(const DateRange& other) const {
    return first <= other.last && other.first <= last;
  }
};

enum class Direction { kOut, kIn, kBoth };

// Which edges a traversal follows: by type, direction and date window.
struct EdgeFilter {
  std::vector<std::string> types;  // empty: every type; else sorted, unique
  Direction direction = Direction::kBoth;
  DateRange window;                // default: all time

  bool AllowsType(const std::string& type) const;
  // Undated edges state standing relations: they pass every window.
  bool Allows(const std::string& type, const DateRange& date) const {
    return AllowsType(type) && window.Overlaps(date);
  }
  bool AllowsAll() const { return types.empty() && !window.dated(); }
};

// Parses text into *range. Returns false when text is not one of the accepted
// forms or is not a real date (month 13, day 32, February 30, end before start).
bool ParseDateRange(const std::string& text, DateRange* range);

// An RFC 3339 timestamp in UTC, "2025-06-20T08:14:03Z" with optional
// fractional seconds (dropped) and "Z" or a zero offset, as Unix seconds.
bool ParseUtcTimestamp(std::string_view text, int64_t* seconds);
// Unix seconds as "2025-06-20T08:14:03Z".
std::string FormatUtcTimestamp(int64_t seconds);

struct SourceInfo {
  std::string title, url, published, publisher, lang;
  bool empty() const {
    return title.empty() && url.empty() && published.empty() && publisher.empty() && lang.empty();
  }
};

// A node as one record declares it. Optional fields are those the record left out.
struct NodeDecl {
  std::string id;
  NodeKind kind = NodeKind::kUnknown;  // kUnknown: not given
  std::optional<std::string> name;
  std::vector<std::string> aliases;
  Attrs attrs;
  std::optional<std::pair<double, double>> coords;  // lat, lon
  // Judgement (CONTRACT.md "Judgements"): ids or names of stored nodes that
  // are the same entity as this one; they merge into it while the record
  // stands, and split again when it is retracted or replaced.
  std::vector<std::string> same_as;
  // Set by the dataset importers: this node may merge with a node of another
  // source (hand-coded, or another dataset) that has one of its normalized
  // names and its kind, under the contract's rules, whichever came first.
  struct Match {
    // "acled", "ucdp": never merged with another node of this dataset.
    std::string dataset;
    // Locations: the normalized admin1 (region) name the place lies in,
    // empty for a country or when unknown; a place merges only with a
    // node in the same region or, both with coords, within 25 km.
    std::string region;
    // Actors: the role category ("state_forces", "rebel_group",
    // "political_militia", "identity_militia", "rioters", "protesters",
    // "civilians", "external"); actors merge only when both roles are known
    // and agree (a hand-coded node's role is its attrs.category).
    std::string role;
  };
  std::optional<Match> match;
  // The previous matching rule (any one node of the same kind and name);
  // the writer's matching moves to `match`.
  bool match_existing = false;
};

// An edge as one record asserts it; endpoints as written (id, name or alias).
struct EdgeDecl {
  std::string from, type, to;
  DateRange date;
  // Tells apart distinct events between the same nodes on the same date (a
  // dataset's event id); empty when not given. Part of the edge's identity.
  std::string key;
  Attrs attrs;
};

// The unit of ingestion: applied whole or not at all.
struct Record {
  std::string id;
  SourceInfo source;
  // Orders the versions of one record: an integer as given, or an RFC 3339
  // UTC timestamp as Unix seconds. A stored version is replaced only by one
  // that is not older (CONTRACT.md "Versions and retraction").
  std::optional<int64_t> version;
  std::vector<NodeDecl> nodes;
  std::vector<EdgeDecl> edges;
};

// A stored node: what its declaring records say together.
struct Node {
  NodeId nid = 0;
  std::string id;
  NodeKind kind = NodeKind::kUnknown;
  std::string name;                    // defaults to id
  std::vector<std::string> aliases;    // in first-seen order, no duplicates
  Attrs attrs;
  std::optional<std::pair<double, double>> coords;  // lat, lon
  // The hash of the declaration body its newest record gave it (key_codec.h
  // 'F'), 0 when not known: a record declaring it alike again changes
  // nothing. The writer's alone; not part of what a node says.
  uint64_t newest_body = 0;
  // Declaring record versions, ascending. Stored apart from the node (see
  // key_codec.h); filled only by GraphReader::GetNodeRecords.
  std::vector<RecordSeq> records;
};

// A stored edge, identified by (from, type, to, date, key).
struct Edge {
  NodeId from = 0, to = 0;
  std::string type;
  DateRange date;
  std::string key;                     // empty when the records gave none
  Attrs attrs;                         // merged from its sources, later wins
  std::vector<RecordSeq> sources;      // supporting record versions, ascending
};

// A stored record version: the source of truth for what it asserts, with
// edge endpoints resolved to node ids (and remapped by merges), and as
// written, to resolve them again when a merge is undone.
struct StoredRecord {
  std::string id;
  RecordSeq seq = 0;
  uint64_t hash = 0;  // of the record's content, to spot re-ingestion
  std::optional<int64_t> version;  // Record::version
  SourceInfo source;
  std::vector<NodeDecl> nodes;
  struct ResolvedEdge {
    NodeId from = 0, to = 0;
    std::string type;
    DateRange date;
    std::string key;  // EdgeDecl::key
    Attrs attrs;
    // EdgeDecl::from and to; empty in records stored before store format 5.
    std::string from_text, to_text;
  };
  std::vector<ResolvedEdge> edges;
};

// One change of the store: a `kg ingest` or `kg retract` that changed it
// (CONTRACT.md section 6). The record versions it stored are those with a
// seq in [first_seq, end_seq).
struct ChangeInfo {
  uint64_t number = 0;
  int64_t time = 0;  // Unix seconds, UTC: when its last batch was written
  std::string command;               // "ingest", "retract"; "upgrade" for the records a store held before history
  std::vector<std::string> files;    // as named on the command line
  uint64_t added = 0, replaced = 0, retracted = 0, stale = 0, rejected = 0;
  RecordSeq first_seq = 0, end_seq = 0;
  bool complete = false;  // false: the command was cut short (only what it wrote is there)
};

// A record version replaced or retracted by a change (key_codec.h 'V').
struct PastVersion {
  uint64_t ended = 0;  // the change that replaced or retracted it
  StoredRecord record;
};

}  // namespace kg
