#include "graph/status.h"

#include <cerrno>
#include <cstring>

namespace kg {

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kNotFound: name = "NotFound"; break;
    case Code::kInvalidArgument: name = "InvalidArgument"; break;
    case Code::kCorruption: name = "Corruption"; break;
    case Code::kIOError: name = "IOError"; break;
    case Code::kBusy: name = "Busy"; break;
    case Code::kNotSupported: name = "NotSupported"; break;
    case Code::kNoSpace: name = "NoSpace"; break;
    case Code::kReadOnly: name = "ReadOnly"; break;
    case Code::kPermissionDenied: name = "PermissionDenied"; break;
    case Code::kPathNotFound: name = "PathNotFound"; break;
    case Code::kOutOfMemory: name = "OutOfMemory"; break;
  }
  return std::string(name) + ": " + msg_;
}

bool Status::IsEnvironment() const {
  switch (code_) {
    case Code::kCorruption:
    case Code::kIOError:
    case Code::kNoSpace:
    case Code::kReadOnly:
    case Code::kPermissionDenied:
    case Code::kPathNotFound:
    case Code::kOutOfMemory: return true;
    default: return false;
  }
}

Status Status::FromErrno(int err, std::string_view path) {
  std::string msg = std::string(path) + ": " + std::strerror(err);
  switch (err) {
    case ENOSPC:
    case EDQUOT: return NoSpace(std::move(msg));
    case EROFS: return ReadOnly(std::move(msg));
    case EACCES:
    case EPERM: return PermissionDenied(std::move(msg));
    case ENOENT:
    case ENOTDIR: return PathNotFound(std::move(msg));
    case ENOMEM: return OutOfMemory(std::move(msg));
    default: return IOError(std::move(msg));
  }
}

Status Status::WithPrefix(std::string_view prefix) const {
  if (ok()) return *this;
  return Status(code_, std::string(prefix) + ": " + msg_);
}

std::string CutForMessage(std::string_view text) {
  constexpr size_t kMax = 256;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

std::string QuoteForMessage(std::string_view text) { return "\"" + CutForMessage(text) + "\""; }

}  // namespace kg
