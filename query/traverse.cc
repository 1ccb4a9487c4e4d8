#include "query/traverse.h"

#include <sys/mman.h>

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_map>
#include <unordered_set>

#include "query/store_graph.h"

namespace kg {
namespace {

// A BGL Buffer that lets breadth_first_visit run one level at a time: the
// sources it is given are the level's vertices, and every vertex discovered
// from them waits in next() for the following call. The first top() ends
// the phase in which breadth_first_visit pushes its sources.
class LevelBuffer {
 public:
  using value_type = NodeId;
  void push(NodeId v) { (sources_phase_ ? current_ : next_).push_back(v); }
  NodeId& top() {
    sources_phase_ = false;
    return current_[pos_];
  }
  void pop() { ++pos_; }
  bool empty() const { return pos_ >= current_.size(); }
  std::vector<NodeId>& next() { return next_; }

 private:
  std::vector<NodeId> current_, next_;
  size_t pos_ = 0;
  bool sources_phase_ = true;
};

// Zeroed memory for per-vertex arrays, kept for the thread's next search.
// A search through a hub touches most of its arrays, and on a big store
// each first touch of a 4 KiB page is a page fault: a fresh `kg path` on
// the 1M-event store took ~300 of them in its searches. So a large array is
// mapped on its own, aligned to 2 MiB and marked for transparent huge pages
// (where the system has them in madvise mode): one fault brings in 2 MiB.
// Zeroing a fresh 2 MiB page costs more than a warm query, so an array is
// not unmapped after a search: the search zeroes the entries it wrote and
// the memory waits in a per-thread pool for the next one.
class ZeroedPool {
 public:
  // At least `bytes` zeroed bytes; *capacity says how many.
  static void* Take(size_t bytes, size_t* capacity) {
    std::vector<Block>& free = Free();
    for (size_t i = 0; i < free.size(); ++i) {
      if (free[i].bytes >= bytes) {
        Block b = free[i];
        free.erase(free.begin() + static_cast<ptrdiff_t>(i));
        *capacity = b.bytes;
        return b.p;
      }
    }
    *capacity = bytes < kMapAbove ? std::max<size_t>(bytes, 1) : Rounded(bytes);
    return bytes < kMapAbove ? std::calloc(*capacity, 1) : Map(*capacity);
  }
  // Gives back memory from Take, zeroed again by the caller.
  static void Give(void* p, size_t capacity) {
    if (p == nullptr) return;
    std::vector<Block>& free = Free();
    if (free.size() < kKeep) {
      free.push_back(Block{p, capacity});
    } else {
      Release(Block{p, capacity});
    }
  }

 private:
  struct Block {
    void* p;
    size_t bytes;
  };
  static constexpr size_t kHugePage = size_t{2} << 20;
  static constexpr size_t kMapAbove = 256 << 10;
  static constexpr size_t kKeep = 8;  // a bidirectional search holds 6 arrays

  struct FreeList {
    std::vector<Block> blocks;
    ~FreeList() {
      for (const Block& b : blocks) Release(b);
    }
  };
  static std::vector<Block>& Free() {
    thread_local FreeList list;
    return list.blocks;
  }
  static size_t Rounded(size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
  static void* Map(size_t len) {
    // Map a huge page more than needed, then trim to an aligned range.
    void* raw = ::mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    if (aligned > start) ::munmap(raw, aligned - start);
    const uintptr_t end = start + len + kHugePage;
    if (end > aligned + len) ::munmap(reinterpret_cast<void*>(aligned + len), end - (aligned + len));
    void* p = reinterpret_cast<void*>(aligned);
    ::madvise(p, len, MADV_HUGEPAGE);  // a hint: without huge pages, plain pages
    return p;
  }
  static void Release(const Block& b) {
    if (b.bytes < kMapAbove) {
      std::free(b.p);
    } else {
      ::munmap(b.p, b.bytes);
    }
  }
};

// Values per vertex in an array indexed by node id, grown on demand. Node
// ids are dense (a counter), so a lookup is an array access where a hash map
// would hash, probe and allocate per vertex. The array comes zeroed from
// ZeroedPool, and goes back there with the entries written zeroed again.
// T is trivial; zero is "none".
template <class T>
class DenseVertexMap {
 public:
  explicit DenseVertexMap(size_t size) { Resize(size); }
  ~DenseVertexMap() { Release(); }
  DenseVertexMap(const DenseVertexMap&) = delete;
  DenseVertexMap& operator=(const DenseVertexMap&) = delete;

