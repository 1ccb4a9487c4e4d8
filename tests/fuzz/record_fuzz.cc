// record_fuzz: a libFuzzer target over kg's native ingestion path.
//
// Each input is read as a native record stream (JSON Lines, concatenated
// values or one array), exactly as `kg ingest` reads a file, and every valid
// record is applied with a GraphWriter to a store in a temporary directory.
// The target aborts (and libFuzzer keeps the input) when:
//   - the reader stops making progress (more Next calls than input bytes);
//   - the writer fails with anything but InvalidArgument on a parsed record;
//   - the committed store violates an invariant that CheckStore verifies;
//   - the sanitizers (ASan, UBSan) find a memory or undefined-behaviour error.
//
// The store lives across inputs, so that later inputs replace and extend the
// records of earlier ones, and is deleted and created again every
// kResetEvery inputs to bound disk use and the cost of CheckStore. An input
// without a single parsed record leaves the store as it was, and skips the
// check.
//
// Built by tools/fuzz.sh (cmake -DKG_FUZZ=ON -DKG_SANITIZE=ON with clang).
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "graph/check.h"
#include "graph/store.h"
#include "graph/writer.h"
#include "ingest/json_stream.h"
#include "ingest/native_reader.h"

namespace {

constexpr int kResetEvery = 256;

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "record_fuzz: %s: %s\n", what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

class FuzzStore {
 public:
  FuzzStore() {
    char templ[] = "/tmp/kg_fuzz.XXXXXX";
    if (::mkdtemp(templ) == nullptr) Die("mkdtemp", templ);
    dir_ = templ;
    Open();
  }
  ~FuzzStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // The store for the next input: a fresh one every kResetEvery inputs.
  kg::GraphStore* Next() {
    if (++inputs_ % kResetEvery == 0) {
      store_.reset();
      std::error_code ec;
      std::filesystem::remove_all(db(), ec);
      Open();
    }
    return store_.get();
  }

 private:
  std::string db() const { return dir_ + "/db"; }
  void Open() {
    kg::StoreOptions o;
    o.read_only = false;
    o.create_if_missing = true;
    kg::Status s = kg::GraphStore::Open(o, db(), &store_);
    if (!s.ok()) Die("cannot open the store", s.ToString());
  }

  std::string dir_;
  std::unique_ptr<kg::GraphStore> store_;
  uint64_t inputs_ = 0;
};

FuzzStore* g_store = nullptr;

void RemoveStore() {
  delete g_store;
  g_store = nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (g_store == nullptr) {
    g_store = new FuzzStore();
    std::atexit(RemoveStore);
  }
  kg::GraphStore* store = g_store->Next();

  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  kg::JsonStreamLimits limits;  // the defaults of kg ingest, but smaller records
  limits.max_value_bytes = 1 << 20;
  auto reader = kg::NewNativeReader(&in, limits);
  kg::WriterOptions wo;
  wo.batch_bytes = 64 << 10;  // commit often: exercise batches that span several Commits
  kg::GraphWriter writer(store, wo);

  // Each call consumes at least one byte, so a stream of size bytes ends
  // after at most size + 1 calls.
  size_t parsed = 0;  // records handed to the writer, applied or refused
  for (size_t calls = 0;; ++calls) {
    if (calls > size + 1) Die("the reader makes no progress", std::to_string(calls) + " calls");
    kg::Record record;
    bool done = false;
    kg::Status s = reader->Next(&record, &done);
    if (s.ok() && done) break;
    if (!s.ok()) {
      if (!s.IsInvalidArgument() && !s.IsCorruption()) Die("reader", s.ToString());
      continue;
    }
    parsed++;
    s = writer.Apply(record);
    if (!s.ok() && !s.IsInvalidArgument()) Die("apply", s.ToString());
  }
  if (parsed == 0) return 0;  // the store is as the last check found it
  kg::Status s = writer.Commit();
  if (!s.ok()) Die("commit", s.ToString());

  std::vector<std::string> violations;
  s = kg::CheckStore(store->reader(), &violations);
  if (!s.ok()) Die("check", s.ToString());
  if (!violations.empty()) {
    std::string all;
    for (const auto& v : violations) all += "\n  " + v;
    Die("store invariant violated after this input", all);
  }
  return 0;
}
