#include "ingest/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <vector>

namespace kg {
namespace {

// zlib's messages start with the name it knows the file by, "<fd:5>: ";
// callers name the file themselves.
std::string WithoutFd(const char* msg) {
  std::string m = msg == nullptr ? "" : msg;
  if (m.rfind("<fd:", 0) == 0) {
    size_t colon = m.find(": ");
    if (colon != std::string::npos) m.erase(0, colon + 2);
  }
  return m;
}

}  // namespace

// A streambuf over zlib's gz reader, which passes plain (not gzip) data
// through unchanged.
class InputFile::Buf : public std::streambuf {
 public:
  Buf(gzFile gz, int fd) : gz_(gz), fd_(fd), buffer_(1 << 16) {}
  ~Buf() override { gzclose(gz_); }

  Status status() const { return status_; }
  uint64_t bytes_read() const {
    off_t pos = lseek(fd_, 0, SEEK_CUR);
    return pos < 0 ? consumed_ : static_cast<uint64_t>(pos);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!status_.ok()) return traits_type::eof();
    int n = gzread(gz_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (n < 0) {
      int errnum = 0;
      const char* msg = gzerror(gz_, &errnum);
      if (errnum == Z_ERRNO) {
        status_ = Status::IOError(std::string("cannot read: ") + std::strerror(errno));
      } else if (errnum == Z_MEM_ERROR) {  // zlib's buffers, under a memory limit: not the data's fault
        status_ = Status::OutOfMemory("out of memory");
      } else {
        status_ = Status::Corruption("bad gzip data: " + WithoutFd(msg));
      }
      return traits_type::eof();
    }
    if (n == 0) {
      int errnum = 0;
      const char* msg = gzerror(gz_, &errnum);
      if (errnum != Z_OK && errnum != Z_BUF_ERROR) {
        status_ = Status::Corruption("bad gzip data: " + WithoutFd(msg));
      } else if (errnum == Z_BUF_ERROR) {
        status_ = Status::Corruption("truncated gzip data (unexpected end of file)");
      }
      return traits_type::eof();
    }
    consumed_ += static_cast<uint64_t>(n);
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  gzFile gz_;
  int fd_;
  std::vector<char> buffer_;
  Status status_;
  uint64_t consumed_ = 0;
};

Status InputFile::Open(const std::string& path, std::unique_ptr<InputFile>* file) {
  int fd = path == "-" ? dup(STDIN_FILENO) : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string why = std::strerror(err);
    if (err == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::InvalidArgument(path + ": cannot open: " + why);
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return Status::InvalidArgument(path + ": is a directory");
  }
  gzFile gz = gzdopen(fd, "rb");
  if (gz == nullptr) {
    close(fd);
    return Status::IOError(path + ": cannot open");
  }
  gzbuffer(gz, 1 << 17);
  std::unique_ptr<InputFile> f(new InputFile());
  f->path_ = path;
  f->size_ = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  f->buf_ = std::make_unique<Buf>(gz, fd);
  f->stream_ = std::make_unique<std::istream>(f->buf_.get());
  *file = std::move(f);
  return Status::OK();
}

InputFile::~InputFile() = default;
std::istream& InputFile::stream() { return *stream_; }
Status InputFile::status() const { return buf_->status(); }
uint64_t InputFile::bytes_read() const { return buf_->bytes_read(); }

}  // namespace kg
