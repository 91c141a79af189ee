#!/usr/bin/env bash
# Issue 4 figures: render + build of a ~20 KB personalised HTML+text message per
# contact on one core, without DKIM (goal >= 20,000/s) and with RSA-2048 DKIM
# (goal >= 60% of `openssl speed rsa2048` signs/s, measured in the same run).
# Usage: tests/bench/render/run-render-bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$root/build-release}
runs=${2:-5}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOSTROOM_BUILD_UI=OFF >/dev/null
ninja -C "$build" render_bench >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

plain=(); signed=(); bytes=0
for ((i = 0; i < runs; i++)); do
  out=$("$build/tests/bench/render/render_bench")
  plain+=("$(sed -n 's/^nodkim_msgs_per_s=//p' <<<"$out")")
  signed+=("$(sed -n 's/^rsa2048_dkim_msgs_per_s=//p' <<<"$out")")
  bytes=$(sed -n 's/^message_bytes=//p' <<<"$out")
done
# openssl speed prints "rsa 2048 bits <sign s> <verify s> <sign/s> <verify/s>".
speed=$(openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')
plain_median=$(printf '%s\n' "${plain[@]}" | median)
signed_median=$(printf '%s\n' "${signed[@]}" | median)
echo "runs: $runs, message size: $bytes bytes"
echo "without DKIM:      median $plain_median messages/s per core (goal >= 20000)"
echo "with RSA-2048 DKIM: median $signed_median messages/s per core"
echo "openssl speed rsa2048: $speed signs/s per core"
awk -v s="$signed_median" -v o="$speed" 'BEGIN {printf "DKIM ratio: %.1f%% of openssl sign speed (goal >= 60%%)\n", 100 * s / o}'
