#include "ingest/ingester.h"

#include <cctype>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <streambuf>
#include <thread>
#include <vector>

#include "ingest/acled.h"
#include "ingest/input.h"
#include "ingest/native_reader.h"
#include "ingest/record_parser.h"
#include "ingest/ucdp.h"

namespace kg {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<RecordReader> NewReader(InputFormat format, std::istream* in, const std::string& path,
                                        const JsonStreamLimits& limits) {
  switch (format) {
    case InputFormat::kAcled: return NewAcledReader(in);
    case InputFormat::kUcdp: return NewUcdpReader(in, path);
    case InputFormat::kNative:
    case InputFormat::kAuto: break;
  }
  return NewNativeReader(in, limits);
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// A streambuf that gives back the bytes already taken from another one (the
// text read to tell a file's format), then the rest of that one.
class ReplayBuf : public std::streambuf {
 public:
  ReplayBuf(std::string prefix, std::streambuf* rest) : prefix_(std::move(prefix)), rest_(rest), buffer_(1 << 16) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::streamsize n = rest_->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (n <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string prefix_;
  std::streambuf* rest_;
  std::vector<char> buffer_;
};

// The lowercased, unquoted, trimmed fields of a CSV header line.
std::vector<std::string> HeaderFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r' && c != '\n') {
      fields.back().push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  for (auto& f : fields) {
    size_t b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
    f = b == std::string::npos ? "" : f.substr(b, e - b + 1);
  }
  return fields;
}

// Tells the format of the file *in starts, for kAuto (and checks that a file
// read as native is not a dataset's CSV). When it had to read more than a
// byte to tell, *replay holds what it read and *in must be read through it.
// InvalidArgument "file:line: ..." when the file is CSV that no format reads.
Status DetectFormat(const std::string& name, InputFormat requested, std::istream* in,
                    std::unique_ptr<ReplayBuf>* replay, InputFormat* format) {
  *format = requested;
  if (requested != InputFormat::kAuto && requested != InputFormat::kNative) return Status::OK();
  int first = in->peek();
  if (first == std::char_traits<char>::eof() || first == '{' || first == '[') {  // JSON, or nothing to read
    *format = InputFormat::kNative;
    return Status::OK();
  }
  // Up to the end of the first line that is not blank, after a byte order mark.
  constexpr size_t kMaxHeaderBytes = 1 << 16;
  std::string prefix, line;
  uint64_t line_no = 1;
  int c;
  while (prefix.size() < kMaxHeaderBytes && (c = in->get()) != std::char_traits<char>::eof()) {
    prefix.push_back(static_cast<char>(c));
    if (c == '\n') {
      if (line.find_first_not_of(" \t\r") != std::string::npos) break;
      line.clear();
      ++line_no;
    } else {
      line.push_back(static_cast<char>(c));
    }
  }
  *replay = std::make_unique<ReplayBuf>(std::move(prefix), in->rdbuf());
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  size_t start = line.find_first_not_of(" \t\r");
  if (start != std::string::npos && (line[start] == '{' || line[start] == '[')) {
    *format = InputFormat::kNative;
    return Status::OK();
  }
  // A CSV header names two columns or more; anything else is read as JSON
  // (whose reader says what is wrong with it).
  std::vector<std::string> fields = HeaderFields(line);
  if (start == std::string::npos || fields.size() < 2 || std::strchr("-0123456789", line[start]) != nullptr) {
    *format = InputFormat::kNative;
    return Status::OK();
  }
  bool acled = false, ucdp_side = false, ucdp_other = false;
  for (const std::string& f : fields) {
    acled = acled || f == "event_id_cnty";
    ucdp_side = ucdp_side || f == "side_a";
    ucdp_other = ucdp_other || f == "dyad_name" || f == "type_of_violence" || f == "date_start";
  }
  InputFormat found = acled ? InputFormat::kAcled : ucdp_side && ucdp_other ? InputFormat::kUcdp : InputFormat::kNative;
  const std::string where = name + ":" + std::to_string(line_no) + ": ";
  if (requested == InputFormat::kNative && found != InputFormat::kNative) {
    return Status::InvalidArgument(where + (found == InputFormat::kAcled ? "an ACLED" : "a UCDP GED") +
                                   " CSV file, not native JSON records: use --format " +
                                   (found == InputFormat::kAcled ? "acled" : "ucdp"));
  }
  if (requested == InputFormat::kAuto && found == InputFormat::kNative) {
    return Status::InvalidArgument(where +
                                   "neither JSON records nor a CSV header kg knows (ACLED has event_id_cnty, "
                                   "UCDP GED side_a and dyad_name): use --format native for JSON records, "
                                   "--format acled or --format ucdp for those datasets' files");
  }
  *format = found;
  return Status::OK();
}

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
  ReadAhead(RecordReader* reader, InputFile* input, InputFormat format, const IngestOptions& options)
      : reader_(reader),
        input_(input),
        format_(format),
        options_(options),
        out_of_memory_(Status::OutOfMemory(input->path() + ": out of memory")),
        thread_([this] { Run(); }) {}
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
  // gets it as the status of a last item. Out of memory, the handler
  // allocates nothing: its status was made before the thread started.
  void Run() {
    try {
      Read();
    } catch (const std::bad_alloc&) {
      Fail(std::move(out_of_memory_));
    } catch (const std::exception& e) {
      Status s;
      try {
        s = Status::IOError(input_->path() + ": " + e.what());
      } catch (const std::bad_alloc&) {
        s = std::move(out_of_memory_);
      }
      Fail(std::move(s));
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
        if (item.status.ok() && !item.done && format_ != InputFormat::kNative) {
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
  const InputFormat format_;
  const IngestOptions& options_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<ReadItem>> ready_;  // guarded by mu_
  bool stop_ = false;                        // guarded by mu_
  bool failed_ = false;                      // guarded by mu_
  ReadItem failure_;                         // written before failed_ is set
  Status out_of_memory_;                     // the reading thread's, made in advance
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
  } else if (name == "auto") {
    *format = InputFormat::kAuto;
  } else {
    return false;
  }
  return true;
}

Status IngestFiles(GraphWriter* writer, const std::vector<std::string>& files, const IngestOptions& options,
                   IngestReport* report) {
  *report = IngestReport();
  const auto start = Clock::now();
  if (writer->change().command.empty()) writer->DescribeChange("ingest", files);
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
    InputFormat format;
    std::unique_ptr<ReplayBuf> replay;
    result = DetectFormat(name, options.format, &input->stream(), &replay, &format);
    if (!result.ok()) break;
    std::unique_ptr<std::istream> replayed;
    if (replay) replayed = std::make_unique<std::istream>(replay.get());
    auto reader = NewReader(format, replayed ? replayed.get() : &input->stream(), input->path(), options.limits);
    uint64_t records_in_file = 0, last_line = 1;
    ReadAhead ahead(reader.get(), input.get(), format, options);
    for (;;) {
      ReadItem* item = ahead.Next();
      last_line = item->line;
      // The bytes themselves are bad (gzip), or memory ran out reading them.
      const Status broken = item->input_status.ok() ? Status::OK()
                            : item->input_status.IsOutOfMemory()
                                ? Status::OutOfMemory(name + ": " + item->input_status.message())
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
        writer->NoteRejected(report->rejected);
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
