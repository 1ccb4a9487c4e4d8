#include "query/table.h"

#include <algorithm>

namespace kg {
namespace {

std::string Clean(std::string s) {
  for (char& c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return s;
}

}  // namespace

size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xc0) == 0x80) continue;  // continuation byte
    // U+0300..U+036F combining diacritics: 0xCC 0x80 .. 0xCD 0xAF
    if (c == 0xcc || (c == 0xcd && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0xaf)) continue;
    ++w;
  }
  return w;
}

void Table::AddRow(std::vector<std::string> cells) {
  for (auto& c : cells) c = Clean(std::move(c));
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void Table::Write(std::ostream* out) const {
  std::vector<size_t> width(headers_.size());
  for (size_t i = 0; i < headers_.size(); ++i) width[i] = DisplayWidth(headers_[i]);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], DisplayWidth(row[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      s += cells[i];
      if (i + 1 < cells.size()) s += std::string(width[i] - DisplayWidth(cells[i]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    *out << s << '\n';
  };
  line(headers_);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows_) line(row);
}

}  // namespace kg
