// Regression: an unknown name offered a suggestion only within a third of
// the *typed* name's length, so CONTRACT.md's own example, "Timbuctu" for
// "Tombouctou" (3 edits, 8 letters typed), got no "did you mean". The bound
// is now a third of the longer of the two names.
#include "test_util.h"

namespace kg::test {

TEST_CASE_METHOD(TempStore, "regress: unknown \"Timbuctu\" suggests \"Tombouctou\"", "[regress][graph]") {
  KG_REQUIRE_OK(Apply(R"({"record": "r", "nodes": [{"id": "tombouctou", "kind": "location", "name": "Tombouctou"},
      {"id": "gao", "kind": "location", "name": "Gao"}]})"));
  NodeId nid;
  Status s = reader().Resolve("Timbuctu", &nid);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(s.message() == "unknown node \"Timbuctu\" (did you mean \"Tombouctou\"?)");
  // Far from every name: still no suggestion.
  s = reader().Resolve("Ouagadougou", &nid);
  REQUIRE(s.message() == "unknown node \"Ouagadougou\"");
}

}  // namespace kg::test
