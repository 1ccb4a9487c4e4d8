// kg_floor: the storage floor for kg's ingest benchmark.
//
//   kg_floor --edges N --db DIR
//
// Measures how fast plain RocksDB (default options, WAL on, no per-write sync)
// takes the bare minimum that storing N edges costs: a forward and a reverse
// key of 24 bytes per edge with a small value, written in batches of 1000
// edges, then one synced WAL flush at the end. kg's own ingest rate is judged
// against this number. DIR must not exist yet (or be empty).
//
// Prints one JSON line: {"edges": N, "seconds": S, "edges_per_s": R}
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace {

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void PutBigEndian(char* p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    p[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}

// 'E' or 'R', 8-byte first node, 8-byte second node, 7-byte edge sequence.
constexpr size_t kKeySize = 24;

void MakeKey(char* key, char tag, uint64_t a, uint64_t b, uint64_t seq) {
  key[0] = tag;
  PutBigEndian(key + 1, a, 8);
  PutBigEndian(key + 9, b, 8);
  PutBigEndian(key + 17, seq, 7);
}

int Usage(const char* msg) {
  if (msg) std::fprintf(stderr, "kg_floor: %s\n", msg);
  std::fprintf(stderr,
               "usage: kg_floor --edges N --db DIR\n"
               "  writes N edges (a forward and a reverse key each) into a new plain\n"
               "  RocksDB at DIR and prints {\"edges\", \"seconds\", \"edges_per_s\"}\n");
  return 2;
}

bool ParseUint(const char* s, uint64_t* v) {
  const char* end = s + std::strlen(s);
  auto res = std::from_chars(s, end, *v);
  return res.ec == std::errc() && res.ptr == end && end != s;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t edges = 0;
  bool have_edges = false;
  std::string db_path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      Usage(nullptr);
      return 0;
    }
    if (i + 1 >= argc) return Usage(("missing value for " + std::string(arg)).c_str());
    const char* value = argv[++i];
    if (arg == "--edges") {
      if (!ParseUint(value, &edges) || edges == 0) return Usage("--edges takes a positive integer");
      have_edges = true;
    } else if (arg == "--db") {
      db_path = value;
    } else {
      return Usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  if (!have_edges) return Usage("--edges is required");
  if (db_path.empty()) return Usage("--db is required");

  std::error_code ec;
  if (std::filesystem::exists(db_path, ec) && !std::filesystem::is_empty(db_path, ec)) {
    std::fprintf(stderr, "kg_floor: %s exists and is not empty; give a fresh directory\n", db_path.c_str());
    return 2;
  }

  rocksdb::Options options;
  options.create_if_missing = true;
  std::unique_ptr<rocksdb::DB> db;
  {
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(options, db_path, &raw);
    db.reset(raw);
    if (!s.ok()) {
      std::fprintf(stderr, "kg_floor: cannot open %s: %s\n", db_path.c_str(), s.ToString().c_str());
      return 1;
    }
  }

  // About 70k nodes, as in a million-event kg_gen data set.
  constexpr uint64_t kNodes = 70000;
  constexpr uint64_t kBatchEdges = 1000;
  const char value[8] = {1, 0, 0, 0, 0, 0, 0, 1};  // e.g. a flag and a support count
  uint64_t rng = 42;
  char fwd[kKeySize], rev[kKeySize];

  const auto start = std::chrono::steady_clock::now();
  rocksdb::WriteOptions write_options;  // WAL on, no sync
  rocksdb::WriteBatch batch;
  for (uint64_t e = 0; e < edges;) {
    batch.Clear();
    const uint64_t end = std::min(edges, e + kBatchEdges);
    for (; e < end; ++e) {
      const uint64_t r = SplitMix64(&rng);
      const uint64_t src = 1 + (r & 0xffffffff) % kNodes;
      const uint64_t dst = 1 + (r >> 32) % kNodes;
      MakeKey(fwd, 'E', src, dst, e);
      MakeKey(rev, 'R', dst, src, e);
      batch.Put(rocksdb::Slice(fwd, kKeySize), rocksdb::Slice(value, sizeof value));
      batch.Put(rocksdb::Slice(rev, kKeySize), rocksdb::Slice(value, sizeof value));
    }
    rocksdb::Status s = db->Write(write_options, &batch);
    if (!s.ok()) {
      std::fprintf(stderr, "kg_floor: write failed: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  // The single sync of the run: everything written so far becomes durable.
  rocksdb::Status s = db->FlushWAL(/*sync=*/true);
  if (!s.ok()) {
    std::fprintf(stderr, "kg_floor: WAL sync failed: %s\n", s.ToString().c_str());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  s = db->Close();
  db.reset();
  if (!s.ok()) {
    std::fprintf(stderr, "kg_floor: close failed: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("{\"edges\": %llu, \"seconds\": %.3f, \"edges_per_s\": %.0f}\n", static_cast<unsigned long long>(edges),
              seconds, seconds > 0 ? static_cast<double>(edges) / seconds : 0.0);
  return 0;
}
