#include "ingest/ingester.h"

#include <chrono>
#include <memory>

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
    uint64_t records_in_file = 0;
    for (;;) {
      Record record;
      bool done = false;
      Status s = reader->Next(&record, &done);
      if (s.ok() && done) break;
      report->records++;
      records_in_file++;
      // Dataset readers build records directly: hold them to the same rules.
      if (s.ok() && options.format != InputFormat::kNative) s = ValidateRecord(record);
      if (s.ok()) {
        s = writer->Apply(record);
        if (!s.ok() && !s.IsInvalidArgument()) {  // the store failed, not the record
          result = s;
          break;
        }
      }
      if (!s.ok()) {
        std::string where = name + ":" + std::to_string(reader->line());
        if (!input->status().ok()) {  // the bytes themselves are bad (gzip)
          result = Status::InvalidArgument(where + ": " + input->status().message());
          break;
        }
        Status located = Status::InvalidArgument(where + ": " + s.message());
        if (!options.skip_invalid) {
          result = located;
          break;
        }
        report->rejected++;
        if (options.on_reject) options.on_reject(located.message());
        if (options.rejects) *options.rejects << reader->raw() << '\n';
      }
      if (options.on_progress && report->records % 256 == 0 && Clock::now() >= next_progress) {
        next_progress = Clock::now() + std::chrono::milliseconds(500);
        IngestProgress p;
        p.file = name;
        p.records = report->records;
        p.bytes = input->bytes_read();
        p.total_bytes = input->size();
        p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        options.on_progress(p);
      }
    }
    if (result.ok() && !input->status().ok()) {
      result = Status::InvalidArgument(name + ":" + std::to_string(reader->line()) + ": " +
                                       input->status().message());
    }
    if (result.ok() && records_in_file == 0) {  // an empty file is most likely the wrong one
      result = Status::InvalidArgument(name + ":" + std::to_string(reader->line()) +
                                       ": no records in the file (it is empty)");
    }
    if (!result.ok()) break;
  }
  // Whatever happened, what was applied is made durable.
  Status synced = writer->Sync();
  report->writes = writer->stats();
  report->seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!result.ok()) return result;
  return synced;
}

}  // namespace kg