  T get(NodeId v) const { return v < size_ ? values_[v] : T(); }
  T& at(NodeId v) {
    if (v >= size_) Resize(std::max<size_t>(v + 1, size_ * 2));
    if (values_[v] == T()) written_.push_back(v);  // once per entry, not per write
    return values_[v];
  }

 private:
  void Resize(size_t size) {
    size_t capacity = 0;
    T* grown = static_cast<T*>(ZeroedPool::Take(size * sizeof(T), &capacity));
    if (grown == nullptr) throw std::bad_alloc();
    if (size_ != 0) std::memcpy(grown, values_, size_ * sizeof(T));
    Release();
    values_ = grown;
    size_ = size;
    capacity_ = capacity;
  }
  void Release() {
    if (values_ == nullptr) return;
    for (NodeId v : written_) values_[v] = T();
    ZeroedPool::Give(values_, capacity_);
    values_ = nullptr;
  }

  T* values_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;          // bytes, as ZeroedPool gave them
  std::vector<NodeId> written_;  // entries made non-zero, to zero before giving the memory back
};

// BGL's color map over a DenseVertexMap (white, the zero value, is unseen).
struct ColorMap {
  using key_type = NodeId;
  using value_type = boost::default_color_type;
  using reference = value_type;
  using category = boost::read_write_property_map_tag;
  DenseVertexMap<boost::default_color_type>* colors;
};
boost::default_color_type get(const ColorMap& m, NodeId v) { return m.colors->get(v); }
void put(const ColorMap& m, NodeId v, boost::default_color_type c) { m.colors->at(v) = c; }

// One side of a level-by-level breadth-first search: distances and BFS
// parents of every vertex discovered so far, and the current frontier.
class LevelSearch {
 public:
  static constexpr uint32_t kUnseen = UINT32_MAX;

  // id_limit sizes the per-vertex arrays (every node id is below it).
  LevelSearch(const GraphReader& reader, const EdgeFilter& filter, NodeId start, bool all_parents, NodeId id_limit)
      : graph_(reader, filter), all_parents_(all_parents), colors_(id_limit), dist_(id_limit), parent_(id_limit) {
    dist_.at(start) = 1;
    discovered_.push_back(start);
    frontier_.push_back(start);
  }

  // Discovers the next level: the frontier becomes the vertices one hop
  // further that were never seen before.
  Status Expand() {
    LevelBuffer buffer;
    boost::breadth_first_visit(graph_, frontier_.begin(), frontier_.end(), buffer, Visitor{this}, ColorMap{&colors_});
    KG_RETURN_IF_ERROR(graph_.status());
    frontier_ = std::move(buffer.next());
    ++radius_;
    return Status::OK();
  }

  const std::vector<NodeId>& frontier() const { return frontier_; }
  uint32_t radius() const { return radius_; }
  // Hops from the start to v, or kUnseen.
  uint32_t Dist(NodeId v) const { return dist_.get(v) - 1; }
  // Every vertex seen, the start first, in order of discovery.
  const std::vector<NodeId>& discovered() const { return discovered_; }
  // Calls fn for each BFS parent of v (none for the start), first found first.
  template <class Fn>
  void ForEachParent(NodeId v, Fn fn) const {
    if (Dist(v) == 0) return;
    fn(parent_.get(v));
    auto more = more_parents_.find(v);
    if (more == more_parents_.end()) return;
    for (NodeId p : more->second) fn(p);
  }

 private:
  struct Visitor : boost::default_bfs_visitor {
    LevelSearch* s;
    explicit Visitor(LevelSearch* search) : s(search) {}
    void tree_edge(const StoreGraph::Edge& e, const StoreGraph&) const {
      s->dist_.at(e.second) = s->dist_.get(e.first) + 1;
      s->parent_.at(e.second) = e.first;
      s->discovered_.push_back(e.second);
    }
    void gray_target(const StoreGraph::Edge& e, const StoreGraph&) const {
      // Another parent on the same level: a second shortest way in.
      if (s->all_parents_ && s->dist_.get(e.second) == s->dist_.get(e.first) + 1) {
        s->more_parents_[e.second].push_back(e.first);
      }
    }
  };

