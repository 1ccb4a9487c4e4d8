// Regression: a batch that failed on the committer's thread (a full disk)
// was masked. Scans through the next batch ignored the error and missed the
// failed batch's writes, so the ingest reported the next record as invalid
// ("unknown node ...", exit 2) and claimed records that were never stored.
// Reads through a batch now fail with the write's error once it is known.
#include <memory>
#include <string>

#include "graph/kv_rocksdb.h"
#include "reliability/fault_fs.h"
#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE("A failed background write fails the reads that follow it", "[regress][faults]") {
  TempDir dir("kg_bgwrite");
  auto fs = std::make_shared<reliability::FaultFs>();
  KvOptions o;
  o.create_if_missing = true;
  o.env = NewKvEnv(fs);
  std::unique_ptr<Kv> kv;
  KG_REQUIRE_OK(Kv::Open(o, dir.Path("db"), &kv));

  // A failed flush stops the store: every later write fails.
  auto batch = kv->NewBatch();
  batch->Put("a", "1");
  KG_REQUIRE_OK(kv->Write(batch.get()));
  fs->Arm(1, reliability::FaultFs::Error::kNoSpace);
  Status synced = kv->Sync();
  REQUIRE(synced.IsNoSpace());
  fs->Heal();

  batch->Put("b", "2");
  // The write fails on its own thread; the caller goes on.
  Status started = kv->WriteInBackground(batch.get());
  if (started.ok()) {
    auto it = batch->NewIterator();
    it->Seek("");
    CHECK(!it->Valid());
    CHECK(it->status().IsNoSpace());
    std::string v;
    CHECK(batch->Get("b", &v).IsNoSpace());
    CHECK(batch->Get("zzz", &v).IsNoSpace());  // not NotFound: the store is not what the batch thinks
  } else {
    CHECK(started.IsNoSpace());
  }
  CHECK(kv->Sync().IsNoSpace());
}

}  // namespace
}  // namespace kg::test
