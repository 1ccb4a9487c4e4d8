#include "graph/adjacency.h"

namespace kg {

AdjacencyCache::AdjacencyCache(NodeId id_limit, size_t max_neighbors)
    : id_limit_(id_limit),
      max_neighbors_(max_neighbors),
      pages_(new std::atomic<Page*>[(id_limit >> kPageBits) + 1]()) {}

AdjacencyCache::~AdjacencyCache() = default;

const Adjacency* AdjacencyCache::Find(NodeId node) const {
  if (node >= id_limit_) return nullptr;
  const Page* page = pages_[node >> kPageBits].load(std::memory_order_acquire);
  if (page == nullptr) return nullptr;
  return page->slots[node & (kPageSize - 1)].load(std::memory_order_acquire);
}

const Adjacency* AdjacencyCache::Keep(NodeId node, Adjacency* adj) {
  if (node >= id_limit_) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  std::atomic<Page*>& page_slot = pages_[node >> kPageBits];
  Page* page = page_slot.load(std::memory_order_relaxed);
  if (page != nullptr) {
    const Adjacency* kept = page->slots[node & (kPageSize - 1)].load(std::memory_order_relaxed);
    if (kept != nullptr) return kept;
  }
  if (neighbors_ + adj->neighbors.size() > max_neighbors_) return nullptr;
  if (page == nullptr) {
    owned_pages_.push_back(std::make_unique<Page>());
    page = owned_pages_.back().get();
    page_slot.store(page, std::memory_order_release);
  }
  kept_.push_back(std::make_unique<Adjacency>(std::move(*adj)));
  neighbors_ += kept_.back()->neighbors.size();
  page->slots[node & (kPageSize - 1)].store(kept_.back().get(), std::memory_order_release);
  return kept_.back().get();
}

size_t AdjacencyCache::neighbors() const {
  std::lock_guard<std::mutex> lock(mu_);
  return neighbors_;
}

}  // namespace kg
