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
//   'E' src(8) dst(8) type 0x00 date   -> Edge                out-edges (primary)
//   'R' dst(8) src(8) type 0x00 date   -> ""                  in-edges (twin of 'E')
//   'P' nid(8) seq(8)                  -> ""                  records declaring a node
//   'D' record-id                      -> StoredRecord        records, source of truth
//   'Q' seq(8)                         -> record-id           records by ingestion order
//
// Edges of one node sort by neighbour first, so "the distinct neighbours of
// X" is one Seek per neighbour (EdgeNeighborEnd skips all edges to the same
// neighbour), not a read of every dated edge. Node ids, names and aliases
// never contain bytes below 0x20, and types and dates are ASCII, so 0x00 is
// a safe separator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/model.h"

namespace kg {

inline constexpr uint64_t kFormatVersion = 1;

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
std::string NameIndexPrefix();                         // every name

// Edges. An EdgeKey identifies one stored edge.
struct EdgeKey {
  NodeId from = 0, to = 0;
  std::string type;
  std::string date;  // as written; empty when undated
};
std::string EncodeOutEdgeKey(const EdgeKey& k);  // 'E' src dst type 0 date
std::string EncodeInEdgeKey(const EdgeKey& k);   // 'R' dst src type 0 date
// Parses either form back into the edge's (from, type, to, date).
bool ParseEdgeKey(std::string_view key, EdgeKey* k);
// Prefixes: every out-edge (or in-edge) of node; of node towards neighbor;
// of node towards neighbor with type.
std::string OutEdgePrefix(NodeId node);
std::string InEdgePrefix(NodeId node);
std::string OutEdgePrefix(NodeId node, NodeId neighbor);
std::string InEdgePrefix(NodeId node, NodeId neighbor);
// The length of a node-to-neighbor prefix (tag, node, neighbor), and where
// the neighbor's id starts in it.
inline constexpr size_t kEdgePairPrefixSize = 17;
inline constexpr size_t kEdgeNeighborOffset = 9;
std::string OutEdgePrefix(NodeId node, NodeId neighbor, std::string_view type);
std::string InEdgePrefix(NodeId node, NodeId neighbor, std::string_view type);
// The first key after every edge between node and neighbor (in that
// direction): seek there to skip to the next neighbor.
std::string EdgeNeighborEnd(std::string_view node_neighbor_prefix);
std::string AllOutEdgesPrefix();

// Records declaring a node.
std::string DeclKey(NodeId nid, RecordSeq seq);
bool ParseDeclKey(std::string_view key, NodeId* nid, RecordSeq* seq);
std::string DeclPrefix(NodeId nid);

// Records.
std::string RecordKey(std::string_view record_id);
bool ParseRecordKey(std::string_view key, std::string_view* record_id);
std::string RecordPrefix();
std::string RecordSeqKey(RecordSeq seq);
bool ParseRecordSeqKey(std::string_view key, RecordSeq* seq);
std::string RecordSeqPrefix();

// Fixed-width big-endian integers, exposed for value_codec and tests.
void PutFixed64BE(std::string* dst, uint64_t v);
uint64_t DecodeFixed64BE(const char* p);

}  // namespace kg
