#include "graph/history.h"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "graph/key_codec.h"
#include "graph/value_codec.h"
#include "graph/writer.h"

namespace kg {
namespace {

Status GetChange(const GraphReader& reader, uint64_t number, ChangeInfo* change) {
  std::string raw;
  Status s = reader.kv()->Get(ChangeKey(number), &raw);
  if (s.IsNotFound()) return Status::NotFound("no change " + std::to_string(number));
  KG_RETURN_IF_ERROR(s);
  if (!DecodeChange(raw, change)) return Status::Corruption("bad change log entry " + std::to_string(number));
  return Status::OK();
}

Status HistoryFrom(const GraphReader& reader, uint64_t* from) { return reader.GetCounter(kMetaHistoryFrom, from); }

// Where the pasts of the store at path are kept; one directory per change.
std::filesystem::path PastsDir(const std::string& path) { return std::filesystem::path(path) / "asof"; }
std::string PastName(uint64_t change) { return "f" + std::to_string(kFormatVersion) + "-" + std::to_string(change); }

Status FromErrorCode(const std::error_code& ec, const std::string& path) { return Status::FromErrno(ec.value(), path); }

}  // namespace

Status ReadChanges(const GraphReader& reader, std::vector<ChangeInfo>* changes) {
  changes->clear();
  auto it = reader.kv()->NewIterator();
  const std::string prefix = ChangePrefix();
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ChangeInfo c;
    uint64_t number = 0;
    if (!ParseChangeKey(it->key(), &number) || !DecodeChange(it->value(), &c) || c.number != number) {
      return Status::Corruption("bad change log entry");
    }
    changes->push_back(std::move(c));
  }
  return it->status();
}

Status LatestChange(const GraphReader& reader, uint64_t* change) {
  uint64_t next = 0;
  KG_RETURN_IF_ERROR(reader.GetCounter(kMetaNextChange, &next));
  *change = next > 0 ? next - 1 : 0;
  return Status::OK();
}

Status ResolveAsOf(const GraphReader& reader, std::string_view text, uint64_t* change) {
  uint64_t latest = 0, from = 0;
  KG_RETURN_IF_ERROR(LatestChange(reader, &latest));
  KG_RETURN_IF_ERROR(HistoryFrom(reader, &from));
  const std::string quoted = "\"" + std::string(text) + "\"";
  bool number = !text.empty() && text.size() <= 18;
  for (char c : text) number = number && c >= '0' && c <= '9';
  if (number) {
    *change = std::stoull(std::string(text));
    if (*change > latest) {
      return Status::InvalidArgument("no change " + std::string(text) +
                                     (latest == 0 ? " (the store has logged none)"
                                                  : " (the latest is " + std::to_string(latest) + ")"));
    }
  } else {
    int64_t at = 0;
    DateRange day;
    if (text.size() == 10 && ParseDateRange(std::string(text), &day) && day.first == day.last) {
      // A bare date: the end of that day, UTC.
      if (!ParseUtcTimestamp(std::string(text) + "T23:59:59Z", &at)) {
        return Status::InvalidArgument("bad date " + quoted);
      }
    } else if (!ParseUtcTimestamp(text, &at)) {
      return Status::InvalidArgument("expected a change number or a UTC time like \"2025-06-20T08:00:00Z\" "
                                     "or \"2025-06-20\", got " +
                                     quoted);
    }
    std::vector<ChangeInfo> changes;
    KG_RETURN_IF_ERROR(ReadChanges(reader, &changes));
    *change = 0;
    for (const auto& c : changes) {
      if (c.time <= at) *change = c.number;
    }
  }
  if (*change < from) {
    return Status::InvalidArgument("the history before change " + std::to_string(from) +
                                   " was dropped (kg compact)");
  }
  return Status::OK();
}

