#include "query/json_writer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kg {

void JsonWriter::Escape(std::string_view s, std::ostream* out) {
  out->put('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': *out << "\\\""; break;
      case '\\': *out << "\\\\"; break;
      case '\n': *out << "\\n"; break;
      case '\r': *out << "\\r"; break;
      case '\t': *out << "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          *out << buf;
        } else {
          out->put(c);
        }
    }
  }
  out->put('"');
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_->put(',');
    first_.back() = false;
    if (first_.size() == 1) out_->put('\n');
  }
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_->put('{');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  bool top = first_.size() == 1;
  first_.pop_back();
  if (top) out_->put('\n');
  out_->put('}');
  if (first_.empty()) out_->put('\n');
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_->put('[');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  bool top = first_.size() == 1;
  first_.pop_back();
  if (top) out_->put('\n');
  out_->put(']');
  if (first_.empty()) out_->put('\n');
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  Escape(key, out_);
  out_->put(':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view s) {
  Separate();
  Escape(s, out_);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t v) {
  Separate();
  *out_ << v;
  return *this;
}
JsonWriter& JsonWriter::Uint(uint64_t v) {
  Separate();
  *out_ << v;
  return *this;
}
JsonWriter& JsonWriter::Double(double v) {
  Separate();
  if (!std::isfinite(v)) {
    *out_ << "null";
    return *this;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // Shortest form that reads back the same value.
  for (int prec = 1; prec <= 17; ++prec) {
    char tmp[32];
    std::snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    if (std::strtod(tmp, nullptr) == v) {
      std::snprintf(buf, sizeof buf, "%s", tmp);
      break;
    }
  }
  *out_ << buf;
  return *this;
}
JsonWriter& JsonWriter::Bool(bool v) {
  Separate();
  *out_ << (v ? "true" : "false");
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Separate();
  *out_ << "null";
  return *this;
}
JsonWriter& JsonWriter::Attr(const AttrValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return String(*s);
  if (const auto* i = std::get_if<int64_t>(&v)) return Int(*i);
  if (const auto* d = std::get_if<double>(&v)) return Double(*d);
  return Bool(std::get<bool>(v));
}
JsonWriter& JsonWriter::Attrs(const kg::Attrs& attrs) {
  BeginObject();
  for (const auto& [k, v] : attrs) {
    Key(k);
    Attr(v);
  }
  return EndObject();
}
JsonWriter& JsonWriter::Strings(const std::vector<std::string>& v) {
  BeginArray();
  for (const auto& s : v) String(s);
  return EndArray();
}

}  // namespace kg
