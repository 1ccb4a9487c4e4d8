// The RocksDB implementation of kv.h: the only file of kg that includes RocksDB.
//
// Writes go without the write-ahead log: a batch lands in the memtable, and
// Sync() flushes memtables to table files, which RocksDB writes and syncs
// before recording them in the MANIFEST. A crash before Sync loses the
// unflushed batches whole (each batch is applied to one memtable atomically),
// never part of one, and the next open has no log to replay.
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <filesystem>
#include <thread>

#include "graph/kv.h"

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

class RocksBatch : public KvBatch {
 public:
  explicit RocksBatch(rocksdb::DB* db) : db_(db), batch_(rocksdb::BytewiseComparator(), 0, true) {}

  Status Get(std::string_view key, std::string* value) const override {
    return FromRocks(const_cast<rocksdb::WriteBatchWithIndex&>(batch_).GetFromBatchAndDB(
        db_, rocksdb::ReadOptions(), ToSlice(key), value));
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    rocksdb::Iterator* base = db_->NewIterator(rocksdb::ReadOptions());
    return std::make_unique<RocksIterator>(
        const_cast<rocksdb::WriteBatchWithIndex&>(batch_).NewIteratorWithBase(base));
  }
  void Put(std::string_view key, std::string_view value) override {
    batch_.Put(ToSlice(key), ToSlice(value)).PermitUncheckedError();
  }
  void Delete(std::string_view key) override { batch_.Delete(ToSlice(key)).PermitUncheckedError(); }
  void SetSavePoint() override { batch_.SetSavePoint(); }
  Status RollbackToSavePoint() override { return FromRocks(batch_.RollbackToSavePoint()); }
  void PopSavePoint() override { batch_.PopSavePoint().PermitUncheckedError(); }
  size_t ByteSize() const override {
    return const_cast<rocksdb::WriteBatchWithIndex&>(batch_).GetWriteBatch()->GetDataSize();
  }
  void Clear() override { batch_.Clear(); }

  rocksdb::WriteBatch* write_batch() { return batch_.GetWriteBatch(); }

 private:
  rocksdb::DB* db_;
  rocksdb::WriteBatchWithIndex batch_;
};

class RocksKv : public Kv {
 public:
  explicit RocksKv(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  ~RocksKv() override {
    if (db_) db_->Close().PermitUncheckedError();
  }

  Status Get(std::string_view key, std::string* value) const override {
    return FromRocks(db_->Get(rocksdb::ReadOptions(), ToSlice(key), value));
  }
  std::unique_ptr<KvIterator> NewIterator() const override {
    return std::make_unique<RocksIterator>(db_->NewIterator(rocksdb::ReadOptions()));
  }
  std::unique_ptr<KvBatch> NewBatch() override { return std::make_unique<RocksBatch>(db_.get()); }
  Status Write(KvBatch* batch) override {
    rocksdb::WriteOptions wo;
    wo.disableWAL = true;
    return FromRocks(db_->Write(wo, static_cast<RocksBatch*>(batch)->write_batch()));
  }
  Status Sync() override {
    rocksdb::FlushOptions fo;
    fo.wait = true;
    return FromRocks(db_->Flush(fo));
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
};

rocksdb::Options MakeOptions(const KvOptions& options) {
  rocksdb::Options o;
  o.create_if_missing = options.create_if_missing;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.write_buffer_size = 64 << 20;
  o.max_write_buffer_number = 3;
  o.target_file_size_base = 64 << 20;
  o.max_background_jobs = 2;
  o.info_log_level = rocksdb::WARN_LEVEL;
  o.keep_log_file_num = 2;
  o.max_open_files = -1;  // readers open every table file at once (see Open)
  rocksdb::BlockBasedTableOptions t;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.block_cache = rocksdb::NewLRUCache(64 << 20);
  t.cache_index_and_filter_blocks = false;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

}  // namespace

Status Kv::Open(const KvOptions& options, const std::string& path, std::unique_ptr<Kv>* kv) {
  std::error_code ec;
  bool exists = std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec);
  if (!exists && (options.read_only || !options.create_if_missing)) {
    return Status::NotFound("no kg store at " + path);
  }
  if (!exists && std::filesystem::exists(path, ec) &&
      !std::filesystem::is_empty(path, ec)) {
    return Status::InvalidArgument(path + " is not a kg store (a non-empty directory or a file)");
  }
  rocksdb::Options o = MakeOptions(options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    // A writer may switch table files while we open: retry briefly. With
    // max_open_files = -1 every table file is opened here, so files that the
    // writer deletes later stay readable through our handles.
    for (int attempt = 0; attempt < 20; ++attempt) {
      s = rocksdb::DB::OpenForReadOnly(o, path, &raw);
      if (s.ok() || !s.IsIOError()) break;
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
