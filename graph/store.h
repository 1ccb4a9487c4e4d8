// graph/store.h: start here.
//
// A GraphStore is a persistent set of actors, locations and the typed, dated
// edges between them, with the records that support each fact. It lives in
// one directory (a RocksDB store; see key_codec.h for its layout).
//
// Reads go through a GraphReader. A read-only store is safe for concurrent
// reads and sees the state committed when it was opened. Writes go through a
// GraphWriter (writer.h); only one process may open a store for writing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/adjacency.h"
#include "graph/key_codec.h"
#include "graph/kv.h"
#include "graph/model.h"
#include "graph/status.h"

namespace kg {

struct StoreOptions {
  // Open for reading only, without the writer lock. Default: true.
  bool read_only = true;
  // Create an empty store when the directory holds none (writers only).
  // Default: false.
  bool create_if_missing = false;
  // The file system to go through (tests inject faults with it; see
  // graph/kv_rocksdb.h). Default: null, the operating system's.
  std::shared_ptr<KvEnv> env;
  // The directory is scratch: removed, with the store, when it closes (a
  // past built where the store's own directory cannot be written).
  // Default: false.
  bool remove_when_closed = false;
};

struct StoreStats {
  uint64_t nodes = 0, edges = 0, records = 0;
  std::map<std::string, uint64_t> by_kind;  // "actor", "location"
  std::map<std::string, uint64_t> by_type;  // edge type
};

// Reads the graph over a KvReader: the store itself, or a writer's pending
// batch (so that a record sees the nodes that earlier records of the same
// batch created). Cheap to copy.
class GraphReader {
 public:
  // adjacency, when given, keeps what Adjacent reads; only for a store that
  // never changes under the reader (a read-only store).
  explicit GraphReader(const KvReader* kv, AdjacencyCache* adjacency = nullptr) : kv_(kv), adjacency_(adjacency) {}

  // The node whose canonical id is exactly id. NotFound when none.
  Status FindNode(std::string_view id, NodeId* nid) const;
  // NotFound when no node has this internal id.
  Status GetNode(NodeId nid, Node* node) const;
  // The records declaring the node, ascending.
  Status GetNodeRecords(NodeId nid, std::vector<RecordSeq>* seqs) const;
  // Whether any record declares the node.
  Status HasNodeRecords(NodeId nid, bool* any) const;
  // The node's distinct declarations, each with the oldest and the newest
  // record making it (key_codec.h 'F', 'G', 'H'), in hash order.
  struct DeclBody {
    uint64_t hash = 0;
    RecordSeq oldest = 0, newest = 0;
    NodeDecl decl;
  };
  Status GetDeclBodies(NodeId nid, std::vector<DeclBody>* bodies) const;
  // Nodes having a name or alias whose normalized form is exactly normalized.
  Status LookupName(std::string_view normalized, std::vector<NodeId>* nids) const;
  // Resolves a user's text to one node: an exact id, else a name or alias
  // whose normalized form matches exactly one node. Unknown or ambiguous text
  // gives InvalidArgument: 'unknown node "Timbuctu" (did you mean
  // "Tombouctou"?)' or 'ambiguous node "Douna": "douna-1", "douna-2"'.
  Status Resolve(std::string_view text, NodeId* nid) const;
  // For a did-you-mean: the display name of the node (of the given kind;
  // kUnknown means any) whose normalized name or alias is closest to the
  // normalized text, when at most a third of the longer of the two (and at
  // least 2 characters) differs: "Timbuctu" gives "Tombouctou". Empty when
  // no name is that close.
  Status ClosestName(std::string_view text, NodeKind kind, std::string* name) const;
  // Nodes whose normalized name or alias contains the normalized text, in id
  // order; kind kUnknown means any kind.
  Status Search(std::string_view text, NodeKind kind, std::vector<NodeId>* nids) const;

