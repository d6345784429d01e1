#!/usr/bin/env bash
# Runs every libFuzzer target of a KAMIFLOW_FUZZ build for SECONDS each, one after the other,
# on a corpus that starts from make_seeds' files and grows in BUILD/fuzz-corpus/<target>/.
# Crashes land in BUILD/fuzz-findings/<target>/; copy each into tests/fuzz/findings/<target>/
# so the normal suite (FuzzTargets.*) keeps running it. Prints, per target, the seconds run,
# executions, coverage (cov, ft) and findings.
#   tests/fuzz/run.sh BUILD [SECONDS] [TARGET...]
set -euo pipefail
build=${1:?usage: $0 BUILD [SECONDS] [TARGET...]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(png jpeg tiff bmp pdf template json csv)
fuzz_dir="$build/tests/fuzz"
"$fuzz_dir/make_seeds" "$build/fuzz-seeds"
printf '%-9s %8s %12s %7s %7s %s\n' target seconds executions cov ft findings
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t" findings="$build/fuzz-findings/$t" log="$build/fuzz-$t.log"
  mkdir -p "$corpus" "$findings"
  # -fork: a crash or timeout is recorded and fuzzing goes on, so one finding does not end the run.
  # fuzz_json keeps one Lua state across inputs (its growth is not a leak); LSan's scan after
  # each such input would cost 90 % of the time.
  extra=()
  [[ $t == json ]] && extra=(-detect_leaks=0)
  start=$(date +%s)
  "$fuzz_dir/fuzz_$t" "${extra[@]}" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$corpus" "$build/fuzz-seeds/$t" >"$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  n=$(find "$findings" -type f | wc -l)
  printf '%-9s %8s %12s %7s %7s %s\n' "$t" "$elapsed" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$n"
done
