// Hostile input (CONTRACT.md section 2, "Bad input"): every rule of the native
// record format broken once, and malformed data of every kind, fed to the
// real `kg ingest` on a store that already holds the examples. Each must:
//   - exit 2;
//   - print exactly one error line "kg: FILE:LINE: ...", naming the field
//     where there is one (besides the ingest summary line), of bounded length;
//   - leave the store byte for byte as it was (and `kg stats` unchanged).
// The small cases are files in tests/data/hostile/; huge strings, deep
// nesting and binary garbage are made here at run time. The limits on record
// size and nesting depth give a clear error naming their flag, and raising
// the flag lets the input through to the next check.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "reliability/reliability_util.h"

namespace kg::reliability {
namespace {

std::string HostileFile(const std::string& name) {
  return std::string(KG_SOURCE_DIR) + "/tests/data/hostile/" + name;
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// A store holding the two example files, for a series of cases that each
// check that they leave it as they found it.
class ExampleStore {
 public:
  ExampleStore() : dir_("kg_hostile"), db_(dir_.Path("db")) {
    for (const char* f : {"examples/mali-2025-06-13.jsonl", "examples/mali-2025-06-20.jsonl"}) {
      Run r = RunKgOn(db_, {"ingest", std::string(KG_SOURCE_DIR) + "/" + f});
      INFO(r);
      REQUIRE(r.code == 0);
    }
    Run stats = RunKgOn(db_, {"stats", "--format", "json"});
    REQUIRE(stats.code == 0);
    stats_ = stats.out;
    fingerprint_ = Fingerprint(db_);
    REQUIRE(fingerprint_.error.empty());
    REQUIRE(fingerprint_.keys > 0);
  }

  // Every case leaves a sound store: kg check agrees.
  ~ExampleStore() {
    Run check = RunKgOn(db_, {"check"});
    INFO(check);
    CHECK(check.code == 0);
  }

  const std::string& db() const { return db_; }

  // Runs kg ingest FILE extra... and checks the three promises. expect_line
  // 0 means an error about the file as a whole ("kg: FILE: ...").
  void ExpectRejected(const std::string& file, uint64_t expect_line, const std::string& expect,
                      const std::vector<std::string>& extra = {}, uint64_t max_rss_mb = 0) const {
    std::vector<std::string> args = {"ingest", file};
    args.insert(args.end(), extra.begin(), extra.end());
    Run r = RunKgOn(db_, args);
    INFO("kg ingest " << file.substr(file.rfind('/') + 1) << "\n" << r);
    CHECK(r.code == 2);

    std::vector<std::string> errors, others;
    for (const auto& line : SplitLines(r.err)) {
      bool summary = StartsWith(line, "kg: ") && line.find(" records read: ") != std::string::npos;
      (summary ? others : errors).push_back(line);
      CHECK(line.size() <= 1000);  // no echo of a huge input
    }
    CHECK(others.size() <= 1);
    REQUIRE(errors.size() == 1);
    const std::string prefix =
        "kg: " + file + (expect_line > 0 ? ":" + std::to_string(expect_line) + ": " : std::string(": "));
    CHECK(StartsWith(errors[0], prefix));
    CHECK(errors[0].find(expect) != std::string::npos);
    if (max_rss_mb > 0 && !kSanitized) CHECK(r.max_rss_kb / 1024 <= max_rss_mb);

    CHECK(Fingerprint(db_) == fingerprint_);
    Run stats = RunKgOn(db_, {"stats", "--format", "json"});
    CHECK(stats.code == 0);
    CHECK(stats.out == stats_);
  }

 private:
  TempDir dir_;
  std::string db_;
  std::string stats_;
  StoreFingerprint fingerprint_;
};

struct FileCase {
  const char* file;
  uint64_t line;
  const char* expect;  // part of the error line: the field and what is wrong
};

// One case per rule of CONTRACT.md section 1.
const FileCase kRuleCases[] = {
    {"record-missing.jsonl", 1, "'record' is required"},
    {"record-empty.jsonl", 1, "'record' must not be empty"},
    {"record-not-string.jsonl", 1, "'record' must be a string, got a number"},
    {"record-control-char.jsonl", 1, "'record' must be UTF-8 text without control characters"},
    {"no-facts.jsonl", 1, "a record needs at least one node or edge"},
    {"empty-lists.jsonl", 1, "a record needs at least one node or edge"},
    {"not-an-object.jsonl", 1, "a record must be a JSON object, got a string"},
    {"scalar.jsonl", 1, "a record must be a JSON object, got a number"},
    {"null.jsonl", 1, "a record must be a JSON object, got null"},
    {"source-not-object.jsonl", 1, "source: must be an object, got a string"},
    {"source-published.jsonl", 1, "source: 'published' must be a date"},
    {"source-url-type.jsonl", 1, "source: 'url' must be a string"},
    {"nodes-not-array.jsonl", 1, "'nodes' must be an array, got an object"},
    {"edges-not-array.jsonl", 1, "'edges' must be an array, got a string"},
    {"node-not-object.jsonl", 1, "node #1: must be an object, got a string"},
    {"node-id-missing.jsonl", 1, "node #1: 'id' is required"},
    {"node-id-empty.jsonl", 1, "node #1: 'id' must not be empty"},
    {"node-id-number.jsonl", 1, "node #1: 'id' must be a string, got a number"},
    {"node-id-too-long.jsonl", 1, "node #1: 'id' is longer than 256 bytes"},
    {"node-id-newline.jsonl", 1, "node #1: 'id' must be UTF-8 text without control characters"},
    {"node-kind-bad.jsonl", 1, "node #1 \"someone\": 'kind' must be \"actor\" or \"location\", got \"person\""},
    {"node-kind-number.jsonl", 1, "node #1 \"someone\": 'kind' must be \"actor\" or \"location\", got a number"},
    {"node-kind-missing.jsonl", 1, "node #1 \"newcomer\": 'kind' is required"},
    {"node-kind-change.jsonl", 1, "node #1 \"fama\": 'kind' is location but the node is an actor"},
    {"node-name-empty.jsonl", 1, "node #1 \"x\": 'name' must not be empty"},
    {"node-name-object.jsonl", 1, "node #1 \"x\": 'name' must be a string, got an object"},
    {"aliases-string.jsonl", 1, "node #1 \"x\": 'aliases' must be an array of strings, got a string"},
    {"aliases-number.jsonl", 1, "node #1 \"x\": 'aliases' must be a string, got a number"},
    {"attrs-array.jsonl", 1, "node #1 \"x\": 'attrs' must be an object, got an array"},
    {"attrs-nested.jsonl", 1, "node #1 \"x\": attrs.leader must be a string, number or boolean, got an object"},
    {"attrs-null.jsonl", 1, "node #1 \"x\": attrs.size must be a string, number or boolean, got null"},
    {"attrs-key-empty.jsonl", 1, "node #1 \"x\": attrs: key \"\" must be non-empty"},
    {"coords-actor.jsonl", 1, "node #1 \"x\": 'coords' are for locations only"},
    {"coords-known-actor.jsonl", 1, "node #1 \"fama\": 'coords' are for locations only"},
    {"coords-range.jsonl", 1, "node #1 \"x\": 'coords' out of range"},
    {"coords-shape.jsonl", 1, "node #1 \"x\": 'coords' must be [lat, lon]"},
    {"coords-strings.jsonl", 1, "node #1 \"x\": 'coords' must be [lat, lon]"},
    {"edge-not-object.jsonl", 1, "edge #1: must be an object, got an array"},
    {"edge-from-missing.jsonl", 1, "edge #1: 'from' is required"},
    {"edge-to-number.jsonl", 1, "edge #1: 'to' must be a string, got a number"},
    {"edge-type-lowercase.jsonl", 1, "edge #1: 'type' must match ^[A-Z][A-Z0-9_]*$, got \"struck\""},
    {"edge-type-space.jsonl", 1, "edge #1: 'type' must match ^[A-Z][A-Z0-9_]*$, got \"STRUCK AT\""},
    {"edge-date-invalid.jsonl", 1, "edge #1: 'date' must be YYYY, YYYY-MM, YYYY-MM-DD or START/END"},
    {"edge-date-format.jsonl", 1, "edge #1: 'date' must be YYYY, YYYY-MM, YYYY-MM-DD or START/END"},
    {"edge-date-reversed.jsonl", 1, "edge #1: 'date' must be YYYY, YYYY-MM, YYYY-MM-DD or START/END"},
    {"edge-date-number.jsonl", 1, "edge #1: 'date' must be a string, got a number"},
    {"edge-attrs-nested.jsonl", 1, "edge #1: attrs.means must be a string, number or boolean, got an array"},
    {"edge-unknown-node.jsonl", 1, "edge #1: unknown node \"Tombouctu\" (did you mean \"Tombouctou\"?)"},
    {"edge-ambiguous.jsonl", 1, "edge #1: ambiguous node \"konna\""},
    {"late-error.jsonl", 5, "edge #1: unknown node \"Tombouctu\""},
    {"pretty-printed.json", 1, "edge #1: 'type' must match"},
};

// Malformed JSON and bad bytes.
const FileCase kMalformedCases[] = {
    {"truncated.jsonl", 1, "unterminated string"},
    {"truncated-eof.jsonl", 1, "truncated record (unexpected end of input)"},
    {"mismatched.jsonl", 1, "unexpected '}' (mismatched brackets)"},
    {"missing-colon.jsonl", 1, "invalid JSON"},
    {"trailing-comma.jsonl", 1, "invalid JSON"},
    {"single-quotes.jsonl", 1, "invalid JSON"},
    {"bad-escape.jsonl", 1, "(node #1: 'id'): Invalid escape"},
    {"lone-surrogate.jsonl", 1, "(node #1: 'id'): The surrogate pair"},
    {"number-too-big.jsonl", 1, "(node #1: attrs.n): Number too big"},
    {"nan.jsonl", 1, "(node #1: attrs.n): Invalid value"},
    {"array-unclosed.json", 2, "the top-level array is not closed"},
    {"array-trailing-text.json", 1, "unexpected text after the top-level array"},
    {"stray-comma.jsonl", 1, "invalid JSON"},
    {"stray-bracket.jsonl", 1, "invalid JSON"},
    {"invalid-utf8-name.jsonl", 1, "(node #1: 'name'): Invalid encoding"},
    {"invalid-utf8-id.jsonl", 1, "(node #1: 'id'): Invalid encoding"},
    {"invalid-utf8-attr.jsonl", 1, "(node #1: attrs.note): Invalid encoding"},
    {"control-char-raw.jsonl", 1, "(node #1: 'name')"},
    {"control-char-escaped.jsonl", 1, "node #1 \"a\": 'name' must be UTF-8 text without control characters"},
    {"nul-escaped.jsonl", 1, "node #1: 'id' must be UTF-8 text without control characters"},
    {"nul-raw.jsonl", 1, "(node #1: 'id')"},
    {"truncated.jsonl.gz", 2, "truncated gzip data"},
    {"bad-crc.jsonl.gz", 1, "bad gzip data: incorrect data check"},
    {"bad-deflate.jsonl.gz", 1, "bad gzip data"},
    {"header-only.jsonl.gz", 1, "truncated gzip data"},
    {"gzip-trailing-garbage.jsonl.gz", 1, "bad gzip data"},
    {"gzip-bad-record.jsonl.gz", 3, "edge #1: 'type' must match"},
};

// Deterministic bytes that are neither JSON nor gzip.
std::string Garbage(size_t n, uint64_t seed) {
  std::string out;
  out.reserve(n);
  uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
  while (out.size() < n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out.push_back(static_cast<char>(x >> 56));
  }
  if (out[0] == '\x1f') out[0] = '\x01';  // not the gzip magic
  return out;
}

}  // namespace

TEST_CASE("hostile input: every rule of the record format, broken once", "[reliability][hostile]") {
  ExampleStore s;
  for (const auto& c : kRuleCases) s.ExpectRejected(HostileFile(c.file), c.line, c.expect);
}

TEST_CASE("hostile input: malformed JSON, bad bytes and bad gzip data", "[reliability][hostile]") {
  ExampleStore s;
  for (const auto& c : kMalformedCases) s.ExpectRejected(HostileFile(c.file), c.line, c.expect);
}

TEST_CASE("hostile input: empty files and unreadable inputs", "[reliability][hostile]") {
  ExampleStore s;
  TempDir dir("kg_hostile_files");
  s.ExpectRejected(dir.Write("empty.jsonl", ""), 1, "no records");
  s.ExpectRejected(dir.Write("blank.jsonl", "\n  \n\t\n"), 4, "no records");
  s.ExpectRejected(dir.Write("empty-array.json", "[\n]\n"), 3, "no records");
  s.ExpectRejected(dir.Path("missing.jsonl"), 0, "no such file");
  s.ExpectRejected(dir.path(), 0, "is a directory");
}

TEST_CASE("hostile input: binary garbage", "[reliability][hostile]") {
  ExampleStore s;
  TempDir dir("kg_hostile_garbage");
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    std::string path = dir.Write("garbage-" + std::to_string(seed) + ".bin", Garbage(1 << 16, seed));
    s.ExpectRejected(path, 1, "");
  }
  // Garbage after a record: the record is stored (here: unchanged), the rest rejected.
  std::string example = ReadFile(std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-20.jsonl");
  s.ExpectRejected(dir.Write("tail.jsonl", example + Garbage(4096, 9)), 3, "");
}

TEST_CASE("hostile input: a 10 MB string", "[reliability][hostile]") {
  ExampleStore s;
  TempDir dir("kg_hostile_huge");
  const std::string big(10u << 20, 'x');
  std::string file = dir.Write("huge-id.jsonl", "{\"record\":\"huge\",\"nodes\":[{\"id\":\"" + big +
                                                    "\",\"kind\":\"actor\"}]}\n");
  s.ExpectRejected(file, 1, "node #1: 'id' is longer than 256 bytes", {}, 400);
  std::string endpoint = dir.Write("huge-endpoint.jsonl", "{\"record\":\"huge\",\"edges\":[{\"from\":\"fama\","
                                                          "\"type\":\"STRUCK\",\"to\":\"" + big + "\"}]}\n");
  s.ExpectRejected(endpoint, 1, "edge #1: unknown node \"xxx", {}, 400);

  // A huge name is valid within the default record limit; below a lowered
  // limit the record is refused, naming the flag.
  std::string name = dir.Write("huge-name.jsonl", "{\"record\":\"huge\",\"nodes\":[{\"id\":\"h\",\"kind\":\"actor\","
                                                  "\"name\":\"" + big + "\"}]}\n");
  s.ExpectRejected(name, 1, "record larger than 1048576 bytes (raise it with --max-record-bytes)",
                   {"--max-record-bytes", "1048576"}, 200);
}

TEST_CASE("hostile input: a record over the default size limit", "[reliability][hostile]") {
  ExampleStore s;
  TempDir dir("kg_hostile_limit");
  const std::string big(20u << 20, 'y');  // beyond the 16 MiB default
  std::string file = dir.Write("huge-name.jsonl", "{\"record\":\"huge\",\"nodes\":[{\"id\":\"h\",\"kind\":\"actor\","
                                                  "\"name\":\"" + big + "\"}]}\n");
  s.ExpectRejected(file, 1, "record larger than 16777216 bytes (raise it with --max-record-bytes)", {}, 200);
  // No newline anywhere: the stream skips to the end without holding it.
  std::string one_line = dir.Write("one-line.json", "[\"" + big + big + "\"]");
  s.ExpectRejected(one_line, 1, "record larger than 16777216 bytes", {}, 200);
}

TEST_CASE("hostile input: 100k-deep nesting", "[reliability][hostile]") {
  ExampleStore s;
  TempDir dir("kg_hostile_deep");
  const size_t depth = 100000;
  auto nested = [](size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  std::string in_attrs = dir.Write(
      "deep-attrs.jsonl", "{\"record\":\"deep\",\"nodes\":[{\"id\":\"d\",\"kind\":\"actor\",\"attrs\":{\"k\":" +
                              nested(depth - 10) + "}}]}\n");
  s.ExpectRejected(in_attrs, 1, "nesting deeper than 64 levels (raise it with --max-depth)");
  s.ExpectRejected(dir.Write("deep-top.json", nested(depth)), 1, "nesting deeper than 64 levels");
  s.ExpectRejected(dir.Write("deep-objects.jsonl", [&] {
    std::string t;
    for (size_t i = 0; i < depth; ++i) t += "{\"a\":";
    return t + "1" + std::string(depth, '}') + "\n";
  }()), 1, "nesting deeper than 64 levels");

  // Raised to its maximum, the limit lets the record through to the parser,
  // which walks it without recursion and names the field.
  s.ExpectRejected(in_attrs, 1, "node #1 \"d\": attrs.k must be a string, number or boolean, got an array",
                   {"--max-depth", "100000"});
  // Beyond the maximum the flag itself is refused.
  Run r = RunKgOn(s.db(), {"ingest", in_attrs, "--max-depth", "100001"});
  CHECK(r.code == 2);
}

TEST_CASE("the record limits can be raised: the same input then ingests", "[reliability][hostile]") {
  TempDir dir("kg_hostile_raise");
  const std::string db = dir.Path("db");
  std::string big_name(2u << 20, 'z');
  std::string file = dir.Write("big.jsonl", "{\"record\":\"big\",\"nodes\":[{\"id\":\"b\",\"kind\":\"actor\","
                                            "\"name\":\"" + big_name + "\",\"attrs\":{\"n\":1}}]}\n");
  Run refused = RunKgOn(db, {"ingest", file, "--max-record-bytes", "1048576"});
  INFO(refused);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("record larger than 1048576 bytes (raise it with --max-record-bytes)") !=
        std::string::npos);
  Run ok = RunKgOn(db, {"ingest", file, "--max-record-bytes", "4194304"});
  INFO(ok);
  CHECK(ok.code == 0);

  std::string deep = dir.Write("deep.jsonl", "{\"record\":\"deep\",\"nodes\":[{\"id\":\"d\",\"kind\":\"actor\"}],"
                                             "\"extra\":" + std::string(100, '[') + std::string(100, ']') + "}\n");
  Run shallow = RunKgOn(db, {"ingest", deep});
  INFO(shallow);
  CHECK(shallow.code == 2);
  CHECK(shallow.err.find("nesting deeper than 64 levels (raise it with --max-depth)") != std::string::npos);
  Run raised = RunKgOn(db, {"ingest", deep, "--max-depth", "200"});
  INFO(raised);
  CHECK(raised.code == 0);
  Run check = RunKgOn(db, {"check"});
  CHECK(check.code == 0);
}

}  // namespace kg::reliability
