// FlatIndex: an open-addressing hash index from keys to the positions of
// their entries, which the caller keeps in a vector of its own.
//
// One flat table with linear probing, at most half full. A slot holds its
// entry's position + 1 in its low half and the top half of the key's hash
// in its high half, so that a probe passing other keys' slots reads no
// entry; 0 is an empty slot. Lookups cost one hash and, mostly, one slot and
// one entry read, with no division and no pointer chase: std::unordered_map
// spent most of an ingest's endpoint lookups on both.
//
// The caller keeps its entries at positions 0, 1, 2... in the order they
// were indexed, and passes key_of(i) (entry i's key) and hash_of(i) (its
// hash, as Hash gave it) to the calls that need them. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace kg {

class FlatIndex {
 public:
  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>()(key); }

  // The slot holding the entry whose key is key, or the empty slot where
  // it would go.
  template <class KeyOf>
  size_t Probe(std::string_view key, uint64_t hash, const KeyOf& key_of) const {
    const size_t mask = table_.size() - 1;
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const uint64_t t = table_[slot];
      if (t == 0) return slot;
      if ((t & kTagMask) == (hash & kTagMask) && key_of(PositionOf(t)) == key) return slot;
    }
  }
  bool Empty(size_t slot) const { return table_[slot] == 0; }
  uint32_t At(size_t slot) const { return PositionOf(table_[slot]); }

  // Fills an empty slot from Probe with the entry at position, of count
  // entries now indexed; the table may grow, so Probe again after it.
  template <class HashOf>
  void Fill(size_t slot, uint64_t hash, uint32_t position, size_t count, const HashOf& hash_of) {
    table_[slot] = SlotOf(hash, position);
    if (count * 2 > table_.size()) Grow(count, hash_of);
  }
  // Empties the table; count is the number of entries indexed. The cost
  // follows count, not the largest size the table grew to: a table much
  // larger than its entries starts again at the initial size (the writer
  // forgets its resolved texts after every failed record), and one that
  // indexes none is left as it is.
  void Clear(size_t count) {
    if (count == 0) return;
    if (count * 8 < table_.size()) {
      table_.assign(kInitialSize, 0);
    } else {
      std::fill(table_.begin(), table_.end(), 0);
    }
  }

 private:
  static constexpr uint64_t kTagMask = ~uint64_t{0} << 32;
  static constexpr size_t kInitialSize = 1 << 10;
  static uint64_t SlotOf(uint64_t hash, uint32_t position) { return (hash & kTagMask) | (uint64_t{position} + 1); }
  static uint32_t PositionOf(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }

  template <class HashOf>
  void Grow(size_t count, const HashOf& hash_of) {
    std::vector<uint64_t> table(table_.size() * 2, 0);
    const size_t mask = table.size() - 1;
    for (uint32_t i = 0; i < count; ++i) {
      const uint64_t hash = hash_of(i);
      size_t slot = hash & mask;
      while (table[slot] != 0) slot = (slot + 1) & mask;
      table[slot] = SlotOf(hash, i);
    }
    table_.swap(table);
  }

  std::vector<uint64_t> table_ = std::vector<uint64_t>(kInitialSize, 0);
};

}  // namespace kg
