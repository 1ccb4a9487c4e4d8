// Faults of the file system, provoked for real (docs/RELIABILITY.md, the
// fault matrix):
//   - every file operation of one small ingest into a store that already
//     holds data fails in turn (FaultFs), with ENOSPC and with EIO: the
//     ingest ends with an environment error (never "invalid record"), claims
//     only what is stored, the store opens, `kg check` passes, and the same
//     ingest run again completes to the store of a run without faults;
//   - a full disk (a small tmpfs, as root) under the real `kg ingest`;
//   - truncated and missing store files (MANIFEST, CURRENT, a table file).
#include <sys/mount.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "graph/check.h"
#include "graph/kv_rocksdb.h"
#include "graph/writer.h"
#include "ingest/ingester.h"
#include "reliability/fault_fs.h"
#include "reliability/reliability_util.h"

namespace kg::reliability {
namespace {

using kg::test::ExampleFile;

// Records enough for several batches: each names nodes of earlier ones, so
// that a batch lost in the background shows as "unknown node" when masked.
std::string ChainRecords(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    std::string me = "n" + std::to_string(i), prev = "n" + std::to_string(i > 0 ? i - 1 : 0);
    text += "{\"record\":\"c" + std::to_string(i) + "\",\"nodes\":[{\"id\":\"" + me +
            "\",\"kind\":\"actor\",\"name\":\"Name " + me + "\",\"attrs\":{\"pad\":\"" + std::string(200, 'x') +
            "\"}}],\"edges\":[{\"from\":\"" + me + "\",\"type\":\"ALLIED_WITH\",\"to\":\"" + prev + "\"}]}\n";
  }
  return text;
}

struct Outcome {
  Status open, ingest;
  IngestReport report;
};

// Opens the store at db (through fs when given) and ingests files with small
// batches, so that some are written in the background.
Outcome Ingest(const std::string& db, const std::vector<std::string>& files, std::shared_ptr<KvEnv> env) {
  Outcome o;
  StoreOptions so;
  so.read_only = false;
  so.create_if_missing = true;
  so.env = std::move(env);
  std::unique_ptr<GraphStore> store;
  o.open = GraphStore::Open(so, db, &store);
  if (!o.open.ok()) return o;
  WriterOptions wo;
  wo.batch_bytes = 16 << 10;
  GraphWriter writer(store.get(), wo);
  o.ingest = IngestFiles(&writer, files, IngestOptions(), &o.report);
  return o;
}

std::string DumpAt(const std::string& db, std::vector<std::string>* violations) {
  std::unique_ptr<GraphStore> store;
  StoreOptions so;
  Status s = GraphStore::Open(so, db, &store);
  if (!s.ok()) return "open: " + s.ToString();
  s = CheckStore(store->reader(), violations);
  if (!s.ok()) return "check: " + s.ToString();
  s = store->kv()->VerifyFiles();
  if (!s.ok()) return "verify: " + s.ToString();
  return kg::test::Dump(store->reader());
}

TEST_CASE("Every file operation of an ingest fails in turn: the error is the environment's, claims hold, a re-run completes",
          "[reliability][faults]") {
  TempDir dir("kg_faults");
  const std::string base = ExampleFile(13);
  const std::string more = dir.Write("more.jsonl", ChainRecords(300));

  // The store of a run without faults, and how many operations its second
  // ingest makes.
  const std::string clean = dir.Path("clean");
  auto counter = std::make_shared<FaultFs>();
  REQUIRE(Ingest(clean, {base}, NewKvEnv(counter)).ingest.ok());
  const uint64_t before = counter->ops();
  Outcome full = Ingest(clean, {more}, NewKvEnv(counter));
  KG_REQUIRE_OK(full.ingest);
  const uint64_t ops = counter->ops() - before;
  std::vector<std::string> violations;
  const std::string expected = DumpAt(clean, &violations);
  REQUIRE(violations.empty());
  INFO("file operations of one ingest: " << ops);
  REQUIRE(ops > 5);

  for (FaultFs::Error error : {FaultFs::Error::kNoSpace, FaultFs::Error::kIO}) {
    for (uint64_t n = 1; n <= ops; ++n) {
      INFO("operation " << n << " of " << ops << (error == FaultFs::Error::kNoSpace ? " ENOSPC" : " EIO"));
      TempDir d("kg_fault");
      const std::string db = d.Path("db");
      auto fs = std::make_shared<FaultFs>();
      KG_REQUIRE_OK(Ingest(db, {base}, NewKvEnv(fs)).ingest);
      fs->Arm(n, error);
      Outcome o = Ingest(db, {more}, NewKvEnv(fs));
      fs->Heal();
      const Status& failed = !o.open.ok() ? o.open : o.ingest;
      if (!failed.ok()) {
        INFO(failed.ToString());
        CHECK(failed.IsEnvironment());
        if (error == FaultFs::Error::kNoSpace) CHECK((failed.IsNoSpace() || failed.IsCorruption() || failed.IsIOError()));
        CHECK(o.report.writes.ingested == 0);  // nothing is claimed that may be lost
      }
      // What was claimed is there, and the store is whole.
      violations.clear();
      std::string now = DumpAt(db, &violations);
      INFO(now.substr(0, 300));
      CHECK(violations.empty());
      if (failed.ok()) CHECK(now == expected);
      // The same ingest again completes it.
      Outcome again = Ingest(db, {more}, nullptr);
      INFO(again.open.ToString() << " / " << again.ingest.ToString());
      REQUIRE(again.open.ok());
      REQUIRE(again.ingest.ok());
      violations.clear();
      CHECK(DumpAt(db, &violations) == expected);
      CHECK(violations.empty());
    }
  }
}

// Writes the examples into a store and returns its directory's table files.
std::vector<std::string> Files(const std::string& db, std::string_view ext) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(db)) {
    const std::string name = e.path().filename().string();
    if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ManifestOf(const std::string& db) {
  std::string current = ReadFile(db + "/CURRENT");
  while (!current.empty() && current.back() == '\n') current.pop_back();
  return db + "/" + current;
}

TEST_CASE("A damaged store is refused with exit 3 and never written to", "[reliability][faults]") {
  TempDir dir("kg_damaged");
  const std::string db = dir.Path("db");
  REQUIRE(RunKgOn(db, {"ingest", ExampleFile(13), ExampleFile(20)}).code == 0);
  const std::vector<std::string> tables = Files(db, ".sst");
  REQUIRE(!tables.empty());

  auto refused = [&](const char* what) {
    INFO(what);
    for (auto args : std::vector<std::vector<std::string>>{{"check"}, {"stats"}, {"ingest", ExampleFile(20)}}) {
      Run r = RunKgOn(db, args);
      INFO(args[0] << ": " << r);
      CHECK(r.code == 3);
      CHECK(r.err.rfind("kg: " + db, 0) == 0);
      CHECK(r.err.find("internal error") == std::string::npos);
    }
    // Nothing was deleted.
    for (const auto& t : tables) CHECK(std::filesystem::exists(t));
  };

  SECTION("a truncated MANIFEST") {
    const std::string manifest = ManifestOf(db);
    std::filesystem::resize_file(manifest, std::filesystem::file_size(manifest) / 2);
    refused("MANIFEST cut in half");
  }
  SECTION("a MANIFEST cut to nothing") {
    std::filesystem::resize_file(ManifestOf(db), 0);
    refused("empty MANIFEST");
  }
  SECTION("a missing CURRENT") {
    std::filesystem::remove(db + "/CURRENT");
    refused("no CURRENT");
  }
  SECTION("a missing MANIFEST") {
    std::filesystem::remove(ManifestOf(db));
    refused("no MANIFEST");
  }
  SECTION("a missing table file") {
    std::filesystem::remove(tables.front());
    Run r = RunKgOn(db, {"check"});
    INFO(r);
    CHECK(r.code == 3);
    CHECK(r.err.find("internal error") == std::string::npos);
  }
  SECTION("a truncated table file") {
    std::filesystem::resize_file(tables.front(), std::filesystem::file_size(tables.front()) - 100);
    Run r = RunKgOn(db, {"check"});
    INFO(r);
    CHECK(r.code == 3);
    CHECK(r.err.find("internal error") == std::string::npos);
  }
}

TEST_CASE("Environment failures name the path and the reason, exit 3", "[reliability][faults]") {
  TempDir dir("kg_env");
  SECTION("a missing parent directory") {
    const std::string db = dir.Path("no/such/db");
    Run r = RunKgOn(db, {"ingest", ExampleFile(13)});
    INFO(r);
    CHECK(r.code == 3);
    CHECK(r.err.find("No such file or directory") != std::string::npos);
    CHECK(r.err.find("internal error") == std::string::npos);
  }
  SECTION("output that cannot be written") {
    const std::string db = dir.Path("db");
    REQUIRE(RunKgOn(db, {"ingest", ExampleFile(13)}).code == 0);
    Process p(KG_BINARY, {"--db", db, "stats"}, "/dev/full", dir.Path("err"));
    int code = p.Wait(60);
    INFO(p.err());
    CHECK(code == 3);
    CHECK(p.err() == "kg: stdout: No space left on device\n");
  }
  SECTION("a read-only file system") {
    if (::geteuid() != 0) {
      WARN("skipped: mounting a read-only tmpfs needs root");
      return;
    }
    const std::string mnt = dir.Path("ro");
    std::filesystem::create_directory(mnt);
    REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=4m") == 0);
    REQUIRE(RunKgOn(mnt + "/db", {"ingest", ExampleFile(13)}).code == 0);
    REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, "size=4m") == 0);
    Run r = RunKgOn(mnt + "/db", {"ingest", ExampleFile(20)});
    Run q = RunKgOn(mnt + "/db", {"check"});
    ::umount(mnt.c_str());
    INFO(r);
    CHECK(r.code == 3);
    CHECK(r.err == "kg: " + mnt + "/db: Read-only file system\n");
    INFO(q);
    CHECK(q.code == 0);  // reading needs no write
  }
}

