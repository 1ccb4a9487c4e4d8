// TextMap: texts mapped to node ids, in one FlatIndex. The writer keeps the
// endpoint texts it has resolved in one: an ingest looks one up for each
// end of each edge (4M lookups among 141k texts at 1M events).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/flat_index.h"
#include "graph/model.h"

namespace kg {

class TextMap {
 public:
  // The id of text, or null. Valid until the next change.
  const NodeId* Find(std::string_view text) const;
  // Maps text to id, replacing any id it had.
  void Set(std::string_view text, NodeId id);
  void Clear();
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string text;
    uint64_t hash;
    NodeId id;
  };
  size_t Probe(std::string_view text, uint64_t hash) const;

  std::vector<Entry> entries_;
  FlatIndex index_;
};

}  // namespace kg
