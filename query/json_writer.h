// JsonWriter: the one place that writes JSON output (queries, export,
// stats). Streams to a std::ostream, escapes every string, and places commas
// itself. Not a parser; kg reads JSON only in ingest/.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/model.h"

namespace kg {

class JsonWriter {
 public:
  // pretty: a new line after each top-level member and array element of the
  // outermost value (compact inside), for output people also read.
  explicit JsonWriter(std::ostream* out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  JsonWriter& Double(double v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  JsonWriter& Attr(const AttrValue& v);
  JsonWriter& Attrs(const kg::Attrs& attrs);  // as an object
  JsonWriter& Strings(const std::vector<std::string>& v);  // as an array

  // Key and value in one call.
  template <typename T>
  JsonWriter& Member(std::string_view key, const T& value) {
    Key(key);
    return Value(value);
  }

  // Writes s as a JSON string literal (quotes included) to out.
  static void Escape(std::string_view s, std::ostream* out);

 private:
  JsonWriter& Value(std::string_view s) { return String(s); }
  JsonWriter& Value(const std::string& s) { return String(s); }
  JsonWriter& Value(const char* s) { return String(s); }
  JsonWriter& Value(uint64_t v) { return Uint(v); }
  JsonWriter& Value(int64_t v) { return Int(v); }
  JsonWriter& Value(int v) { return Int(v); }
  JsonWriter& Value(double v) { return Double(v); }
  JsonWriter& Value(bool v) { return Bool(v); }
  void Separate();

  std::ostream* out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

}  // namespace kg
