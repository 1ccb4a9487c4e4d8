#include "ingest/record_parser.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "graph/normalize.h"
#include "ingest/json_alloc.h"

namespace kg {
namespace {

using Value = JsonValue;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s.substr(0, 80)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == '"' || c == '\\') {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  if (s.size() > 80) out += "...";
  return out + "\"";
}

std::string TypeName(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsNumber()) return "a number";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  return "an object";
}

Status Bad(const std::string& where, const std::string& msg) {
  return Status::InvalidArgument(where.empty() ? msg : where + ": " + msg);
}

std::string Str(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// A non-empty, clean (no control characters) string field.
Status GetName(const Value& v, const std::string& where, const char* field, std::string* out) {
  if (!v.IsString()) return Bad(where, std::string("'") + field + "' must be a string, got " + TypeName(v));
  *out = Str(v);
  if (out->empty()) return Bad(where, std::string("'") + field + "' must not be empty");
  if (!IsCleanUtf8(*out)) {
    return Bad(where, std::string("'") + field + "' must be UTF-8 text without control characters");
  }
  return Status::OK();
}

Status ParseAttrs(const Value& v, const std::string& where, Attrs* attrs) {
  if (!v.IsObject()) return Bad(where, "'attrs' must be an object, got " + TypeName(v));
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
    std::string key = Str(m->name);
    if (key.empty() || !IsCleanUtf8(key)) {
      return Bad(where, "attrs: key " + Quote(key) + " must be non-empty text without control characters");
    }
    const Value& x = m->value;
    AttrValue value;
    if (x.IsString()) {
      std::string text = Str(x);
      // An escaped lone surrogate ("\udc00") decodes to bytes that are not UTF-8.
      if (!IsWellFormedUtf8(text)) return Bad(where, "attrs." + key + " must be UTF-8 text (a lone surrogate escape?)");
      value = std::move(text);
    } else if (x.IsBool()) {
      value = x.GetBool();
    } else if (x.IsInt64()) {
      value = x.GetInt64();
    } else if (x.IsNumber()) {
      value = x.GetDouble();
    } else {
      return Bad(where, "attrs." + key + " must be a string, number or boolean, got " + TypeName(x));
    }
    attrs->insert_or_assign(std::move(key), std::move(value));
  }
  return Status::OK();
}

Status ParseNode(const Value& v, size_t index, NodeDecl* node) {
  std::string where = "node #" + std::to_string(index + 1);
  if (!v.IsObject()) return Bad(where, "must be an object, got " + TypeName(v));
  auto id = v.FindMember("id");
  if (id == v.MemberEnd()) return Bad(where, "'id' is required");
  KG_RETURN_IF_ERROR(GetName(id->value, where, "id", &node->id));
  if (node->id.size() > kMaxNodeIdBytes) {
    return Bad(where, "'id' is longer than " + std::to_string(kMaxNodeIdBytes) + " bytes");
  }
  where += " " + Quote(node->id);
  if (auto k = v.FindMember("kind"); k != v.MemberEnd()) {
    if (!k->value.IsString() || !ParseKind(Str(k->value), &node->kind)) {
      return Bad(where, "'kind' must be \"actor\" or \"location\", got " +
                            (k->value.IsString() ? Quote(Str(k->value)) : TypeName(k->value)));
    }
  }
  if (auto n = v.FindMember("name"); n != v.MemberEnd()) {
    std::string name;
    KG_RETURN_IF_ERROR(GetName(n->value, where, "name", &name));
    node->name = std::move(name);
  }
  if (auto a = v.FindMember("aliases"); a != v.MemberEnd()) {
    if (!a->value.IsArray()) return Bad(where, "'aliases' must be an array of strings, got " + TypeName(a->value));
    for (const auto& x : a->value.GetArray()) {
      std::string alias;
      KG_RETURN_IF_ERROR(GetName(x, where, "aliases", &alias));
      node->aliases.push_back(std::move(alias));
    }
  }
  if (auto a = v.FindMember("same_as"); a != v.MemberEnd()) {
    if (!a->value.IsArray()) return Bad(where, "'same_as' must be an array of strings, got " + TypeName(a->value));
    for (const auto& x : a->value.GetArray()) {
      std::string other;
      KG_RETURN_IF_ERROR(GetName(x, where, "same_as", &other));
      if (other.size() > kMaxNodeIdBytes) {
        return Bad(where, "'same_as' holds a name longer than " + std::to_string(kMaxNodeIdBytes) + " bytes");
      }
      node->same_as.push_back(std::move(other));
    }
  }
  if (auto a = v.FindMember("attrs"); a != v.MemberEnd()) {
    KG_RETURN_IF_ERROR(ParseAttrs(a->value, where, &node->attrs));
  }
  if (auto c = v.FindMember("coords"); c != v.MemberEnd()) {
    const Value& x = c->value;
    if (!x.IsArray() || x.Size() != 2 || !x[0].IsNumber() || !x[1].IsNumber()) {
      return Bad(where, "'coords' must be [lat, lon], two numbers");
    }
    double lat = x[0].GetDouble(), lon = x[1].GetDouble();
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      return Bad(where, "'coords' out of range: lat must be within [-90, 90] and lon within [-180, 180]");
    }
    node->coords = std::make_pair(lat, lon);
  }
  return Status::OK();
}

