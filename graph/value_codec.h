// value_codec: kg's binary encoding of stored values (not JSON).
//
// Every value starts with a one-byte format tag, then fields as varints and
// length-prefixed strings. Decoders check every length and return false on
// anything malformed; callers turn that into Status::Corruption.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "graph/model.h"

namespace kg {

void EncodeNode(const Node& node, std::string* dst);
bool DecodeNode(std::string_view src, Node* node);

// A node's distinct declaration (key_codec.h 'F'): what a record said of
// it, judgements included. DeclBodyHash names it: equal declarations have
// equal hashes.
void EncodeDeclBody(const NodeDecl& decl, std::string* dst);
bool DecodeDeclBody(std::string_view src, NodeDecl* decl);
uint64_t DeclBodyHash(const NodeDecl& decl);

void EncodeEdgeValue(const Edge& edge, std::string* dst);  // attrs and sources
bool DecodeEdgeValue(std::string_view src, Edge* edge);    // fills attrs, sources

// Records are written in the current record format; DecodeRecord also reads
// the format that stores before format 3 hold (without version, same_as,
// match and edge keys).
void EncodeRecord(const StoredRecord& record, std::string* dst);
bool DecodeRecord(std::string_view src, StoredRecord* record);
// Whether an encoded record is in the current format (else the upgrade of a
// store rewrites it).
bool IsCurrentRecordFormat(std::string_view src);

// A same_as judgement's value: the declaring node's id and the text it
// names, as written (ids never hold a byte below 0x20).
void EncodeJudgement(std::string_view declaring_id, std::string_view text, std::string* dst);
bool DecodeJudgement(std::string_view src, std::string* declaring_id, std::string* text);

// The change log's entries and the past record versions (history).
void EncodeChange(const ChangeInfo& change, std::string* dst);
bool DecodeChange(std::string_view src, ChangeInfo* change);
// A past version is its ended change (8 bytes, big-endian) and then the
// record as EncodeRecord writes it: `encoded_record` is that encoding.
void EncodePastVersion(uint64_t ended, std::string_view encoded_record, std::string* dst);
bool DecodePastVersion(std::string_view src, PastVersion* version);

// Counters in meta.
void EncodeCounter(uint64_t v, std::string* dst);
bool DecodeCounter(std::string_view src, uint64_t* v);

// A stable 64-bit hash of a record's content (id, version, source, nodes,
// edges as written), used to tell a re-ingested record from a new version.
// A record without version, same_as, match or edge keys hashes as it did
// before those fields existed.
uint64_t HashRecord(const Record& record);

}  // namespace kg
