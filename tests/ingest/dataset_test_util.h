// Helpers for the dataset importer tests (ACLED, UCDP): fixtures, reading a
// whole input, and records printed as text.
#pragma once

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "graph/model.h"
#include "graph/status.h"
#include "ingest/reader.h"

namespace kg::test {

inline std::string Fixture(const std::string& relative) {
  return std::string(KG_SOURCE_DIR) + "/tests/data/" + relative;
}

// One call of RecordReader::Next.
struct ReadResult {
  Status status;
  Record record;
  uint64_t line = 0;
  std::string raw;
};

// Calls Next until done (at most 1000 times).
inline std::vector<ReadResult> ReadAll(RecordReader* reader) {
  std::vector<ReadResult> out;
  for (int i = 0; i < 1000; ++i) {
    ReadResult r;
    bool done = false;
    r.status = reader->Next(&r.record, &done);
    if (r.status.ok() && done) break;
    r.line = reader->line();
    r.raw = reader->raw();
    out.push_back(std::move(r));
  }
  return out;
}

inline const NodeDecl* FindNode(const Record& record, const std::string& id) {
  for (const auto& n : record.nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

inline const EdgeDecl* FindEdge(const Record& record, const std::string& from, const std::string& type,
                                const std::string& to) {
  for (const auto& e : record.edges) {
    if (e.from == from && e.type == type && e.to == to) return &e;
  }
  return nullptr;
}

inline std::string ValueText(const AttrValue& v) {
  if (auto s = std::get_if<std::string>(&v)) return "\"" + *s + "\"";
  if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *d);
    return buf;
  }
  return std::get<bool>(v) ? "true" : "false";
}

inline std::string AttrsText(const Attrs& attrs) {
  std::string out = "{";
  for (const auto& [k, v] : attrs) out += (out.size() > 1 ? "," : "") + k + "=" + ValueText(v);
  return out + "}";
}

// "from -TYPE-> to @date" per edge, one a line, in record order (no attrs).
inline std::string EdgeList(const Record& record) {
  std::string out;
  for (const auto& e : record.edges) {
    out += e.from + " -" + e.type + "-> " + e.to;
    if (e.date.dated()) out += " @" + e.date.text;
    out += "\n";
  }
  return out;
}

// Everything a record holds, as text.
inline std::string Dump(const Record& record) {
  std::ostringstream out;
  out << "record " << record.id << "\n";
  out << "source " << record.source.title << "|" << record.source.publisher << "|" << record.source.published
      << "\n";
  for (const auto& n : record.nodes) {
    out << "node " << n.id << " " << KindName(n.kind) << " name=" << n.name.value_or("-") << " aliases=[";
    for (size_t i = 0; i < n.aliases.size(); ++i) out << (i ? "|" : "") << n.aliases[i];
    out << "] " << AttrsText(n.attrs);
    if (n.coords) out << " coords=" << n.coords->first << "," << n.coords->second;
    out << (n.match_existing ? " match" : "") << "\n";
  }
  for (const auto& e : record.edges) {
    out << "edge " << e.from << " -" << e.type << "-> " << e.to << " @" << e.date.text << " " << AttrsText(e.attrs)
        << "\n";
  }
  return out.str();
}

}  // namespace kg::test
