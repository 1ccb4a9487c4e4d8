// Status: the one error type of kg's libraries.
//
// A Status is either OK or carries a code and a one-line message. Library code
// never prints or exits; it returns a Status and the command line decides what
// to print and which exit code to use.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace kg {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kNotFound, kInvalidArgument, kCorruption, kIOError, kBusy, kNotSupported };

  Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  // Busy: the store is held by another writer.
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status NotSupported(std::string msg) { return Status(Code::kNotSupported, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsNotSupported() const { return code_ == Code::kNotSupported; }
  Code code() const { return code_; }

  // The message alone, without the code's name.
  const std::string& message() const { return msg_; }
  // "OK", or the code's name and the message: "Corruption: bad node value".
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message" (same code).
  Status WithPrefix(std::string_view prefix) const;

  // Makes dropping a Status visible in the code that does it.
  void PermitUncheckedError() const {}

 private:
  Status(Code code, std::string msg) : code_(code), msg_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string msg_;
};

// Text the user gave, for an error message: cut after 256 bytes (at a
// character boundary, with "..." appended) so that no input makes a huge
// error line. Node ids are never longer, so they come out whole.
std::string CutForMessage(std::string_view text);
// CutForMessage(text) in double quotes.
std::string QuoteForMessage(std::string_view text);

}  // namespace kg

// Returns from the calling function when the expression's Status is not OK.
#define KG_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::kg::Status _kg_status = (expr);       \
    if (!_kg_status.ok()) return _kg_status; \
  } while (0)
