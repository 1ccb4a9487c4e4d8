#include "ingest/json_stream.h"

namespace kg {
namespace {

bool IsSpace(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Bytes of a rejected value kept for the --rejects file and messages.
constexpr size_t kKeptBytes = 1 << 20;

}  // namespace

bool JsonValueStream::Fill() {
  constexpr size_t kChunk = 1 << 16;
  if (buf_.size() != kChunk) buf_.resize(kChunk);
  in_->read(buf_.data(), static_cast<std::streamsize>(kChunk));
  pos_ = 0;
  end_ = static_cast<size_t>(in_->gcount());
  return end_ > 0;
}

int JsonValueStream::Get() {
  if (pos_ == end_ && !Fill()) return std::char_traits<char>::eof();
  unsigned char c = static_cast<unsigned char>(buf_[pos_++]);
  if (c == '\n') ++line_;
  return c;
}

int JsonValueStream::Peek() {
  if (pos_ == end_ && !Fill()) return std::char_traits<char>::eof();
  return static_cast<unsigned char>(buf_[pos_]);
}

void JsonValueStream::TakeStringRun(std::string* text) {
  size_t run = pos_;
  while (run < end_ && buf_[run] != '"' && buf_[run] != '\\' && buf_[run] != '\n') ++run;
  text->append(buf_, pos_, run - pos_);
  pos_ = run;
}

void JsonValueStream::SkipRestOfLine(std::string* text) {
  for (int c = Get(); c != std::char_traits<char>::eof() && c != '\n'; c = Get()) {
    if (text->size() < kKeptBytes) text->push_back(static_cast<char>(c));
  }
  if (!text->empty() && text->back() == '\r') text->pop_back();
}

Status JsonValueStream::Fail(std::string msg, std::string* text) {
  if (text->size() > kKeptBytes) text->resize(kKeptBytes);
  if (in_array_) {
    dead_ = true;
  }
  return Status::InvalidArgument(std::move(msg));
}

Status JsonValueStream::Next(std::string* text, uint64_t* line, bool* done) {
  constexpr int kEof = std::char_traits<char>::eof();
  text->clear();
  *done = false;
  if (dead_) {
    *done = true;
    return Status::OK();
  }
  // Find the start of the next value.
  int c;
  for (;;) {
    c = Peek();
    if (c == kEof) {
      *done = true;
      *line = line_;
      if (in_array_ && !array_closed_) {
        dead_ = true;
        return Status::InvalidArgument("the top-level array is not closed (unexpected end of input)");
      }
      return Status::OK();
    }
    if (IsSpace(c)) {
      Get();
      continue;
    }
    if (!started_ && !bom_skipped_ && c == 0xEF) {  // a UTF-8 byte order mark, as some Windows tools write
      bom_skipped_ = true;
      Get();
      if (Peek() == 0xBB && (Get(), Peek() == 0xBF)) {
        Get();
        continue;
      }
      *line = line_;
      started_ = true;
      SkipRestOfLine(text);
      return Fail("invalid bytes at the start of the input (not JSON, nor a UTF-8 byte order mark)", text);
    }
    if (!started_) {
      started_ = true;
      if (c == '[') {  // a file holding one array of records
        Get();
        in_array_ = true;
        continue;
      }
    }
    if (in_array_) {
      if (array_closed_) {
        *line = line_;
        Get();
        dead_ = true;
        return Status::InvalidArgument("unexpected text after the top-level array");
      }
      if (c == ',') {
        Get();
        continue;
      }
      if (c == ']') {
        Get();
        array_closed_ = true;
        continue;
      }
    }
    break;
  }

  *line = line_;
  std::string closers;  // expected closing brackets, innermost last
  bool in_string = false, escape = false;
  const bool scalar = c != '{' && c != '[';
  for (;;) {
    c = Peek();
    if (c == kEof) {
      if (scalar && !in_string) return Status::OK();
      dead_ = true;
      return Fail(in_string ? "unterminated string (unexpected end of input)"
                            : "truncated record (unexpected end of input)",
                  text);
    }
    if (text->size() >= limits_.max_value_bytes) {
      SkipRestOfLine(text);
      return Fail("record larger than " + std::to_string(limits_.max_value_bytes) +
                      " bytes (raise it with --max-record-bytes)",
                  text);
    }
    if (scalar && !in_string && (IsSpace(c) || c == ',' || c == ']' || c == '[' || c == '{')) {
      // A bare top-level scalar ends here; the record parser then says it
      // is not an object. A stray ',' or ']' (nothing before it) is taken
      // as the value, so that the stream always moves on.
      if (text->empty()) {
        Get();
        text->push_back(static_cast<char>(c));
      }
      return Status::OK();
    }
    if (in_string && !escape) {
      TakeStringRun(text);
      c = Peek();
      if (c == kEof) continue;
    }
    Get();
    if (in_string) {
      if (c == '\n') {
        return Fail("unterminated string (line break inside a string)", text);
      }
      text->push_back(static_cast<char>(c));
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (scalar) {
      if (c == '"') in_string = true;
      text->push_back(static_cast<char>(c));
      continue;
    }
    text->push_back(static_cast<char>(c));
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        if (closers.size() >= limits_.max_depth) {
          SkipRestOfLine(text);
          return Fail("nesting deeper than " + std::to_string(limits_.max_depth) +
                          " levels (raise it with --max-depth)",
                      text);
        }
        closers.push_back(c == '{' ? '}' : ']');
        break;
      case '}':
      case ']':
        if (closers.empty() || closers.back() != c) {
          if (c != '\n') SkipRestOfLine(text);
          return Fail(std::string("unexpected '") + static_cast<char>(c) + "' (mismatched brackets)", text);
        }
        closers.pop_back();
        if (closers.empty()) return Status::OK();
        break;
      default:
        break;
    }
  }
}

}  // namespace kg
