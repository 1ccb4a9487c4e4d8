// key_codec: the one place that builds and parses kg's RocksDB keys.
//
// Byte layout (all integers big-endian, so byte order is numeric order and a
// prefix scan visits ids in ascending order). DO NOT CHANGE the tag bytes or
// layouts: they are on disk. Change kFormatVersion with any layout change.
//
//   'M' name                           -> meta value (format version, counters)
//   'I' node-id                        -> nid(8)              exact id index
//   'N' nid(8)                         -> Node                (value_codec)
//   'A' normalized-name 0x00 nid(8)    -> ""                  name/alias index
//   'E' src(8) dst(8) type 0x00 date [0x00 key] -> Edge       edges
//   'J' node(8) neighbor(8) dir(1)     -> ""                  adjacency (below)
//   'G' nid(8) body(8) seq(8)          -> ""                  a node's declarations, oldest first
//   'H' nid(8) body(8) ~seq(8)         -> ""                  the same, newest first
//   'F' nid(8) body(8)                 -> NodeDecl            a node's distinct declarations (value_codec)
//   'D' record-id                      -> StoredRecord        records, source of truth
//   'Q' seq(8)                         -> record-id           records by ingestion order
//   'S' normalized-text 0x00 seq(8)    -> judgement           same_as judgements by what they name
//   'L' change(8)                      -> ChangeInfo          the change log (history)
//   'V' seq(8)                         -> PastVersion         record versions replaced or retracted
//
// The adjacency keys name each node, neighbour and direction that at least
// one edge joins: dir 'o' when an edge node -> neighbour exists, 'i' when an
// edge neighbour -> node exists (a self-loop has both). They are the one
// place a node's neighbours are read from, whatever the number of dated
// edges between them: a hub's neighbours are a few bytes each, packed in a
// handful of blocks. A node's in-edges are the out-edges of its 'i'
// neighbours. Edges of one node sort by neighbour first, then type, date
// and key. An edge without a key (the empty key) ends at its date; an edge
// with one adds 0x00 and the key, which is the rest of the key bytes, so it
// sorts after the keyless edge of its date and before any longer date.
// Format 3 added the keys: a format-2 edge key is a format-3 keyless one, and
// format 2's records are rewritten by the upgrade (value_codec reads both).
// A node is what its declarations say together (CONTRACT.md "Merging").
// Records re-declare their nodes again and again, mostly alike, so each
// distinct declaration of a node (its body, named by a hash of it) is stored
// once under 'F', and each record version declaring it is a 'G' key and an
// 'H' twin: the oldest and the newest record of each body are one seek away,
// and a node is rebuilt from its few bodies, not from its many records.
// Format 4 added them; format 3 kept 'P' nid(8) seq(8) per declaration
// instead, which the upgrade turns into bodies (graph/store.cc).
// A same_as judgement names its nodes by id or name, stored or not yet:
// each named text is an 'S' key under its normalized form, whose value is
// the declaring node's id, 0x00, and the text as written, so that a node
// arriving later under that id or name finds the judgements waiting for it
// (graph/writer.cc). Format 5 added them, and records that keep their
// edges' endpoints as written (value_codec); its upgrade indexes the
// judgements of the stored records, and a format-4 store reads as it is.
// History (format 6): every change is an 'L' key, and a record version a
// change replaces or retracts moves from 'D'/'Q' to 'V' under its seq with
// the number of that change. Seqs grow with every version stored, so the
// versions a change stored are a range of seqs, and the versions standing at
// the end of change C are those with a seq below its end whose 'V' entry, if
// any, names a later change (graph/history.h). Format 5 reads as it is; its
// upgrade logs the records it held as change 1.
// Format 1 kept an in-edge twin 'R' dst src type 0 date per edge instead;
// opening a format-1 store for writing rewrites it (graph/store.cc).
// Node ids, names and aliases
// never contain bytes below 0x20, and types and dates are ASCII, so 0x00 is
// a safe separator (the key comes last and may hold any bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/model.h"

