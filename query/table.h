// Table: the one place that writes the human-readable tables of query
// output: columns aligned by display width, control characters in cells
// shown as spaces so that no input text can move the terminal's cursor.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kg {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }
  void Write(std::ostream* out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// The display width of UTF-8 text, counted in code points (combining marks
// count zero).
size_t DisplayWidth(const std::string& s);

}  // namespace kg
