#include "graph/value_codec.h"

#include <cstring>
#include "graph/key_codec.h"

namespace kg {
namespace {

// DO NOT CHANGE: on-disk value format tags. Records: 1 until store format 2;
// 2 adds the version, same_as, match and edge keys (store format 3); 3 adds
// the edges' endpoints as written (store format 5).
constexpr char kNodeTag = 1, kEdgeTag = 1, kRecordTag1 = 1, kRecordTag2 = 2, kRecordTag = 3, kDeclBodyTag = 1,
               kChangeTag = 1;
// DO NOT CHANGE: on-disk attribute value types.
constexpr char kAttrString = 's', kAttrInt = 'i', kAttrDouble = 'd', kAttrBool = 'b';

void PutVarint(std::string* dst, uint64_t v) {
  while (v >= 0x80) {
    dst->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  dst->push_back(static_cast<char>(v));
}
void PutString(std::string* dst, std::string_view s) {
  PutVarint(dst, s.size());
  dst->append(s);
}
void PutDouble(std::string* dst, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  for (int i = 0; i < 8; ++i) dst->push_back(static_cast<char>(bits >> (8 * i)));
}
void PutAttrs(std::string* dst, const Attrs& attrs) {
  PutVarint(dst, attrs.size());
  for (const auto& [key, value] : attrs) {
    PutString(dst, key);
    if (const auto* s = std::get_if<std::string>(&value)) {
      dst->push_back(kAttrString);
      PutString(dst, *s);
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      dst->push_back(kAttrInt);
      PutVarint(dst, static_cast<uint64_t>(*i));
    } else if (const auto* d = std::get_if<double>(&value)) {
      dst->push_back(kAttrDouble);
      PutDouble(dst, *d);
    } else {
      dst->push_back(kAttrBool);
      dst->push_back(std::get<bool>(value) ? 1 : 0);
    }
  }
}
void PutDate(std::string* dst, const DateRange& date) { PutString(dst, date.text); }
void PutSeqs(std::string* dst, const std::vector<RecordSeq>& seqs) {
  PutVarint(dst, seqs.size());
  RecordSeq prev = 0;
  for (RecordSeq s : seqs) {  // ascending: store deltas
    PutVarint(dst, s - prev);
    prev = s;
  }
}
void PutOptionalCoords(std::string* dst, const std::optional<std::pair<double, double>>& c) {
  dst->push_back(c ? 1 : 0);
  if (c) {
    PutDouble(dst, c->first);
    PutDouble(dst, c->second);
  }
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool done() const { return s_.empty(); }
  void Invalidate() { Fail(); }

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
      if (s_.empty()) return Fail();
      unsigned char c = static_cast<unsigned char>(s_[0]);
      s_.remove_prefix(1);
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (!(c & 0x80)) return v;
    }
    return Fail();
  }
  // A count of items that each take at least one byte.
  uint64_t Count() {
    uint64_t n = Varint();
    if (n > s_.size()) return Fail();
    return n;
  }
  char Byte() {
    if (s_.empty()) return static_cast<char>(Fail());
    char c = s_[0];
    s_.remove_prefix(1);
    return c;
  }
  std::string String() {
    uint64_t n = Varint();
    if (!ok_ || n > s_.size()) {
      Fail();
      return {};
    }
    std::string out(s_.substr(0, n));
    s_.remove_prefix(n);
    return out;
  }
  double Double() {
    if (s_.size() < 8) return static_cast<double>(Fail());
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(static_cast<unsigned char>(s_[i])) << (8 * i);
    s_.remove_prefix(8);
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  Attrs ReadAttrs() {
    Attrs attrs;
    uint64_t n = Count();
    for (uint64_t i = 0; i < n && ok_; ++i) {
      std::string key = String();
      char type = Byte();
      switch (type) {
        case kAttrString: attrs[key] = String(); break;
        case kAttrInt: attrs[key] = static_cast<int64_t>(Varint()); break;
        case kAttrDouble: attrs[key] = Double(); break;
        case kAttrBool: attrs[key] = Byte() != 0; break;
        default: Fail();
      }
    }
    return attrs;
  }
  DateRange Date() {
    DateRange d;
    std::string text = String();
    if (!text.empty() && !ParseDateRange(text, &d)) Fail();
    return d;
  }
  std::vector<RecordSeq> Seqs() {
    std::vector<RecordSeq> seqs(Count());
    RecordSeq prev = 0;
    for (auto& s : seqs) s = prev += Varint();
    return seqs;
  }
  std::optional<std::pair<double, double>> OptionalCoords() {
    if (Byte() == 0) return std::nullopt;
    double lat = Double();
    double lon = Double();
    return std::make_pair(lat, lon);
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> out(Count());
    for (auto& s : out) s = String();
    return out;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    s_ = {};
    return 0;
  }
  std::string_view s_;
  bool ok_ = true;
};

void PutStrings(std::string* dst, const std::vector<std::string>& v) {
  PutVarint(dst, v.size());
  for (const auto& s : v) PutString(dst, s);
}

// The fields of a node declaration that record format 1 had; the record
// hash is over these too, so that a record's hash stays what it was.
void PutNodeDecl(std::string* dst, const NodeDecl& n) {
  PutString(dst, n.id);
  dst->push_back(static_cast<char>(n.kind));
  dst->push_back(n.name ? 1 : 0);
  if (n.name) PutString(dst, *n.name);
  PutStrings(dst, n.aliases);
  PutAttrs(dst, n.attrs);
  PutOptionalCoords(dst, n.coords);
  dst->push_back(n.match_existing ? 1 : 0);
}

// What record format 2 adds to a node declaration.
void PutNodeJudgements(std::string* dst, const NodeDecl& n) {
  PutStrings(dst, n.same_as);
  dst->push_back(n.match ? 1 : 0);
  if (n.match) PutStrings(dst, {n.match->dataset, n.match->region, n.match->role});
}

void PutOptionalVersion(std::string* dst, const std::optional<int64_t>& version) {
  dst->push_back(version ? 1 : 0);
  if (version) {  // zigzag: small magnitudes of either sign stay short
    const uint64_t v = static_cast<uint64_t>(*version);
    PutVarint(dst, (v << 1) ^ (*version < 0 ? ~uint64_t{0} : 0));
  }
}

NodeDecl ReadNodeDecl(Reader* r) {
  NodeDecl n;
  n.id = r->String();
  n.kind = static_cast<NodeKind>(r->Byte());
  if (r->Byte()) n.name = r->String();
  n.aliases = r->Strings();
  n.attrs = r->ReadAttrs();
  n.coords = r->OptionalCoords();
  n.match_existing = r->Byte() != 0;
  return n;
}

void ReadNodeJudgements(Reader* r, NodeDecl* n) {
  n->same_as = r->Strings();
  if (r->Byte()) {
    std::vector<std::string> m = r->Strings();
    if (m.size() != 3) return r->Invalidate();
    n->match = NodeDecl::Match{m[0], m[1], m[2]};
  }
}

// An edge's endpoint as written: mostly the id of a node its record
// declares, stored as that node's index + 1; else 0 and the text.
void PutEndpointText(std::string* dst, const std::string& text, const std::vector<NodeDecl>& nodes) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id == text) return PutVarint(dst, i + 1);
  }
  PutVarint(dst, 0);
  PutString(dst, text);
}

