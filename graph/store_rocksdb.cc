// The RocksDB implementation of kv.h: the only file of kg that includes RocksDB.
//
// Writes go without the write-ahead log: a batch lands in the memtable, and
// Sync() flushes memtables to table files, which RocksDB writes and syncs
// before recording them in the MANIFEST. A crash before Sync loses the
// unflushed batches whole (each batch is applied to one memtable atomically),
// never part of one, and the next open has no log to replay. An ingest's
// full batches are written on a thread of their own (Committer), one at a
// time and in order.
//
// Sync() also merges a large level 0 into level 1 (see CompactLevel0), so
// that the short query processes that follow an ingest open fast.
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <fcntl.h>
#include <lz4.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <exception>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <set>
#include <system_error>
#include <thread>

#include "graph/kv.h"
#include "graph/kv_rocksdb.h"
#include "graph/pending_writes.h"

// RocksDB compresses and uncompresses blocks through LZ4's streams, and uses
// the stream that LZ4_createStream or LZ4_createStreamDecode returns without
// looking at it: when malloc fails (under a memory limit), it hands NULL to
// LZ4 and the process dies of SIGSEGV in a flush. The kg binary is linked
// with --wrap for both (CMakeLists.txt), so that RocksDB gets these instead:
// out of memory, they throw std::bad_alloc, which kg's handlers turn into
// exit 3 "out of memory" (on RocksDB's own threads, the terminate handler of
// kg_main.cc). Without --wrap nothing calls them.
extern "C" {
LZ4_stream_t* __real_LZ4_createStream(void) __attribute__((weak));
LZ4_streamDecode_t* __real_LZ4_createStreamDecode(void) __attribute__((weak));

LZ4_stream_t* __wrap_LZ4_createStream(void) {
  LZ4_stream_t* stream = __real_LZ4_createStream();
  if (stream == nullptr) throw std::bad_alloc();
  return stream;
}

LZ4_streamDecode_t* __wrap_LZ4_createStreamDecode(void) {
  LZ4_streamDecode_t* stream = __real_LZ4_createStreamDecode();
  if (stream == nullptr) throw std::bad_alloc();
  return stream;
}
}

namespace kg {

class KvEnv {
 public:
  explicit KvEnv(std::shared_ptr<rocksdb::FileSystem> fs) : fs_(std::move(fs)), env_(rocksdb::NewCompositeEnv(fs_)) {}
  rocksdb::Env* env() const { return env_.get(); }