namespace kg {

inline constexpr uint64_t kFormatVersion = 6;

// Meta keys.
std::string MetaKey(std::string_view name);
inline constexpr std::string_view kMetaPrefix = "M";

// Exact node id index.
std::string NodeIdKey(std::string_view id);

// Nodes.
std::string NodeKey(NodeId nid);
bool ParseNodeKey(std::string_view key, NodeId* nid);
std::string NodePrefix();  // every node

// Name/alias index.
std::string NameKey(std::string_view normalized, NodeId nid);
bool ParseNameKey(std::string_view key, std::string_view* normalized, NodeId* nid);
std::string NamePrefix(std::string_view normalized);  // exactly this name
std::string NameIndexPrefix();                        // every name

// Edges. An EdgeKey identifies one stored edge.
struct EdgeKey {
  NodeId from = 0, to = 0;
  std::string type;
  std::string date;  // as written; empty when undated
  std::string key;   // the event key; empty when none
};
std::string EncodeOutEdgeKey(const EdgeKey& k);  // 'E' src dst type 0 date [0 key]
bool ParseEdgeKey(std::string_view key, EdgeKey* k);
// Prefixes: every edge from node; from node to neighbor; from node to
// neighbor with type.
std::string OutEdgePrefix(NodeId node);
std::string OutEdgePrefix(NodeId node, NodeId neighbor);
std::string OutEdgePrefix(NodeId node, NodeId neighbor, std::string_view type);
std::string AllOutEdgesPrefix();

// Adjacency. out: an edge node -> neighbor (else neighbor -> node).
std::string AdjacencyKey(NodeId node, NodeId neighbor, bool out);
bool ParseAdjacencyKey(std::string_view key, NodeId* node, NodeId* neighbor, bool* out);
std::string AdjacencyPrefix(NodeId node);
std::string AllAdjacencyPrefix();
// Format 1's in-edge twins ('R' dst src type 0 date), for the upgrade.
std::string Format1InEdgePrefix();

// A node's declarations: body is the hash of a distinct declaration.
std::string DeclUseKey(NodeId nid, uint64_t body, RecordSeq seq);     // 'G', oldest first
std::string DeclNewestKey(NodeId nid, uint64_t body, RecordSeq seq);  // 'H', newest first
bool ParseDeclUseKey(std::string_view key, NodeId* nid, uint64_t* body, RecordSeq* seq);     // 'G' or 'H'
std::string DeclUsePrefix(NodeId nid);                  // every declaration of nid
std::string DeclUsePrefix(NodeId nid, uint64_t body);   // of one body, oldest first
std::string DeclNewestPrefix(NodeId nid, uint64_t body);  // of one body, newest first
std::string AllDeclUsesPrefix();
std::string AllDeclNewestPrefix();
std::string DeclBodyKey(NodeId nid, uint64_t body);
bool ParseDeclBodyKey(std::string_view key, NodeId* nid, uint64_t* body);
std::string DeclBodyPrefix(NodeId nid);
std::string AllDeclBodiesPrefix();
// Format 3's 'P' nid seq per declaration, for the upgrade.
std::string Format3DeclPrefix(NodeId nid);
bool ParseFormat3DeclKey(std::string_view key, NodeId* nid, RecordSeq* seq);
std::string AllFormat3DeclsPrefix();

// Records.
std::string RecordKey(std::string_view record_id);
bool ParseRecordKey(std::string_view key, std::string_view* record_id);
std::string RecordPrefix();
std::string RecordSeqKey(RecordSeq seq);
bool ParseRecordSeqKey(std::string_view key, RecordSeq* seq);
std::string RecordSeqPrefix();

// same_as judgements, by the normalized text they name.
std::string JudgementKey(std::string_view normalized, RecordSeq seq);
std::string JudgementPrefix(std::string_view normalized);  // this text's judgements, oldest first
bool ParseJudgementKey(std::string_view key, std::string_view* normalized, RecordSeq* seq);
std::string AllJudgementsPrefix();

// History: the change log and the past record versions.
std::string ChangeKey(uint64_t change);
bool ParseChangeKey(std::string_view key, uint64_t* change);
std::string ChangePrefix();
std::string PastVersionKey(RecordSeq seq);
bool ParsePastVersionKey(std::string_view key, RecordSeq* seq);
std::string PastVersionPrefix();

// Fixed-width big-endian integers, exposed for value_codec and tests.
void PutFixed64BE(std::string* dst, uint64_t v);
uint64_t DecodeFixed64BE(const char* p);

}  // namespace kg
