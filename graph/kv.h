// kv: the ordered key-value interface that kg's graph logic is written
// against. store_rocksdb.cc implements it over RocksDB (the only file that
// knows RocksDB); tests may implement it in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace kg {

// An iterator over keys in byte order. Not thread-safe.
class KvIterator {
 public:
  virtual ~KvIterator() = default;
  virtual void Seek(std::string_view target) = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  // Valid only until the next move.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // The error that ended iteration, if any. Check it after every scan.
  virtual Status status() const = 0;
};

// Point reads and scans. Get returns NotFound when key is absent.
class KvReader {
 public:
  virtual ~KvReader() = default;
  virtual Status Get(std::string_view key, std::string* value) const = 0;
  virtual std::unique_ptr<KvIterator> NewIterator() const = 0;
};

// A batch of writes applied atomically by Kv::Write. Reads through a batch
// see its own writes over the store's state.
class KvBatch : public KvReader {
 public:
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
  // Marks a point to return to: RollbackToSavePoint undoes every write since.
  virtual void SetSavePoint() = 0;
  virtual Status RollbackToSavePoint() = 0;
  virtual void PopSavePoint() = 0;
  virtual size_t ByteSize() const = 0;
  virtual void Clear() = 0;
};

// The file system a store is read and written through, for tests that
// inject faults (graph/kv_rocksdb.h makes one). Opaque here, so that no
// public header includes RocksDB.
class KvEnv;

struct KvOptions {
  // Open without the writer lock; every write fails. Default: false.
  bool read_only = false;
  // Create the store when path holds none. Default: false.
  bool create_if_missing = false;
  // Default: null, the operating system's file system.
  std::shared_ptr<KvEnv> env;
};

class Kv : public KvReader {
 public:
  // Opens the store at path. A store held by another writer gives Busy; a
  // missing store (read_only or !create_if_missing) gives NotFound. A store
  // that cannot be read whole (a damaged or missing file, a MANIFEST that
  // lost what the last Sync made durable) gives Corruption and is never
  // written to; a failing file system gives the code of its errno
  // (NoSpace, ReadOnly, PermissionDenied, PathNotFound, IOError). Every
  // message starts with the path.
  static Status Open(const KvOptions& options, const std::string& path, std::unique_ptr<Kv>* kv);

  // Copies what is readable of the store at from (which may be damaged:
  // a truncated or missing MANIFEST or CURRENT, missing or damaged table
  // files) into a new store at to, which must not exist. from is only read.
  static Status Salvage(const std::string& from, const std::string& to);

  virtual std::unique_ptr<KvBatch> NewBatch() = 0;
  // Applies the batch atomically. Not durable until Sync.
  virtual Status Write(KvBatch* batch) = 0;
  // Write, on a thread of its own while the caller goes on. The batch is
  // emptied at once, and its writes stay visible through it until they are
  // in the store: they are before the next Write, WriteInBackground or Sync
  // returns, and before a scan through the batch begins. Reads through the
  // Kv itself may miss them until then. An error shows at the next of
  // those calls.
  virtual Status WriteInBackground(KvBatch* batch) = 0;
  // Makes every write so far durable on disk and leaves nothing to replay at
  // the next open. Also merges level 0 into the levels below when it holds
  // more than kLevel0Limit bytes, since every reader opens and searches
  // all of level 0.
  virtual Status Sync() = 0;
  static constexpr uint64_t kLevel0Limit = 8u << 20;
  // The bytes of table files in level 0.
  virtual uint64_t Level0Bytes() const = 0;
  // Reads every live file of the store whole and verifies its checksums:
  // Corruption or PathNotFound naming the first file that fails.
  virtual Status VerifyFiles() const = 0;
};

}  // namespace kg