std::string ReadEndpointText(Reader* r, const std::vector<NodeDecl>& nodes) {
  const uint64_t i = r->Varint();
  if (i == 0) return r->String();
  if (i > nodes.size()) {
    r->Invalidate();
    return std::string();
  }
  return nodes[i - 1].id;
}

std::optional<int64_t> ReadOptionalVersion(Reader* r) {
  if (r->Byte() == 0) return std::nullopt;
  const uint64_t z = r->Varint();
  return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
}

}  // namespace

void EncodeNode(const Node& node, std::string* dst) {
  dst->push_back(kNodeTag);
  PutString(dst, node.id);
  dst->push_back(static_cast<char>(node.kind));
  PutString(dst, node.name);
  PutStrings(dst, node.aliases);
  PutAttrs(dst, node.attrs);
  PutOptionalCoords(dst, node.coords);
  if (node.newest_body != 0) PutVarint(dst, node.newest_body);  // store format 4
}

bool DecodeNode(std::string_view src, Node* node) {
  Reader r(src);
  if (r.Byte() != kNodeTag) return false;
  node->id = r.String();
  node->kind = static_cast<NodeKind>(r.Byte());
  node->name = r.String();
  node->aliases = r.Strings();
  node->attrs = r.ReadAttrs();
  node->coords = r.OptionalCoords();
  bool known = !r.done();
  node->newest_body = known ? r.Varint() : 0;
  if (known && node->newest_body == 0) return false;  // written only when known
  return r.ok() && r.done();
}