  StoreGraph graph_;
  bool all_parents_;
  DenseVertexMap<boost::default_color_type> colors_;
  DenseVertexMap<uint32_t> dist_;                                 // hops + 1; 0 when unseen
  DenseVertexMap<NodeId> parent_;                                 // the first BFS parent
  std::unordered_map<NodeId, std::vector<NodeId>> more_parents_;  // with all_parents only
  std::vector<NodeId> discovered_;
  std::vector<NodeId> frontier_;
  uint32_t radius_ = 0;
};

EdgeFilter Reversed(const EdgeFilter& f) {
  EdgeFilter r = f;
  if (f.direction == Direction::kOut) r.direction = Direction::kIn;
  if (f.direction == Direction::kIn) r.direction = Direction::kOut;
  return r;
}

// Orders the edges joining two path nodes: most support first, then the
// latest (dated before undated), then type and date text.
bool BetterEdge(const Edge& a, const Edge& b) {
  if (a.sources.size() != b.sources.size()) return a.sources.size() > b.sources.size();
  int64_t la = a.date.dated() ? a.date.last : -1, lb = b.date.dated() ? b.date.last : -1;
  if (la != lb) return la > lb;
  int64_t fa = a.date.dated() ? a.date.first : -1, fb = b.date.dated() ? b.date.first : -1;
  if (fa != fb) return fa > fb;
  if (a.type != b.type) return a.type < b.type;
  return a.date.text < b.date.text;
}

// The edge a path uses to go from x to y: the best of those joining them
// (two hubs may share thousands of dated edges; only the best is kept).
Status HopEdge(const GraphReader& reader, NodeId x, NodeId y, const EdgeFilter& filter, Edge* edge) {
  bool found = false;
  auto keep_best = [&](Edge& e) {
    if (!found || BetterEdge(e, *edge)) *edge = std::move(e);
    found = true;
    return true;
  };
  if (filter.direction != Direction::kIn) KG_RETURN_IF_ERROR(reader.ForEachEdgeFromTo(x, y, filter, keep_best));
  if (filter.direction != Direction::kOut && x != y) {
    KG_RETURN_IF_ERROR(reader.ForEachEdgeFromTo(y, x, filter, keep_best));
  }
  if (!found) return Status::Corruption("path hop without an edge");
  return Status::OK();
}

// Appends to *out every parent chain from v back to the search's start
// (v first), at most `limit` chains in all.
void Chains(const LevelSearch& s, NodeId v, std::vector<NodeId>* prefix, size_t limit,
            std::vector<std::vector<NodeId>>* out) {
  if (out->size() >= limit) return;
  prefix->push_back(v);
  if (s.Dist(v) == 0) {
    out->push_back(*prefix);
  } else {
    s.ForEachParent(v, [&](NodeId p) { Chains(s, p, prefix, limit, out); });
  }
  prefix->pop_back();
}

}  // namespace

Status FindNeighborhood(const GraphReader& reader, NodeId center, const NeighborhoodOptions& options,
                        Neighborhood* result) {
  result->center = center;
  result->nodes.clear();
  NodeId id_limit = 0;
  KG_RETURN_IF_ERROR(reader.NodeIdLimit(&id_limit));
  LevelSearch search(reader, options.filter, center, false, id_limit);
  while (search.radius() < options.depth && !search.frontier().empty()) {
    KG_RETURN_IF_ERROR(search.Expand());
  }
  for (NodeId nid : search.discovered()) {
    const uint32_t d = search.Dist(nid);
    if (d == 0) continue;
    if (options.kind != NodeKind::kUnknown) {
      Node n;
      KG_RETURN_IF_ERROR(reader.GetNode(nid, &n));
      if (n.kind != options.kind) continue;
    }
    result->nodes.push_back({nid, d});
  }
  std::sort(result->nodes.begin(), result->nodes.end(), [](const NeighborNode& a, const NeighborNode& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.nid < b.nid;
  });
  return Status::OK();
}

Status ForEachEdgeAmong(const GraphReader& reader, const std::vector<NodeId>& nodes, const EdgeFilter& filter,
                        const std::function<void(Edge&)>& fn) {
  std::unordered_set<NodeId> in_set(nodes.begin(), nodes.end());
  std::vector<NodeId> sorted(in_set.begin(), in_set.end());
  std::sort(sorted.begin(), sorted.end());
  EdgeFilter out = filter;
  out.direction = Direction::kOut;
  std::vector<NodeId> neighbors;
  for (NodeId a : sorted) {
    KG_RETURN_IF_ERROR(reader.Neighbors(a, out, &neighbors));
    for (NodeId b : neighbors) {
      if (!in_set.count(b)) continue;
      KG_RETURN_IF_ERROR(reader.ForEachEdgeFromTo(a, b, out, [&](Edge& e) {
        fn(e);
        return true;
      }));
    }
  }
  return Status::OK();
}

Status EdgesAmong(const GraphReader& reader, const std::vector<NodeId>& nodes, const EdgeFilter& filter,
                  std::vector<Edge>* edges) {
  edges->clear();
  return ForEachEdgeAmong(reader, nodes, filter, [&](Edge& e) { edges->push_back(std::move(e)); });
}

Status ShortestPaths(const GraphReader& reader, NodeId from, NodeId to, const PathOptions& options,
                     std::vector<Path>* paths, bool* truncated) {
  paths->clear();
  if (truncated != nullptr) *truncated = false;
  if (from == to) {
    paths->push_back(Path{{from}, {}});
    return Status::OK();
  }
  // Search from both ends, one level at a time, always growing the side with
  // the smaller frontier, until the two meet.
  NodeId id_limit = 0;
  KG_RETURN_IF_ERROR(reader.NodeIdLimit(&id_limit));
  LevelSearch fwd(reader, options.filter, from, options.all, id_limit);
  LevelSearch bwd(reader, Reversed(options.filter), to, options.all, id_limit);
  std::vector<NodeId> meeting;
  while (meeting.empty()) {
    if (fwd.radius() + bwd.radius() >= options.max_depth) break;
    if (fwd.frontier().empty() || bwd.frontier().empty()) break;
    bool grow_fwd = fwd.frontier().size() <= bwd.frontier().size();
    LevelSearch& grown = grow_fwd ? fwd : bwd;
    const LevelSearch& other = grow_fwd ? bwd : fwd;
    KG_RETURN_IF_ERROR(grown.Expand());
    uint32_t best = UINT32_MAX;
    for (NodeId v : grown.frontier()) {
      const uint32_t other_dist = other.Dist(v);
      if (other_dist == LevelSearch::kUnseen) continue;
      uint32_t total = grown.radius() + other_dist;
      if (total < best) {
        best = total;
        meeting.clear();
      }
      if (total == best) meeting.push_back(v);
    }
  }
  if (meeting.empty()) return Status::NotFound("no path");
  std::sort(meeting.begin(), meeting.end());
  if (!options.all) meeting.resize(1);

  // One path more than asked for tells whether the listing was cut.
  const size_t wanted = options.all ? (options.max_paths == 0 ? SIZE_MAX - 1 : options.max_paths) : 1;
  const size_t limit = options.all ? wanted + 1 : 1;
  std::vector<NodeId> scratch;
  for (NodeId m : meeting) {
    std::vector<std::vector<NodeId>> heads, tails;
    Chains(fwd, m, &scratch, limit, &heads);  // m ... from
    Chains(bwd, m, &scratch, limit, &tails);  // m ... to
    for (const auto& head : heads) {
      for (const auto& tail : tails) {
        if (paths->size() >= limit) break;
        Path p;
        p.nodes.assign(head.rbegin(), head.rend());
        p.nodes.insert(p.nodes.end(), tail.begin() + 1, tail.end());
        paths->push_back(std::move(p));
      }
    }
  }
  std::sort(paths->begin(), paths->end(), [](const Path& a, const Path& b) { return a.nodes < b.nodes; });
  if (paths->size() > wanted) {
    paths->resize(wanted);
    if (truncated != nullptr) *truncated = true;
  }
  for (Path& p : *paths) {
    p.edges.resize(p.nodes.size() - 1);
    for (size_t i = 0; i + 1 < p.nodes.size(); ++i) {
      KG_RETURN_IF_ERROR(HopEdge(reader, p.nodes[i], p.nodes[i + 1], options.filter, &p.edges[i]));
    }
  }
  return Status::OK();
}

}  // namespace kg
