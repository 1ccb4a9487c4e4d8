#include "graph/pending_writes.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace kg {
namespace {

constexpr size_t kBlockSize = 64 << 10;
constexpr size_t kInitialTable = 1 << 10;

uint64_t HashKey(std::string_view key) { return std::hash<std::string_view>()(key); }

// A table slot holds an entry's index + 1 in its low half and the top half
// of the key's hash in its high half, so that a probe passing other keys'
// slots reads no entry.
constexpr uint64_t kTagMask = ~uint64_t{0} << 32;
uint64_t SlotOf(uint64_t hash, uint32_t index) { return (hash & kTagMask) | (uint64_t{index} + 1); }
uint32_t IndexOf(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }

// The first 16 bytes of a key as two big-endian numbers, zero-padded: keys
// compare as their prefixes do, unless the prefixes are equal.
struct SortKey {
  uint64_t hi, lo;
  uint32_t index;
};
uint64_t LoadBigEndian(std::string_view key, size_t from) {
  unsigned char bytes[8] = {};
  if (key.size() > from) std::memcpy(bytes, key.data() + from, std::min<size_t>(8, key.size() - from));
  uint64_t v = 0;
  for (unsigned char b : bytes) v = (v << 8) | b;
  return v;
}

}  // namespace

PendingWrites::PendingWrites() : table_(kInitialTable, 0) {}
PendingWrites::~PendingWrites() = default;

size_t PendingWrites::Probe(std::string_view key, uint64_t hash) const {
  const size_t mask = table_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const uint64_t t = table_[slot];
    if (t == 0) return slot;
    if ((t & kTagMask) == (hash & kTagMask) && entries_[IndexOf(t)].key == key) return slot;
  }
}

const PendingWrites::Entry* PendingWrites::Find(std::string_view key) const {
  const uint64_t t = table_[Probe(key, HashKey(key))];
  return t == 0 ? nullptr : &entries_[IndexOf(t)];
}

void PendingWrites::Grow() {
  std::vector<uint64_t> table(table_.size() * 2, 0);
  const size_t mask = table.size() - 1;
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    size_t slot = hashes_[i] & mask;
    while (table[slot] != 0) slot = (slot + 1) & mask;
    table[slot] = SlotOf(hashes_[i], i);
  }
  table_.swap(table);
}

uint32_t PendingWrites::FindOrAdd(std::string_view key) {
  const uint64_t hash = HashKey(key);
  size_t slot = Probe(key, hash);
  if (table_[slot] != 0) return IndexOf(table_[slot]);
  const uint32_t index = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Entry{Copy(key), {}, State::kNone});
  hashes_.push_back(hash);
  table_[slot] = SlotOf(hash, index);
  // At most half full, so that probes stay short.
  if (entries_.size() * 2 > table_.size()) Grow();
  return index;
}

std::string_view PendingWrites::Copy(std::string_view bytes) {
  if (bytes.empty()) return {};
  char* dst;
  if (bytes.size() > kBlockSize / 4) {  // a large value gets a block of its own
    large_.push_back(std::make_unique<char[]>(bytes.size()));
    dst = large_.back().get();
  } else {
    if (free_size_ < bytes.size()) {
      if (used_blocks_ == blocks_.size()) blocks_.push_back(std::make_unique<char[]>(kBlockSize));
      free_ = blocks_[used_blocks_++].get();
      free_size_ = kBlockSize;
    }
    dst = free_;
    free_ += bytes.size();
    free_size_ -= bytes.size();
  }
  std::memcpy(dst, bytes.data(), bytes.size());
  return std::string_view(dst, bytes.size());
}

void PendingWrites::Set(std::string_view key, std::string_view value, State state) {
  const uint32_t index = FindOrAdd(key);
  Entry& e = entries_[index];
  if (!savepoints_.empty()) undo_.push_back(Undo{index, e.state, e.value});
  bytes_ -= Bytes(e);
  e.state = state;
  e.value = state == State::kPut ? Copy(value) : std::string_view();
  bytes_ += Bytes(e);
}