void EncodeDeclBody(const NodeDecl& decl, std::string* dst) {
  dst->push_back(kDeclBodyTag);
  PutNodeDecl(dst, decl);
  PutNodeJudgements(dst, decl);
}

bool DecodeDeclBody(std::string_view src, NodeDecl* decl) {
  Reader r(src);
  if (r.Byte() != kDeclBodyTag) return false;
  *decl = ReadNodeDecl(&r);
  ReadNodeJudgements(&r, decl);
  return r.ok() && r.done();
}

uint64_t DeclBodyHash(const NodeDecl& decl) {
  std::string buf;
  EncodeDeclBody(decl, &buf);
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : buf) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h == 0 ? 1 : h;  // 0 means "not known" in Node::newest_body
}

void EncodeEdgeValue(const Edge& edge, std::string* dst) {
  dst->push_back(kEdgeTag);
  PutAttrs(dst, edge.attrs);
  PutSeqs(dst, edge.sources);
}

bool DecodeEdgeValue(std::string_view src, Edge* edge) {
  Reader r(src);
  if (r.Byte() != kEdgeTag) return false;
  edge->attrs = r.ReadAttrs();
  edge->sources = r.Seqs();
  return r.ok() && r.done();
}

void EncodeRecord(const StoredRecord& rec, std::string* dst) {
  dst->push_back(kRecordTag);
  PutString(dst, rec.id);
  PutVarint(dst, rec.seq);
  PutVarint(dst, rec.hash);
  PutOptionalVersion(dst, rec.version);
  PutStrings(dst, {rec.source.title, rec.source.url, rec.source.published, rec.source.publisher,
                   rec.source.lang});
  PutVarint(dst, rec.nodes.size());
  for (const auto& n : rec.nodes) {
    PutNodeDecl(dst, n);
    PutNodeJudgements(dst, n);
  }
  PutVarint(dst, rec.edges.size());
  for (const auto& e : rec.edges) {
    PutVarint(dst, e.from);
    PutVarint(dst, e.to);
    PutString(dst, e.type);
    PutDate(dst, e.date);
    PutString(dst, e.key);
    PutAttrs(dst, e.attrs);
    PutEndpointText(dst, e.from_text, rec.nodes);
    PutEndpointText(dst, e.to_text, rec.nodes);
  }
}

// Reads every record format: 1 (store formats 1 and 2, read until the store
// is upgraded), 2 (store formats 3 and 4) and 3.
bool DecodeRecord(std::string_view src, StoredRecord* rec) {
  Reader r(src);
  const char tag = r.Byte();
  if (tag != kRecordTag && tag != kRecordTag2 && tag != kRecordTag1) return false;
  const bool v2 = tag != kRecordTag1, v3 = tag == kRecordTag;
  rec->id = r.String();
  rec->seq = r.Varint();
  rec->hash = r.Varint();
  rec->version = v2 ? ReadOptionalVersion(&r) : std::nullopt;
  std::vector<std::string> source = r.Strings();
  if (source.size() != 5) return false;
  rec->source = {source[0], source[1], source[2], source[3], source[4]};
  rec->nodes.resize(r.Count());
  for (auto& n : rec->nodes) {
    n = ReadNodeDecl(&r);
    if (v2) ReadNodeJudgements(&r, &n);
  }
  rec->edges.resize(r.Count());
  for (auto& e : rec->edges) {
    e.from = r.Varint();
    e.to = r.Varint();
    e.type = r.String();
    e.date = r.Date();
    e.key = v2 ? r.String() : std::string();
    e.attrs = r.ReadAttrs();
    if (v3) {
      e.from_text = ReadEndpointText(&r, rec->nodes);
      e.to_text = ReadEndpointText(&r, rec->nodes);
    }
  }
  return r.ok() && r.done();
}