Status ParseEdge(const Value& v, size_t index, EdgeDecl* edge) {
  std::string where = "edge #" + std::to_string(index + 1);
  if (!v.IsObject()) return Bad(where, "must be an object, got " + TypeName(v));
  for (const char* field : {"from", "type", "to"}) {
    auto m = v.FindMember(field);
    if (m == v.MemberEnd()) return Bad(where, std::string("'") + field + "' is required");
    std::string* out = field[0] == 'f' ? &edge->from : field[0] == 't' && field[1] == 'y' ? &edge->type : &edge->to;
    KG_RETURN_IF_ERROR(GetName(m->value, where, field, out));
  }
  if (auto d = v.FindMember("date"); d != v.MemberEnd()) {
    if (!d->value.IsString()) return Bad(where, "'date' must be a string, got " + TypeName(d->value));
    if (!ParseDateRange(Str(d->value), &edge->date)) {
      return Bad(where, "'date' must be YYYY, YYYY-MM, YYYY-MM-DD or START/END of those, got " +
                            Quote(Str(d->value)));
    }
  }
  if (auto k = v.FindMember("key"); k != v.MemberEnd() && !k->value.IsNull()) {
    // An empty key is no key.
    if (!k->value.IsString()) return Bad(where, "'key' must be a string, got " + TypeName(k->value));
    edge->key = Str(k->value);
    if (!IsCleanUtf8(edge->key)) return Bad(where, "'key' must be UTF-8 text without control characters");
  }
  if (auto a = v.FindMember("attrs"); a != v.MemberEnd()) {
    KG_RETURN_IF_ERROR(ParseAttrs(a->value, where, &edge->attrs));
  }
  return Status::OK();
}

Status ParseSource(const Value& v, SourceInfo* source) {
  if (!v.IsObject()) return Bad("source", "must be an object, got " + TypeName(v));
  struct Field {
    const char* name;
    std::string* out;
  } fields[] = {{"title", &source->title},
                {"url", &source->url},
                {"published", &source->published},
                {"publisher", &source->publisher},
                {"lang", &source->lang}};
  for (const auto& f : fields) {
    auto m = v.FindMember(f.name);
    if (m == v.MemberEnd() || m->value.IsNull()) continue;
    if (!m->value.IsString()) return Bad("source", std::string("'") + f.name + "' must be a string");
    *f.out = Str(m->value);
    if (!IsCleanUtf8(*f.out)) {
      return Bad("source", std::string("'") + f.name + "' must be UTF-8 text without control characters");
    }
  }
  DateRange d;
  if (!source->published.empty() && !ParseDateRange(source->published, &d)) {
    return Bad("source", "'published' must be a date (YYYY-MM-DD), got " + Quote(source->published));
  }
  return Status::OK();
}

