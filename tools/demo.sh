#!/usr/bin/env bash
# The main job on the bundled example: ingests the two reports in examples/
# into a fresh store, prints a path and a neighborhood, and writes the graph
# as DOT (out/seed.dot) and, when Graphviz is installed, as SVG (out/seed.svg).
set -euo pipefail
cd "$(dirname "$0")/.."
kg=build/kg
[ -x "$kg" ] || tools/setup.sh
mkdir -p out
rm -rf out/demo.db
export KG_DB=out/demo.db
set -x
"$kg" ingest examples/mali-2025-06-13.jsonl
"$kg" ingest examples/mali-2025-06-20.jsonl
"$kg" path FAMa Tombouctou
"$kg" neighbors Bandiagara --depth 2
"$kg" export --format dot -o out/seed.dot
{ set +x; } 2>/dev/null
if command -v dot >/dev/null; then
  dot -Tsvg out/seed.dot -o out/seed.svg
  echo "demo: wrote out/seed.dot and out/seed.svg"
else
  echo "demo: wrote out/seed.dot"
fi
echo "demo: to browse the graph, run: $kg --db out/demo.db serve"
echo "demo: then open http://127.0.0.1:8642/#/node?id=fama"
