// Stores written by an older kg (format 1: an in-edge twin per edge instead
// of adjacency keys; format 2: records without versions, judgements and
// edge keys) are upgraded by the first writer that opens them; a reader is
// told to upgrade format 1 and reads format 2 as it is; an interrupted
// upgrade finishes at the next writer.
#include "graph/check.h"
#include "graph/key_codec.h"
#include "graph/value_codec.h"
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
                             "to format " + std::to_string(kFormatVersion));
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

// ---------------------------------------------------------------- format 2

// Every key and value of a store written by kg at store format 2 (commit
// e57c32e), as hex: these three records, the second with match_existing.
const char* const kFormat2Records = R"(
{"record": "lemali-2025-06-13",
 "source": {"title": "Contre-offensive des FAMa", "url": "https://example.org/a", "published": "2025-06-13", "lang": "fr"},
 "nodes": [{"id": "fama", "kind": "actor", "name": "Forces armées maliennes", "aliases": ["FAMa"], "attrs": {"category": "state_forces"}},
           {"id": "boulkessi", "kind": "location", "name": "Boulkessi", "attrs": {"level": "locality"}, "coords": [14.73, -1.61]},
           {"id": "bandiagara", "kind": "location", "name": "Bandiagara", "attrs": {"level": "region"}}],
 "edges": [{"from": "FAMa", "type": "STRUCK", "to": "boulkessi", "date": "2025-06-12", "attrs": {"target": "fuel depot", "means": "airstrike"}},
           {"from": "boulkessi", "type": "LOCATED_IN", "to": "bandiagara"}]}
{"record": "acled-MLI1", "nodes": [{"id": "acled:actor:jnim", "kind": "actor", "name": "JNIM"}],
 "edges": [{"from": "acled:actor:jnim", "type": "ATTACKED", "to": "fama", "date": "2025-06",
            "attrs": {"fatalities": 3, "score": 1.5, "claimed": true}}]}
{"record": "lemali-2025-06-20", "edges": [{"from": "FAMa", "type": "STRUCK", "to": "boulkessi", "date": "2025-06-12", "attrs": {"target": "camp"}}]}
)";
const std::vector<std::pair<const char*, const char*>> kFormat2Store = {
    {"4162616e64696167617261000000000000000003", ""},
    {"41626f756c6b65737369000000000000000002", ""},
    {"4166616d61000000000000000001", ""},
    {"41666f726365732061726d656573206d616c69656e6e6573000000000000000001", ""},
    {"416a6e696d000000000000000004", ""},
    {"4461636c65642d4d4c4931", "010a61636c65642d4d4c49310285cfcff0bfeed383b301050000000000011061636c65643a6163746f723a6a6e696d0101044a4e494d000000000104010841545441434b454407323032352d30360307636c61696d656462010a666174616c697469657369030573636f726564000000000000f83f"},
    {"446c656d616c692d323032352d30362d3133", "01116c656d616c692d323032352d30362d313301b9ead9a982a9ecc07b0519436f6e7472652d6f6666656e73697665206465732046414d611568747470733a2f2f6578616d706c652e6f72672f610a323032352d30362d313300026672030466616d61010118466f726365732061726dc3a96573206d616c69656e6e6573010446414d61010863617465676f7279730c73746174655f666f72636573000009626f756c6b65737369020109426f756c6b657373690001056c6576656c73086c6f63616c69747901f6285c8fc2752d40c3f5285c8fc2f9bf000a62616e6469616761726102010a42616e646961676172610001056c6576656c7306726567696f6e00000201020653545255434b0a323032352d30362d313202056d65616e737309616972737472696b6506746172676574730a6675656c206465706f7402030a4c4f43415445445f494e0000"},
    {"446c656d616c692d323032352d30362d3230", "01116c656d616c692d323032352d30362d3230038592b0fda9a2ffe71a050000000000000101020653545255434b0a323032352d30362d31320106746172676574730463616d70"},
    {"450000000000000001000000000000000253545255434b00323032352d30362d3132", "0102056d65616e737309616972737472696b6506746172676574730463616d70020102"},
    {"45000000000000000200000000000000034c4f43415445445f494e00", "01000101"},
    {"450000000000000004000000000000000141545441434b454400323032352d3036", "010307636c61696d656462010a666174616c697469657369030573636f726564000000000000f83f0102"},
    {"4961636c65643a6163746f723a6a6e696d", "0000000000000004"},
    {"4962616e64696167617261", "0000000000000003"},
    {"49626f756c6b65737369", "0000000000000002"},
    {"4966616d61", "0000000000000001"},
    {"4a000000000000000100000000000000026f", ""},
    {"4a0000000000000001000000000000000469", ""},
    {"4a0000000000000002000000000000000169", ""},
    {"4a000000000000000200000000000000036f", ""},
    {"4a0000000000000003000000000000000269", ""},
    {"4a000000000000000400000000000000016f", ""},
    {"4d6564676573", "03"},
    {"4d666f726d6174", "02"},
    {"4d6b696e643a6163746f72", "02"},
    {"4d6b696e643a6c6f636174696f6e", "02"},
    {"4d6e6578745f6e6f6465", "05"},
    {"4d6e6578745f736571", "04"},
    {"4d6e6f646573", "04"},
    {"4d7265636f726473", "03"},
    {"4d747970653a41545441434b4544", "01"},
    {"4d747970653a4c4f43415445445f494e", "01"},
    {"4d747970653a53545255434b", "01"},
    {"4e0000000000000001", "010466616d610118466f726365732061726dc3a96573206d616c69656e6e6573010446414d61010863617465676f7279730c73746174655f666f7263657300"},
    {"4e0000000000000002", "0109626f756c6b657373690209426f756c6b657373690001056c6576656c73086c6f63616c69747901f6285c8fc2752d40c3f5285c8fc2f9bf"},
    {"4e0000000000000003", "010a62616e64696167617261020a42616e646961676172610001056c6576656c7306726567696f6e00"},
    {"4e0000000000000004", "011061636c65643a6163746f723a6a6e696d01044a4e494d000000"},
    {"5000000000000000010000000000000001", ""},
    {"5000000000000000020000000000000001", ""},
    {"5000000000000000030000000000000001", ""},
    {"5000000000000000040000000000000002", ""},
    {"510000000000000001", "6c656d616c692d323032352d30362d3133"},
    {"510000000000000002", "61636c65642d4d4c4931"},
    {"510000000000000003", "6c656d616c692d323032352d30362d3230"},
};

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

