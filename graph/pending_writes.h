// PendingWrites: a batch's writes not yet applied to the store, read back by
// key and in key order.
//
// An ingest writes each key of a record once or a few times and reads many
// keys back by point lookup; it reads in key order only for short prefix
// scans (a name, a node's edges). So the writes are kept for the lookups,
// and sorted only as far as a scan needs:
//   - each distinct key written since Clear has one entry holding its latest
//     state (a value, a deletion, or none: a write undone by a savepoint);
//     keys and values live in an arena, so an entry is a few words;
//   - a FlatIndex finds a key's entry;
//   - entries are sorted in runs when a scan asks for order: the entries
//     added since the last scan make a new run, and runs are merged while
//     the newest is at least half as large as the one before, so there are
//     O(log n) runs and each entry is merged O(log n) times. A cursor walks
//     the runs side by side.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "graph/flat_index.h"

namespace kg {

class PendingWrites {
 public:
  enum class State : uint8_t { kNone, kPut, kDeleted };
  struct Entry {
    std::string_view key;
    std::string_view value;  // when state is kPut
    State state = State::kNone;
  };

  PendingWrites();
  ~PendingWrites();
  PendingWrites(const PendingWrites&) = delete;
  PendingWrites& operator=(const PendingWrites&) = delete;

  // The entry of key, or nullptr when key was not written since Clear. An
  // entry with state kNone stands for no write.
  const Entry* Find(std::string_view key) const;
  void Put(std::string_view key, std::string_view value) { Set(key, value, State::kPut); }
  void Delete(std::string_view key) { Set(key, {}, State::kDeleted); }

  // Savepoints nest; rolling back undoes every write since the newest.
  void SetSavePoint() { savepoints_.push_back(undo_.size()); }
  bool RollbackToSavePoint();  // false when there is no savepoint
  void PopSavePoint();
  bool HasSavePoint() const { return !savepoints_.empty(); }

  // The bytes of keys and values written, counting each key once.
  size_t ByteSize() const { return bytes_; }
  size_t size() const { return entries_.size(); }
  // Forgets every write, keeping the memory for the next ones.
  void Clear();

  // Walks entries in key order, skipping those with state kNone. It sees the
  // keys written before it was made, with their current state; keys written
  // after may be missed. Valid while the PendingWrites lives and is not
  // cleared.
  class Cursor {
   public:
    void Seek(std::string_view target);
    bool Valid() const { return run_ != kEnd; }
    void Next();
    const Entry& entry() const;

   private:
    friend class PendingWrites;
    static constexpr size_t kEnd = ~size_t{0};
    void Settle();  // moves to the smallest present entry at or after the positions
    const PendingWrites* owner_ = nullptr;
    std::vector<std::shared_ptr<const std::vector<uint32_t>>> runs_;
    std::vector<size_t> pos_;
    size_t run_ = kEnd;  // the run holding the current entry
  };
  // Sorts what a cursor needs first (hence not const).
  Cursor NewCursor();

 private:
  using Run = std::vector<uint32_t>;
  struct Undo {
    uint32_t index;
    State state;
    std::string_view value;
  };

  void Set(std::string_view key, std::string_view value, State state);
  uint32_t FindOrAdd(std::string_view key);
  size_t Probe(std::string_view key, uint64_t hash) const;  // the key's slot, or the empty one to use
  std::string_view Copy(std::string_view bytes);
  void SortNewEntries();
  bool Less(uint32_t a, uint32_t b) const { return entries_[a].key < entries_[b].key; }
  static size_t Bytes(const Entry& e) {
    return e.state == State::kNone ? 0 : e.key.size() + (e.state == State::kPut ? e.value.size() : 0);
  }

  std::vector<Entry> entries_;
  std::vector<uint64_t> hashes_;  // of each entry's key
  FlatIndex index_;               // of entries_ by key
  std::vector<Undo> undo_;
  std::vector<size_t> savepoints_;
  std::vector<std::shared_ptr<const Run>> runs_;  // sorted, of sizes decreasing
  size_t sorted_ = 0;                             // entries_ below this are in runs_
  size_t bytes_ = 0;
  // The arena: blocks of copied keys and values, reused after Clear, and
  // large values, freed by Clear.
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t used_blocks_ = 0;
  std::vector<std::unique_ptr<char[]>> large_;
  char* free_ = nullptr;
  size_t free_size_ = 0;
};

}  // namespace kg
