// TextMap reads as its model, a std::unordered_map, says: random sets,
// finds and clears, over few distinct texts (probe chains collide and wrap
// around the table) or many (the table grows).
#include "graph/text_map.h"

#include <random>
#include <unordered_map>

#include "test_util.h"

namespace kg {
namespace {

TEST_CASE("TextMap matches its model through sets and clears", "[text_map]") {
  const uint32_t seed = GENERATE(1u, 2u, 3u);
  // Few texts: the table stays small and probe chains long. Many: it grows.
  const int texts = GENERATE(50, 700, 5000);
  std::mt19937 rng(seed);
  TextMap map;
  std::unordered_map<std::string, NodeId> model;
  for (int step = 0; step < 40000; ++step) {
    const std::string text = "t" + std::to_string(rng() % texts);
    const unsigned op = rng() % 100;
    if (op < 40) {
      const NodeId id = rng();
      map.Set(text, id);
      model[text] = id;
    } else if (op == 40 && step % 7 == 0) {
      map.Clear();
      model.clear();
    } else {
      const NodeId* got = map.Find(text);
      auto want = model.find(text);
      INFO("seed " << seed << " step " << step << " text " << text);
      REQUIRE((got != nullptr) == (want != model.end()));
      if (got) REQUIRE(*got == want->second);
    }
    REQUIRE(map.size() == model.size());
  }
  for (const auto& [text, id] : model) {
    const NodeId* got = map.Find(text);
    REQUIRE(got);
    REQUIRE(*got == id);
  }
}

}  // namespace
}  // namespace kg
