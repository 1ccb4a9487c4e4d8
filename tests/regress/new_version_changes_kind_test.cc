// Regression: re-ingesting a corrected record that changes the kind of a
// node only that record declared ("douna" coded as an actor by mistake) was
// refused with "a node's kind cannot change", although retracting the old
// version and ingesting the new one worked: the old version's node was still
// in the store while the new version was applied. A new version now gives
// the graph that retract + ingest gives.
#include "test_util.h"

namespace kg::test {

TEST_CASE_METHOD(TempStore, "regress: a new version may fix the kind of a node only it declared", "[regress][graph]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "fama", "kind": "actor"}, {"id": "douna", "kind": "actor"}],
      "edges": [{"from": "fama", "type": "STRUCK", "to": "douna", "date": "2025-06"}]})"));
  ApplyOutcome outcome;
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "fama", "kind": "actor"}, {"id": "douna", "kind": "location"}],
      "edges": [{"from": "fama", "type": "STRUCK", "to": "douna", "date": "2025-06"}]})",
                      &outcome));
  REQUIRE(outcome == ApplyOutcome::kReplaced);
  KG_REQUIRE_OK(Commit());
  REQUIRE(Dump(reader()) ==
          "node douna location \"douna\" records=[r]\n"
          "node fama actor \"fama\" records=[r]\n"
          "edge fama -STRUCK-> douna 2025-06 support=1 sources=[r]\n"
          "record r\n");
  StoreStats st;
  KG_REQUIRE_OK(reader().Stats(&st));
  REQUIRE(st.by_kind == std::map<std::string, uint64_t>{{"actor", 1}, {"location", 1}});
  REQUIRE(Violations(reader()).empty());
}

}  // namespace kg::test
