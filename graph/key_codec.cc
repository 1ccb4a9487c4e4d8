#include "graph/key_codec.h"

namespace kg {
namespace {

constexpr char kMeta = 'M', kId = 'I', kNode = 'N', kName = 'A', kOut = 'E', kAdjacency = 'J', kRecord = 'D',
               kSeq = 'Q', kFormat3Decl = 'P', kDeclUse = 'G', kDeclNewest = 'H', kDeclBody = 'F',
               kJudgement = 'S', kFormat1In = 'R', kChange = 'L', kPastVersion = 'V';
constexpr char kDirOut = 'o', kDirIn = 'i';

std::string Tagged(char tag, std::string_view rest) {
  std::string k;
  k.reserve(1 + rest.size());
  k.push_back(tag);
  k.append(rest);
  return k;
}

std::string TaggedId(char tag, NodeId id) {
  std::string k(1, tag);
  PutFixed64BE(&k, id);
  return k;
}

std::string EdgePair(char tag, NodeId a, NodeId b) {
  std::string k(1, tag);
  PutFixed64BE(&k, a);
  PutFixed64BE(&k, b);
  return k;
}

std::string EncodeEdge(char tag, NodeId a, NodeId b, const EdgeKey& k) {
  std::string key = EdgePair(tag, a, b);
  key.append(k.type);
  key.push_back('\0');
  key.append(k.date);
  if (!k.key.empty()) {
    key.push_back('\0');
    key.append(k.key);
  }
  return key;
}

}  // namespace

void PutFixed64BE(std::string* dst, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  dst->append(buf, 8);
}

uint64_t DecodeFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string MetaKey(std::string_view name) { return Tagged(kMeta, name); }
std::string NodeIdKey(std::string_view id) { return Tagged(kId, id); }

std::string NodeKey(NodeId nid) { return TaggedId(kNode, nid); }
bool ParseNodeKey(std::string_view key, NodeId* nid) {
  if (key.size() != 9 || key[0] != kNode) return false;
  *nid = DecodeFixed64BE(key.data() + 1);
  return true;
}
std::string NodePrefix() { return std::string(1, kNode); }

std::string NameKey(std::string_view normalized, NodeId nid) {
  std::string k = NamePrefix(normalized);
  PutFixed64BE(&k, nid);
  return k;
}
bool ParseNameKey(std::string_view key, std::string_view* normalized, NodeId* nid) {
  if (key.size() < 10 || key[0] != kName || key[key.size() - 9] != '\0') return false;
  *normalized = key.substr(1, key.size() - 10);
  *nid = DecodeFixed64BE(key.data() + key.size() - 8);
  return true;
}
std::string NamePrefix(std::string_view normalized) {
  std::string k = Tagged(kName, normalized);
  k.push_back('\0');
  return k;
}
std::string NameIndexPrefix() { return std::string(1, kName); }

std::string EncodeOutEdgeKey(const EdgeKey& k) { return EncodeEdge(kOut, k.from, k.to, k); }

bool ParseEdgeKey(std::string_view key, EdgeKey* k) {
  if (key.size() < 18 || key[0] != kOut) return false;
  NodeId a = DecodeFixed64BE(key.data() + 1);
  NodeId b = DecodeFixed64BE(key.data() + 9);
  std::string_view rest = key.substr(17);
  size_t sep = rest.find('\0');
  if (sep == std::string_view::npos || sep == 0) return false;
  k->type.assign(rest.substr(0, sep));
  rest.remove_prefix(sep + 1);
  size_t key_sep = rest.find('\0');
  if (key_sep == std::string_view::npos) {
    k->date.assign(rest);
    k->key.clear();
  } else {
    if (key_sep + 1 == rest.size()) return false;  // a key is never empty
    k->date.assign(rest.substr(0, key_sep));
    k->key.assign(rest.substr(key_sep + 1));
  }
  k->from = a;
  k->to = b;
  return true;
}

std::string OutEdgePrefix(NodeId node) { return TaggedId(kOut, node); }
std::string OutEdgePrefix(NodeId node, NodeId neighbor) { return EdgePair(kOut, node, neighbor); }
std::string OutEdgePrefix(NodeId node, NodeId neighbor, std::string_view type) {
  std::string k = EdgePair(kOut, node, neighbor);
  k.append(type);
  k.push_back('\0');
  return k;
}

std::string AllOutEdgesPrefix() { return std::string(1, kOut); }

std::string AdjacencyKey(NodeId node, NodeId neighbor, bool out) {
  std::string k = EdgePair(kAdjacency, node, neighbor);
  k.push_back(out ? kDirOut : kDirIn);
  return k;
}
bool ParseAdjacencyKey(std::string_view key, NodeId* node, NodeId* neighbor, bool* out) {
  if (key.size() != 18 || key[0] != kAdjacency || (key[17] != kDirOut && key[17] != kDirIn)) return false;
  *node = DecodeFixed64BE(key.data() + 1);
  *neighbor = DecodeFixed64BE(key.data() + 9);
  *out = key[17] == kDirOut;
  return true;
}
std::string AdjacencyPrefix(NodeId node) { return TaggedId(kAdjacency, node); }
std::string AllAdjacencyPrefix() { return std::string(1, kAdjacency); }
std::string Format1InEdgePrefix() { return std::string(1, kFormat1In); }

std::string DeclUseKey(NodeId nid, uint64_t body, RecordSeq seq) {
  std::string k = EdgePair(kDeclUse, nid, body);
  PutFixed64BE(&k, seq);
  return k;
}
std::string DeclNewestKey(NodeId nid, uint64_t body, RecordSeq seq) {
  std::string k = EdgePair(kDeclNewest, nid, body);
  PutFixed64BE(&k, ~seq);
  return k;
}
bool ParseDeclUseKey(std::string_view key, NodeId* nid, uint64_t* body, RecordSeq* seq) {
  if (key.size() != 25 || (key[0] != kDeclUse && key[0] != kDeclNewest)) return false;
  *nid = DecodeFixed64BE(key.data() + 1);
  *body = DecodeFixed64BE(key.data() + 9);
  *seq = DecodeFixed64BE(key.data() + 17);
  if (key[0] == kDeclNewest) *seq = ~*seq;
  return true;
}
std::string DeclUsePrefix(NodeId nid) { return TaggedId(kDeclUse, nid); }
std::string DeclUsePrefix(NodeId nid, uint64_t body) { return EdgePair(kDeclUse, nid, body); }
std::string DeclNewestPrefix(NodeId nid, uint64_t body) { return EdgePair(kDeclNewest, nid, body); }
std::string AllDeclUsesPrefix() { return std::string(1, kDeclUse); }
std::string AllDeclNewestPrefix() { return std::string(1, kDeclNewest); }
std::string DeclBodyKey(NodeId nid, uint64_t body) { return EdgePair(kDeclBody, nid, body); }
bool ParseDeclBodyKey(std::string_view key, NodeId* nid, uint64_t* body) {
  if (key.size() != 17 || key[0] != kDeclBody) return false;
  *nid = DecodeFixed64BE(key.data() + 1);
  *body = DecodeFixed64BE(key.data() + 9);
  return true;
}
std::string DeclBodyPrefix(NodeId nid) { return TaggedId(kDeclBody, nid); }
std::string AllDeclBodiesPrefix() { return std::string(1, kDeclBody); }

std::string Format3DeclPrefix(NodeId nid) { return TaggedId(kFormat3Decl, nid); }
bool ParseFormat3DeclKey(std::string_view key, NodeId* nid, RecordSeq* seq) {
  if (key.size() != 17 || key[0] != kFormat3Decl) return false;
  *nid = DecodeFixed64BE(key.data() + 1);
  *seq = DecodeFixed64BE(key.data() + 9);
  return true;
}
std::string AllFormat3DeclsPrefix() { return std::string(1, kFormat3Decl); }

std::string RecordKey(std::string_view record_id) { return Tagged(kRecord, record_id); }
bool ParseRecordKey(std::string_view key, std::string_view* record_id) {
  if (key.empty() || key[0] != kRecord) return false;
  *record_id = key.substr(1);
  return true;
}
std::string RecordPrefix() { return std::string(1, kRecord); }
std::string RecordSeqKey(RecordSeq seq) { return TaggedId(kSeq, seq); }
bool ParseRecordSeqKey(std::string_view key, RecordSeq* seq) {
  if (key.size() != 9 || key[0] != kSeq) return false;
  *seq = DecodeFixed64BE(key.data() + 1);
  return true;
}
std::string RecordSeqPrefix() { return std::string(1, kSeq); }

std::string JudgementPrefix(std::string_view normalized) {
  std::string k = Tagged(kJudgement, normalized);
  k.push_back('\0');
  return k;
}
std::string JudgementKey(std::string_view normalized, RecordSeq seq) {
  std::string k = JudgementPrefix(normalized);
  PutFixed64BE(&k, seq);
  return k;
}
bool ParseJudgementKey(std::string_view key, std::string_view* normalized, RecordSeq* seq) {
  if (key.size() < 10 || key[0] != kJudgement || key[key.size() - 9] != '\0') return false;
  *normalized = key.substr(1, key.size() - 10);
  *seq = DecodeFixed64BE(key.data() + key.size() - 8);
  return true;
}
std::string AllJudgementsPrefix() { return std::string(1, kJudgement); }

std::string ChangeKey(uint64_t change) { return TaggedId(kChange, change); }
bool ParseChangeKey(std::string_view key, uint64_t* change) {
  if (key.size() != 9 || key[0] != kChange) return false;
  *change = DecodeFixed64BE(key.data() + 1);
  return true;
}
std::string ChangePrefix() { return std::string(1, kChange); }

std::string PastVersionKey(RecordSeq seq) { return TaggedId(kPastVersion, seq); }
bool ParsePastVersionKey(std::string_view key, RecordSeq* seq) {
  if (key.size() != 9 || key[0] != kPastVersion) return false;
  *seq = DecodeFixed64BE(key.data() + 1);
  return true;
}
std::string PastVersionPrefix() { return std::string(1, kPastVersion); }

}  // namespace kg