class Format2Store : public TempStore {
 protected:
  // Replaces the store's contents by kFormat2Store, and keeps the dump of a
  // store that ingests kFormat2Records afresh.
  void MakeFormat2() {
    {
      TempStore fresh;
      KG_REQUIRE_OK(fresh.ApplyAll(kFormat2Records));
      fresh_dump_ = Dump(fresh.reader());
    }
    Close();
    std::unique_ptr<Kv> kv;
    KG_REQUIRE_OK(Kv::Open(KvOptions(), db_path(), &kv));
    auto batch = kv->NewBatch();
    for (const std::string& key : KeysUnder(*kv, "")) batch->Delete(key);
    for (const auto& [key, value] : kFormat2Store) batch->Put(Unhex(key), Unhex(value));
    KG_REQUIRE_OK(kv->Write(batch.get()));
    KG_REQUIRE_OK(kv->Sync());
  }
  uint64_t FormatVersion() {
    std::string raw;
    uint64_t version = 0;
    KG_REQUIRE_OK(store().kv()->Get(MetaKey(kMetaFormat), &raw));
    REQUIRE(DecodeCounter(raw, &version));
    return version;
  }
  // Whether every stored record is in the current record format.
  bool RecordsCurrent() {
    for (const std::string& key : KeysUnder(*store().kv(), RecordPrefix())) {
      std::string value;
      KG_REQUIRE_OK(store().kv()->Get(key, &value));
      if (!IsCurrentRecordFormat(value)) return false;
    }
    return true;
  }
  // The store answers as a fresh store of the same records, and its records
  // read back with everything format 2 stored.
  void RequireSameGraph() {
    REQUIRE(Violations(reader()).empty());
    REQUIRE(Dump(reader()) == fresh_dump_);
    StoredRecord rec;
    KG_REQUIRE_OK(reader().GetRecord("acled-MLI1", &rec));
    REQUIRE(rec.nodes.size() == 1);
    REQUIRE(rec.nodes[0].id == "acled:actor:jnim");
    REQUIRE(rec.nodes[0].name == "JNIM");
    REQUIRE(rec.nodes[0].same_as.empty());
    REQUIRE_FALSE(rec.nodes[0].match);
    REQUIRE_FALSE(rec.version);
    REQUIRE(rec.edges.size() == 1);
    REQUIRE(rec.edges[0].key.empty());
    REQUIRE(rec.edges[0].attrs.size() == 3);
  }
  std::string fresh_dump_;
};