Status ParseVersion(const Value& v, std::optional<int64_t>* version) {
  const char* rule = "'version' must be an integer or an RFC 3339 UTC timestamp like \"2025-06-20T08:14:03Z\", got ";
  if (v.IsInt64()) {
    *version = v.GetInt64();
    return Status::OK();
  }
  if (v.IsString()) {
    int64_t seconds = 0;
    if (!ParseUtcTimestamp(Str(v), &seconds)) return Bad("", rule + Quote(Str(v)));
    *version = seconds;
    return Status::OK();
  }
  return Bad("", rule + (v.IsNumber() ? std::string("a number that is not an integer") : TypeName(v)));
}

bool ValidType(const std::string& t) {
  if (t.empty() || t[0] < 'A' || t[0] > 'Z') return false;
  for (char c : t) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// A key shown in a message: plain printable ASCII of reasonable length, else
// nothing (it may be the very bytes that are invalid).
std::string ShownKey(const std::string& key) {
  if (key.empty() || key.size() > 64) return "";
  for (char c : key) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return "";
  }
  return key;
}

// Names the field of a record that holds byte offset of json, for the
// errors of the JSON parser: "node #2: 'name'", "edge #1: attrs.means",
// "source: 'url'", "'record'", or "" at the top level. A linear scan that
// tracks the path only, without recursion.
std::string FieldAt(std::string_view json, size_t offset) {
  struct Level {
    bool object;
    bool expect_key;
    std::string key;  // object: the member being read
    size_t index;     // array: the element being read
  };
  // The outermost levels, enough to name a field; deeper ones are counted.
  constexpr size_t kTracked = 4;
  std::vector<Level> stack;
  size_t untracked = 0;
  bool in_string = false, escape = false, is_key = false;
  std::string text;  // the key being read
  const size_t end = std::min(offset, json.size());
  for (size_t i = 0; i < end; ++i) {
    const char c = json[i];
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
        continue;
      } else if (c == '"') {
        in_string = false;
        if (is_key) stack.back().key = text;
        continue;
      }
      if (is_key && text.size() <= 64) text.push_back(c);
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        is_key = untracked == 0 && !stack.empty() && stack.back().object && stack.back().expect_key;
        text.clear();
        break;
      case '{':
      case '[':
        if (stack.size() < kTracked && untracked == 0) {
          stack.push_back({c == '{', c == '{', "", 0});
        } else {
          untracked++;
        }
        break;
      case '}':
      case ']':
        if (untracked > 0) {
          untracked--;
        } else if (!stack.empty()) {
          stack.pop_back();
        }
        break;
      case ':':
        if (untracked == 0 && !stack.empty()) stack.back().expect_key = false;
        break;
      case ',':
        if (untracked > 0 || stack.empty()) break;
        if (stack.back().object) {
          stack.back().expect_key = true;
          stack.back().key.clear();
        } else {
          stack.back().index++;
        }
        break;
      default:
        break;
    }
  }
  if (stack.empty() || !stack[0].object) return "";
  const std::string top = ShownKey(stack[0].key);
  if (top.empty()) return "";
  auto member = [&](size_t level) -> std::string {
    if (stack.size() <= level || !stack[level].object) return "";
    std::string key = ShownKey(stack[level].key);
    if (key.empty()) return "";
    if (key == "attrs" && stack.size() > level + 1 && stack[level + 1].object) {
      std::string attr = ShownKey(stack[level + 1].key);
      return attr.empty() ? "'attrs'" : "attrs." + attr;
    }
    return "'" + key + "'";
  };
  if ((top == "nodes" || top == "edges") && stack.size() > 1 && !stack[1].object) {
    std::string where = (top == "nodes" ? "node #" : "edge #") + std::to_string(stack[1].index + 1);
    std::string field = member(2);
    return field.empty() ? where : where + ": " + field;
  }
  if (top == "source") {
    std::string field = member(1);
    return field.empty() ? "source" : "source: " + field;
  }
  return "'" + top + "'";
}

}  // namespace