bool IsCurrentRecordFormat(std::string_view src) { return !src.empty() && src[0] == kRecordTag; }

void EncodeCounter(uint64_t v, std::string* dst) { PutVarint(dst, v); }
bool DecodeCounter(std::string_view src, uint64_t* v) {
  Reader r(src);
  *v = r.Varint();
  return r.ok() && r.done();
}

uint64_t HashRecord(const Record& record) {
  // FNV-1a over an unambiguous serialization of the record as written.
  std::string buf;
  PutString(&buf, record.id);
  PutStrings(&buf, {record.source.title, record.source.url, record.source.published,
                    record.source.publisher, record.source.lang});
  PutVarint(&buf, record.nodes.size());
  for (const auto& n : record.nodes) PutNodeDecl(&buf, n);
  PutVarint(&buf, record.edges.size());
  for (const auto& e : record.edges) {
    PutString(&buf, e.from);
    PutString(&buf, e.type);
    PutString(&buf, e.to);
    PutDate(&buf, e.date);
    PutAttrs(&buf, e.attrs);
  }
  // The fields added with store format 3 follow only when a record has one,
  // so that a record without them keeps the hash older kg stored for it.
  bool extended = record.version.has_value();
  for (const auto& n : record.nodes) extended = extended || !n.same_as.empty() || n.match.has_value();
  for (const auto& e : record.edges) extended = extended || !e.key.empty();
  if (extended) {
    buf.push_back('\xff');
    PutOptionalVersion(&buf, record.version);
    for (const auto& n : record.nodes) PutNodeJudgements(&buf, n);
    for (const auto& e : record.edges) PutString(&buf, e.key);
  }
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : buf) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void EncodeJudgement(std::string_view declaring_id, std::string_view text, std::string* dst) {
  dst->append(declaring_id);
  dst->push_back('\0');
  dst->append(text);
}

bool DecodeJudgement(std::string_view src, std::string* declaring_id, std::string* text) {
  const size_t zero = src.find('\0');
  if (zero == std::string_view::npos || zero == 0) return false;
  declaring_id->assign(src.substr(0, zero));
  text->assign(src.substr(zero + 1));
  return true;
}

void EncodeChange(const ChangeInfo& c, std::string* dst) {
  dst->clear();
  dst->push_back(kChangeTag);
  PutVarint(dst, c.number);
  PutVarint(dst, static_cast<uint64_t>(c.time));
  PutString(dst, c.command);
  PutVarint(dst, c.files.size());
  for (const auto& f : c.files) PutString(dst, f);
  for (uint64_t n : {c.added, c.replaced, c.retracted, c.stale, c.rejected, c.first_seq, c.end_seq}) PutVarint(dst, n);
  dst->push_back(c.complete ? 1 : 0);
}

bool DecodeChange(std::string_view src, ChangeInfo* c) {
  Reader r(src);
  if (r.Byte() != kChangeTag) return false;
  *c = ChangeInfo();
  c->number = r.Varint();
  c->time = static_cast<int64_t>(r.Varint());
  c->command = r.String();
  const uint64_t files = r.Count();
  for (uint64_t i = 0; i < files && r.ok(); ++i) c->files.push_back(r.String());
  for (uint64_t* n : {&c->added, &c->replaced, &c->retracted, &c->stale, &c->rejected, &c->first_seq, &c->end_seq}) {
    *n = r.Varint();
  }
  c->complete = r.Byte() != 0;
  return r.ok() && r.done() && c->first_seq <= c->end_seq;
}

void EncodePastVersion(uint64_t ended, std::string_view encoded_record, std::string* dst) {
  dst->clear();
  PutFixed64BE(dst, ended);
  dst->append(encoded_record);
}

bool DecodePastVersion(std::string_view src, PastVersion* v) {
  if (src.size() < 8) return false;
  v->ended = DecodeFixed64BE(src.data());
  return DecodeRecord(src.substr(8), &v->record);
}

}  // namespace kg