TEST_CASE_METHOD(Format2Store, "a reader reads a format-2 store as it is", "[graph][format]") {
  MakeFormat2();
  Reopen(true);
  REQUIRE(FormatVersion() == 2);
  REQUIRE_FALSE(RecordsCurrent());
  RequireSameGraph();
}

TEST_CASE_METHOD(Format2Store, "a writer upgrades a format-2 store in place", "[graph][format]") {
  MakeFormat2();
  Reopen(false);
  REQUIRE(FormatVersion() == kFormatVersion);
  REQUIRE(RecordsCurrent());
  RequireSameGraph();
  // A record ingested again is unchanged: its hash is the one format 2 stored.
  ApplyOutcome outcome;
  KG_REQUIRE_OK(Apply(R"({"record": "lemali-2025-06-20", "edges": [{"from": "FAMa", "type": "STRUCK",
                          "to": "boulkessi", "date": "2025-06-12", "attrs": {"target": "camp"}}]})",
                      &outcome));
  REQUIRE(outcome == ApplyOutcome::kUnchanged);
  // And a keyed event beside the stored keyless one is an edge of its own.
  KG_REQUIRE_OK(Apply(R"({"record": "acled-MLI2", "edges": [{"from": "FAMa", "type": "STRUCK",
                          "to": "boulkessi", "date": "2025-06-12", "key": "MLI2", "attrs": {"fatalities": 4}}]})",
                      &outcome));
  REQUIRE(outcome == ApplyOutcome::kIngested);
  Reopen(true);
  REQUIRE(Violations(reader()).empty());
  REQUIRE(DumpLines(reader(), "edge fama -STRUCK-> ") ==
          std::vector<std::string>{
              "edge fama -STRUCK-> boulkessi 2025-06-12 attrs={means:\"airstrike\",target:\"camp\"} support=2 "
              "sources=[lemali-2025-06-13,lemali-2025-06-20]",
              "edge fama -STRUCK-> boulkessi 2025-06-12 key=MLI2 attrs={fatalities:4} support=1 sources=[acled-MLI2]"});
}

TEST_CASE_METHOD(Format2Store, "an upgrade from format 2 interrupted before format 3 runs again", "[graph][format]") {
  MakeFormat2();
  // Half the records rewritten, format still 2.
  Reopen(true);
  std::vector<std::pair<std::string, std::string>> rewritten;
  for (const std::string& key : KeysUnder(*store().kv(), RecordPrefix())) {
    StoredRecord rec;
    std::string value;
    KG_REQUIRE_OK(store().kv()->Get(key, &value));
    REQUIRE(DecodeRecord(value, &rec));
    value.clear();
    EncodeRecord(rec, &value);
    rewritten.emplace_back(key, value);
    break;
  }
  Close();
  {
    std::unique_ptr<Kv> kv;
    KG_REQUIRE_OK(Kv::Open(KvOptions(), db_path(), &kv));
    auto batch = kv->NewBatch();
    for (const auto& [key, value] : rewritten) batch->Put(key, value);
    KG_REQUIRE_OK(kv->Write(batch.get()));
    KG_REQUIRE_OK(kv->Sync());
  }
  Reopen(false);
  REQUIRE(FormatVersion() == kFormatVersion);
  REQUIRE(RecordsCurrent());
  RequireSameGraph();
}

}  // namespace
}  // namespace kg::test

