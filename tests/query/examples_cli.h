// A store holding the two example files, and a way to run the built kg on
// it: for the hand-checked command-line cases of timeline and active.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kg::examples_cli {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

inline std::ostream& operator<<(std::ostream& os, const Run& r) {
  return os << "exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err << "---";
}

inline std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A temp directory with a store made by `kg ingest` of both example files.
class ExamplesStore {
 public:
  ExamplesStore() {
    char templ[] = "/tmp/kg_examples.XXXXXX";
    if (::mkdtemp(templ) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    Run r = Kg({"ingest", std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-13.jsonl",
                std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-20.jsonl"});
    if (r.exit_code != 0) throw std::runtime_error("ingest of the examples failed: " + r.err);
  }
  ~ExamplesStore() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ExamplesStore(const ExamplesStore&) = delete;
  ExamplesStore& operator=(const ExamplesStore&) = delete;

  const std::string& dir() const { return dir_; }

  // kg --db <dir>/db args..., with stdout and stderr captured apart.
  Run Kg(const std::vector<std::string>& args) const {
    std::string cmd = "env -u KG_DB " + Quote(KG_BINARY) + " --db " + Quote(dir_ + "/db");
    for (const auto& a : args) cmd += " " + Quote(a);
    cmd += " </dev/null >" + Quote(dir_ + "/out") + " 2>" + Quote(dir_ + "/err");
    int status = std::system(cmd.c_str());
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(dir_ + "/out");
    r.err = Slurp(dir_ + "/err");
    return r;
  }

 private:
  std::string dir_;
};

}  // namespace kg::examples_cli
