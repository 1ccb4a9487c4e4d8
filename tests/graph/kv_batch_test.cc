// A KvBatch over a real store reads as its model says: a std::map holding
// the store's keys with the batch's writes laid over them. Random puts,
// deletes, nested savepoints, rollbacks, point reads and prefix scans, with
// commits along the way (in line or in the background), on keys that share
// long prefixes as kg's do.
#include <map>
#include <optional>
#include <random>

#include "graph/kv.h"
#include "test_util.h"

namespace kg::test {
namespace {

using Model = std::map<std::string, std::string>;

std::string RandomKey(std::mt19937* rng) {
  // Few distinct prefixes and short tails: many collisions and overlaps.
  // Some prefixes are 16 bytes or longer with zero bytes, as node ids
  // make them, and tails may hold zero bytes: keys that differ only past
  // their 16th byte, or only in length, must still sort right.
  using namespace std::string_view_literals;
  static constexpr std::string_view kPrefixes[] = {
      "E\x01\x02"sv, "E\x01\x03"sv, "J\x01"sv, "A"sv, ""sv,
      "E\0\0\0\0\0\0\x01\0\0\0\0\0\0\0"sv, "E\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\x02STRUCK"sv};
  std::string key(kPrefixes[(*rng)() % std::size(kPrefixes)]);
  const size_t tail = (*rng)() % 3;
  for (size_t i = 0; i < tail; ++i) key += "\0abc"[(*rng)() % 4];
  return key;
}

// Every key of the batch (store and pending writes together) from target on.
std::vector<std::pair<std::string, std::string>> Scan(const KvReader& r, const std::string& target) {
  std::vector<std::pair<std::string, std::string>> out;
  auto it = r.NewIterator();
  for (it->Seek(target); it->Valid(); it->Next()) out.emplace_back(it->key(), it->value());
  REQUIRE(it->status().ok());
  return out;
}

std::vector<std::pair<std::string, std::string>> Scan(const Model& m, const std::string& target) {
  return {m.lower_bound(target), m.end()};
}

// A new, empty store in dir.
std::unique_ptr<Kv> NewStore(const TempDir& dir) {
  std::unique_ptr<Kv> kv;
  KvOptions options;
  options.create_if_missing = true;
  KG_REQUIRE_OK(Kv::Open(options, dir.path() + "/db", &kv));
  return kv;
}

TEST_CASE("A batch reads as its model through random writes, savepoints and commits", "[graph][kv]") {
  TempDir dir;
  std::unique_ptr<Kv> kv = NewStore(dir);
  auto batch = kv->NewBatch();
  std::mt19937 rng(7);
  Model committed;                // what the store holds
  Model model;                    // what the batch reads
  std::vector<Model> savepoints;  // the model at each open savepoint
  for (int step = 0; step < 20000; ++step) {
    const std::string key = RandomKey(&rng);
    switch (rng() % 12) {
      case 0:
      case 1:
      case 2:
      case 3: {
        const std::string value = "v" + std::to_string(step);
        batch->Put(key, value);
        model[key] = value;
        break;
      }
      case 4:
      case 5:
        batch->Delete(key);
        model.erase(key);
        break;
      case 6:
        batch->SetSavePoint();
        savepoints.push_back(model);
        break;
      case 7:
        if (savepoints.empty()) {
          CHECK(batch->RollbackToSavePoint().IsNotFound());
        } else {
          KG_REQUIRE_OK(batch->RollbackToSavePoint());
          model = savepoints.back();
          savepoints.pop_back();
        }
        break;
      case 8:
        batch->PopSavePoint();
        if (!savepoints.empty()) savepoints.pop_back();
        break;
      case 9: {
        std::string value;
        Status s = batch->Get(key, &value);
        auto it = model.find(key);
        if (it == model.end()) {
          REQUIRE(s.IsNotFound());
        } else {
          KG_REQUIRE_OK(s);
          REQUIRE(value == it->second);
        }
        break;
      }
      case 10:
        REQUIRE(Scan(*batch, key) == Scan(model, key));
        break;
      case 11:
        if (rng() % 8 == 0 && savepoints.empty()) {
          // In line, or in the background: the batch reads the same
          // meanwhile, and the store holds it all by the next write.
          if (rng() % 2 == 0) {
            KG_REQUIRE_OK(kv->Write(batch.get()));
            batch->Clear();
            REQUIRE(Scan(*kv, "") == Scan(model, ""));
          } else {
            KG_REQUIRE_OK(kv->WriteInBackground(batch.get()));
            REQUIRE(batch->ByteSize() == 0);
          }
          committed = model;
        }
        break;
    }
  }
  REQUIRE(Scan(*batch, "") == Scan(model, ""));
  KG_REQUIRE_OK(kv->Sync());
  REQUIRE(Scan(*kv, "") == Scan(committed, ""));
}

TEST_CASE("A batch's size counts each pending key once, and a rollback gives it back", "[graph][kv]") {
  TempDir dir;
  std::unique_ptr<Kv> kv = NewStore(dir);
  auto batch = kv->NewBatch();
  batch->Put("key", "value");
  CHECK(batch->ByteSize() == 8);
  batch->Put("key", "longer value");
  CHECK(batch->ByteSize() == 15);
  batch->SetSavePoint();
  batch->Delete("key");
  batch->Put("other", std::string(100000, 'x'));  // larger than an arena block
  CHECK(batch->ByteSize() == 3 + 5 + 100000);
  KG_REQUIRE_OK(batch->RollbackToSavePoint());
  CHECK(batch->ByteSize() == 15);
  std::string value;
  KG_REQUIRE_OK(batch->Get("key", &value));
  CHECK(value == "longer value");
  CHECK(batch->Get("other", &value).IsNotFound());
  batch->Clear();
  CHECK(batch->ByteSize() == 0);
  CHECK(batch->Get("key", &value).IsNotFound());
}

}  // namespace
}  // namespace kg::test
