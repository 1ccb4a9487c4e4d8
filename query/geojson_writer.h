// geojson_writer: `kg export --format geojson`, an RFC 7946 FeatureCollection
// for GIS tools (QGIS, GDAL, kepler.gl, geojson.io); CONTRACT.md section 5.
//
// One Point feature per location that has coords, coordinates [lon, lat] in
// that order, one feature per line:
//
//   {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-3.01, 16.77]},
//    "properties": {"id", "name", "level" (null when unknown), "aliases",
//                   "degree" (edges touching it in the source),
//                   "events": [{"type", "date", "direction": "out"|"in",
//                               "other": {"id", "kind", "name"}}, ...]}}
//
// events are the dated edges touching the location, in date order (start,
// then end). Holds one location's edges at a time.
#pragma once

#include <cstdint>
#include <ostream>

#include "graph/status.h"
#include "query/graph_source.h"

namespace kg {

struct GeoJsonResult {
  uint64_t features = 0;        // locations written
  uint64_t without_coords = 0;  // locations left out for want of coords
};

// Writes source's located places as a FeatureCollection to out and counts
// what it wrote and left out in *result. IOError when out fails.
Status WriteGeoJson(const GraphSource& source, std::ostream* out, GeoJsonResult* result);

}  // namespace kg
