// Reading back a Neo4j export directory the way neo4j-admin's importer
// reads it: an RFC 4180 reader (quoted fields, "" for a quote, line breaks
// only inside quotes), and the importer's header rules (Neo4j operations
// manual, "Import: CSV header format"): `name`, `name:type` with a type of
// string, int, long, float, double, boolean or an array of them (`type[]`),
// `:LABEL`, `id:ID`, `:START_ID`, `:END_ID`, `:TYPE`.
#pragma once

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"

namespace kg::test {

struct CsvCell {
  std::string text;
  bool quoted = false;  // "" (an empty string) differs from an empty field (no value)
};
using CsvRow = std::vector<CsvCell>;

// Parses text as RFC 4180 CSV; fails the test on a stray or unclosed quote,
// a bare carriage return, or a last line without its line break.
inline std::vector<CsvRow> ParseCsv(const std::string& text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  CsvCell cell;
  size_t i = 0;
  bool at_field_start = true;
  while (i < text.size()) {
    char c = text[i];
    if (at_field_start && c == '"') {
      cell.quoted = true;
      ++i;
      for (;;) {
        REQUIRE(i < text.size());  // unclosed quote
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell.text += text[i++];
      }
      REQUIRE(i < text.size());
      REQUIRE((text[i] == ',' || text[i] == '\n'));  // nothing after the closing quote
      at_field_start = false;
      continue;
    }
    if (c == ',' || c == '\n') {
      row.push_back(cell);
      cell = CsvCell();
      at_field_start = true;
      ++i;
      if (c == '\n') {
        rows.push_back(row);
        row.clear();
      }
      continue;
    }
    REQUIRE(c != '"');   // a quote inside an unquoted field
    REQUIRE(c != '\r');  // a line break outside quotes
    REQUIRE_FALSE(cell.quoted);
    cell.text += c;
    at_field_start = false;
    ++i;
  }
  REQUIRE(at_field_start);  // the last line ends with its line break
  REQUIRE(row.empty());
  return rows;
}

// Splits an array field as the importer does with --array-delimiter=";".
inline std::vector<std::string> SplitArray(const CsvCell& cell) {
  std::vector<std::string> items;
  if (cell.text.empty() && !cell.quoted) return items;
  size_t start = 0;
  for (;;) {
    size_t semi = cell.text.find(';', start);
    items.push_back(cell.text.substr(start, semi - start));
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  return items;
}

// Whether field is a header field the importer takes.
inline bool IsImporterHeaderField(const std::string& field) {
  static const std::regex kField(
      "([^:]+(:(string|int|long|float|double|boolean|byte|short|char|date|datetime|point)(\\[\\])?)?)"
      "|([^:]*:ID)|:LABEL|:START_ID|:END_ID|:TYPE");
  return std::regex_match(field, kField);
}

struct Neo4jFile {
  std::string name;
  std::vector<std::string> header;  // the header fields
  std::vector<CsvRow> rows;         // the lines after the header
  // The column index of a header field; -1 when missing.
  int Column(const std::string& field) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == field) return static_cast<int>(i);
    }
    return -1;
  }
};

struct Neo4jExport {
  std::map<std::string, Neo4jFile> nodes;          // by label
  std::map<std::string, Neo4jFile> relationships;  // by type
  std::string readme;
  std::map<std::string, std::map<std::string, const CsvRow*>> node_rows;  // label -> id -> row
};

// Reads dir back and checks the shape every importer input must have: a
// README.txt and nodes_LABEL.csv / relationships_TYPE.csv files only, one
// header line each made of importer header fields, the same column count
// on every line, the label or type column matching the file, node ids
// unique across the node files, and every start and end id declared.
inline Neo4jExport ReadNeo4jExport(const std::string& dir) {
  Neo4jExport e;
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    CAPTURE(name);
    if (name == "README.txt") {
      e.readme = ReadFile(entry.path().string());
      continue;
    }
    std::smatch m;
    static const std::regex kName("(nodes|relationships)_([A-Za-z][A-Za-z0-9_]*)\\.csv");
    REQUIRE(std::regex_match(name, m, kName));
    std::vector<CsvRow> rows = ParseCsv(ReadFile(entry.path().string()));
    REQUIRE(!rows.empty());
    Neo4jFile f;
    f.name = name;
    for (const CsvCell& c : rows[0]) {
      CAPTURE(c.text);
      REQUIRE(IsImporterHeaderField(c.text));
      f.header.push_back(c.text);
    }
    REQUIRE(std::set<std::string>(f.header.begin(), f.header.end()).size() == f.header.size());
    f.rows.assign(rows.begin() + 1, rows.end());
    for (const CsvRow& row : f.rows) {
      REQUIRE(row.size() == f.header.size());
      std::vector<std::string> texts;
      for (const CsvCell& c : row) texts.push_back(c.text);
      REQUIRE(texts != f.header);  // one header per file
    }
    (m[1] == "nodes" ? e.nodes : e.relationships)[m[2]] = std::move(f);
  }
  for (const auto& [label, f] : e.nodes) {
    REQUIRE(f.header.size() >= 5);
    REQUIRE(f.header[0] == "id:ID");
    REQUIRE(f.header[1] == ":LABEL");
    REQUIRE(f.header[2] == "name");
    REQUIRE(f.header[3] == "aliases:string[]");
    REQUIRE(f.header.back() == "sources:string[]");
    for (const CsvRow& row : f.rows) {
      REQUIRE(row[1].text == label);
      REQUIRE_FALSE(row[0].text.empty());
      REQUIRE(ids.insert(row[0].text).second);  // unique across all node files
      e.node_rows[label][row[0].text] = &row;
    }
  }
  for (const auto& [type, f] : e.relationships) {
    REQUIRE(f.header.size() >= 7);
    REQUIRE(f.header[0] == ":START_ID");
    REQUIRE(f.header[1] == ":END_ID");
    REQUIRE(f.header[2] == ":TYPE");
    REQUIRE(f.header[3] == "date");
    REQUIRE(f.header[4] == "key");
    REQUIRE(f.header[f.header.size() - 2] == "support:int");
    REQUIRE(f.header.back() == "sources:string[]");
    for (const CsvRow& row : f.rows) {
      REQUIRE(row[2].text == type);
      REQUIRE(ids.count(row[0].text) == 1);
      REQUIRE(ids.count(row[1].text) == 1);
    }
  }
  return e;
}

}  // namespace kg::test