 private:
  std::shared_ptr<rocksdb::FileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;
};

std::shared_ptr<KvEnv> NewKvEnv(std::shared_ptr<rocksdb::FileSystem> fs) { return std::make_shared<KvEnv>(std::move(fs)); }

namespace {

// The one conversion of a RocksDB status: the code from its code and
// subcode (never from its text), the message "path: reason".
Status FromRocks(const rocksdb::Status& s, std::string_view path) {
  if (s.ok()) return Status::OK();
  const std::string state = s.getState() != nullptr ? s.getState() : "";
  const std::string where = std::string(path) + ": ";
  if (s.IsPathNotFound()) return Status::PathNotFound(where + state);
  if (s.IsNotFound()) return Status::NotFound(where + state);
  if (s.IsNoSpace()) return Status::NoSpace(where + std::strerror(ENOSPC));
  if (s.IsMemoryLimit()) return Status::OutOfMemory(where + state);
  if (s.IsCorruption()) return Status::Corruption(where + "damaged store: " + state);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(where + state);
  if (s.IsNotSupported()) return Status::NotSupported(where + state);
  return Status::IOError(where + state);
}

// An exception out of RocksDB or the standard library, as a Status. Called
// from a catch block, on the committer's thread too: it must not throw.
Status FromException(std::string_view path) {
  try {
    try {
      throw;
    } catch (const std::bad_alloc&) {
      return Status::OutOfMemory(std::string(path) + ": out of memory");
    } catch (const std::system_error& e) {
      if (e.code().category() == std::system_category() || e.code().category() == std::generic_category()) {
        return Status::FromErrno(e.code().value(), path);
      }
      return Status::IOError(std::string(path) + ": " + e.what());
    } catch (const std::exception& e) {
      return Status::IOError(std::string(path) + ": " + e.what());
    }
  } catch (const std::bad_alloc&) {
    // No memory for the message either: a text this short is held inside
    // the string itself, without allocating.
    return Status::OutOfMemory("out of memory");
  }
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

class RocksIterator : public KvIterator {
 public:
  RocksIterator(rocksdb::Iterator* it, const std::string* path) : it_(it), path_(path) {}
  void Seek(std::string_view target) override { it_->Seek(ToSlice(target)); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  std::string_view key() const override { return ToView(it_->key()); }
  std::string_view value() const override { return ToView(it_->value()); }
  Status status() const override { return FromRocks(it_->status(), *path_); }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
  const std::string* path_;
};

// An iterator over nothing that reports an error: a scan that cannot see
// the store as it should.
class ErrorIterator : public KvIterator {
 public:
  explicit ErrorIterator(Status s) : s_(std::move(s)) {}
  void Seek(std::string_view) override {}
  bool Valid() const override { return false; }
  void Next() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  Status status() const override { return s_; }

 private:
  Status s_;
};

// The store iterator of a batch's last scan, kept for the next one: an
// ingest makes many short scans (a name, a node's edges), and making a
// RocksDB iterator (one per memtable and table file level) cost more than
// the scan. An iterator sees the store as it was when made, so it is kept
// only until the next write to the store.
class SpareIterator {
 public:
  SpareIterator(rocksdb::DB* db, const uint64_t* store_writes) : db_(db), store_writes_(store_writes) {}

  std::unique_ptr<rocksdb::Iterator> Take(uint64_t* writes) {
    *writes = *store_writes_;
    if (spare_ && spare_writes_ == *writes) return std::move(spare_);
    spare_.reset();
    return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(rocksdb::ReadOptions()));
  }
  void Give(std::unique_ptr<rocksdb::Iterator> it, uint64_t writes) {
    if (writes != *store_writes_ || !it->status().ok()) return;
    spare_ = std::move(it);
    spare_writes_ = writes;
  }

 private:
  rocksdb::DB* db_;
  const uint64_t* store_writes_;
  std::unique_ptr<rocksdb::Iterator> spare_;
  uint64_t spare_writes_ = 0;
};

// Iterates the union of a base iterator (the store) and the batch's
// pending writes, the latter winning; deleted keys are skipped.
class OverlayIterator : public KvIterator {
 public:
  OverlayIterator(SpareIterator* spare, PendingWrites::Cursor pending, const std::string* path)
      : spare_(spare), base_(spare->Take(&writes_)), pending_(std::move(pending)), path_(path) {}
  ~OverlayIterator() override { spare_->Give(std::move(base_), writes_); }

  void Seek(std::string_view target) override {
    base_->Seek(ToSlice(target));
    pending_.Seek(target);
    Settle();
  }
  bool Valid() const override { return on_pending_ ? true : base_->Valid(); }
  void Next() override {
    if (on_pending_) {
      if (base_->Valid() && ToView(base_->key()) == pending_.entry().key) base_->Next();
      pending_.Next();
    } else {
      base_->Next();
    }
    Settle();
  }
  std::string_view key() const override { return on_pending_ ? pending_.entry().key : ToView(base_->key()); }
  std::string_view value() const override { return on_pending_ ? pending_.entry().value : ToView(base_->value()); }
  Status status() const override { return FromRocks(base_->status(), *path_); }

 private:
  // Positions on the smaller of the two current keys, skipping deletions.
  void Settle() {
    for (;;) {
      if (!pending_.Valid()) {
        on_pending_ = false;
        return;
      }
      const PendingWrites::Entry& e = pending_.entry();
      int cmp = base_->Valid() ? ToView(base_->key()).compare(e.key) : 1;
      if (cmp < 0) {
        on_pending_ = false;
        return;
      }
      if (e.state == PendingWrites::State::kPut) {
        on_pending_ = true;
        return;
      }
      // A pending deletion hides the same base key.
      if (cmp == 0) base_->Next();
      pending_.Next();
    }
  }

  SpareIterator* spare_;
  uint64_t writes_ = 0;  // the store's write count when base_ was taken
  std::unique_ptr<rocksdb::Iterator> base_;
  PendingWrites::Cursor pending_;
  const std::string* path_;
  bool on_pending_ = false;
};

// Applies batches of pending writes to the store, one at a time, either in
// line or on a thread of its own while the writer goes on. An ingest spent
// a third of its time inserting its batches into the memtable; on a thread
// of their own they overlap with the writer's work on the next batch.
class Committer {
 public:
  Committer(rocksdb::DB* db, const std::string* path) : db_(db), path_(path) {}
  ~Committer() { (void)Wait(); }
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Applies writes now.
  Status Write(PendingWrites* writes) {
    KG_RETURN_IF_ERROR(Wait());
    ++writes_;
    status_ = Apply(writes);
    return status_;
  }
  // Starts applying writes on a thread of their own.
  Status Start(std::unique_ptr<PendingWrites> writes) {
    KG_RETURN_IF_ERROR(Wait());
    ++writes_;
    try {
      thread_ = std::thread([this, w = writes.get()] { thread_status_ = Apply(w); });
    } catch (const std::system_error&) {  // no thread to be had: write in line
      status_ = Apply(writes.get());
      return status_;
    }
    in_flight_ = std::move(writes);
    return Status::OK();
  }
  // Waits for the writes in flight to reach the store. The first error of
  // any write is returned from then on: the store takes no more writes.
  Status Wait() {
    if (thread_.joinable()) {
      thread_.join();
      if (status_.ok()) status_ = thread_status_;
      in_flight_->Clear();
      spare_ = std::move(in_flight_);
    }
    return status_;
  }
  // The first error that Wait or a write in line saw; read by the writer's
  // thread only, so that it never races the thread in flight.
  const Status& status() const { return status_; }
  // Empty pending writes, reusing the memory of the last ones written in
  // the background when they are in.
  std::unique_ptr<PendingWrites> NewPendingWrites() {
    (void)Wait();  // the error shows at the next write
    return spare_ ? std::move(spare_) : std::make_unique<PendingWrites>();
  }
  // The writes being applied, or null: only Find may be called on them,
  // and only by the thread that started them (Apply sorts them meanwhile,
  // which changes no entry).
  const PendingWrites* in_flight() const { return in_flight_.get(); }
  // Writes started so far: a store iterator made before the last one is
  // stale.
  const uint64_t* writes() const { return &writes_; }
  // Whether an exception (std::bad_alloc) left RocksDB in the middle of a
  // write: then its state is unknown, and closing it may wait forever.
  bool unwound() const { return unwound_; }

 private:
  // The writes in key order, so that each key goes into the memtable from
  // where the previous one of its family went (see MakeOptions).
  //
  // RocksDB's WriteBatch::Put must not throw: an exception out of it (its
  // buffer growing under a memory limit) trips an assertion in its undo
  // guard, and the process aborts. So the buffer is first made large enough
  // for every entry (a tag and two varint lengths, at most 11 bytes, besides
  // the key and value), where running out of memory throws harmlessly.
  Status Apply(PendingWrites* writes) {
    try {
      const size_t bytes = kWriteBatchHeader + writes->ByteSize() + kWriteBatchEntry * writes->size();
      if (bytes > write_batch_reserved_) {
        write_batch_ = rocksdb::WriteBatch(bytes);
        write_batch_reserved_ = bytes;
      }
      rocksdb::WriteBatch& wb = write_batch_;
      wb.Clear();
      PendingWrites::Cursor c = writes->NewCursor();
      for (c.Seek(""); c.Valid(); c.Next()) {
        const PendingWrites::Entry& e = c.entry();
        rocksdb::Status s = e.state == PendingWrites::State::kPut ? wb.Put(ToSlice(e.key), ToSlice(e.value))
                                                                  : wb.Delete(ToSlice(e.key));
        if (!s.ok()) return FromRocks(s, *path_);
      }
      rocksdb::WriteOptions wo;
      wo.disableWAL = true;
      return FromRocks(db_->Write(wo, &wb), *path_);
    } catch (...) {  // a thread of its own must not throw
      unwound_ = true;
      return FromException(*path_);
    }
  }

  rocksdb::DB* db_;
  const std::string* path_;
  uint64_t writes_ = 0;
  Status status_;         // the writer's thread's
  Status thread_status_;  // the thread in flight's, until Wait
  std::atomic<bool> unwound_{false};
  std::unique_ptr<PendingWrites> in_flight_;
  std::unique_ptr<PendingWrites> spare_;
  static constexpr size_t kWriteBatchHeader = 12, kWriteBatchEntry = 11;
  rocksdb::WriteBatch write_batch_;  // kept for its memory
  size_t write_batch_reserved_ = 0;  // the bytes its buffer holds without growing
  std::thread thread_;
};

// Pending writes over the store: reads see them, and the writes in flight
// under them; savepoints undo them.
class RocksBatch : public KvBatch {
 public:
  RocksBatch(rocksdb::DB* db, Committer* committer, const std::string* path)
      : db_(db),
        committer_(committer),
        path_(path),
        pending_(std::make_unique<PendingWrites>()),
        spare_(db, committer->writes()) {}

  Status Get(std::string_view key, std::string* value) const override {
    // Once a write failed, the store lacks what the batch says it holds.
    KG_RETURN_IF_ERROR(committer_->status());
    for (const PendingWrites* layer : {static_cast<const PendingWrites*>(pending_.get()), committer_->in_flight()}) {
      if (!layer) continue;
      if (const PendingWrites::Entry* e = layer->Find(key); e && e->state != PendingWrites::State::kNone) {
        if (e->state == PendingWrites::State::kDeleted) return Status::NotFound("");
        value->assign(e->value);
        return Status::OK();
      }
    }
    return FromRocks(db_->Get(rocksdb::ReadOptions(), ToSlice(key), value), *path_);
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    // A scan sees the store once the writes in flight are in; when they
    // failed, the scan fails.
    Status s = committer_->Wait();
    if (!s.ok()) return std::make_unique<ErrorIterator>(s);
    return std::make_unique<OverlayIterator>(&spare_, pending_->NewCursor(), path_);
  }
  void Put(std::string_view key, std::string_view value) override { pending_->Put(key, value); }
  void Delete(std::string_view key) override { pending_->Delete(key); }
  void SetSavePoint() override { pending_->SetSavePoint(); }
  Status RollbackToSavePoint() override {
    return pending_->RollbackToSavePoint() ? Status::OK() : Status::NotFound("no savepoint");
  }
  void PopSavePoint() override { pending_->PopSavePoint(); }
  size_t ByteSize() const override { return pending_->ByteSize(); }
  void Clear() override { pending_->Clear(); }

  PendingWrites* pending() { return pending_.get(); }
  // The pending writes, leaving the batch empty.
  std::unique_ptr<PendingWrites> Take() { return std::exchange(pending_, committer_->NewPendingWrites()); }

 private:
  rocksdb::DB* db_;
  Committer* committer_;
  const std::string* path_;
  // Sorted on demand by scans, which change no content.
  std::unique_ptr<PendingWrites> pending_;
  mutable SpareIterator spare_;
};

// The process's writers, by canonical store path: RocksDB's own lock does
// not tell a second writer in the same process by any status code.
class WriterLock {
 public:
  static std::unique_ptr<WriterLock> Acquire(const std::string& path) {
    std::string key = Key(path);
    std::lock_guard<std::mutex> lock(mu());
    if (!held().insert(key).second) return nullptr;
    return std::unique_ptr<WriterLock>(new WriterLock(std::move(key)));
  }
  // Whether a writer holds the store: one of this process, or another
  // process holding RocksDB's LOCK file.
  static bool Held(const std::string& path) {
    {
      std::lock_guard<std::mutex> lock(mu());
      if (held().count(Key(path))) return true;
    }
    return HeldByAnotherProcess(path);
  }
  // Only when this process holds no lock on the file: closing a descriptor
  // drops every POSIX lock the process has on that file.
  static bool HeldByAnotherProcess(const std::string& path) {
    int fd = ::open((path + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    bool held = ::fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    ::close(fd);
    return held;
  }
  ~WriterLock() {
    std::lock_guard<std::mutex> lock(mu());
    held().erase(key_);
  }

 private:
  explicit WriterLock(std::string key) : key_(std::move(key)) {}
  static std::string Key(const std::string& path) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : p.string();
  }
  static std::mutex& mu() {
    static std::mutex m;
    return m;
  }
  static std::set<std::string>& held() {
    static std::set<std::string> s;
    return s;
  }
  std::string key_;
};

// KG-SYNCED, beside RocksDB's files, says what the last Sync made durable:
// the MANIFEST then current, its size, and the store's last sequence
// number. A MANIFEST shorter than that, or a store opening with an older
// sequence, lost part of what it held (a truncated or replaced MANIFEST):
// opened for writing, RocksDB would delete the table files it no longer
// lists. Written whole or not at all (a new file renamed over the old).
constexpr char kSyncedFile[] = "KG-SYNCED";

struct Synced {
  std::string manifest;
  uint64_t manifest_bytes = 0;
  uint64_t sequence = 0;
};

Status ReadCurrent(const std::string& path, std::string* manifest) {
  std::ifstream in(path + "/CURRENT", std::ios::binary);
  if (!in) return Status::FromErrno(errno, path + "/CURRENT");
  std::getline(in, *manifest);
  return Status::OK();
}

Status FileSize(const std::string& file, uint64_t* size) {
  struct stat st;
  if (::stat(file.c_str(), &st) != 0) return Status::FromErrno(errno, file);
  *size = static_cast<uint64_t>(st.st_size);
  return Status::OK();
}

Status ReadSynced(const std::string& path, Synced* synced, bool* present) {
  const std::string file = path + "/" + kSyncedFile;
  std::ifstream in(file, std::ios::binary);
  *present = false;
  if (!in) return errno == ENOENT ? Status::OK() : Status::FromErrno(errno, file);
  std::string tag1, tag2, tag3;
  if (!(in >> tag1 >> synced->manifest >> tag2 >> synced->manifest_bytes >> tag3 >> synced->sequence) ||
      tag1 != "manifest" || tag2 != "manifest_bytes" || tag3 != "sequence") {
    return Status::Corruption(file + ": damaged store: unreadable");
  }
  *present = true;
  return Status::OK();
}

Status WriteSynced(const std::string& path, rocksdb::DB* db) {
  Synced s;
  s.sequence = db->GetLatestSequenceNumber();
  KG_RETURN_IF_ERROR(ReadCurrent(path, &s.manifest));
  KG_RETURN_IF_ERROR(FileSize(path + "/" + s.manifest, &s.manifest_bytes));
  const std::string text = "manifest " + s.manifest + "\nmanifest_bytes " + std::to_string(s.manifest_bytes) +
                           "\nsequence " + std::to_string(s.sequence) + "\n";
  const std::string file = path + "/" + kSyncedFile, tmp = file + ".tmp";
  // Errors name the store, as RocksDB's do: "kg.db: No space left on device".
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::FromErrno(errno, path);
  errno = 0;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  if (!ok) return Status::FromErrno(err == 0 ? ENOSPC : err, path);  // a short write: the disk is full
  if (::rename(tmp.c_str(), file.c_str()) != 0) return Status::FromErrno(errno, path);
  int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Status::FromErrno(errno, path);
  ok = ::fsync(dir) == 0;
  err = errno;
  ::close(dir);
  return ok ? Status::OK() : Status::FromErrno(err, path);
}

Status CheckSequence(const std::string& path, rocksdb::DB* db, const Synced& synced) {
  const uint64_t seq = db->GetLatestSequenceNumber();
  if (seq >= synced.sequence) return Status::OK();
  return Status::Corruption(path + ": damaged store: its MANIFEST lists changes up to #" + std::to_string(seq) +
                            " but changes up to #" + std::to_string(synced.sequence) +
                            " were made durable (a truncated or replaced MANIFEST, or missing files)");
}

class RocksKv : public Kv {
 public:
  RocksKv(std::unique_ptr<rocksdb::DB> db, std::string path, std::unique_ptr<WriterLock> lock)
      : db_(std::move(db)),
        path_(std::move(path)),
        committer_(std::make_unique<Committer>(db_.get(), &path_)),
        lock_(std::move(lock)) {}
  ~RocksKv() override {
    const bool unwound = std::uncaught_exceptions() > 0 || (committer_ && committer_->unwound());
    committer_.reset();  // the writes in flight first
    // An exception through RocksDB (std::bad_alloc under a memory limit)
    // may leave its write queue or locks half-changed, and Close would then
    // wait forever: the store is left as after a crash (whole records
    // only), the process being on its way out.
    if (unwound) {
      (void)db_.release();
      return;
    }
    if (db_) db_->Close().PermitUncheckedError();
  }

  Status Get(std::string_view key, std::string* value) const override {
    return FromRocks(db_->Get(rocksdb::ReadOptions(), ToSlice(key), value), path_);
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    return std::make_unique<RocksIterator>(db_->NewIterator(rocksdb::ReadOptions()), &path_);
  }
  std::unique_ptr<KvBatch> NewBatch() override {
    return std::make_unique<RocksBatch>(db_.get(), committer_.get(), &path_);
  }
  Status Write(KvBatch* batch) override { return committer_->Write(static_cast<RocksBatch*>(batch)->pending()); }
  Status WriteInBackground(KvBatch* batch) override {
    RocksBatch* b = static_cast<RocksBatch*>(batch);
    if (b->pending()->HasSavePoint()) return Write(batch);  // undo must stay possible
    return committer_->Start(b->Take());
  }
  Status Sync() override {
    KG_RETURN_IF_ERROR(committer_->Wait());
    rocksdb::FlushOptions fo;
    fo.wait = true;
    KG_RETURN_IF_ERROR(FromRocks(db_->Flush(fo), path_));
    KG_RETURN_IF_ERROR(WriteSynced(path_, db_.get()));
    return CompactLevel0();
  }

  Status VerifyFiles() const override {
    try {
      std::vector<rocksdb::LiveFileMetaData> files;
      db_->GetLiveFilesMetaData(&files);
      for (const auto& f : files) {
        const std::string file = f.directory + "/" + f.relative_filename;
        struct stat st;
        if (::stat(file.c_str(), &st) != 0) return Status::FromErrno(errno, file);
        if (static_cast<uint64_t>(st.st_size) != f.size) {
          return Status::Corruption(file + ": damaged store: " + std::to_string(st.st_size) + " bytes, " +
                                    std::to_string(f.size) + " expected");
        }
      }
      return FromRocks(db_->VerifyChecksum(), path_);
    } catch (...) {
      return FromException(path_);
    }
  }

  uint64_t Level0Bytes() const override {
    rocksdb::ColumnFamilyMetaData meta;
    db_->GetColumnFamilyMetaData(&meta);
    return meta.levels.empty() ? 0 : meta.levels[0].size;
  }

 private:
  // Level 0 holds the table files flushed from memtables, each spanning the
  // whole key range. A reader loads every level-0 file's whole index and
  // filter when it opens the store, and looks into every level-0 file on
  // each Seek; level 1 and below are split by key range and load an index
  // or filter partition only when a lookup needs it. A big ingest leaves
  // tens of MB in level 0 (its last memtables): then a one-query process
  // spent most of its time opening them (kg stats on the 1M-event store:
  // 55 ms with 81 MB in level 0, 10 ms without). So once level 0 holds more
  // than kLevel0Limit, it is merged into level 1 here. Small batches leave
  // small files, which RocksDB merges in its own time.

  Status CompactLevel0() {
    for (int attempt = 0; attempt < 100; ++attempt) {
      rocksdb::ColumnFamilyMetaData meta;
      db_->GetColumnFamilyMetaData(&meta);
      if (meta.levels.empty() || meta.levels[0].size <= kLevel0Limit) return Status::OK();
      std::vector<std::string> files;
      bool busy = false;
      for (const auto& f : meta.levels[0].files) {
        files.push_back(f.name);
        busy = busy || f.being_compacted;
      }
      if (!busy) {
        rocksdb::CompactionOptions co;
        co.compression = rocksdb::kLZ4Compression;
        co.max_subcompactions = 2;
        rocksdb::Status s = db_->CompactFiles(co, files, 1);
        // A background compaction may take the same files first: look again.
        if (s.ok() || !(s.IsAborted() || s.IsInvalidArgument())) return FromRocks(s, path_);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Status::OK();  // level 0 stays busy: readers are slower, nothing is lost
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::string path_;
  std::unique_ptr<Committer> committer_;
  std::unique_ptr<WriterLock> lock_;
};

rocksdb::Options MakeOptions(const KvOptions& options) {
  rocksdb::Options o;
  o.create_if_missing = options.create_if_missing;
  o.compression = rocksdb::kLZ4Compression;
  // LZ4 at every level: ZSTD at the bottom saved 8% of disk (128 against
  // 140 MB at 1M events) but cost a fifth of the ingest time in compactions
  // and slowed every read that decompresses a block.
  o.bottommost_compression = rocksdb::kLZ4Compression;
  if (options.read_only) {
    // A reader writes nothing: a small memtable (RocksDB still makes one on
    // open), no statistics pass over the table files.
    o.write_buffer_size = 1 << 20;
    o.skip_stats_update_on_db_open = true;
  } else {
    o.write_buffer_size = 64 << 20;
    o.max_write_buffer_number = 3;
    // Level 0 is merged into level 1 after 8 memtables, not RocksDB's 4:
    // each merge rewrites the whole of level 1 (an ingest's keys span the
    // key range), and Sync merges what is left anyway. A 1M-event ingest
    // merges once, at the end, instead of twice: 0.93 of the wall time.
    o.level0_file_num_compaction_trigger = 8;
    // A bloom filter over the memtable's keys: ingest asks for many keys that
    // do not exist yet (a new edge, a new record), and most are answered
    // without searching the memtable.
    o.memtable_prefix_bloom_size_ratio = 0.05;
    o.memtable_whole_key_filtering = true;
    // A committed batch is sorted: with a hint per key family, each key is
    // inserted into the memtable from where the previous one of its family
    // went, not searched for from the top of the skiplist.
    o.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  }
  o.target_file_size_base = 64 << 20;
  o.max_background_jobs = 2;
  o.info_log_level = rocksdb::WARN_LEVEL;
  o.keep_log_file_num = 2;
  o.max_open_files = -1;  // readers open every table file at once (see Open)
  // Table files are opened one after the other, on the opening thread: a
  // thread per file costs a short command more than the opening itself, and
  // an error there (std::bad_alloc under a memory limit) reaches Kv::Open
  // instead of ending the process.
  o.max_file_opening_threads = 1;
  rocksdb::BlockBasedTableOptions t;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.block_cache = rocksdb::NewLRUCache(64 << 20);
  // Partitioned index and filters: a table file's index and bloom filter are
  // cut into blocks found through a small top level, so that opening a
  // store reads only the top levels and a lookup reads the one partition it
  // needs, instead of every file's whole filter (megabytes, checksummed)
  // before the first query.
  t.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  t.partition_filters = true;
  t.cache_index_and_filter_blocks = true;
  t.pin_top_level_index_and_filter = true;
  t.metadata_cache_options.partition_pinning = rocksdb::PinningTier::kNone;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

// Whether path is a directory holding only files that RocksDB writes while
// it creates a store, before CURRENT: the creation was interrupted (a crash,
// a kill), and creating the store again is safe.
bool InterruptedCreation(const std::string& path) {
  std::error_code ec;
  std::filesystem::directory_iterator it(path, ec), end;
  if (ec) return false;
  for (; it != end; it.increment(ec)) {
    if (ec) return false;
    const std::string name = it->path().filename().string();
    auto starts = [&](std::string_view p) { return name.compare(0, p.size(), p) == 0; };
    // NNNNNN.dbtmp (CURRENT being written), NNNNNN.log (a write-ahead log)
    size_t digits = name.find_first_not_of("0123456789");
    bool numbered =
        digits > 0 && digits != std::string::npos && (name.substr(digits) == ".dbtmp" || name.substr(digits) == ".log");
    if (name == "LOCK" || name == "IDENTITY" || starts("LOG") || starts("MANIFEST-") || starts("OPTIONS-") ||
        numbered) {
      continue;
    }
    return false;
  }
  return true;
}

// Whether the directory holds files that only a store that once opened
// holds: a table file, or KG-SYNCED.
bool HasStoreFiles(const std::string& path) {
  std::error_code ec;
  std::filesystem::directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == kSyncedFile || it->path().extension() == ".sst") return true;
  }
  return false;
}

// Opens for reading only. A writer may switch table files while we open
// (a compaction deletes the files it merged): then the open fails on a
// file that vanished, and is tried again. With max_open_files = -1 every
// table file is opened here, so files that the writer deletes later stay
// readable through our handles. The column-family form of
// OpenForReadOnly, because the other one first tries to open the store as
// a single compacted level, which reads every table file's filter only to
// give up on a store with more than one level, and then opens it again.
Status OpenReadOnly(const rocksdb::Options& o, const std::string& path, std::unique_ptr<rocksdb::DB>* db) {
  const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions(o)}};
  rocksdb::Status s;
  for (int attempt = 0;; ++attempt) {
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(o), path, families, &handles, &raw);
    db->reset(raw);
    if (s.ok()) {
      // The default family's handle is not needed: reads go through the
      // DB's own.
      for (auto* h : handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
      return Status::OK();
    }
    const bool may_vanish = s.IsIOError() || s.IsCorruption() || s.IsPathNotFound();
    if (!may_vanish || attempt >= 200 || !WriterLock::Held(path)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return FromRocks(s, path);
}

Status OpenWritable(const rocksdb::Options& o, const std::string& path, std::unique_ptr<rocksdb::DB>* db) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(o, path, &raw);
  db->reset(raw);
  return FromRocks(s, path);
}

// What stands in the way of opening path, from the file system's own
// errors: a missing parent directory, a read-only file system, a
// permission; a directory that is not a store, or a store without CURRENT.
Status CheckPath(const KvOptions& options, const std::string& path, bool* exists) {
  namespace fs = std::filesystem;
  std::error_code ec;
  *exists = fs::exists(fs::path(path) / "CURRENT", ec);
  const bool writing = !options.read_only;
  struct stat st;
  if (*exists) {
    int mode = writing ? (R_OK | W_OK | X_OK) : (R_OK | X_OK);
    if (::access(path.c_str(), mode) != 0) return Status::FromErrno(errno, path);
    return Status::OK();
  }
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::FromErrno(errno, path);
    if (!writing || !options.create_if_missing) return Status::NotFound("no kg store at " + path);
    fs::path parent = fs::path(path).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    if (::stat(dir.c_str(), &st) != 0) return Status::FromErrno(errno, dir);
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return Status::FromErrno(errno, dir);
    return Status::OK();
  }
  if (!S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + " is not a kg store (a file)");
  if (HasStoreFiles(path)) {
    return Status::Corruption(path + ": damaged store: CURRENT is missing");
  }
  if (!writing || !options.create_if_missing) return Status::NotFound("no kg store at " + path);
  if (!fs::is_empty(path, ec) && !InterruptedCreation(path)) {
    return Status::InvalidArgument(path + " is not a kg store (a non-empty directory)");
  }
  if (::access(path.c_str(), W_OK | X_OK) != 0) return Status::FromErrno(errno, path);
  return Status::OK();
}

// A file of the store that its MANIFEST lists is missing: the store is
// damaged.
Status Damaged(Status s, const std::string& path) {
  if (!s.IsPathNotFound()) return s;
  return Status::Corruption(path + ": damaged store: a file is missing (" + s.message() + ")");
}

Status OpenKv(const KvOptions& options, const std::string& path, std::unique_ptr<Kv>* kv) {
  bool exists = false;
  KG_RETURN_IF_ERROR(CheckPath(options, path, &exists));
  Synced synced;
  bool have_synced = false;
  if (exists) KG_RETURN_IF_ERROR(ReadSynced(path, &synced, &have_synced));
  rocksdb::Options o = MakeOptions(options);
  if (options.env) o.env = options.env->env();
  std::unique_ptr<rocksdb::DB> db;
  std::unique_ptr<WriterLock> lock;
  if (options.read_only) {
    KG_RETURN_IF_ERROR(Damaged(OpenReadOnly(o, path, &db), path));
  } else {
    const Status busy = Status::Busy("store " + path + " is in use by another kg writer");
    lock = WriterLock::Acquire(path);
    if (!lock) return busy;
    if (have_synced) {
      // Opened for writing, a MANIFEST that lost files gets them deleted:
      // look first. A MANIFEST that grew since is fine; one that CURRENT
      // no longer names (a writer opened the store since, and stopped
      // before it wrote KG-SYNCED) is looked at through a reader.
      std::string current;
      uint64_t bytes = 0;
      const bool same = ReadCurrent(path, &current).ok() && current == synced.manifest &&
                        FileSize(path + "/" + current, &bytes).ok();
      if (same && bytes < synced.manifest_bytes) {
        return Status::Corruption(path + ": damaged store: " + current + " holds " + std::to_string(bytes) +
                                  " bytes, " + std::to_string(synced.manifest_bytes) + " when last synced");
      }
      if (!same) {
        KvOptions ro_options = options;
        ro_options.read_only = true;
        rocksdb::Options ro = MakeOptions(ro_options);
        ro.env = o.env;
        std::unique_ptr<rocksdb::DB> reader;
        Status s = OpenReadOnly(ro, path, &reader);
        if (!s.ok()) return WriterLock::HeldByAnotherProcess(path) ? busy : s;
        KG_RETURN_IF_ERROR(CheckSequence(path, reader.get(), synced));
      }
    }
    Status s = OpenWritable(o, path, &db);
    if (!s.ok()) {
      // RocksDB says that another process holds the store only in words.
      if (s.IsIOError() && WriterLock::HeldByAnotherProcess(path)) return busy;
      return exists ? Damaged(s, path) : s;
    }
  }
  if (have_synced) KG_RETURN_IF_ERROR(CheckSequence(path, db.get(), synced));
  if (!options.read_only) KG_RETURN_IF_ERROR(WriteSynced(path, db.get()));
  *kv = std::make_unique<RocksKv>(std::move(db), path, std::move(lock));
  return Status::OK();
}

}  // namespace

Status Kv::Open(const KvOptions& options, const std::string& path, std::unique_ptr<Kv>* kv) {
  try {
    return OpenKv(options, path, kv);
  } catch (...) {  // std::bad_alloc under a memory limit, a thread not started
    return FromException(path);
  }
}

Status Kv::Salvage(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  try {
    std::error_code ec;
    if (fs::exists(to, ec)) return Status::InvalidArgument(to + " exists: salvage goes to a new directory");
    struct stat st;
    if (::stat(from.c_str(), &st) != 0) return Status::FromErrno(errno, from);
    if (!fs::create_directory(to, ec)) return Status::FromErrno(ec.value(), to);
    // RocksDB repairs in place: it works on a copy of every file that may
    // hold data, and rebuilds a MANIFEST from the table files it can read.
    for (const auto& e : fs::directory_iterator(from)) {
      const std::string name = e.path().filename().string();
      if (name == "LOCK" || name == kSyncedFile || name.rfind("LOG", 0) == 0 || !e.is_regular_file()) continue;
      fs::copy_file(e.path(), fs::path(to) / name, ec);
      if (ec) return Status::FromErrno(ec.value(), e.path().string());
    }
    KvOptions ko;
    ko.create_if_missing = true;
    rocksdb::Options o = MakeOptions(ko);
    o.paranoid_checks = false;
    KG_RETURN_IF_ERROR(FromRocks(rocksdb::RepairDB(to, o), to));
    // Compact what was salvaged into fresh files, and record it as synced.
    std::unique_ptr<Kv> kv;
    KG_RETURN_IF_ERROR(Kv::Open(ko, to, &kv));
    return kv->Sync();
  } catch (...) {
    return FromException(to);
  }
}

}  // namespace kg
