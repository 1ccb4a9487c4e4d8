// FaultFs: a RocksDB file system that fails file operations on demand, after
// RocksDB's FaultInjectionTestFS (not in Debian's headers). Every create,
// append, sync and rename is counted; once armed at operation n, the nth
// and every later one fails with ENOSPC (a full disk stays full) or EIO,
// until Heal. Thread-safe: RocksDB flushes and compacts on threads of its
// own.
#pragma once

#include <rocksdb/file_system.h>
#include <rocksdb/io_status.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace kg::reliability {

class FaultFs : public rocksdb::FileSystemWrapper {
 public:
  enum class Error { kNoSpace, kIO };

  FaultFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "KgFaultFs"; }

  // Fails operation n (1 is the next one) and every one after.
  void Arm(uint64_t n, Error error) {
    error_ = error;
    fail_from_ = ops_.load() + n;
  }
  void Heal() { fail_from_ = UINT64_MAX; }
  uint64_t ops() const { return ops_.load(); }
  // Whether an operation failed since the last Arm.
  bool failed() const { return ops_.load() >= fail_from_.load(); }

  // Counts one operation; its injected error, or OK.
  rocksdb::IOStatus Tick() {
    uint64_t n = ++ops_;
    if (n < fail_from_.load()) return rocksdb::IOStatus::OK();
    if (error_ == Error::kNoSpace) return rocksdb::IOStatus::NoSpace("injected", "No space left on device");
    return rocksdb::IOStatus::IOError("injected", "Input/output error");
  }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = Tick();
    return s.ok() ? Wrap(target()->NewWritableFile(f, o, r, dbg), r) : s;
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                       std::unique_ptr<rocksdb::FSWritableFile>* r,
                                       rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = Tick();
    return s.ok() ? Wrap(target()->ReopenWritableFile(f, o, r, dbg), r) : s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& f, const std::string& old, const rocksdb::FileOptions& o,
                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                      rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = Tick();
    return s.ok() ? Wrap(target()->ReuseWritableFile(f, old, o, r, dbg), r) : s;
  }
  rocksdb::IOStatus RenameFile(const std::string& s, const std::string& t, const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus injected = Tick();
    if (!injected.ok()) return injected;
    return target()->RenameFile(s, t, o, dbg);
  }

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> f, FaultFs* fs)
        : FSWritableFileOwnerWrapper(std::move(f)), fs_(fs) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& d, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* dbg) override {
      rocksdb::IOStatus s = fs_->Tick();
      return s.ok() ? target()->Append(d, o, dbg) : s;
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& d, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v, rocksdb::IODebugContext* dbg) override {
      rocksdb::IOStatus s = fs_->Tick();
      return s.ok() ? target()->Append(d, o, v, dbg) : s;
    }
    rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& d, uint64_t off, const rocksdb::IOOptions& o,
                                       rocksdb::IODebugContext* dbg) override {
      rocksdb::IOStatus s = fs_->Tick();
      return s.ok() ? target()->PositionedAppend(d, off, o, dbg) : s;
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
      rocksdb::IOStatus s = fs_->Tick();
      return s.ok() ? target()->Sync(o, dbg) : s;
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
      rocksdb::IOStatus s = fs_->Tick();
      return s.ok() ? target()->Fsync(o, dbg) : s;
    }

   private:
    FaultFs* fs_;
  };

  rocksdb::IOStatus Wrap(rocksdb::IOStatus opened, std::unique_ptr<rocksdb::FSWritableFile>* r) {
    if (opened.ok()) *r = std::make_unique<File>(std::move(*r), this);
    return opened;
  }

  std::atomic<uint64_t> ops_{0};
  std::atomic<uint64_t> fail_from_{UINT64_MAX};
  std::atomic<Error> error_{Error::kNoSpace};
};

}  // namespace kg::reliability
