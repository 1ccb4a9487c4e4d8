// Regression: counters set too low (the next node id, the next record
// sequence) passed `kg check`, and the next ingest overwrote an existing
// node. `kg check` now verifies both counters are above every id in use.
#include <string>

#include "graph/check.h"
#include "graph/value_codec.h"
#include "test_util.h"

namespace kg::test {
namespace {

TEST_CASE_METHOD(TempStore, "Counters below ids in use are violations", "[regress][check]") {
  KG_REQUIRE_OK(IngestExamples());
  REQUIRE(Violations(reader()).empty());
  for (std::string_view counter : {kMetaNextNode, kMetaNextSeq}) {
    INFO(counter);
    std::string raw, saved;
    KG_REQUIRE_OK(store().kv()->Get(MetaKey(counter), &saved));
    EncodeCounter(2, &raw);
    auto batch = store().kv()->NewBatch();
    batch->Put(MetaKey(counter), raw);
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
    std::vector<std::string> v = Violations(store().reader());
    REQUIRE(v.size() == 1);
    CHECK(v[0].find("counter " + std::string(counter) + " is 2, not above") == 0);
    batch->Put(MetaKey(counter), saved);
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
    CHECK(Violations(store().reader()).empty());
  }
}

TEST_CASE("kg check finds a counter set too low (exit 2)", "[regress][check]") {
  ExamplesCli kg;
  {
    StoreOptions o;
    o.read_only = false;
    std::unique_ptr<GraphStore> store;
    KG_REQUIRE_OK(GraphStore::Open(o, kg.db(), &store));
    std::string raw;
    EncodeCounter(1, &raw);
    auto batch = store->kv()->NewBatch();
    batch->Put(MetaKey(kMetaNextNode), raw);
    KG_REQUIRE_OK(store->kv()->Write(batch.get()));
    KG_REQUIRE_OK(store->kv()->Sync());
  }
  KgResult r = kg.Run({"check"});
  INFO(r);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("counter next_node is 1, not above") != std::string::npos);
}

}  // namespace
}  // namespace kg::test