namespace kg::test {
namespace {

// Format 3 kept a 'P' nid seq key per declaration and no declaration bodies.
// The store is built by this kg (examples, a same_as merge, a revision) and
// rewritten as format 3 had it. (Format2Store for FormatVersion.)
class Format3Store : public Format2Store {
 protected:
  static constexpr const char* kRecords = R"(
{"record": "x1", "nodes": [{"id": "gsim", "kind": "actor", "name": "Groupe de soutien", "aliases": ["GSIM"],
  "attrs": {"category": "armed_group", "founded": 2017}}]}
{"record": "x2", "nodes": [{"id": "jnim", "aliases": ["Nusrat"], "same_as": ["gsim"], "attrs": {"note": "merged"}}]}
{"record": "x1", "nodes": [{"id": "gsim", "kind": "actor", "name": "Groupe de soutien", "aliases": ["GSIM", "JNIM-2"],
  "attrs": {"category": "armed_group", "founded": 2017}}]}
)";
  void MakeFormat3() {
    KG_REQUIRE_OK(IngestExamples());
    KG_REQUIRE_OK(ApplyAll(kRecords));
    KG_REQUIRE_OK(Commit());
    REQUIRE(Violations(reader()).empty());
    dump_ = Dump(reader());
    auto batch = store().kv()->NewBatch();
    for (const std::string& key : KeysUnder(*store().kv(), AllDeclUsesPrefix())) {
      NodeId nid;
      uint64_t body;
      RecordSeq seq;
      REQUIRE(ParseDeclUseKey(key, &nid, &body, &seq));
      std::string p = Format3DeclPrefix(nid);
      PutFixed64BE(&p, seq);
      batch->Put(p, "");
      batch->Delete(key);
    }
    for (const auto& prefix : {AllDeclNewestPrefix(), AllDeclBodiesPrefix(), AllJudgementsPrefix()}) {
      for (const std::string& key : KeysUnder(*store().kv(), prefix)) batch->Delete(key);
    }
    for (const std::string& key : KeysUnder(*store().kv(), NodePrefix())) {
      std::string value;
      Node n;
      KG_REQUIRE_OK(store().kv()->Get(key, &value));
      REQUIRE(DecodeNode(value, &n));
      n.newest_body = 0;  // format 3 had no such field
      value.clear();
      EncodeNode(n, &value);
      batch->Put(key, value);
    }
    std::string v;
    EncodeCounter(3, &v);
    batch->Put(MetaKey(kMetaFormat), v);
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
    KG_REQUIRE_OK(store().kv()->Sync());
    Close();
  }
  std::string dump_;
};

TEST_CASE_METHOD(Format3Store, "a format-3 store is read as it is, and upgraded in place by a writer", "[graph][format]") {
  MakeFormat3();
  Reopen(true);
  REQUIRE(FormatVersion() == 3);
  REQUIRE(Violations(reader()).empty());
  REQUIRE(Dump(reader()) == dump_);  // sources read from the 'P' keys

  Reopen(false);
  REQUIRE(FormatVersion() == kFormatVersion);
  REQUIRE(KeysUnder(*store().kv(), AllFormat3DeclsPrefix()).empty());
  REQUIRE_FALSE(KeysUnder(*store().kv(), AllDeclBodiesPrefix()).empty());
  REQUIRE(Violations(reader()).empty());
  REQUIRE(Dump(reader()) == dump_);

  // Revised and retracted afterwards, it is what a fresh store of the same
  // records in the same order is.
  const char* later = R"(
{"record": "x2", "nodes": [{"id": "jnim", "aliases": ["JNIM-2"], "same_as": ["gsim"]}]}
{"record": "lemali-2025-06-13-offensive", "nodes": [{"id": "fama", "kind": "actor", "name": "FAMa"},
  {"id": "jnim", "kind": "actor", "name": "JNIM"}]}
)";
  KG_REQUIRE_OK(ApplyAll(later));
  KG_REQUIRE_OK(writer().Retract("x1"));
  KG_REQUIRE_OK(Commit());
  REQUIRE(Violations(reader()).empty());
  TempStore fresh;
  KG_REQUIRE_OK(fresh.IngestExamples());
  KG_REQUIRE_OK(fresh.ApplyAll(kRecords));
  KG_REQUIRE_OK(fresh.ApplyAll(later));
  KG_REQUIRE_OK(fresh.writer().Retract("x1"));
  KG_REQUIRE_OK(fresh.Commit());
  REQUIRE(Dump(reader()) == Dump(fresh.reader()));
}

}  // namespace
}  // namespace kg::test

