// A kg serve running in-process on a free loopback port over a temp store
// holding the seed (examples/*.jsonl), for the tests in tests/serve/.
#pragma once

#include <httplib.h>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"
#include "tools/commands.h"
#include "tools/serve/server.h"

namespace kg::serve_test {

using kg::test::ReadFile;
using kg::test::TempDir;

struct CliAnswer {
  int code = 0;
  std::string out, err;
};

inline CliAnswer Kg(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CliAnswer a;
  a.code = kg::cli::RunKg(args, out, err);
  a.out = out.str();
  a.err = err.str();
  return a;
}

class ServedSeed {
 public:
  explicit ServedSeed(const std::vector<std::string>& extra_files = {}, std::string tiles = "") {
    db_ = dir_.path() + "/kg.db";
    std::vector<std::string> ingest = {"--db", db_, "ingest", std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-13.jsonl",
                                       std::string(KG_SOURCE_DIR) + "/examples/mali-2025-06-20.jsonl"};
    ingest.insert(ingest.end(), extra_files.begin(), extra_files.end());
    CliAnswer a = Kg(ingest);
    if (a.code != 0) throw std::runtime_error("ingest failed: " + a.err);
    kg::serve::ServeOptions o;
    o.db = db_;
    o.port = 0;
    o.tiles = std::move(tiles);
    server_ = std::make_unique<kg::serve::Server>(o);
    kg::Status s = server_->Bind(&port_);
    if (!s.ok()) throw std::runtime_error("bind: " + s.ToString());
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~ServedSeed() {
    server_->Stop();
    thread_.join();
  }
  ServedSeed(const ServedSeed&) = delete;
  ServedSeed& operator=(const ServedSeed&) = delete;

  int port() const { return port_; }
  const std::string& db() const { return db_; }
  const std::string& dir() const { return dir_.path(); }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(20);
    return c;
  }

 private:
  TempDir dir_{"kg_serve_test"};
  std::string db_;
  std::unique_ptr<kg::serve::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace kg::serve_test
