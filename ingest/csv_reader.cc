#include "ingest/csv_reader.h"

#include <csv.h>

#include <cstring>
#include <deque>

namespace kg {

struct CsvReader::Impl {
  static constexpr size_t kBlockBytes = 64 * 1024;

  std::istream* in;
  csv_parser parser;
  bool parser_ok = false;
  char block[kBlockBytes];
  size_t pos = 0, len = 0;
  bool at_start = true;    // nothing read yet: a BOM may come
  bool input_done = false; // csv_fini called
  bool failed = false;
  uint64_t bytes = 0;
  uint64_t line;           // line of the bytes being fed

  // The row being parsed.
  bool open = false;
  uint64_t start_line = 0;
  size_t row_bytes = 0;
  size_t row_quotes = 0;   // quote characters in the row so far
  std::string pending_raw;
  std::vector<std::string> fields;

  std::deque<CsvRow> ready;

  Impl(std::istream* stream, uint64_t first_line) : in(stream), line(first_line) {
    parser_ok = csv_init(&parser, 0) == 0;
  }
  ~Impl() {
    if (parser_ok) csv_free(&parser);
  }

  void OpenRow() {
    if (!open) {
      open = true;
      start_line = line;
    }
  }

  static void OnField(void* text, size_t size, void* data) {
    auto* self = static_cast<Impl*>(data);
    self->OpenRow();
    self->fields.emplace_back(text == nullptr ? "" : static_cast<const char*>(text), size);
  }

  static void OnRowEnd(int, void* data) {
    auto* self = static_cast<Impl*>(data);
    CsvRow row;
    row.fields = std::move(self->fields);
    row.line = self->open ? self->start_line : self->line;
    while (!self->pending_raw.empty() &&
           (self->pending_raw.back() == '\n' || self->pending_raw.back() == '\r')) {
      self->pending_raw.pop_back();
    }
    row.raw = std::move(self->pending_raw);
    self->ready.push_back(std::move(row));
    self->fields.clear();
    self->pending_raw.clear();
    self->open = false;
    self->row_bytes = 0;
    self->row_quotes = 0;
  }

  // Fills the block; false at the end of input.
  bool Fill() {
    if (!*in) return false;
    in->read(block, kBlockBytes);
    len = static_cast<size_t>(in->gcount());
    pos = 0;
    bytes += len;
    if (at_start) {
      at_start = false;
      if (len >= 3 && std::memcmp(block, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    }
    return len > 0;
  }

  Status Fail(std::string msg) {
    failed = true;
    return Status::Corruption(std::move(msg));
  }

  // Feeds the next piece of input (up to and including a line feed) to the
  // parser. Sets *row's line on failure.
  Status Feed(CsvRow* row) {
    if (pos == len && !Fill()) {
      input_done = true;
      // An odd number of quotes: a quoted field is still open (libcsv would
      // take it to the end of the input).
      if (open && row_quotes % 2 == 1) {
        row->line = start_line;
        return Fail("unterminated quoted field in the row starting at line " + std::to_string(start_line));
      }
      if (csv_fini(&parser, OnField, OnRowEnd, this) != 0) {
        row->line = open ? start_line : line;
        return Fail(std::string("CSV: ") + csv_strerror(csv_error(&parser)));
      }
      if (in->bad()) return Fail("read error");
      return Status::OK();
    }
    const char* piece = block + pos;
    const void* nl = std::memchr(piece, '\n', len - pos);
    size_t n = nl == nullptr ? len - pos : static_cast<size_t>(static_cast<const char*>(nl) - piece) + 1;
    pos += n;
    if (!open) {
      for (size_t i = 0; i < n; ++i) {
        char c = piece[i];
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
          OpenRow();
          break;
        }
      }
    }
    if (open) {
      row_bytes += n;
      for (size_t i = 0; i < n; ++i) row_quotes += piece[i] == '"';
      if (pending_raw.size() < kMaxRawBytes) {
        pending_raw.append(piece, std::min(n, kMaxRawBytes - pending_raw.size()));
      }
    }
    if (csv_parse(&parser, piece, n, OnField, OnRowEnd, this) != n) {
      row->line = open ? start_line : line;
      return Fail(std::string("CSV: ") + csv_strerror(csv_error(&parser)));
    }
    if (piece[n - 1] == '\n') ++line;
    if (open && row_bytes > kMaxRowBytes) {
      row->line = start_line;
      return Fail("the row starting at line " + std::to_string(start_line) + " is over " +
                  std::to_string(kMaxRowBytes >> 20) + " MiB (unterminated quoted field?)");
    }
    return Status::OK();
  }
};

CsvReader::CsvReader(std::istream* in, uint64_t first_line)
    : impl_(std::make_unique<Impl>(in, first_line)) {}

CsvReader::~CsvReader() = default;

Status CsvReader::Next(CsvRow* row, bool* done) {
  *done = false;
  Impl& s = *impl_;
  if (!s.parser_ok && !s.failed) {
    s.failed = true;
    return Status::IOError("CSV: cannot initialize the parser");
  }
  while (s.ready.empty()) {
    if (s.failed || s.input_done) {
      *done = true;
      return Status::OK();
    }
    KG_RETURN_IF_ERROR(s.Feed(row));
  }
  *row = std::move(s.ready.front());
  s.ready.pop_front();
  return Status::OK();
}

uint64_t CsvReader::bytes_read() const { return impl_->bytes; }

}  // namespace kg
