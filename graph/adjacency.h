// adjacency: a node's distinct neighbours over every edge, with the
// direction(s) joining them, as traversals read them; and the cache that
// keeps them for the life of a read-only store.
//
// A traversal reads a node's neighbours from its edge keys with one Seek per
// direction and a step per neighbour. Queries meet the same nodes again and
// again (every path and every neighbourhood goes through the hubs), so a
// read-only store keeps each node's neighbours once read: a hub is read from
// RocksDB once per process, not once per query. A read-only store never
// changes under its reader, so nothing kept can go stale.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "graph/model.h"

namespace kg {

// Direction bits of a neighbour.
inline constexpr uint8_t kAdjacentOut = 1;  // an edge node -> neighbour
inline constexpr uint8_t kAdjacentIn = 2;   // an edge neighbour -> node

struct Adjacency {
  std::vector<NodeId> neighbors;    // ascending, distinct
  std::vector<uint8_t> directions;  // kAdjacentOut | kAdjacentIn, one per neighbour
  void clear() {
    neighbors.clear();
    directions.clear();
  }
};

// Keeps adjacencies of the nodes whose ids are below a limit, up to a number
// of neighbours in all; past that, Keep declines and readers read from the
// store as before. Find is lock-free; Keep takes a lock. Thread-safe.
class AdjacencyCache {
 public:
  // Default max_neighbors: 32M neighbours, about 300 MB.
  explicit AdjacencyCache(NodeId id_limit, size_t max_neighbors = size_t{1} << 25);
  ~AdjacencyCache();
  AdjacencyCache(const AdjacencyCache&) = delete;
  AdjacencyCache& operator=(const AdjacencyCache&) = delete;

  // The kept adjacency of node, or nullptr.
  const Adjacency* Find(NodeId node) const;
  // Keeps *adj for node (moving from it) and returns the kept adjacency;
  // when another thread kept one first, returns that one. Returns nullptr,
  // leaving *adj as it was, when the cache is full or node is past the limit.
  const Adjacency* Keep(NodeId node, Adjacency* adj);

  size_t neighbors() const;

 private:
  // Slots are allocated a page at a time, on first use, so that a store of
  // millions of nodes costs nothing until it is traversed.
  static constexpr int kPageBits = 12;
  static constexpr size_t kPageSize = size_t{1} << kPageBits;
  struct Page {
    std::atomic<const Adjacency*> slots[kPageSize] = {};
  };

  const NodeId id_limit_;
  const size_t max_neighbors_;
  std::unique_ptr<std::atomic<Page*>[]> pages_;  // id_limit_ / kPageSize + 1
  mutable std::mutex mu_;                        // guards the rest
  std::vector<std::unique_ptr<Page>> owned_pages_;
  std::vector<std::unique_ptr<Adjacency>> kept_;
  size_t neighbors_ = 0;
};

}  // namespace kg
