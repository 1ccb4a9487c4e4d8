#include "query/table.h"

#include <algorithm>
#include <numeric>

namespace kg {

void Table::AddRow(std::vector<std::string> cells) {
  if (options_.limit != 0 && rows_.size() >= options_.limit) {
    ++omitted_;
    return;
  }
  for (auto& c : cells) c = TerminalSafe(c);
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string OmittedRowsLine(size_t omitted) {
  if (omitted == 0) return "";
  return "\u2026 " + std::to_string(omitted) + (omitted == 1 ? " more row" : " more rows") +
         " (--limit N shows more, --limit 0 all)";
}

void Table::Write(std::ostream* out) const {
  const size_t n = headers_.size();
  std::vector<size_t> width(n);
  for (size_t i = 0; i < n; ++i) width[i] = DisplayWidth(headers_[i]);
  for (const auto& row : rows_) {
    for (size_t i = 0; i < n; ++i) width[i] = std::max(width[i], DisplayWidth(row[i]));
  }
  // Too wide: cap the widest columns at the largest width that fits (never
  // below a column's floor, so a very narrow terminal still gets a table).
  const size_t gaps = n == 0 ? 0 : 2 * (n - 1);
  auto total = [&](const std::vector<size_t>& w) { return std::accumulate(w.begin(), w.end(), gaps); };
  if (options_.width != 0 && total(width) > options_.width) {
    std::vector<size_t> floor(n);
    for (size_t i = 0; i < n; ++i) floor[i] = std::min(width[i], std::max(kMinColumn, DisplayWidth(headers_[i])));
    size_t lo = 0, hi = *std::max_element(width.begin(), width.end());
    auto capped = [&](size_t cap) {
      std::vector<size_t> w(n);
      for (size_t i = 0; i < n; ++i) w[i] = std::max(floor[i], std::min(width[i], cap));
      return w;
    };
    while (lo < hi) {  // the largest cap that fits
      size_t mid = (lo + hi + 1) / 2;
      if (total(capped(mid)) <= options_.width) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    width = capped(lo);
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < n; ++i) {
      std::string cell = CutToWidth(cells[i], width[i]);
      size_t w = DisplayWidth(cell);
      s += cell;
      if (i + 1 < n) s += std::string(width[i] - w + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    *out << s << '\n';
  };
  line(headers_);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows_) line(row);
  if (omitted_ != 0) *out << OmittedRowsLine(omitted_) << '\n';
}

}  // namespace kg
