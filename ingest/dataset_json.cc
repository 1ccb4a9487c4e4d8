#include "ingest/dataset_json.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <string>

#include "ingest/json_alloc.h"

namespace kg {
namespace {

// The scanner splits the stream into values by matching brackets outside
// strings; only a row's own text is parsed, by RapidJSON. So a malformed row
// is rejected alone and the scan goes on, while a broken structure (an
// unterminated string or bracket) ends the input with Corruption.
class JsonRowSource : public RowSource {
 public:
  static constexpr size_t kBlockBytes = 64 * 1024;
  static constexpr size_t kMaxRowBytes = 16 * 1024 * 1024;
  static constexpr size_t kMaxRawBytes = 64 * 1024;

  JsonRowSource(std::istream* in, const DatasetFormat& format, uint64_t first_line, uint64_t bytes_before)
      : in_(in), format_(format), line_(first_line), bytes_(bytes_before) {}

  Status Next(DatasetRow* row, bool* done) override {
    *done = false;
    while (true) {
      switch (state_) {
        case State::kEnd:
          *done = true;
          return Status::OK();
        case State::kTop: {
          SkipSpace();
          int c = Peek();
          if (c == kEof) {
            state_ = State::kEnd;
            continue;
          }
          Get();
          if (c == '[') {
            in_envelope_ = false;
            EnterRows();
          } else if (c == '{') {
            in_envelope_ = true;
            envelope_line_ = line_;
            envelope_has_rows_ = false;
            envelope_first_ = true;
            envelope_error_.clear();
            state_ = State::kEnvelope;
          } else {
            return Fail(row, std::string("JSON: expected '{' or '[', found '") + static_cast<char>(c) + "'");
          }
          continue;
        }
        case State::kEnvelope:
          KG_RETURN_IF_ERROR(ScanEnvelope(row));
          continue;
        case State::kRows: {
          SkipSpace();
          int c = Peek();
          if (c == ']') {
            Get();
            state_ = in_envelope_ ? State::kEnvelope : State::kTop;
            continue;
          }
          if (!rows_first_) {
            if (c != ',') return Fail(row, "JSON: expected ',' or ']' between rows");
            Get();
            SkipSpace();
          }
          rows_first_ = false;
          row->line = line_;
          std::string text;
          KG_RETURN_IF_ERROR(Capture(row, &text, kMaxRowBytes));
          return Convert(text, row);
        }
      }
    }
  }

  uint64_t bytes_read() const override { return bytes_; }

 private:
  enum class State { kTop, kEnvelope, kRows, kEnd };
  static constexpr int kEof = -1;

  int Peek() {
    if (pos_ == len_ && !Fill()) return kEof;
    return static_cast<unsigned char>(block_[pos_]);
  }
  int Get() {
    int c = Peek();
    if (c != kEof) {
      ++pos_;
      if (c == '\n') ++line_;
    }
    return c;
  }
  bool Fill() {
    if (!*in_) return false;
    in_->read(block_, kBlockBytes);
    len_ = static_cast<size_t>(in_->gcount());
    pos_ = 0;
    bytes_ += len_;
    return len_ > 0;
  }
  void SkipSpace() {
    for (int c = Peek(); c == ' ' || c == '\t' || c == '\r' || c == '\n'; c = Peek()) Get();
  }

  void EnterRows() {
    state_ = State::kRows;
    rows_first_ = true;
  }

  Status Fail(DatasetRow* row, std::string msg) {
    state_ = State::kEnd;
    row->line = line_;
    row->raw.clear();
    return Status::Corruption(std::move(msg));
  }

