// Sync leaves level 0 small: a big ingest's last memtables are merged into
// level 1, so that readers do not open and search them whole; a small batch
// is left where it is, so that it costs no rewrite of the store.
#include <random>

#include "test_util.h"

namespace kg::test {
namespace {

// Applies n records, each with an attribute of incompressible text, so that
// the store grows by about n * 2 KB.
void ApplyBulky(TempStore* t, int first, int n) {
  std::mt19937 rng(static_cast<unsigned>(first));
  for (int i = first; i < first + n; ++i) {
    std::string text(2048, ' ');
    for (char& c : text) c = static_cast<char>('a' + rng() % 26);
    const std::string id = "n" + std::to_string(i);
    KG_REQUIRE_OK(t->Apply(R"({"record": "r)" + std::to_string(i) + R"(", "nodes": [{"id": ")" + id +
                           R"(", "kind": "actor", "attrs": {"note": ")" + text + R"("}}],
        "edges": [{"from": ")" +
                           id + R"(", "type": "AFFILIATED_WITH", "to": "n0"}]})"));
  }
}

TEST_CASE("Sync merges a big level 0 into level 1 and leaves a small one", "[graph][level0]") {
  TempStore t;
  KG_REQUIRE_OK(t.Apply(R"({"record": "r0", "nodes": [{"id": "n0", "kind": "actor"}]})"));
  ApplyBulky(&t, 1, 200);  // about 400 KB
  KG_REQUIRE_OK(t.Sync());
  const uint64_t small = t.store().kv()->Level0Bytes();
  CHECK(small > 0);
  CHECK(small <= Kv::kLevel0Limit);

  ApplyBulky(&t, 201, 6000);  // about 12 MB, past the limit
  KG_REQUIRE_OK(t.Sync());
  CHECK(t.store().kv()->Level0Bytes() <= Kv::kLevel0Limit);
  REQUIRE(Violations(t.reader()).empty());

  // Nothing was lost on the way down.
  t.Reopen(true);
  StoreStats st;
  KG_REQUIRE_OK(t.reader().Stats(&st));
  CHECK(st.nodes == 6201);
  CHECK(st.edges == 6200);
  CHECK(st.records == 6201);
  CHECK(t.store().kv()->Level0Bytes() <= Kv::kLevel0Limit);
}

}  // namespace
}  // namespace kg::test
