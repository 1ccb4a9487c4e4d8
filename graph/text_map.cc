#include "graph/text_map.h"

namespace kg {

size_t TextMap::Probe(std::string_view text, uint64_t hash) const {
  return index_.Probe(text, hash, [this](uint32_t i) { return std::string_view(entries_[i].text); });
}

const NodeId* TextMap::Find(std::string_view text) const {
  const size_t slot = Probe(text, FlatIndex::Hash(text));
  return index_.Empty(slot) ? nullptr : &entries_[index_.At(slot)].id;
}

void TextMap::Set(std::string_view text, NodeId id) {
  const uint64_t hash = FlatIndex::Hash(text);
  const size_t slot = Probe(text, hash);
  if (!index_.Empty(slot)) {
    entries_[index_.At(slot)].id = id;
    return;
  }
  entries_.push_back(Entry{std::string(text), hash, id});
  const auto position = static_cast<uint32_t>(entries_.size() - 1);
  index_.Fill(slot, hash, position, entries_.size(), [this](uint32_t i) { return entries_[i].hash; });
}

void TextMap::Clear() {
  index_.Clear(entries_.size());
  entries_.clear();
}

}  // namespace kg
