#include "graph/pending_writes.h"

#include <algorithm>
#include <cstring>

namespace kg {
namespace {

constexpr size_t kBlockSize = 64 << 10;

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

PendingWrites::PendingWrites() = default;
PendingWrites::~PendingWrites() = default;

size_t PendingWrites::Probe(std::string_view key, uint64_t hash) const {
  return index_.Probe(key, hash, [this](uint32_t i) { return entries_[i].key; });
}

const PendingWrites::Entry* PendingWrites::Find(std::string_view key) const {
  const size_t slot = Probe(key, FlatIndex::Hash(key));
  return index_.Empty(slot) ? nullptr : &entries_[index_.At(slot)];
}

uint32_t PendingWrites::FindOrAdd(std::string_view key) {
  const uint64_t hash = FlatIndex::Hash(key);
  const size_t slot = Probe(key, hash);
  if (!index_.Empty(slot)) return index_.At(slot);
  const uint32_t index = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Entry{Copy(key), {}, State::kNone});
  hashes_.push_back(hash);
  index_.Fill(slot, hash, index, entries_.size(), [this](uint32_t i) { return hashes_[i]; });
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
  // A batch handed to the committer comes back cleared, and is cleared
  // again by its writer: the second time, the index is not zeroed again.
  index_.Clear(entries_.size());
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