namespace kg::test {
namespace {

// Format 4 had no index of judgements ('S' keys). The store is built by this
// kg, with a judgement naming a node no record declares yet, and its index
// removed.
class Format4Store : public Format2Store {
 protected:
  void MakeFormat4() {
    KG_REQUIRE_OK(IngestExamples());
    KG_REQUIRE_OK(ApplyAll(R"(
{"record": "x1", "nodes": [{"id": "macina", "kind": "actor", "name": "Katiba Macina", "same_as": ["FLM"]}]}
)"));
    KG_REQUIRE_OK(Commit());
    REQUIRE_FALSE(KeysUnder(*store().kv(), AllJudgementsPrefix()).empty());
    auto batch = store().kv()->NewBatch();
    for (const std::string& key : KeysUnder(*store().kv(), AllJudgementsPrefix())) batch->Delete(key);
    std::string v;
    EncodeCounter(4, &v);
    batch->Put(MetaKey(kMetaFormat), v);
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
    KG_REQUIRE_OK(store().kv()->Sync());
    dump_ = Dump(reader());
    Close();
  }
  std::string dump_;
};

TEST_CASE_METHOD(Format4Store, "a format-4 store is read as it is, a writer indexes its judgements", "[graph][format]") {
  MakeFormat4();
  Reopen(true);
  REQUIRE(FormatVersion() == 4);
  REQUIRE(Violations(reader()).empty());

  Reopen(false);
  REQUIRE(FormatVersion() == kFormatVersion);
  REQUIRE(KeysUnder(*store().kv(), AllJudgementsPrefix()).size() == 1);
  REQUIRE(Violations(reader()).empty());
  REQUIRE(Dump(reader()) == dump_);
  // The judgement waiting since format 4 merges the node it names when it comes.
  KG_REQUIRE_OK(ApplyAll(R"({"record": "x2", "nodes": [{"id": "flm", "kind": "actor", "name": "FLM"}]})"));
  KG_REQUIRE_OK(Commit());
  NodeId flm, macina;
  KG_REQUIRE_OK(reader().FindNode("flm", &flm));
  KG_REQUIRE_OK(reader().FindNode("macina", &macina));
  REQUIRE(flm == macina);
  REQUIRE(Violations(reader()).empty());
  // History starts at the upgrade: the records it found are change 1, the
  // graph it found is what --as-of 1 shows.
  KG_REQUIRE_OK(Sync());
  std::vector<ChangeInfo> changes;
  KG_REQUIRE_OK(ReadChanges(reader(), &changes));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].command == "upgrade");
  StoreStats stats;
  KG_REQUIRE_OK(reader().Stats(&stats));
  CHECK(changes[0].added == stats.records - 1);
  CHECK(changes[0].complete);
  CHECK(changes[1].added == 1);
  CHECK(PastDump(reader(), 1) == dump_);
}

TEST_CASE_METHOD(Format4Store, "kg check sees a judgement missing from the index", "[graph][format][check]") {
  MakeFormat4();
  Reopen(false);
  {
    auto batch = store().kv()->NewBatch();
    for (const std::string& key : KeysUnder(*store().kv(), AllJudgementsPrefix())) batch->Delete(key);
    KG_REQUIRE_OK(store().kv()->Write(batch.get()));
  }
  const auto v = Violations(reader());
  REQUIRE(v.size() == 2);
  CHECK(v[0] == "record \"x1\": judgement same_as \"FLM\" is not indexed");
}

}  // namespace
}  // namespace kg::test