TEST_CASE("A full disk under kg ingest: exit 3 naming the reason, claims hold, the store is whole",
          "[reliability][faults]") {
  if (::geteuid() != 0) {
    WARN("skipped: mounting a small tmpfs needs root");
    return;
  }
  TempDir dir("kg_full");
  const std::string input = dir.Path("events.jsonl");
  Generate(kSanitized ? 20000 : 60000, 7, input);
  const std::string mnt = dir.Path("mnt");
  std::filesystem::create_directory(mnt);
  REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=6m") == 0);
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt};
  const std::string db = mnt + "/db";
  REQUIRE(RunKgOn(db, {"ingest", ExampleFile(13)}).code == 0);  // a store that holds data

  Run r = RunKgOn(db, {"ingest", input});
  INFO(r);
  REQUIRE(r.code == 3);
  CHECK(r.err.find("kg: " + db + ": No space left on device") != std::string::npos);
  CHECK(r.err.find("unknown node") == std::string::npos);
  CHECK(r.err.find("internal error") == std::string::npos);

  // More room: the store is whole, holds at least what was claimed, and the
  // same ingest completes.
  REQUIRE(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT, "size=512m") == 0);
  Run check = RunKgOn(db, {"check"});
  INFO(check);
  CHECK(check.code == 0);
  Run again = RunKgOn(db, {"ingest", input});
  INFO(again);
  CHECK(again.code == 0);
  CHECK(RunKgOn(db, {"check"}).code == 0);
}

}  // namespace
}  // namespace kg::reliability