bool PendingWrites::RollbackToSavePoint() {
  if (savepoints_.empty()) return false;
  const size_t mark = savepoints_.back();
  savepoints_.pop_back();
  while (undo_.size() > mark) {
    const Undo& u = undo_.back();
    Entry& e = entries_[u.index];
    bytes_ -= Bytes(e);
    e.state = u.state;
    e.value = u.value;
    bytes_ += Bytes(e);
    undo_.pop_back();
  }
  return true;
}

void PendingWrites::PopSavePoint() {
  if (savepoints_.empty()) return;
  savepoints_.pop_back();
  if (savepoints_.empty()) undo_.clear();  // an enclosing savepoint still needs them
}

void PendingWrites::Clear() {
  // Only an added entry fills a slot: with none, the table is empty already
  // (a batch handed to the committer comes back cleared, and is cleared
  // again by its writer).
  if (!entries_.empty()) std::fill(table_.begin(), table_.end(), 0);
  entries_.clear();
  hashes_.clear();
  undo_.clear();
  savepoints_.clear();
  runs_.clear();
  sorted_ = 0;
  bytes_ = 0;
  large_.clear();
  used_blocks_ = 0;  // the blocks stay, for the next writes
  free_ = nullptr;
  free_size_ = 0;
}

void PendingWrites::SortNewEntries() {
  if (sorted_ == entries_.size()) return;
  // Sorted by their prefixes, held inline: most comparisons read no key.
  std::vector<SortKey> keys(entries_.size() - sorted_);
  for (size_t i = 0; i < keys.size(); ++i) {
    const uint32_t index = static_cast<uint32_t>(sorted_ + i);
    const std::string_view key = entries_[index].key;
    keys[i] = SortKey{LoadBigEndian(key, 0), LoadBigEndian(key, 8), index};
  }
  std::sort(keys.begin(), keys.end(), [this](const SortKey& a, const SortKey& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return Less(a.index, b.index);
  });
  Run run(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) run[i] = keys[i].index;
  auto less = [this](uint32_t a, uint32_t b) { return Less(a, b); };
  sorted_ = entries_.size();
  while (!runs_.empty() && runs_.back()->size() <= 2 * run.size()) {
    Run merged(runs_.back()->size() + run.size());
    std::merge(runs_.back()->begin(), runs_.back()->end(), run.begin(), run.end(), merged.begin(), less);
    runs_.pop_back();
    run.swap(merged);
  }
  runs_.push_back(std::make_shared<const Run>(std::move(run)));
}

PendingWrites::Cursor PendingWrites::NewCursor() {
  SortNewEntries();
  Cursor c;
  c.owner_ = this;
  c.runs_ = runs_;
  c.pos_.assign(runs_.size(), 0);
  return c;
}

void PendingWrites::Cursor::Seek(std::string_view target) {
  for (size_t i = 0; i < runs_.size(); ++i) {
    const Run& run = *runs_[i];
    auto it = std::lower_bound(run.begin(), run.end(), target,
                               [this](uint32_t e, std::string_view t) { return owner_->entries_[e].key < t; });
    pos_[i] = static_cast<size_t>(it - run.begin());
  }
  Settle();
}

void PendingWrites::Cursor::Next() {
  ++pos_[run_];
  Settle();
}

const PendingWrites::Entry& PendingWrites::Cursor::entry() const {
  return owner_->entries_[(*runs_[run_])[pos_[run_]]];
}

void PendingWrites::Cursor::Settle() {
  for (;;) {
    run_ = kEnd;
    std::string_view best;
    for (size_t i = 0; i < runs_.size(); ++i) {
      if (pos_[i] == runs_[i]->size()) continue;
      std::string_view key = owner_->entries_[(*runs_[i])[pos_[i]]].key;
      if (run_ == kEnd || key < best) {
        run_ = i;
        best = key;
      }
    }
    if (run_ == kEnd || entry().state != State::kNone) return;
    ++pos_[run_];  // a write undone: not there
  }
}

}  // namespace kg