Status ForEachRecordAsOf(const GraphReader& reader, uint64_t change,
                         const std::function<Status(const StoredRecord&)>& fn) {
  RecordSeq end = 1;  // change 0: before any record
  if (change > 0) {
    ChangeInfo c;
    KG_RETURN_IF_ERROR(GetChange(reader, change, &c));
    end = c.end_seq;
  }
  // Two streams in seq order: the versions standing now, and the past ones.
  auto now = reader.kv()->NewIterator();
  auto past = reader.kv()->NewIterator();
  const std::string now_prefix = RecordSeqPrefix(), past_prefix = PastVersionPrefix();
  now->Seek(now_prefix);
  past->Seek(past_prefix);
  auto now_seq = [&](RecordSeq* seq) {
    return now->Valid() && now->key().starts_with(now_prefix) && ParseRecordSeqKey(now->key(), seq) && *seq < end;
  };
  auto past_seq = [&](RecordSeq* seq) {
    return past->Valid() && past->key().starts_with(past_prefix) && ParsePastVersionKey(past->key(), seq) &&
           *seq < end;
  };
  for (;;) {
    RecordSeq a = 0, b = 0;
    const bool has_now = now_seq(&a), has_past = past_seq(&b);
    if (!has_now && !has_past) break;
    if (has_now && (!has_past || a < b)) {
      StoredRecord rec;
      KG_RETURN_IF_ERROR(reader.GetRecord(now->value(), &rec));
      if (rec.seq != a) return Status::Corruption("record " + std::string(now->value()) + " is not at its seq");
      KG_RETURN_IF_ERROR(fn(rec));
      now->Next();
    } else {
      PastVersion v;
      if (!DecodePastVersion(past->value(), &v)) return Status::Corruption("bad past record version");
      if (v.ended > change) KG_RETURN_IF_ERROR(fn(v.record));
      past->Next();
    }
  }
  KG_RETURN_IF_ERROR(now->status());
  return past->status();
}

Status BuildPastStore(const GraphReader& reader, uint64_t change, const std::string& dir) {
  ChangeInfo c;
  if (change > 0) KG_RETURN_IF_ERROR(GetChange(reader, change, &c));
  StoreOptions o;
  o.read_only = false;
  o.create_if_missing = true;
  std::unique_ptr<GraphStore> past;
  KG_RETURN_IF_ERROR(GraphStore::Open(o, dir, &past));
  WriterOptions wo;
  wo.clock = [&c] { return c.time; };
  GraphWriter writer(past.get(), wo);
  writer.DescribeChange("as-of " + std::to_string(change), {});
  // Each record under its own seq, in ingestion order. A record may name a
  // node that only a later version declares now (its first declaring record
  // was replaced after it): it waits for that version, as many rounds as
  // make progress, and keeps its place in the order.
  std::vector<std::pair<Record, RecordSeq>> waiting;
  Status first;
  auto apply = [&](const Record& record, RecordSeq seq) -> Status {
    Status s = writer.ApplyAt(record, seq);
    if (!s.IsInvalidArgument()) return s;
    if (first.ok()) {
      first = Status::Corruption("the graph of change " + std::to_string(change) + " cannot be rebuilt: record " +
                                 QuoteForMessage(record.id) + ": " + s.message());
    }
    waiting.emplace_back(record, seq);
    return Status::OK();
  };
  KG_RETURN_IF_ERROR(ForEachRecordAsOf(reader, change, [&](const StoredRecord& rec) -> Status {
    Record record;
    record.id = rec.id;
    record.source = rec.source;
    record.version = rec.version;
    record.nodes = rec.nodes;
    for (const auto& e : rec.edges) {
      std::string from = e.from_text, to = e.to_text;
      for (auto [nid, text] : {std::pair{e.from, &from}, std::pair{e.to, &to}}) {
        if (!text->empty()) continue;  // stored before format 5: the node it names now
        Node n;
        KG_RETURN_IF_ERROR(reader.GetNode(nid, &n));
        *text = n.id;
      }
      record.edges.push_back(EdgeDecl{from, e.type, to, e.date, e.key, e.attrs});
    }
    return apply(record, rec.seq);
  }));
  bool bare_nodes_made = false;
  while (!waiting.empty()) {
    auto round = std::move(waiting);
    waiting.clear();
    first = Status::OK();
    for (const auto& [record, seq] : round) KG_RETURN_IF_ERROR(apply(record, seq));
    if (waiting.size() < round.size()) continue;
    if (bare_nodes_made) return first;
    // No record standing then declares a node these records name by id: the
    // store kept it for their edges, with its kind and nothing else (it
    // still has them now, under the same id).
    bare_nodes_made = true;
    for (const auto& [record, seq] : waiting) {
      for (const auto& e : record.edges) {
        for (const std::string* text : {&e.from, &e.to}) {
          NodeId nid;
          Node node;
          Status s = writer.reader().FindNode(*text, &nid);
          if (s.ok()) continue;
          if (!s.IsNotFound()) return s;
          s = reader.FindNode(*text, &nid);
          if (s.ok()) s = reader.GetNode(nid, &node);
          if (s.IsNotFound() || (s.ok() && node.id != *text)) continue;
          KG_RETURN_IF_ERROR(s);
          KG_RETURN_IF_ERROR(writer.PutBareNode(node.id, node.kind));
        }
      }
    }
  }
  return writer.Sync();
}

