// node_fold: a node from its distinct declarations (CONTRACT.md "Merging"),
// and the one-more-declaration shortcut agreeing with folding them all.
#include "graph/node_fold.h"

#include "test_util.h"

namespace kg::test {
namespace {

GraphReader::DeclBody Body(uint64_t hash, RecordSeq oldest, RecordSeq newest, std::string id,
                           std::optional<std::string> name, std::vector<std::string> aliases, Attrs attrs) {
  GraphReader::DeclBody b;
  b.hash = hash;
  b.oldest = oldest;
  b.newest = newest;
  b.decl.id = std::move(id);
  b.decl.name = std::move(name);
  b.decl.aliases = std::move(aliases);
  b.decl.attrs = std::move(attrs);
  return b;
}

Node Fresh(const std::string& id) {
  Node n;
  n.id = id;
  n.kind = NodeKind::kActor;
  return n;
}

TEST_CASE("FoldNode: the latest name and attrs win, aliases in first-seen order", "[graph][node_fold]") {
  std::vector<GraphReader::DeclBody> bodies = {
      Body(11, 1, 7, "fama", "Forces armées maliennes", {"FAMa", "Fama"}, {{"category", std::string("state_forces")}}),
      Body(12, 3, 3, "fama", "FAMa", {"armée"}, {{"category", std::string("military")}, {"x", int64_t{1}}}),
      // A node merged into it: its name becomes an alias, its attrs fill gaps.
      Body(13, 2, 9, "acled:actor:fama", "Military Forces of Mali", {}, {{"x", int64_t{2}}, {"inter", std::string("1")}}),
  };
  Node n = Fresh("fama");
  std::set<std::string> ids;
  FoldNode(bodies, &n, &ids);
  CHECK(n.name == "Forces armées maliennes");  // newest record 7 beats 3
  CHECK(n.aliases == std::vector<std::string>{"FAMa", "Fama", "Military Forces of Mali", "armée"});
  CHECK(std::get<std::string>(n.attrs.at("category")) == "state_forces");
  CHECK(std::get<int64_t>(n.attrs.at("x")) == 1);  // the node's own declarations before a member's
  CHECK(std::get<std::string>(n.attrs.at("inter")) == "1");
  CHECK(n.newest_body == 13);
  CHECK(ids == std::set<std::string>{"acled:actor:fama", "fama"});
}

TEST_CASE("FoldNode: an alias that is the node's name is not listed, no bodies leave the id", "[graph][node_fold]") {
  Node n = Fresh("x");
  FoldNode({Body(1, 1, 1, "x", "X", {"Y"}, {}), Body(2, 2, 2, "x", std::nullopt, {"X", "Z"}, {})}, &n);
  CHECK(n.name == "X");
  CHECK(n.aliases == std::vector<std::string>{"Y", "Z"});
  FoldNode({}, &n);
  CHECK(n.name == "x");
  CHECK(n.aliases.empty());
  CHECK(n.newest_body == 0);
}

TEST_CASE("FoldNewest agrees with folding every body, or declines", "[graph][node_fold]") {
  std::vector<GraphReader::DeclBody> bodies = {Body(1, 1, 4, "n", "N", {"a", "b"}, {{"k", int64_t{1}}}),
                                               Body(2, 2, 5, "m", "M", {"c"}, {{"j", int64_t{1}}})};
  Node base = Fresh("n");
  FoldNode(bodies, &base);
  // A new body from record 6, the newest: the node's own id, same name.
  GraphReader::DeclBody next = Body(3, 6, 6, "n", "N", {"d", "a"}, {{"k", int64_t{2}}, {"j", int64_t{3}}});
  Node quick = base;
  REQUIRE(FoldNewest(next.decl, next.hash, &quick));
  bodies.push_back(next);
  Node slow = Fresh("n");
  FoldNode(bodies, &slow);
  CHECK(quick.name == slow.name);
  CHECK(quick.aliases == slow.aliases);
  CHECK(quick.attrs == slow.attrs);
  CHECK(quick.newest_body == slow.newest_body);
  // A rename or a member's declaration moves aliases: fold them all.
  Node untouched = base;
  CHECK_FALSE(FoldNewest(Body(4, 7, 7, "n", "New name", {}, {}).decl, 4, &untouched));
  CHECK_FALSE(FoldNewest(Body(5, 7, 7, "m", std::nullopt, {}, {}).decl, 5, &untouched));
  CHECK(untouched.aliases == base.aliases);
}

}  // namespace
}  // namespace kg::test
