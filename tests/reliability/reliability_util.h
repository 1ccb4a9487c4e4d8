// Helpers of the reliability tests (crash, hostile input, concurrency): run
// the real kg binary (to completion, or in the background to kill it), make
// synthetic inputs with kg_gen, and fingerprint a store byte for byte.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "graph/store.h"
#include "test_util.h"

extern char** environ;

namespace kg::reliability {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Whether the tests run in a sanitizer build, where everything is several
// times slower: the tests then use smaller inputs.
inline constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

// The suite's own fixtures, from test_util.h.
using kg::test::ReadFile;
using kg::test::SplitLines;
using kg::test::TempDir;

// A program started in the background, its stdout and stderr going to files.
class Process {
 public:
  // Starts program with args (argv[0] is program), stdin from /dev/null.
  Process(const std::string& program, const std::vector<std::string>& args, const std::string& out_path,
          const std::string& err_path)
      : out_path_(out_path), err_path_(err_path) {
    std::vector<std::string> argv_s = {program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s;  // the test's environment, without KG_DB
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::strncmp(*e, "KG_DB=", 6) != 0) env_s.emplace_back(*e);
    }
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    int in_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot open the child's files");
    start_ = Clock::now();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
    if (pid_ == 0) {
      if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(in_fd);
    ::close(out_fd);
    ::close(err_fd);
  }
  ~Process() {
    if (running()) {
      Kill();
      Wait();
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool running() const { return pid_ > 0 && !reaped_; }
  double elapsed() const { return SecondsSince(start_); }

  // Whether it has ended (reaps it when so). Does not block.
  bool Poll() {
    if (!running()) return true;
    int status = 0;
    struct rusage usage;
    pid_t w = ::wait4(pid_, &status, WNOHANG, &usage);
    if (w == pid_) {
      max_rss_kb_ = static_cast<uint64_t>(usage.ru_maxrss);
      Reaped(status);
      return true;
    }
    return false;
  }
  // Waits for the end, killing the process after timeout seconds. Returns
  // the exit code, or 128 + signal.
  int Wait(double timeout = 600) {
    while (!Poll()) {
      if (elapsed() > timeout) Kill();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return exit_code_;
  }
  void Kill(int sig = SIGKILL) {
    if (running()) ::kill(pid_, sig);
  }

  // How far the running process has read into the file at path: the offset
  // of its open descriptor of that file (Linux's /proc), or 0 while it
  // holds none (before it opened the file, and after it closed it).
  uint64_t ReadOffset(const std::string& path) const {
    if (!running()) return 0;
    std::error_code ec;
    const std::filesystem::path target = std::filesystem::canonical(path, ec);
    if (ec) return 0;
    const std::string proc = "/proc/" + std::to_string(pid_);
    for (const auto& fd : std::filesystem::directory_iterator(proc + "/fd", ec)) {
      std::error_code link_ec;
      if (std::filesystem::read_symlink(fd.path(), link_ec) != target || link_ec) continue;
      std::ifstream info(proc + "/fdinfo/" + fd.path().filename().string());
      std::string field;
      uint64_t pos = 0;
      while (info >> field) {
        if (field == "pos:" && info >> pos) return pos;
      }
    }
    return 0;
  }
  // Waits until the process has read at least offset bytes of the file at
  // path (see ReadOffset) or has ended, for at most timeout seconds. True
  // when it is still running, past offset.
  bool WaitForReadOffset(const std::string& path, uint64_t offset, double timeout = 300) {
    const auto start = Clock::now();
    while (!Poll() && SecondsSince(start) < timeout) {
      if (ReadOffset(path) >= offset) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
  }

  int exit_code() const { return exit_code_; }
  // Peak resident memory once ended, in KiB.
  uint64_t max_rss_kb() const { return max_rss_kb_; }
  std::string out() const { return ReadFile(out_path_); }
  std::string err() const { return ReadFile(err_path_); }

 private:
  void Reaped(int status) {
    reaped_ = true;
    if (WIFEXITED(status)) exit_code_ = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) exit_code_ = 128 + WTERMSIG(status);
  }

  std::string out_path_, err_path_;
  Clock::time_point start_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  uint64_t max_rss_kb_ = 0;
};

struct Run {
  int code = -1;
  std::string out, err;
  double seconds = 0;
  uint64_t max_rss_kb = 0;
};

inline std::ostream& operator<<(std::ostream& os, const Run& r) {
  return os << "exit " << r.code << "\n--- stdout\n"
            << r.out.substr(0, 4000) << "--- stderr\n"
            << r.err.substr(0, 4000) << "---";
}

// Runs kg --db db args... to the end (at most timeout seconds).
// The number after "key": in a JSON text (kg's own output), or UINT64_MAX
// when there is none.
inline uint64_t JsonCount(const std::string& json, const std::string& key) {
  const std::string quoted = "\"" + key + "\":";
  size_t at = json.find(quoted);
  if (at == std::string::npos) return UINT64_MAX;
  at = json.find_first_not_of(' ', at + quoted.size());
  if (at == std::string::npos || json[at] < '0' || json[at] > '9') return UINT64_MAX;
  return std::stoull(json.substr(at));
}

inline Run RunKgOn(const std::string& db, const std::vector<std::string>& args, double timeout = 300) {
  TempDir io("kg_rel_io");
  std::vector<std::string> full = {"--db", db};
  full.insert(full.end(), args.begin(), args.end());
  Process p(KG_BINARY, full, io.Path("out"), io.Path("err"));
  Run r;
  r.code = p.Wait(timeout);
  r.seconds = p.elapsed();
  r.max_rss_kb = p.max_rss_kb();
  r.out = p.out();
  r.err = p.err();
  return r;
}

// Writes kg_gen --events events --seed seed to path.
inline void Generate(uint64_t events, uint64_t seed, const std::string& path) {
  TempDir io("kg_rel_gen");
  Process p(std::string(KG_BUILD_DIR) + "/kg_gen",
            {"--events", std::to_string(events), "--seed", std::to_string(seed), "-o", path}, io.Path("out"),
            io.Path("err"));
  int code = p.Wait();
  INFO(p.err());
  REQUIRE(code == 0);
}

// A fingerprint of every key and value of the store at db, but its history
// (the change log and past versions, which number and time the changes a
// crash split in two): equal fingerprints mean byte-identical graphs and
// records (up to a 64-bit hash collision). kg check verifies the history
// agrees with them.
struct StoreFingerprint {
  uint64_t keys = 0, bytes = 0, hash = 1469598103934665603ull;
  std::string error;
  bool operator==(const StoreFingerprint& o) const {
    return keys == o.keys && bytes == o.bytes && hash == o.hash && error == o.error;
  }
};
inline std::ostream& operator<<(std::ostream& os, const StoreFingerprint& f) {
  if (!f.error.empty()) return os << "error: " << f.error;
  return os << f.keys << " keys, " << f.bytes << " bytes, hash " << std::hex << f.hash << std::dec;
}

inline StoreFingerprint Fingerprint(const std::string& db) {
  StoreFingerprint f;
  std::unique_ptr<GraphStore> store;
  StoreOptions o;
  o.read_only = true;
  Status s = GraphStore::Open(o, db, &store);
  if (!s.ok()) {
    f.error = s.ToString();
    return f;
  }
  auto mix = [&](std::string_view bytes) {
    uint64_t n = bytes.size();
    for (int i = 0; i < 8; ++i) f.hash = (f.hash ^ ((n >> (8 * i)) & 0xff)) * 1099511628211ull;
    for (unsigned char c : bytes) f.hash = (f.hash ^ c) * 1099511628211ull;
  };
  auto it = store->kv()->NewIterator();
  for (it->Seek(""); it->Valid(); it->Next()) {
    const std::string_view key = it->key();
    if (key.starts_with(ChangePrefix()) || key.starts_with(PastVersionPrefix()) ||
        key == MetaKey(kMetaNextChange)) {
      continue;
    }
    f.keys++;
    f.bytes += it->key().size() + it->value().size();
    mix(it->key());
    mix(it->value());
  }
  if (!it->status().ok()) f.error = it->status().ToString();
  return f;
}

}  // namespace kg::reliability