  // NotFound when the edge is not stored.
  Status GetEdge(const EdgeKey& key, Edge* edge) const;
  // Calls fn for each edge of node in the filter's direction(s) that passes
  // the filter; out-edges first, each group in neighbor order. Stops early
  // when fn returns false.
  Status ForEachEdge(NodeId node, const EdgeFilter& filter, const std::function<bool(const Edge&)>& fn) const;
  // The distinct neighbors of node joined by at least one edge that passes
  // the filter, ascending and without duplicates. Reads node's adjacency
  // (and the edges of a neighbor only when a type or date filter must look
  // at them), not every edge.
  Status Neighbors(NodeId node, const EdgeFilter& filter, std::vector<NodeId>* out) const;
  // The distinct neighbours of node over every edge, in both directions,
  // each with the direction(s) joining them. *adj points into the store's
  // cache (valid as long as the store) when it keeps adjacencies, else to
  // *scratch.
  Status Adjacent(NodeId node, Adjacency* scratch, const Adjacency** adj) const;
  // Every node id is below this limit.
  Status NodeIdLimit(NodeId* limit) const;
  struct Degree {
    uint64_t out = 0, in = 0;
  };
  // Edges of node counted by type and direction, reading keys only.
  Status DegreeByType(NodeId node, std::map<std::string, Degree>* degree) const;
  // The stored edges from -> to (that direction only) passing the filter's
  // type and date window, in (type, date) order.
  Status EdgesFromTo(NodeId from, NodeId to, const EdgeFilter& filter, std::vector<Edge>* edges) const;
  // The same edges, one call of fn each (which may move from the edge);
  // stops early when fn returns false.
  Status ForEachEdgeFromTo(NodeId from, NodeId to, const EdgeFilter& filter,
                           const std::function<bool(Edge&)>& fn) const;
  // Whether any edge touches node.
  Status HasEdges(NodeId node, bool* has) const;

  // NotFound when no record has this id.
  Status GetRecord(std::string_view record_id, StoredRecord* record) const;
  Status RecordIdOf(RecordSeq seq, std::string* record_id) const;

  Status Stats(StoreStats* stats) const;
  // Calls fn for every node, in internal id order.
  Status ForEachNode(const std::function<bool(const Node&)>& fn) const;

  // A meta counter (store.h kMeta*); 0 when none is stored.
  Status GetCounter(std::string_view name, uint64_t* v) const;

  const KvReader* kv() const { return kv_; }

 private:
  // Appends the neighbours with an edge to node, ascending; node itself (a
  // self-loop) only with_self.
  Status AddInNeighbors(NodeId node, bool with_self, std::vector<NodeId>* out) const;
  // Whether an edge from -> to passes the filter's types and window.
  Status AnyEdgePasses(KvIterator* it, NodeId from, NodeId to, const EdgeFilter& filter, bool* passes) const;
  Status ReadAdjacency(NodeId node, Adjacency* adj) const;

  const KvReader* kv_;
  AdjacencyCache* adjacency_;
};

class GraphStore {
 public:
  // Opens the store at path. Gives NotFound when there is none (and
  // create_if_missing is off), Busy when another writer holds it, and
  // InvalidArgument for a directory that is not a kg store or a store
  // written by a newer kg. A store that cannot be read whole gives
  // Corruption and is left as it is; a failing file system, the code of
  // its errno (see Kv::Open).
  static Status Open(const StoreOptions& options, const std::string& path, std::unique_ptr<GraphStore>* store);
  ~GraphStore();

  const GraphReader& reader() const { return reader_; }
  Kv* kv() { return kv_.get(); }
  bool read_only() const { return read_only_; }
  const std::string& path() const { return path_; }

 private:
  GraphStore(std::unique_ptr<Kv> kv, std::unique_ptr<AdjacencyCache> adjacency, std::string path, bool read_only)
      : kv_(std::move(kv)),
        adjacency_(std::move(adjacency)),
        reader_(kv_.get(), adjacency_.get()),
        path_(std::move(path)),
        read_only_(read_only) {}

  static Status UpgradeFormat1(Kv* kv);
  static Status UpgradeFormat2(Kv* kv);
  static Status UpgradeFormat3(Kv* kv);
  static Status UpgradeFormat4(Kv* kv);
  static Status UpgradeFormat5(Kv* kv);

  std::unique_ptr<Kv> kv_;
  std::unique_ptr<AdjacencyCache> adjacency_;  // read-only stores only
  GraphReader reader_;
  std::string path_;
  bool read_only_;
  bool remove_when_closed_ = false;
};

// Meta counter names, shared by the writer and the reader.
inline constexpr std::string_view kMetaFormat = "format";
inline constexpr std::string_view kMetaNextNode = "next_node";
inline constexpr std::string_view kMetaNextSeq = "next_seq";
inline constexpr std::string_view kMetaNextChange = "next_change";
// The first change whose past `kg compact --before` kept (graph/history.h).
inline constexpr std::string_view kMetaHistoryFrom = "history_from";
inline constexpr std::string_view kMetaNodes = "nodes";
inline constexpr std::string_view kMetaEdges = "edges";
inline constexpr std::string_view kMetaRecords = "records";
inline constexpr std::string_view kMetaKindPrefix = "kind:";
inline constexpr std::string_view kMetaTypePrefix = "type:";

}  // namespace kg
