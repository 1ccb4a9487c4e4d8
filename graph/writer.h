// GraphWriter: applies records to a store, and retracts them.
//
// Records are the source of truth; nodes and edges are what the stored
// records say together (CONTRACT.md, "Merging", "Versions and retraction"
// and "Judgements"; the merge rules are in identity.h). A node merged into
// another keeps its id, which then resolves to the merged node: the
// declarations of both fold into it in ingestion order. Each Apply or Retract is all-or-nothing inside the pending
// batch; many of them share one batch, written atomically by Commit.
// Not thread-safe; one GraphWriter per store, and only for a store opened for
// writing.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/identity.h"
#include "graph/kv.h"
#include "graph/model.h"
#include "graph/status.h"
#include "graph/store.h"
#include "graph/text_map.h"

namespace kg {

struct WriteStats {
  uint64_t ingested = 0;   // new records
  uint64_t unchanged = 0;  // records seen before with the same content
  uint64_t replaced = 0;   // new versions of stored records
  uint64_t stale = 0;      // versions older than the stored one, skipped
  uint64_t retracted = 0;
  uint64_t nodes_added = 0, nodes_removed = 0;
  uint64_t edges_added = 0, edges_removed = 0;
};

// kStale: the record carries a version lower than the stored version of
// the same record; nothing was changed.
enum class ApplyOutcome { kIngested, kUnchanged, kReplaced, kStale };

struct WriterOptions {
  // Commit the pending batch once it holds this many bytes. Small batches
  // keep the pending writes cache-resident. Default: 4 MiB.
  size_t batch_bytes = 4u << 20;
  // The time a change is logged with, in Unix seconds. Default: null, the
  // system clock.
  std::function<int64_t()> clock;
};

class GraphWriter {
 public:
  // store must be open for writing and outlive the writer.
  GraphWriter(GraphStore* store, const WriterOptions& options = WriterOptions());
  ~GraphWriter();

  // Applies one record. A stored version of the record is replaced only by
  // one that is not older: when both carry a version and the new one is
  // lower, the record is skipped (kStale); without a version on either side
  // it replaces the stored one. InvalidArgument (an unknown or ambiguous endpoint, a
  // changed kind, a new node without kind...) leaves nothing of the record
  // and the writer usable; other errors leave the writer unusable.
  Status Apply(const Record& record, ApplyOutcome* outcome = nullptr);
  // Applies a record that no stored version has, as the version seq, which
  // no stored version holds: a store rebuilt from another's records keeps
  // their ingestion order, even where a record has to wait for a later one
  // (graph/history.h). InvalidArgument as Apply, and for a record or seq
  // that is taken.
  Status ApplyAt(const Record& record, RecordSeq seq);
  // Makes a node that no record declares (its name is its id), unless one
  // has this id: what a store keeps of a node whose declaring records are
  // gone while other records' edges still name it. Only for rebuilding a
  // past (graph/history.h); the node must get an edge before the batch is
  // written, or it is an orphan.
  Status PutBareNode(const std::string& id, NodeKind kind);
  // Removes a record and every fact only it supported. NotFound when no
  // record has this id.
  Status Retract(std::string_view record_id);

  // Writes the pending batch to the store: visible to later reads of this
  // process, not yet durable.
  Status Commit();
  // Commits and makes everything written so far durable.
  Status Sync();

  const WriteStats& stats() const { return stats_; }

  // History (CONTRACT.md section 6): what this writer writes is one change
  // of the store, logged under the next change number as soon as a record
  // is added, replaced or retracted, with every batch, so that the log and
  // the graph always agree; Sync marks it complete. Describe it with the
  // command and the files it read, and count the records its command
  // rejected (they are not the writer's to see).
  void DescribeChange(std::string command, std::vector<std::string> files);
  void NoteRejected(uint64_t rejected) { change_.rejected = rejected; }
  // The change as logged so far (number is the one it has or will get).
  const ChangeInfo& change() const { return change_; }
  // Reads that see the pending batch.
  const GraphReader& reader() const { return reader_; }

 private:
  struct Counters {
    uint64_t next_node = 1, next_seq = 1, next_change = 1, nodes = 0, edges = 0, records = 0;
    std::map<std::string, int64_t> kinds, types;
  };

