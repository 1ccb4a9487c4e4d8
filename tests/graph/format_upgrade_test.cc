// Stores written by an older kg (format 1: an in-edge twin per edge instead
// of adjacency keys) are upgraded by the first writer that opens them, and
// say so to a reader; an interrupted upgrade finishes at the next writer.
#include "graph/check.h"
#include "graph/key_codec.h"
#include "test_util.h"

namespace kg::test {
namespace {

// Format 1's in-edge twin of an edge: 'R' dst src type 0 date.
std::string Format1InEdgeKey(const EdgeKey& k) {
  std::string key = Format1InEdgePrefix();
  PutFixed64BE(&key, k.to);
  PutFixed64BE(&key, k.from);
  key += k.type;
  key.push_back('\0');
  key += k.date;
  return key;
}

// Every key of one family in the store.
std::vector<std::string> KeysUnder(const KvReader& kv, const std::string& prefix) {
  std::vector<std::string> keys;
  auto it = kv.NewIterator();
  for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix; it->Next()) {
    keys.emplace_back(it->key());
  }
  REQUIRE(it->status().ok());
  return keys;
}

class Format1Store : public TempStore {
 protected:
  // Ingests the examples, then rewrites the store as format 1 had it. With
  // keep_adjacency, the adjacency keys stay (an upgrade interrupted before
  // it wrote format 2 leaves some).
  void MakeFormat1(bool keep_adjacency = false) {
    KG_REQUIRE_OK(IngestExamples());
    dump_ = Dump(reader());
    auto batch = store().kv()->NewBatch();
    AddTwins(batch.get());
    if (!keep_adjacency) {
      for (const std::string& key : KeysUnder(*store().kv(), AllAdjacencyPrefix())) batch->Delete(key);
    }
    std::string v;
    EncodeCounter(1, &v);
    batch->Put(MetaKey(kMetaFormat), v);
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
    KG_REQUIRE_OK(store().kv()->Sync());
    Close();
  }
  // Puts format 1's in-edge twin of every stored edge.
  void AddTwins(KvBatch* batch) {
    for (const std::string& key : KeysUnder(*store().kv(), AllOutEdgesPrefix())) {
      EdgeKey k;
      REQUIRE(ParseEdgeKey(key, &k));
      batch->Put(Format1InEdgeKey(k), "");
    }
  }
  void RequireUpgraded() {
    REQUIRE(KeysUnder(*store().kv(), Format1InEdgePrefix()).empty());
    REQUIRE_FALSE(KeysUnder(*store().kv(), AllAdjacencyPrefix()).empty());
    std::string raw;
    uint64_t version = 0;
    KG_REQUIRE_OK(store().kv()->Get(MetaKey(kMetaFormat), &raw));
    REQUIRE(DecodeCounter(raw, &version));
    REQUIRE(version == kFormatVersion);
    REQUIRE(Violations(reader()).empty());
    REQUIRE(Dump(reader()) == dump_);
  }
  std::string dump_;
};

TEST_CASE_METHOD(Format1Store, "a writer upgrades a format-1 store in place", "[graph][format]") {
  MakeFormat1();
  Reopen(false);
  RequireUpgraded();
  // And the upgraded store answers traversals as before, read-only too.
  Reopen(true);
  RequireUpgraded();
  NodeId fama = 0;
  KG_REQUIRE_OK(reader().FindNode("fama", &fama));
  std::vector<NodeId> out;
  EdgeFilter f;
  f.direction = Direction::kOut;
  KG_REQUIRE_OK(reader().Neighbors(fama, f, &out));
  REQUIRE(out.size() >= 4);
}

TEST_CASE_METHOD(Format1Store, "a reader is told how to upgrade a format-1 store", "[graph][format]") {
  MakeFormat1();
  std::unique_ptr<GraphStore> ro;
  StoreOptions o;  // read-only
  Status s = GraphStore::Open(o, db_path(), &ro);
  REQUIRE(s.IsInvalidArgument());
  REQUIRE(s.message() == db_path() +
                             " has store format 1, from an older kg; the next kg ingest or kg retract upgrades it "
                             "to format 2");
}

TEST_CASE_METHOD(Format1Store, "an upgrade interrupted either side of format 2 finishes at the next writer",
                 "[graph][format]") {
  SECTION("before format 2: some adjacency keys written, twins all there") {
    MakeFormat1(/*keep_adjacency=*/true);
    Reopen(false);
    RequireUpgraded();
  }
  SECTION("after format 2: twins left over") {
    KG_REQUIRE_OK(IngestExamples());
    dump_ = Dump(reader());
    auto batch = store().kv()->NewBatch();
    AddTwins(batch.get());
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
    Close();
    Reopen(false);
    RequireUpgraded();
  }
}

}  // namespace
}  // namespace kg::test
