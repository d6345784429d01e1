#!/usr/bin/env bash
# Renders an HTML report in Debian's chromium, headless, the way tests/html_report_test.cpp checks it
# (and the way a reviewer can check out/demo/report.html without a desktop):
#   tests/browser/render_report.sh dom        <report.html>[#review]      → DOM after load, on stdout
#   tests/browser/render_report.sh screenshot <report.html> <out.png> [W,H]  (default 1366,900)
# Exit 127 with install instructions when no chromium is found (set KAMIFLOW_CHROMIUM to choose one).
set -euo pipefail

usage() { echo "usage: $0 dom <file.html>[#hash] | screenshot <file.html> <out.png> [W,H]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
mode=$1 target=$2

browser=${KAMIFLOW_CHROMIUM:-}
if [[ -z "$browser" ]]; then
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
  done
fi
if [[ -z "$browser" || ! -x "$browser" ]]; then
  echo "chromium not found: the report's browser test needs Debian's chromium." >&2
  echo "Install it with:  sudo cmake/install-deps.sh test   (or: sudo apt-get install chromium)" >&2
  exit 127
fi

# The file part must exist; a '#hash' suffix is passed on to the page (e.g. #review).
file=${target%%#*}
hash=${target#"$file"}
[[ -f "$file" ]] || { echo "no such file: $file" >&2; exit 2; }
url="file://$(realpath "$file")$hash"

# A fresh profile per run: no state from earlier runs, nothing written to the user's profile.
profile=$(mktemp -d "${TMPDIR:-/tmp}/kamiflow-chromium-XXXXXX")
trap 'rm -rf "$profile"' EXIT

# No network of any kind (the report is self-contained; a request would be a bug), no GPU (CI has
# none), no sandbox (CI runs as root in a container). For the DOM dump, a virtual time budget lets
# onload handlers run first; the screenshot waits for load and runs every compositor stage. Known
# limit: on a heavily loaded machine (load ~12 on 2 cores) about 1 screenshot in 6 still shows some
# 256-px tiles below y=768 unpainted (page background colour); the DOM checks are unaffected.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile")

case "$mode" in
  dom)
    timeout 120 "$browser" "${flags[@]}" --virtual-time-budget=2000 --window-size=1366,900 --dump-dom "$url" 2>"$profile/stderr" || {
      rc=$?; cat "$profile/stderr" >&2; exit "$rc"; }
    ;;
  screenshot)
    [[ $# -ge 3 ]] || usage
    out=$(realpath -m "$3")
    size=${4:-1366,900}
    mkdir -p "$(dirname "$out")"
    rm -f "$out"
    timeout 120 "$browser" "${flags[@]}" --window-size="$size" --run-all-compositor-stages-before-draw \
      --screenshot="$out" "$url" \
      >"$profile/stdout" 2>"$profile/stderr" || { rc=$?; cat "$profile/stderr" >&2; exit "$rc"; }
    [[ -s "$out" ]] || { echo "chromium wrote no screenshot to $out" >&2; cat "$profile/stderr" >&2; exit 1; }
    ;;
  *) usage ;;
esac
