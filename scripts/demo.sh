#!/usr/bin/env bash
# The demo behind `make demo`: paper goes in, records come out, with pictures.
#   scripts/demo.sh [BUILD_DIR]
# 1. generates a mixed batch of sample scans (every sample form, upside-down and fax-quality
#    pages among them, a page of a form kamiflow does not know, one corrupt file);
# 2. runs the workflow in scripts/demo.lua through the real engine (worker pool, SQLite journal,
#    quarantine, CSV for Excel);
# 3. writes out/demo/report.html: every page and field, the field's image beside the value read.
# Everything lands in out/demo/; a rerun starts from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
kf="$build/kamiflow"
out=out/demo
seed=${KAMIFLOW_DEMO_SEED:-2026}
count=${KAMIFLOW_DEMO_PAGES:-12}

[[ -x "$kf" ]] || { echo "demo: $kf is not built (run: make build)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"

echo "== 1/3  紙の申請書をスキャン (generating $count sample scans + an unknown form + a corrupt file, seed $seed)"
"$kf" -q samples --form all --count "$count" --seed "$seed" --unknown 1 --corrupt --out "$out/scans"
mkdir -p "$out/inbox"
# The scans only: ground-truth JSON stays beside them for the accuracy figures.
find "$out/scans" -maxdepth 1 -type f ! -name '*.json' -exec cp {} "$out/inbox/" \;
echo "   $(ls "$out/inbox" | wc -l) files in $out/inbox"

echo "== 2/3  読取 (reading every page through the workflow engine)"
set +e
if [[ -f scripts/demo.lua ]] && "$kf" run --help >/dev/null 2>&1; then
  "$kf" run scripts/demo.lua "$out/inbox" "$out"
else
  tmpl_args=()
  for t in samples/forms/*/template.lua; do tmpl_args+=(-t "$t"); done
  "$kf" batch "${tmpl_args[@]}" --db "$out/records.sqlite" --quarantine "$out/quarantine" \
    --unclassified "$out/unclassified" --crops "$out/crops" --crop-all "$out/inbox"
fi
rc=$?
set -e
# 0 = all recorded, 3 = finished with rejected pages (expected: the demo includes a corrupt file).
if [[ $rc -ne 0 && $rc -ne 3 ]]; then
  echo "demo: the batch failed (exit $rc)" >&2
  exit "$rc"
fi

echo "== 3/3  レポート (report with field images and accuracy against the ground truth)"
"$kf" report --db "$out/records.sqlite" --out "$out" --truth "$out/scans" --title "kamiflow デモ 読取結果"
echo
echo "Records:     $out/records.sqlite  (and $out/records.csv when the workflow writes it)"
echo "Quarantine:  $out/quarantine/  (each file with a .reason.txt)"
echo "Report:      $(pwd)/$out/report.html"
