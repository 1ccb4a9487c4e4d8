// The static files of `kg serve` (pages, script, stylesheet, Leaflet),
// built into the binary by tools/serve/embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace kg::serve {

struct EmbeddedFile {
  std::string_view path;  // URL path, e.g. "/app.js"
  std::string_view data;
};

const std::vector<EmbeddedFile>& EmbeddedFiles();

}  // namespace kg::serve
