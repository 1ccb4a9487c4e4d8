// Regression: EdgeNeighborEnd of a neighbor id whose bytes are all 0xff
// returned tag|node|0xff, a key that sorts *before* the edges to that
// neighbor (it is a prefix of them), so a scan seeking there to skip the
// neighbor landed on it again. Now it returns the prefix's successor.
#include <catch2/catch.hpp>

#include <limits>

#include "graph/key_codec.h"

TEST_CASE("regress: EdgeNeighborEnd skips the edges to the largest neighbor id", "[regress][graph]") {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (uint64_t node : {uint64_t{7}, kMax}) {
    const std::string end = kg::EdgeNeighborEnd(kg::OutEdgePrefix(node, kMax));
    CAPTURE(node);
    REQUIRE(kg::EncodeOutEdgeKey({node, kMax, "STRUCK", "2025-06"}) < end);
    REQUIRE(kg::EncodeOutEdgeKey({node, kMax, "ZZZ", ""}) < end);
    if (node != kMax) REQUIRE(end <= kg::OutEdgePrefix(node + 1));
  }
}