Status ValidateRecord(const Record& record) {
  if (record.id.empty()) return Bad("", "'record' must not be empty");
  if (!IsCleanUtf8(record.id)) return Bad("", "'record' must be UTF-8 text without control characters");
  if (record.nodes.empty() && record.edges.empty()) return Bad("", "a record needs at least one node or edge");
  for (size_t i = 0; i < record.nodes.size(); ++i) {
    const NodeDecl& n = record.nodes[i];
    std::string where = "node #" + std::to_string(i + 1);
    if (n.id.empty() || n.id.size() > kMaxNodeIdBytes || !IsCleanUtf8(n.id)) {
      return Bad(where, "'id' must be non-empty text of at most 256 bytes without control characters");
    }
    if (n.coords && n.kind == NodeKind::kActor) return Bad(where + " " + Quote(n.id), "'coords' are for locations only");
    for (const auto& other : n.same_as) {
      if (other.empty() || other.size() > kMaxNodeIdBytes || !IsCleanUtf8(other)) {
        return Bad(where + " " + Quote(n.id),
                   "'same_as' must hold non-empty text of at most 256 bytes without control characters");
      }
    }
  }
  for (size_t i = 0; i < record.edges.size(); ++i) {
    const EdgeDecl& e = record.edges[i];
    std::string where = "edge #" + std::to_string(i + 1);
    if (!ValidType(e.type)) return Bad(where, "'type' must match ^[A-Z][A-Z0-9_]*$, got " + Quote(e.type));
    if (e.from.empty() || e.to.empty()) return Bad(where, "'from' and 'to' must not be empty");
    if (e.key.size() > kMaxEdgeKeyBytes) {
      return Bad(where, "'key' is longer than " + std::to_string(kMaxEdgeKeyBytes) + " bytes");
    }
  }
  return Status::OK();
}

Status ParseRecord(std::string_view json, Record* record) {
  *record = Record();
  // A typical record's values fit in this buffer: no allocation per record.
  char values[1 << 14];
  JsonPool allocator(values, sizeof values);
  JsonDocument doc(&allocator);
  doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag |
            rapidjson::kParseStopWhenDoneFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    std::string field = FieldAt(json, doc.GetErrorOffset());
    return Status::InvalidArgument("invalid JSON at byte " + std::to_string(doc.GetErrorOffset()) +
                                   (field.empty() ? "" : " (" + field + ")") + ": " +
                                   rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) return Bad("", "a record must be a JSON object, got " + TypeName(doc));
  const Value& root = doc;  // const: its member iterators compare without ambiguity
  auto id = root.FindMember("record");
  if (id == root.MemberEnd()) return Bad("", "'record' is required");
  KG_RETURN_IF_ERROR(GetName(id->value, "", "record", &record->id));
  if (auto v = root.FindMember("version"); v != root.MemberEnd() && !v->value.IsNull()) {
    KG_RETURN_IF_ERROR(ParseVersion(v->value, &record->version));
  }
  if (auto s = root.FindMember("source"); s != root.MemberEnd() && !s->value.IsNull()) {
    KG_RETURN_IF_ERROR(ParseSource(s->value, &record->source));
  }
  if (auto n = root.FindMember("nodes"); n != root.MemberEnd()) {
    if (!n->value.IsArray()) return Bad("", "'nodes' must be an array, got " + TypeName(n->value));
    record->nodes.resize(n->value.Size());
    for (rapidjson::SizeType i = 0; i < n->value.Size(); ++i) {
      KG_RETURN_IF_ERROR(ParseNode(n->value[i], i, &record->nodes[i]));
    }
  }
  if (auto e = root.FindMember("edges"); e != root.MemberEnd()) {
    if (!e->value.IsArray()) return Bad("", "'edges' must be an array, got " + TypeName(e->value));
    record->edges.resize(e->value.Size());
    for (rapidjson::SizeType i = 0; i < e->value.Size(); ++i) {
      KG_RETURN_IF_ERROR(ParseEdge(e->value[i], i, &record->edges[i]));
    }
  }
  return ValidateRecord(*record);
}

}  // namespace kg