Status OpenAsOf(uint64_t change, std::unique_ptr<GraphStore>* store) {
  const GraphReader& reader = (*store)->reader();
  uint64_t latest = 0;
  KG_RETURN_IF_ERROR(LatestChange(reader, &latest));
  if (change == latest) {
    // The present, unless a writer is still writing that change: then what
    // this reader sees of it is all there is of it yet, which is its past too.
    return Status::OK();
  }
  const std::string path = (*store)->path();
  const std::filesystem::path dir = PastsDir(path), kept = dir / PastName(change);
  std::error_code ec;
  if (std::filesystem::exists(kept / "CURRENT", ec)) {
    StoreOptions o;
    std::unique_ptr<GraphStore> past;
    KG_RETURN_IF_ERROR(GraphStore::Open(o, kept.string(), &past));
    *store = std::move(past);
    return Status::OK();
  }
  // Built beside the store under a name of its own, then renamed into place:
  // a past is whole or absent, and two readers building it at once agree.
  std::filesystem::create_directories(dir, ec);
  std::string scratch;
  bool keep = !ec;
  if (keep) {
    scratch = (dir / ("build-" + std::to_string(getpid()) + "-XXXXXX")).string();
  } else {
    scratch = (std::filesystem::temp_directory_path() / "kg-asof-XXXXXX").string();
  }
  if (!mkdtemp(scratch.data())) {
    const int err = errno;
    if (!keep) return Status::FromErrno(err, scratch);
    keep = false;  // the store's directory cannot be written: a temporary past
    scratch = (std::filesystem::temp_directory_path() / "kg-asof-XXXXXX").string();
    if (!mkdtemp(scratch.data())) return Status::FromErrno(errno, scratch);
  }
  std::filesystem::remove(scratch, ec);  // the store makes it
  Status s = BuildPastStore(reader, change, scratch);
  if (!s.ok()) {
    std::filesystem::remove_all(scratch, ec);
    return s;
  }
  StoreOptions o;
  std::string open_at = scratch;
  if (keep) {
    std::filesystem::rename(scratch, kept, ec);
    if (ec) std::filesystem::remove_all(scratch, ec);  // built by another reader meanwhile
    open_at = kept.string();
  } else {
    o.remove_when_closed = true;
  }
  std::unique_ptr<GraphStore> past;
  KG_RETURN_IF_ERROR(GraphStore::Open(o, open_at, &past));
  *store = std::move(past);
  return Status::OK();
}

Status CompactHistory(GraphStore* store, uint64_t before, uint64_t* dropped) {
  *dropped = 0;
  const GraphReader& reader = store->reader();
  uint64_t latest = 0, from = 0;
  KG_RETURN_IF_ERROR(LatestChange(reader, &latest));
  KG_RETURN_IF_ERROR(HistoryFrom(reader, &from));
  if (before > latest) {
    return Status::InvalidArgument("--before: no change " + std::to_string(before) + " (the latest is " +
                                   std::to_string(latest) + ")");
  }
  if (before <= from) return Status::OK();
  Kv* kv = store->kv();
  auto batch = kv->NewBatch();
  auto it = kv->NewIterator();
  const std::string prefix = PastVersionPrefix();
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    PastVersion v;
    if (!DecodePastVersion(it->value(), &v)) return Status::Corruption("bad past record version");
    if (v.ended > before) continue;
    batch->Delete(it->key());
    ++*dropped;
  }
  KG_RETURN_IF_ERROR(it->status());
  std::string raw;
  EncodeCounter(before, &raw);
  batch->Put(MetaKey(kMetaHistoryFrom), raw);
  KG_RETURN_IF_ERROR(kv->Write(batch.get()));
  KG_RETURN_IF_ERROR(kv->Sync());
  // The pasts kept for the changes dropped.
  std::error_code ec;
  const std::filesystem::path dir = PastsDir(store->path());
  for (uint64_t c = from; c < before; ++c) {
    std::filesystem::remove_all(dir / PastName(c), ec);
    if (ec) return FromErrorCode(ec, (dir / PastName(c)).string());
  }
  return Status::OK();
}

}  // namespace kg
