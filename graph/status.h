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
  enum class Code {
    kOk,
    kNotFound,
    kInvalidArgument,
    kCorruption,
    kIOError,
    kBusy,
    kNotSupported,
    kNoSpace,           // ENOSPC, EDQUOT
    kReadOnly,          // EROFS
    kPermissionDenied,  // EACCES, EPERM
    kPathNotFound,      // ENOENT, ENOTDIR: a file or directory the store needs
    kOutOfMemory,       // ENOMEM, std::bad_alloc
  };

  Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  // Busy: the store is held by another writer.
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status NotSupported(std::string msg) { return Status(Code::kNotSupported, std::move(msg)); }
  static Status NoSpace(std::string msg) { return Status(Code::kNoSpace, std::move(msg)); }
  static Status ReadOnly(std::string msg) { return Status(Code::kReadOnly, std::move(msg)); }
  static Status PermissionDenied(std::string msg) { return Status(Code::kPermissionDenied, std::move(msg)); }
  static Status PathNotFound(std::string msg) { return Status(Code::kPathNotFound, std::move(msg)); }
  static Status OutOfMemory(std::string msg) { return Status(Code::kOutOfMemory, std::move(msg)); }
  // A failed system call on path: "path: strerror(err)", with the code that
  // err names (IOError for any errno not named above).
  static Status FromErrno(int err, std::string_view path);

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsNotSupported() const { return code_ == Code::kNotSupported; }
  bool IsNoSpace() const { return code_ == Code::kNoSpace; }
  bool IsReadOnly() const { return code_ == Code::kReadOnly; }
  bool IsPermissionDenied() const { return code_ == Code::kPermissionDenied; }
  bool IsPathNotFound() const { return code_ == Code::kPathNotFound; }
  bool IsOutOfMemory() const { return code_ == Code::kOutOfMemory; }
  // Whether the environment failed (exit 3): an I/O error, a full disk, a
  // read-only file system, a permission, a missing file of the store, memory,
  // or a damaged store (Corruption).
  bool IsEnvironment() const;
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