  Status CommitBatch(bool background);
  // Runs fn as one all-or-nothing step: on its error, the batch, counters,
  // stats and name caches are as before it.
  Status Atomically(const std::function<Status()>& fn);
  Status LoadCounters();
  void PutCounters();
  Status ApplyLocked(const Record& record, uint64_t hash, ApplyOutcome* outcome);
  // Applies a record version under seq (a new one, or its own again).
  Status ApplyVersion(const Record& record, uint64_t hash, RecordSeq seq);
  // Takes out the facts of a stored record version; touched gets the nodes
  // they named. unmerge, when given, gets the merged nodes whose merges may
  // rest on them. A merged id no record declares any more stops resolving
  // (only for the nodes in release, when given).
  Status RemoveFacts(const StoredRecord& old, std::vector<NodeId>* touched, std::set<NodeId>* unmerge,
                     const std::set<NodeId>* release = nullptr);
  // No record declares it and no edge uses it.
  Status IsOrphan(NodeId nid, bool* orphan);
  Status JudgedNode(const std::string& text, NodeId into, NodeId* target, bool* found);
  Status WaitingJudgements(const Node& node, StoredRecord* rec, bool* merged);
  Status StillLocated(const StoredRecord::ResolvedEdge& e, bool* still);
  // Undoes the merges of nodes, keeping those that still stand. ids: more
  // ids that may resolve to them.
  Status Unmerge(const std::set<NodeId>& nodes, std::set<std::string> ids = {});
  Status ApplyNodeDecl(const NodeDecl& given, size_t index, RecordSeq seq, NodeId* nid, NodeDecl* applied);
  Status ResolveEndpoint(const std::string& text, const std::unordered_map<std::string, NodeId>& local, NodeId* nid);
  Status ResolveText(const std::string& text, const std::string& normalized, NodeId* nid);
  Status LookupName(const std::string& normalized, std::vector<NodeId>* nids);
  void IndexName(const std::string& normalized, NodeId nid, bool add);
  void UndoNames(size_t since = 0);  // the name changes after the first since
  Status AddEdgeSupport(const StoredRecord::ResolvedEdge& e, RecordSeq seq);
  Status RemoveEdgeSupport(const StoredRecord::ResolvedEdge& e, RecordSeq seq);
  // Folds the node's declarations into it (node_fold.h); *ids (when given)
  // gets the declared ids that resolve to it.
  Status RebuildNode(Node* node, std::set<std::string>* ids = nullptr);
  // A record's declaration of a node (key_codec.h 'F', 'G', 'H'); returns
  // its body's hash. DropDeclUse undoes it, and drops the body no record
  // makes any more.
  uint64_t PutDeclUse(NodeId nid, const NodeDecl& decl, RecordSeq seq);
  Status DropDeclUse(NodeId nid, const NodeDecl& decl, RecordSeq seq);
  // Moves every declaration of from to into (a merge).
  Status MoveDecls(NodeId from, NodeId into);
  // The judgements of the record being applied: its same_as, and the
  // dataset matches of the nodes it created or gave new names.
  Status ApplyJudgements(const Record& record, StoredRecord* rec);
  // Matches the nodes in renamed_ (and those their merges rename) with the
  // stored nodes of other sources, merging where identity.h says so;
  // matched, when given, receives every node it matched.
  Status MatchRenamed(const Record& record, StoredRecord* rec, std::vector<NodeId>* matched = nullptr);
  Status MatchNode(NodeId nid, const Record& record, StoredRecord* rec);
  Status FactsOf(NodeId nid, const Record& record, MatchFacts* facts);
  Status RegionsOf(NodeId nid, std::vector<std::string>* regions);
  // Merges node from into node into: edges, declaring records, ids and
  // names. rec is the record being applied (not yet stored).
  Status MergeNode(NodeId from, NodeId into, StoredRecord* rec);
  Status RebuildEdgeAttrs(Edge* edge);
  Status PutNode(const Node* before, const Node& after);
  Status RemoveIfOrphan(NodeId nid);
  Status LoadRecordBySeq(RecordSeq seq, StoredRecord* rec);
  // A stored version that this change replaces or retracts is kept as a
  // past version, unless this change stored it.
  Status KeepPastVersion(const StoredRecord& old);

  // The record, node id and edge keys this writer has put, as a Bloom
  // filter. Most keys an ingest asks for are new (a record, an edge, a node
  // id), and asking the store costs a filter probe per table file; a key
  // that this writer never put cannot be in the store when the store held
  // no key of its kind when the writer started, or (an edge) when it starts
  // at a node this writer made.
  class WrittenKeys {
   public:
    void Add(std::string_view key);
    bool MayContain(std::string_view key) const;

   private:
    static constexpr size_t kWords = size_t{1} << 20;  // 64 Mbit, allocated on first use
    static std::array<uint64_t, 4> Bits(std::string_view key);
    struct Free {
      void operator()(uint64_t* p) const;
    };
    std::unique_ptr<uint64_t[], Free> bits_;
  };

  GraphStore* store_;
  WriterOptions options_;
  std::unique_ptr<KvBatch> batch_;
  GraphReader reader_;
  Counters counters_;
  Counters saved_;  // counters at the start of the record being applied
  WriteStats stats_;
  WriteStats saved_stats_;
  ChangeInfo change_;
  // Endpoint texts already resolved, with the normalized names they went
  // through. Dropped whenever a name they could depend on changes.
  TextMap resolved_;
  std::unordered_map<std::string, int> resolved_names_;
  void ForgetResolutions();
  // The nodes each normalized name indexes (its 'A' keys), for the names
  // whose whole set the writer knows: every name when the store had no
  // node when the writer started, else those it has looked up. Kept in step
  // with the writer's own writes, so that resolving a name seldom scans the
  // store; the changes of the record being applied are undone with it.
  std::unordered_map<std::string, std::vector<NodeId>> names_;
  struct NameChange {
    enum What { kAdded, kRemoved, kLoaded } what;
    std::string name;
    NodeId nid;
  };
  std::vector<NameChange> name_changes_;  // since the record being applied began
  // The record being applied, before it is stored; and the nodes it made or
  // gave new names, for ApplyJudgements.
  const StoredRecord* current_ = nullptr;
  std::vector<NodeId> renamed_;
  // The nodes the record being applied has declared so far.
  std::set<NodeId> declared_now_;
  WrittenKeys written_;
  NodeId first_new_node_ = 1;  // nodes from this id on were made by this writer
  bool had_nodes_ = true;      // when the writer started
  bool has_judgements_ = true;  // any same_as stored or written ('S' keys)
  bool had_records_ = true;
  Status init_status_;
};

}  // namespace kg
