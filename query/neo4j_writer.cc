#include "query/neo4j_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

namespace kg {
namespace {

constexpr char kArrayDelimiter = ';';
constexpr int kMixed = -1;  // an attribute whose values differ in type: written as string
const char* const kTypeNames[] = {"string", "long", "double", "boolean"};  // by AttrValue index

// The attribute columns of one file: key -> AttrValue index, or kMixed.
using AttrColumns = std::map<std::string, int>;

struct NodeFile {
  AttrColumns attrs;
  bool coords = false;
};

const char* LabelOf(NodeKind kind) {
  switch (kind) {
    case NodeKind::kActor: return "Actor";
    case NodeKind::kLocation: return "Location";
    default: return "Node";
  }
}

bool IsEdgeType(std::string_view type) {
  if (type.empty() || type[0] < 'A' || type[0] > 'Z') return false;
  for (char c : type) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string NodeFileName(const std::string& label) { return "nodes_" + label + ".csv"; }
std::string EdgeFileName(const std::string& type) { return "relationships_" + type + ".csv"; }

// Whether name is a file kg export --format neo4j writes.
bool IsOwnFile(const std::string& name) {
  if (name == "README.txt") return true;
  for (const char* label : {"Actor", "Location", "Node"}) {
    if (name == NodeFileName(label)) return true;
  }
  const std::string prefix = "relationships_", suffix = ".csv";
  if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  return IsEdgeType(std::string_view(name).substr(prefix.size(), name.size() - prefix.size() - suffix.size()));
}

Status CheckArray(const std::vector<std::string>& items, const std::string& what, const std::string& owner) {
  for (const std::string& item : items) {
    if (item.find(kArrayDelimiter) != std::string::npos) {
      return Status::InvalidArgument(what + " \"" + CutForMessage(item) + "\" of " + owner +
                                     " holds ';', the importer's array delimiter, which it cannot escape");
    }
  }
  return Status::OK();
}

Status AddAttrs(const Attrs& attrs, const std::set<std::string_view>& fixed, const std::string& owner,
                AttrColumns* columns) {
  for (const auto& [key, value] : attrs) {
    if (key.empty() || key.find(':') != std::string::npos || fixed.count(key) != 0) {
      return Status::InvalidArgument("attribute \"" + CutForMessage(key) + "\" of " + owner +
                                     " cannot be a Neo4j column (empty, holds ':' or is a fixed column)");
    }
    int type = static_cast<int>(value.index());
    auto [it, added] = columns->emplace(key, type);
    if (!added && it->second != type) it->second = kMixed;
  }
  return Status::OK();
}

std::string NumberText(double d) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// A buffered file written through its descriptor, so that failures keep
// their errno.
class OutFile {
 public:
  ~OutFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Open(const std::string& path) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    return fd_ < 0 ? Status::FromErrno(errno, path) : Status::OK();
  }
  std::string& buffer() { return buf_; }
  Status MaybeFlush() { return buf_.size() >= (1 << 16) ? Flush() : Status::OK(); }
  Status Flush() {
    size_t done = 0;
    while (done < buf_.size()) {
      ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::FromErrno(errno, path_);
      done += static_cast<size_t>(n);
    }
    buf_.clear();
    return Status::OK();
  }
  Status Close() {
    KG_RETURN_IF_ERROR(Flush());
    int fd = fd_;
    fd_ = -1;
    if (::fsync(fd) != 0) {
      int e = errno;
      ::close(fd);
      return Status::FromErrno(e, path_);
    }
    return ::close(fd) != 0 ? Status::FromErrno(errno, path_) : Status::OK();
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::string buf_;
};

// Writes the rows: every text through Text (CsvField), noting line breaks.
class RowWriter {
 public:
  explicit RowWriter(Neo4jResult* result) : result_(result) {}

  void Text(std::string_view text, std::string* row) {
    if (text.find_first_of("\r\n") != std::string_view::npos) result_->multiline = true;
    *row += CsvField(text);
  }
  void Array(const std::vector<std::string>& items, std::string* row) {
    if (items.empty()) return;  // no value
    std::string joined;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i != 0) joined += kArrayDelimiter;
      joined += items[i];
    }
    Text(joined, row);
  }
  void Value(const AttrValue& value, int column_type, std::string* row) {
    std::string text;
    if (const auto* s = std::get_if<std::string>(&value)) {
      Text(*s, row);
      return;
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      text = std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      text = NumberText(*d);
    } else {
      text = std::get<bool>(value) ? "true" : "false";
    }
    if (column_type == kMixed) {
      Text(text, row);
    } else {
      *row += text;
    }
  }
  void Attrs(const AttrColumns& columns, const kg::Attrs& attrs, std::string* row) {
    for (const auto& [key, type] : columns) {
      *row += ',';
      auto it = attrs.find(key);
      if (it != attrs.end()) Value(it->second, type, row);
    }
  }
  // The header fields of the attribute columns, each after a comma.
  void AttrHeader(const AttrColumns& columns, std::string* row) {
    for (const auto& [key, type] : columns) {
      *row += ',';
      Text(key + ":" + kTypeNames[type == kMixed ? 0 : type], row);
    }
  }

