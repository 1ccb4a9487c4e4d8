#include "graph/identity.h"

#include <algorithm>
#include <cmath>

namespace kg {

std::string DatasetOf(std::string_view id) {
  for (std::string_view d : {"acled", "ucdp"}) {
    if (id.size() > d.size() && id.substr(0, d.size()) == d && id[d.size()] == ':') return std::string(d);
  }
  return "";
}

double DistanceKm(std::pair<double, double> a, std::pair<double, double> b) {
  constexpr double kEarthKm = 6371.0088, kRad = 3.14159265358979323846 / 180.0;
  double dlat = (b.first - a.first) * kRad, dlon = (b.second - a.second) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(a.first * kRad) * std::cos(b.first * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::string LevelClass(const Attrs& attrs) {
  auto it = attrs.find("level");
  const std::string* level = it == attrs.end() ? nullptr : std::get_if<std::string>(&it->second);
  if (level && (*level == "region" || *level == "admin1")) return "region";
  if (level && *level == "country") return "country";
  return "place";
}

bool DatasetMatch(const MatchFacts& a, const MatchFacts& b) {
  if (a.id == b.id || a.kind != b.kind) return false;
  if (!a.has_match && !b.has_match) return false;          // hand-coded pairs: only same_as
  if (!a.dataset.empty() && a.dataset == b.dataset) return false;  // never within one dataset
  if (a.kind == NodeKind::kActor) return !a.role.empty() && a.role == b.role;
  if (a.kind != NodeKind::kLocation || a.level_class != b.level_class) return false;
  for (const auto& r : a.regions) {
    if (std::find(b.regions.begin(), b.regions.end(), r) != b.regions.end()) return true;
  }
  return a.coords && b.coords && DistanceKm(*a.coords, *b.coords) <= kMatchRadiusKm;
}

bool PreferAsCanonical(const MatchFacts& a, const MatchFacts& b) {
  bool a_hand = a.dataset.empty() && !a.has_match, b_hand = b.dataset.empty() && !b.has_match;
  if (a_hand != b_hand) return a_hand;
  return a.id < b.id;
}

}  // namespace kg
