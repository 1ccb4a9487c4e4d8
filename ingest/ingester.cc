#include "ingest/ingester.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <thread>

#include "ingest/acled.h"
#include "ingest/input.h"
#include "ingest/native_reader.h"
#include "ingest/record_parser.h"
#include "ingest/ucdp.h"

namespace kg {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<RecordReader> NewReader(InputFormat format, std::istream* in, const JsonStreamLimits& limits) {
  switch (format) {
    case InputFormat::kAcled: return NewAcledReader(in);
    case InputFormat::kUcdp: return NewUcdpReader(in);
    case InputFormat::kNative: break;
  }
  return NewNativeReader(in, limits);
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// One record as read, with what the ingest loop needs to know about it.
struct ReadItem {
  Record record;
  Status status;           // the reader's verdict on the record
  bool done = false;       // the end of the file: no record
  uint64_t line = 0;       // the record's first line
  std::string raw;         // its text, when it may have to go to --rejects
  uint64_t bytes_read = 0; // of the file, after the record
  Status input_status;     // the file's own state (a broken gzip stream)
  bool failed = false;     // the reading thread failed (status says why): no record
};

// Reads one file's records on a thread of its own, a few batches ahead of
// the writer, so that parsing and storing overlap. Memory stays bounded: a
// batch ends at kBatch records or kBatchBytes of input text, and the reader
// waits while kMaxBatches batches are pending (so at most a few records of
// the largest size allowed are held, not the file).
class ReadAhead {
 public:
  ReadAhead(RecordReader* reader, InputFile* input, const IngestOptions& options)
      : reader_(reader), input_(input), options_(options), thread_([this] { Run(); }) {}
  ~ReadAhead() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The next item; the last one has done set, or a status that ends the file.
  ReadItem* Next() {
    if (pos_ == current_.size()) {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return !ready_.empty() || failed_; });
      if (ready_.empty()) return &failure_;  // the reading thread failed
      current_ = std::move(ready_.front());
      ready_.pop_front();
      pos_ = 0;
      lock.unlock();
      changed_.notify_all();
    }
    return &current_[pos_++];
  }

 private:
  static constexpr size_t kBatch = 64, kBatchBytes = 1 << 20, kMaxBatches = 8;

  // An exception must not leave the thread (std::terminate): the writer
  // gets it as the status of a last item.
  void Run() {
    try {
      Read();
    } catch (const std::bad_alloc&) {
      Fail(Status::OutOfMemory(input_->path() + ": out of memory"));
    } catch (const std::exception& e) {
      Fail(Status::IOError(input_->path() + ": " + e.what()));
    }
  }
  void Fail(Status s) {
    failure_.status = std::move(s);
    failure_.done = true;
    failure_.failed = true;
    {
      std::lock_guard<std::mutex> lock(mu_);
      failed_ = true;
    }
    changed_.notify_all();
  }

  void Read() {
    bool last = false;
    while (!last) {
      std::vector<ReadItem> batch(kBatch);
      size_t n = 0, bytes = 0;
      for (; n < kBatch && bytes < kBatchBytes && !last; ++n) {
        ReadItem& item = batch[n];
        item.status = reader_->Next(&item.record, &item.done);
        // Dataset readers build records directly: hold them to the same rules.
        if (item.status.ok() && !item.done && options_.format != InputFormat::kNative) {
          item.status = ValidateRecord(item.record);
        }
        item.line = reader_->line();
        bytes += reader_->raw().size();
        if (!item.status.ok() || options_.rejects != nullptr) item.raw = reader_->raw();
        item.bytes_read = input_->bytes_read();
        item.input_status = input_->status();
        // The writer stops at the end, and at a bad record of a broken input.
        // (A reader may report an error with done set, then done alone.)
        last = (item.done && item.status.ok()) || (!item.status.ok() && !item.input_status.ok());
      }
      batch.resize(n);
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return stop_ || ready_.size() < kMaxBatches; });
      if (stop_) return;
      ready_.push_back(std::move(batch));
      lock.unlock();
      changed_.notify_all();
    }
  }

  RecordReader* reader_;
  InputFile* input_;
  const IngestOptions& options_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<ReadItem>> ready_;  // guarded by mu_
  bool stop_ = false;                        // guarded by mu_
  bool failed_ = false;                      // guarded by mu_
  ReadItem failure_;                         // written before failed_ is set
  std::vector<ReadItem> current_;            // the writer's side only
  size_t pos_ = 0;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace

