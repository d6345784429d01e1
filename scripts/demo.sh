#!/usr/bin/env bash
# The demo behind `make demo`: paper goes in, records come out, with pictures.
#   scripts/demo.sh [BUILD_DIR]
# 1. generates a mixed batch of sample scans (every sample form, upside-down and fax-quality
#    pages among them, a page of a form kamiflow does not know, one corrupt file);
# 2. runs the workflow in scripts/demo.lua through the real engine (worker pool, SQLite journal,
#    quarantine, CSV for Excel);
# 3. writes out/demo/report.html: every page and field, the field's image beside the value read.
# 4. the robot: starts the demo core system (samples/core_system/server.py) and keys the batch's
#    records into it in a real browser (visible when a display exists), receipts read back;
#    skipped with a message when chromium / chromium-driver are not installed.
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

echo "== 1/4  紙の申請書をスキャン (generating $count sample scans + an unknown form + a corrupt file, seed $seed)"
"$kf" -q samples --form all --count "$count" --seed "$seed" --unknown 1 --corrupt --out "$out/scans"
mkdir -p "$out/inbox"
# The scans only: ground-truth JSON stays beside them for the accuracy figures.
find "$out/scans" -maxdepth 1 -type f ! -name '*.json' -exec cp {} "$out/inbox/" \;
echo "   $(ls "$out/inbox" | wc -l) files in $out/inbox"

echo "== 2/4  読取 (reading every page through the workflow engine)"
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

echo "== 3/4  レポート (report with field images and accuracy against the ground truth)"
"$kf" report --db "$out/records.sqlite" --out "$out" --truth "$out/scans" --title "kamiflow デモ 読取結果"

echo "== 4/4  基幹システムへ入力 (the web robot keys the records into a demo 受付 system)"
robot="skipped"
if [[ -x /usr/bin/chromedriver && -x /usr/bin/chromium && -x /usr/bin/python3 ]]; then
  /usr/bin/python3 samples/core_system/server.py --port 0 --ready-file "$out/core_ready.txt" \
    --data "$out/core_system_records.json" >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [[ -s "$out/core_ready.txt" ]] && break; sleep 0.1; done
  url=$(sed -n 's/^READY //p' "$out/core_ready.txt")
  show=""
  if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then show=show; echo "   a browser window opens: watch the robot type"; fi
  # A demo keys every record and lets the core system's own checks refuse misreads; in
  # production WHICH stays "accepted" (flagged records go to a person first).
  echo "   core system at $url (demo: every record is keyed, flagged ones included)"
  set +e
  KAMIFLOW_CORE_USER=kamiflow KAMIFLOW_CORE_PASSWORD=demo-pass "$kf" run -q --no-progress \
    scripts/key_into_core_system.lua "$out/inbox" "$out/rpa" "$url" "samples/forms/*/template.lua" all $show
  rc=$?
  set -e
  kill $server 2>/dev/null || true
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    robot="failed (exit $rc)"
  else
    robot="$out/rpa/screens.html"
    {
      echo '<!DOCTYPE html><html lang="ja"><meta charset="utf-8"><title>基幹システム入力の画面</title><body>'
      echo '<h1>web robot: 受付完了 and refused screens</h1>'
      for f in "$out"/rpa/screens/*.png; do
        [[ -e "$f" ]] || continue
        n=$(basename "$f"); echo "<h2>$n</h2><img src=\"screens/$n\" width=\"640\">"
      done
      echo '</body></html>'
    } > "$out/rpa/screens.html"
  fi
else
  echo "   skipped: the robot needs Debian's chromium and chromium-driver (cmake/install-deps.sh test, or apt-get install chromium chromium-driver)"
fi
echo
echo "Records:     $out/records.sqlite  (and $out/records.csv when the workflow writes it)"
echo "Quarantine:  $out/quarantine/  (each file with a .reason.txt)"
echo "Report:      $(pwd)/$out/report.html"
echo "Robot:       $robot  (receipts in $out/rpa/records.csv, core_receipt column)"