 private:
  Neo4jResult* result_;
};

Status CheckDir(const std::string& dir, bool* exists) {
  std::error_code ec;
  auto status = std::filesystem::status(dir, ec);
  *exists = !ec && std::filesystem::exists(status);
  if (!*exists) {
    if (ec && ec.value() != ENOENT) return Status::FromErrno(ec.value(), dir);
    return Status::OK();
  }
  if (!std::filesystem::is_directory(status)) return Status::FromErrno(ENOTDIR, dir);
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return Status::FromErrno(ec.value(), dir);
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!IsOwnFile(name) || !it->is_regular_file(ec)) {
      return Status::InvalidArgument(dir + ": holds \"" + CutForMessage(name) +
                                     "\", which kg export does not write; give a new or empty directory");
    }
  }
  if (ec) return Status::FromErrno(ec.value(), dir);
  return Status::OK();
}

std::string ShellWord(const std::string& word) {
  bool plain = !word.empty();
  for (char c : word) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_-./=:,+@").find(c) != std::string_view::npos)) {
      plain = false;
    }
  }
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string CsvField(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Status WriteNeo4jDir(const GraphSource& source, const std::string& dir, Neo4jResult* result) {
  *result = Neo4jResult();
  bool exists = false;
  KG_RETURN_IF_ERROR(CheckDir(dir, &exists));

  // Pass 1: the files, their columns, and the values the importer could not
  // take back.
  static const std::set<std::string_view> kNodeFixed = {"id", "name", "aliases", "lat", "lon", "sources"};
  static const std::set<std::string_view> kEdgeFixed = {"date", "key", "support", "sources"};
  std::map<std::string, NodeFile> node_files;  // by label
  std::map<std::string, AttrColumns> edge_files;  // by type
  std::vector<std::string> sources;
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) -> Status {
    NodeFile& file = node_files[LabelOf(node.kind)];
    const std::string owner = "node \"" + CutForMessage(node.id) + "\"";
    KG_RETURN_IF_ERROR(AddAttrs(node.attrs, kNodeFixed, owner, &file.attrs));
    if (node.coords) file.coords = true;
    KG_RETURN_IF_ERROR(CheckArray(node.aliases, "alias", owner));
    KG_RETURN_IF_ERROR(source.NodeSources(node, &sources));
    return CheckArray(sources, "record id", owner);
  }));
  KG_RETURN_IF_ERROR(source.ForEachEdge([&](const Edge& edge, const Node& from, const Node& to) -> Status {
    const std::string owner = "edge " + CutForMessage(from.id) + " " + edge.type + " " + CutForMessage(to.id);
    if (!IsEdgeType(edge.type)) return Status::InvalidArgument(owner + ": type is not ^[A-Z][A-Z0-9_]*$");
    KG_RETURN_IF_ERROR(AddAttrs(edge.attrs, kEdgeFixed, owner, &edge_files[edge.type]));
    KG_RETURN_IF_ERROR(source.EdgeSources(edge, &sources));
    return CheckArray(sources, "record id", owner);
  }));

  // Pass 2: the files.
  std::error_code ec;
  if (!exists) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::FromErrno(ec.value(), dir);
  }
  auto path = [&](const std::string& name) { return (std::filesystem::path(dir) / name).string(); };
  RowWriter w(result);
  std::map<std::string, OutFile> node_out, edge_out;
  for (const auto& [label, file] : node_files) {
    result->node_files.push_back(NodeFileName(label));
    result->node_labels.push_back(label);
    OutFile& out = node_out[label];
    KG_RETURN_IF_ERROR(out.Open(path(NodeFileName(label))));
    std::string& h = out.buffer();
    h += "id:ID,:LABEL,name,aliases:string[]";
    w.AttrHeader(file.attrs, &h);
    if (file.coords) h += ",lat:double,lon:double";
    h += ",sources:string[]\n";
  }
  for (const auto& [type, columns] : edge_files) {
    result->relationship_files.push_back(EdgeFileName(type));
    result->relationship_types.push_back(type);
    OutFile& out = edge_out[type];
    KG_RETURN_IF_ERROR(out.Open(path(EdgeFileName(type))));
    std::string& h = out.buffer();
    h += ":START_ID,:END_ID,:TYPE,date,key";
    w.AttrHeader(columns, &h);
    h += ",support:int,sources:string[]\n";
  }
  KG_RETURN_IF_ERROR(source.ForEachNode([&](const Node& node) -> Status {
    const std::string label = LabelOf(node.kind);
    const NodeFile& file = node_files[label];
    OutFile& out = node_out[label];
    std::string& row = out.buffer();
    w.Text(node.id, &row);
    row += ',';
    w.Text(label, &row);
    row += ',';
    w.Text(node.name, &row);
    row += ',';
    w.Array(node.aliases, &row);
    w.Attrs(file.attrs, node.attrs, &row);
    if (file.coords) {
      row += ',';
      if (node.coords) row += NumberText(node.coords->first) + "," + NumberText(node.coords->second);
      else row += ',';
    }
    row += ',';
    KG_RETURN_IF_ERROR(source.NodeSources(node, &sources));
    w.Array(sources, &row);
    row += '\n';
    ++result->nodes;
    return out.MaybeFlush();
  }));
  KG_RETURN_IF_ERROR(source.ForEachEdge([&](const Edge& edge, const Node& from, const Node& to) -> Status {
    OutFile& out = edge_out[edge.type];
    std::string& row = out.buffer();
    w.Text(from.id, &row);
    row += ',';
    w.Text(to.id, &row);
    row += ',';
    w.Text(edge.type, &row);
    row += ',';
    if (edge.date.dated()) w.Text(edge.date.text, &row);
    row += ',';
    if (!edge.key.empty()) w.Text(edge.key, &row);
    w.Attrs(edge_files[edge.type], edge.attrs, &row);
    row += ',' + std::to_string(edge.sources.size()) + ',';
    KG_RETURN_IF_ERROR(source.EdgeSources(edge, &sources));
    w.Array(sources, &row);
    row += '\n';
    ++result->relationships;
    return out.MaybeFlush();
  }));
  for (auto& [label, out] : node_out) KG_RETURN_IF_ERROR(out.Close());
  for (auto& [type, out] : edge_out) KG_RETURN_IF_ERROR(out.Close());

  OutFile readme;
  KG_RETURN_IF_ERROR(readme.Open(path("README.txt")));
  std::string& t = readme.buffer();
  t += "Neo4j import files written by kg export --format neo4j: " + std::to_string(result->nodes) + " nodes, " +
       std::to_string(result->relationships) + " relationships.\n\n";
  t += "Import them into a new database (neo4j-admin database import full, Neo4j 5):\n\n  ";
  t += Neo4jImportCommand(std::filesystem::absolute(dir).lexically_normal().string(), *result);
  t += "\n\nArrays (aliases, sources) are delimited by ';' (--array-delimiter=\";\"); the importer cannot escape it, "
       "so kg refuses to export an element holding ';'.\n";
  if (result->multiline) {
    t += "Some fields hold line breaks inside their quotes: --multiline-fields=true is needed.\n";
  }
  t += "Node ids (id:ID) are kg's node ids; attribute columns are typed string, long, double or boolean, "
       "string when a key's values differ in type.\n";
  KG_RETURN_IF_ERROR(readme.Close());

  // Files of an earlier export that this one did not write.
  std::set<std::string> written(result->node_files.begin(), result->node_files.end());
  written.insert(result->relationship_files.begin(), result->relationship_files.end());
  written.insert("README.txt");
  std::vector<std::string> stale;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (written.count(name) == 0 && IsOwnFile(name)) stale.push_back(e.path().string());
  }
  if (ec) return Status::FromErrno(ec.value(), dir);
  for (const std::string& p : stale) {
    if (::unlink(p.c_str()) != 0) return Status::FromErrno(errno, p);
  }
  return Status::OK();
}

std::string Neo4jImportCommand(const std::string& dir, const Neo4jResult& result, const std::string& db) {
  std::string cmd = "neo4j-admin database import full --array-delimiter=\";\"";
  if (result.multiline) cmd += " --multiline-fields=true";
  auto file = [&](const std::string& name) { return (std::filesystem::path(dir) / name).string(); };
  for (size_t i = 0; i < result.node_files.size(); ++i) {
    cmd += " " + ShellWord("--nodes=" + result.node_labels[i] + "=" + file(result.node_files[i]));
  }
  for (size_t i = 0; i < result.relationship_files.size(); ++i) {
    cmd += " " + ShellWord("--relationships=" + result.relationship_types[i] + "=" + file(result.relationship_files[i]));
  }
  return cmd + " " + ShellWord(db);
}

}  // namespace kg
