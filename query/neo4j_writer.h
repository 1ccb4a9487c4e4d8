// neo4j_writer: the CSV files of Neo4j's offline importer
// (`neo4j-admin database import full`), written by `kg export --format
// neo4j -o DIR`:
//
//   nodes_Actor.csv, nodes_Location.csv (one per label that has nodes)
//     id:ID,:LABEL,name,aliases:string[],ATTR:TYPE...,lat:double,lon:double,sources:string[]
//   relationships_TYPE.csv (one per edge type)
//     :START_ID,:END_ID,:TYPE,date,key,ATTR:TYPE...,support:int,sources:string[]
//   README.txt: the neo4j-admin command line importing them.
//
// One column per attribute key in the file (its nodes' or edges'): TYPE is
// string, long, double or boolean by the values' type, string when the
// values differ in type. lat/lon are there only when a node of the file has
// coords. Every text field goes through CsvField (quoted, `"` doubled); a
// missing value is an empty unquoted field. Arrays join their elements with
// `;`: the importer has no escape for it, so an element holding `;` is
// rejected (InvalidArgument), as is an attribute key holding `:` or named
// as one of the fixed columns. Both are found in a first pass over the
// source, before any file is written; the second pass writes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "query/graph_source.h"

namespace kg {

// A CSV field: quoted, with each `"` doubled (RFC 4180).
std::string CsvField(std::string_view text);

struct Neo4jResult {
  std::vector<std::string> node_files;          // e.g. "nodes_Actor.csv", in label order
  std::vector<std::string> node_labels;         // the label of each node file
  std::vector<std::string> relationship_files;  // e.g. "relationships_ATTACKED.csv", in type order
  std::vector<std::string> relationship_types;  // the type of each relationship file
  bool multiline = false;                       // some field holds a line break
  uint64_t nodes = 0, relationships = 0;
};

// Writes source as Neo4j import files into dir: created when missing,
// refused (InvalidArgument) when it holds a file kg does not write there.
// Files of an earlier export that this one does not write are removed.
// Failures to create or write give "PATH: reason" (Status::FromErrno).
Status WriteNeo4jDir(const GraphSource& source, const std::string& dir, Neo4jResult* result);

// The neo4j-admin command line that imports result's files from dir into
// the database `db`.
std::string Neo4jImportCommand(const std::string& dir, const Neo4jResult& result, const std::string& db = "neo4j");

}  // namespace kg
