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

#include <filesystem>
#include <system_error>
#include <thread>

#include "graph/kv.h"
#include "graph/pending_writes.h"

namespace kg {
namespace {

Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return Status::OK();
  if (s.IsNotFound()) return Status::NotFound(s.ToString());
  if (s.IsCorruption()) return Status::Corruption(s.ToString());
  if (s.IsInvalidArgument()) return Status::InvalidArgument(s.ToString());
  if (s.IsNotSupported()) return Status::NotSupported(s.ToString());
  return Status::IOError(s.ToString());
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view ToView(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

class RocksIterator : public KvIterator {
 public:
  explicit RocksIterator(rocksdb::Iterator* it) : it_(it) {}
  void Seek(std::string_view target) override { it_->Seek(ToSlice(target)); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  std::string_view key() const override { return ToView(it_->key()); }
  std::string_view value() const override { return ToView(it_->value()); }
  Status status() const override { return FromRocks(it_->status()); }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
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
  OverlayIterator(SpareIterator* spare, PendingWrites::Cursor pending)
      : spare_(spare), base_(spare->Take(&writes_)), pending_(std::move(pending)) {}
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
  Status status() const override { return FromRocks(base_->status()); }

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
  bool on_pending_ = false;
};

// Applies batches of pending writes to the store, one at a time, either in
// line or on a thread of its own while the writer goes on. An ingest spent
// a third of its time inserting its batches into the memtable; on a thread
// of their own they overlap with the writer's work on the next batch.
class Committer {
 public:
  explicit Committer(rocksdb::DB* db) : db_(db) {}
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
      thread_ = std::thread([this, w = writes.get()] { status_ = Apply(w); });
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
      in_flight_->Clear();
      spare_ = std::move(in_flight_);
    }
    return status_;
  }
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

 private:
  // The writes in key order, so that each key goes into the memtable from
  // where the previous one of its family went (see MakeOptions).
  Status Apply(PendingWrites* writes) {
    try {
      rocksdb::WriteBatch& wb = write_batch_;
      wb.Clear();
      PendingWrites::Cursor c = writes->NewCursor();
      for (c.Seek(""); c.Valid(); c.Next()) {
        const PendingWrites::Entry& e = c.entry();
        rocksdb::Status s = e.state == PendingWrites::State::kPut ? wb.Put(ToSlice(e.key), ToSlice(e.value))
                                                                  : wb.Delete(ToSlice(e.key));
        if (!s.ok()) return FromRocks(s);
      }
      rocksdb::WriteOptions wo;
      wo.disableWAL = true;
      return FromRocks(db_->Write(wo, &wb));
    } catch (const std::exception& e) {  // a thread of its own must not throw
      return Status::IOError(std::string("writing a batch: ") + e.what());
    }
  }

  rocksdb::DB* db_;
  uint64_t writes_ = 0;
  Status status_;
  std::unique_ptr<PendingWrites> in_flight_;
  std::unique_ptr<PendingWrites> spare_;
  rocksdb::WriteBatch write_batch_;  // kept for its memory
  std::thread thread_;
};

// Pending writes over the store: reads see them, and the writes in flight
// under them; savepoints undo them.
class RocksBatch : public KvBatch {
 public:
  RocksBatch(rocksdb::DB* db, Committer* committer)
      : db_(db), committer_(committer), pending_(std::make_unique<PendingWrites>()), spare_(db, committer->writes()) {}

  Status Get(std::string_view key, std::string* value) const override {
    for (const PendingWrites* layer : {static_cast<const PendingWrites*>(pending_.get()), committer_->in_flight()}) {
      if (!layer) continue;
      if (const PendingWrites::Entry* e = layer->Find(key); e && e->state != PendingWrites::State::kNone) {
        if (e->state == PendingWrites::State::kDeleted) return Status::NotFound("");
        value->assign(e->value);
        return Status::OK();
      }
    }
    return FromRocks(db_->Get(rocksdb::ReadOptions(), ToSlice(key), value));
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    // A scan sees the store once the writes in flight are in; an error
    // writing them shows at the next write.
    (void)committer_->Wait();
    return std::make_unique<OverlayIterator>(&spare_, pending_->NewCursor());
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
  // Sorted on demand by scans, which change no content.
  std::unique_ptr<PendingWrites> pending_;
  mutable SpareIterator spare_;
};

class RocksKv : public Kv {
 public:
  explicit RocksKv(std::unique_ptr<rocksdb::DB> db)
      : db_(std::move(db)), committer_(std::make_unique<Committer>(db_.get())) {}
  ~RocksKv() override {
    committer_.reset();  // the writes in flight first
    if (db_) db_->Close().PermitUncheckedError();
  }

  Status Get(std::string_view key, std::string* value) const override {
    return FromRocks(db_->Get(rocksdb::ReadOptions(), ToSlice(key), value));
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    return std::make_unique<RocksIterator>(db_->NewIterator(rocksdb::ReadOptions()));
  }
  std::unique_ptr<KvBatch> NewBatch() override { return std::make_unique<RocksBatch>(db_.get(), committer_.get()); }
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
    KG_RETURN_IF_ERROR(FromRocks(db_->Flush(fo)));
    return CompactLevel0();
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
        if (s.ok() || !(s.IsAborted() || s.IsInvalidArgument())) return FromRocks(s);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Status::OK();  // level 0 stays busy: readers are slower, nothing is lost
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<Committer> committer_;
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
    // Table files are opened one after the other: a thread per file costs a
    // short command more than the opening itself.
    o.max_file_opening_threads = 1;
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

}  // namespace

Status Kv::Open(const KvOptions& options, const std::string& path, std::unique_ptr<Kv>* kv) {
  std::error_code ec;
  bool exists = std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec);
  if (!exists && (options.read_only || !options.create_if_missing)) {
    return Status::NotFound("no kg store at " + path);
  }
  if (!exists && std::filesystem::exists(path, ec) && !std::filesystem::is_empty(path, ec) &&
      !InterruptedCreation(path)) {
    return Status::InvalidArgument(path + " is not a kg store (a non-empty directory or a file)");
  }
  rocksdb::Options o = MakeOptions(options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    // A writer may switch table files while we open: retry briefly. With
    // max_open_files = -1 every table file is opened here, so files that the
    // writer deletes later stay readable through our handles.
    // The column-family form of OpenForReadOnly, because the other one
    // first tries to open the store as a single compacted level, which
    // reads every table file's filter only to give up on a store with more
    // than one level, and then opens it again.
    const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions(o)}};
    for (int attempt = 0; attempt < 20; ++attempt) {
      std::vector<rocksdb::ColumnFamilyHandle*> handles;
      s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(o), path, families, &handles, &raw);
      if (s.ok()) {
        // The default family's handle is not needed: reads go through
        // the DB's own.
        for (auto* h : handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
        break;
      }
      if (!s.IsIOError()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  } else {
    s = rocksdb::DB::Open(o, path, &raw);
    if (!s.ok() && s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return Status::Busy("store " + path + " is in use by another kg writer");
    }
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  if (!s.ok()) return FromRocks(s).WithPrefix("cannot open store " + path);
  *kv = std::make_unique<RocksKv>(std::move(db));
  return Status::OK();
}

}  // namespace kg
