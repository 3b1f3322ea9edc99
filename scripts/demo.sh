#!/usr/bin/env bash
# The main job on a built-in example: a loamy solonchak near Moynaq with shallow, very saline
# groundwater, one year of weather, sorghum under saline irrigation. Writes demo/ and prints the
# summary; open demo/result/report.html in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --quiet -p aralkum
bin=target/release/aralkum
rm -rf demo
"$bin" example loamy_solonchak --out demo
"$bin" simulate demo/scenario.toml --out demo/result
echo
echo "Results in demo/result: daily.csv, profiles.csv, summary.json, report.html"
cat demo/result/summary.json