  // Copies one JSON value (object, array, string or scalar) from the stream
  // into *out, keeping at most max bytes (the rest is consumed, not kept,
  // when max is small; a row over the limit is an error).
  Status Capture(DatasetRow* row, std::string* out, size_t max) {
    uint64_t start = line_;
    int c = Peek();
    if (c == kEof || c == ',' || c == ']' || c == '}' || c == ':') {
      return Fail(row, c == kEof ? "JSON: unexpected end of input"
                                 : std::string("JSON: unexpected '") + static_cast<char>(c) + "'");
    }
    size_t depth = 0;
    bool in_string = false, escaped = false;
    bool scalar = c != '{' && c != '[' && c != '"';
    size_t kept = 0;
    while (true) {
      c = Peek();
      if (c == kEof) {
        if (scalar && depth == 0) return Status::OK();
        return Fail(row, "JSON: unterminated value starting at line " + std::to_string(start));
      }
      if (scalar && (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
        return Status::OK();
      }
      Get();
      if (kept < max) {
        out->push_back(static_cast<char>(c));
        ++kept;
      } else if (max == kMaxRowBytes) {
        return Fail(row, "JSON: the row starting at line " + std::to_string(start) + " is over " +
                             std::to_string(kMaxRowBytes >> 20) + " MiB");
      }
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
          if (depth == 0) return Status::OK();
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return Status::OK();
      }
    }
  }

  // Reads the envelope's members up to its rows array or its end.
  Status ScanEnvelope(DatasetRow* row) {
    SkipSpace();
    int c = Peek();
    if (c == '}') {
      Get();
      state_ = State::kTop;
      if (!envelope_has_rows_) {
        row->line = envelope_line_;
        row->raw.clear();
        std::string msg = "JSON: no \"" + format_.rows_key + "\" array in the " + format_.name + " response";
        if (!envelope_error_.empty()) msg += ": error " + envelope_error_;
        return Status::InvalidArgument(msg);
      }
      return Status::OK();
    }
    if (!envelope_first_) {
      if (c != ',') return Fail(row, "JSON: expected ',' or '}' in the response object");
      Get();
      SkipSpace();
      c = Peek();
    }
    envelope_first_ = false;
    if (c != '"') return Fail(row, "JSON: expected a member name in the response object");
    std::string key;
    KG_RETURN_IF_ERROR(Capture(row, &key, 256));
    SkipSpace();
    if (Get() != ':') return Fail(row, "JSON: expected ':' after " + key);
    SkipSpace();
    if (key == "\"" + format_.rows_key + "\"" && Peek() == '[') {
      Get();
      envelope_has_rows_ = true;
      EnterRows();
      return Status::OK();
    }
    std::string value;
    KG_RETURN_IF_ERROR(Capture(row, &value, 512));
    if (key == "\"error\"" || key == "\"message\"") envelope_error_ = value;
    return Status::OK();
  }

  Status Convert(const std::string& text, DatasetRow* row) {
    row->raw = text.size() > kMaxRawBytes ? text.substr(0, kMaxRawBytes) : text;
    JsonDocument doc;
    doc.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag>(text.c_str(),
                                                                                              text.size());
    if (doc.HasParseError()) {
      return Status::InvalidArgument(std::string("JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
                                     " (at byte " + std::to_string(doc.GetErrorOffset()) + " of the row)");
    }
    if (!doc.IsObject()) return Status::InvalidArgument("JSON: row is not an object");
    row->values.assign(format_.columns.size(), std::string());
    const JsonValue& root = doc;  // const: its member iterators compare without ambiguity
    for (size_t c = 0; c < format_.columns.size(); ++c) {
      auto it = root.FindMember(format_.columns[c].c_str());
      if (it == root.MemberEnd()) continue;
      const JsonValue& v = it->value;
      if (v.IsString()) {
        row->values[c].assign(v.GetString(), v.GetStringLength());
      } else if (v.IsBool()) {
        row->values[c] = v.GetBool() ? "true" : "false";
      } else if (!v.IsNull()) {
        return Status::InvalidArgument(format_.columns[c] + ": expected a string or a number");
      }
    }
    return Status::OK();
  }

  std::istream* in_;
  const DatasetFormat format_;
  char block_[kBlockBytes];
  size_t pos_ = 0, len_ = 0;
  uint64_t line_;
  uint64_t bytes_;
  State state_ = State::kTop;
  bool in_envelope_ = false;
  bool rows_first_ = true;
  uint64_t envelope_line_ = 0;
  bool envelope_has_rows_ = false;
  bool envelope_first_ = true;
  std::string envelope_error_;
};

}  // namespace

std::unique_ptr<RowSource> NewJsonRowSource(std::istream* in, const DatasetFormat& format,
                                            uint64_t first_line, uint64_t bytes_before) {
  return std::make_unique<JsonRowSource>(in, format, first_line, bytes_before);
}

}  // namespace kg