bool ParseInputFormat(const std::string& name, InputFormat* format) {
  if (name == "native") {
    *format = InputFormat::kNative;
  } else if (name == "acled") {
    *format = InputFormat::kAcled;
  } else if (name == "ucdp") {
    *format = InputFormat::kUcdp;
  } else {
    return false;
  }
  return true;
}

Status IngestFiles(GraphWriter* writer, const std::vector<std::string>& files, const IngestOptions& options,
                   IngestReport* report) {
  *report = IngestReport();
  const auto start = Clock::now();
  // Open every input first: a missing file stops the ingest before it starts.
  std::vector<std::unique_ptr<InputFile>> inputs;
  for (const auto& path : files) {
    std::unique_ptr<InputFile> f;
    KG_RETURN_IF_ERROR(InputFile::Open(path, &f));
    inputs.push_back(std::move(f));
  }

  Status result;
  auto next_progress = start + std::chrono::milliseconds(500);
  for (auto& input : inputs) {
    const std::string name = DisplayName(input->path());
    auto reader = NewReader(options.format, &input->stream(), options.limits);
    uint64_t records_in_file = 0, last_line = 1;
    ReadAhead ahead(reader.get(), input.get(), options);
    for (;;) {
      ReadItem* item = ahead.Next();
      last_line = item->line;
      const Status broken = item->input_status.ok()  // the bytes themselves are bad (gzip)
                                ? Status::OK()
                                : Status::InvalidArgument(name + ":" + std::to_string(item->line) + ": " +
                                                          item->input_status.message());
      if (item->status.ok() && item->done) {
        result = broken;
        break;
      }
      if (item->failed) {  // reading failed, not the record
        result = item->status;
        break;
      }
      report->records++;
      records_in_file++;
      Status s = item->status;
      if (s.ok()) {
        s = writer->Apply(item->record);
        if (!s.ok() && !s.IsInvalidArgument()) {  // the store failed, not the record
          result = s;
          break;
        }
      }
      if (!s.ok()) {
        if (!broken.ok()) {
          result = broken;
          break;
        }
        Status located = Status::InvalidArgument(name + ":" + std::to_string(item->line) + ": " + s.message());
        if (!options.skip_invalid) {
          result = located;
          break;
        }
        report->rejected++;
        if (options.on_reject) options.on_reject(located.message());
        if (options.rejects) *options.rejects << item->raw << '\n';
      }
      if (options.on_progress && report->records % 256 == 0 && Clock::now() >= next_progress) {
        next_progress = Clock::now() + std::chrono::milliseconds(500);
        IngestProgress p;
        p.file = name;
        p.records = report->records;
        p.bytes = item->bytes_read;
        p.total_bytes = input->size();
        p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        options.on_progress(p);
      }
    }
    if (result.ok() && records_in_file == 0) {  // an empty file is most likely the wrong one
      result = Status::InvalidArgument(name + ":" + std::to_string(last_line) +
                                       ": no records in the file (it is empty)");
    }
    if (!result.ok()) break;
  }
  // Whatever happened, what was applied is made durable.
  Status synced = writer->Sync();
  // Claim only what is stored: after a failed write, nothing is certain.
  report->writes = synced.ok() ? writer->stats() : WriteStats();
  report->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!result.ok()) return result;
  return synced;
}

}  // namespace kg
