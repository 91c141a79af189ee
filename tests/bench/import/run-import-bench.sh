#!/usr/bin/env bash
# The CSV import figure of issue 3: in one run, on one generated file, time
# `postroom-cli import` (Release build) against sqlite3's `.import` into a table
# with a UNIQUE e-mail column, several times each, and report the medians, their
# ratio and Postroom's peak RSS. Goal: ratio <= 2.0 (target 1.5), RSS <= 100 MB.
#
# usage: tests/bench/import/run-import-bench.sh [--rows N] [--reps N] [--cli PATH]
#                                               [--build-dir DIR] [--work DIR]
#   --rows       rows in the generated CSV (default 1000000)
#   --reps       repetitions of each importer (default 5)
#   --cli        a postroom-cli to time instead of building one
#   --build-dir  where the Release build goes (default build-bench/ in the repo)
#   --work       where the CSV and the databases go (default a temp dir; the CSV is
#                kept there between runs when the folder is given)
# Exits 1 when a limit is missed, so it can gate a release; it is not a CTest test.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
rows=1000000
reps=5
cli=""
build_dir="$root/build-bench"
work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --cli) cli=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run-import-bench: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

"$root/scripts/deps.sh" --test

if [[ -z "$cli" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPOSTROOM_BUILD_UI=OFF -DPOSTROOM_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build_dir" --target postroom-cli >/dev/null
  cli="$build_dir/app/cli/postroom-cli"
fi

if [[ -z "$work" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
csv="$work/import-$rows.csv"
if [[ ! -s "$csv" ]]; then
  /usr/bin/python3 "$root/tests/bench/import/make-import-csv.py" "$csv" "$rows"
fi

# Prints "<wall seconds> <CPU seconds> <peak RSS in KiB>" from a `/usr/bin/time -v` report.
# CPU time (user + sys) is shown too: on a shared, loaded machine it is the steadier figure.
read_time() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %.3f %d\n", s, cpu, rss }' "$1"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "import bench: $rows rows, $(du -h "$csv" | cut -f1) CSV, $reps repetitions each"
echo "postroom-cli: $cli"
echo "sqlite3:      $(sqlite3 --version | cut -d' ' -f1)"
printf '%-4s %-10s %10s %10s %12s\n' rep importer "wall s" "CPU s" "peak RSS"

sqlite_times=()
sqlite_cpu=()
postroom_times=()
postroom_cpu=()
postroom_rss=()
for ((rep = 1; rep <= reps; rep++)); do
  # Alternate which one goes first so page cache and CPU boost favour neither.
  order=(sqlite postroom)
  ((rep % 2 == 0)) && order=(postroom sqlite)
  for who in "${order[@]}"; do
    db="$work/$who-$rep.sqlite"
    rm -f "$db" "$db-wal" "$db-shm"
    if [[ "$who" == sqlite ]]; then
      /usr/bin/time -v -o "$work/time.txt" sqlite3 "$db" >/dev/null 2>"$work/sqlite.err" <<SQL
CREATE TABLE c(email TEXT UNIQUE, first TEXT, last TEXT, city TEXT);
.mode csv
.import --skip 1 $csv c
SQL
      read -r seconds cpu rss < <(read_time "$work/time.txt")
      sqlite_times+=("$seconds")
      sqlite_cpu+=("$cpu")
    else
      /usr/bin/time -v -o "$work/time.txt" "$cli" --db "$db" import "$csv" --list Bench --json \
        >"$work/postroom.json" 2>"$work/postroom.err" || {
        echo "run-import-bench: postroom-cli import failed:" >&2
        cat "$work/postroom.err" >&2
        exit 1
      }
      read -r seconds cpu rss < <(read_time "$work/time.txt")
      postroom_times+=("$seconds")
      postroom_cpu+=("$cpu")
      postroom_rss+=("$rss")
    fi
    printf '%-4s %-10s %10s %10s %9d MB\n' "$rep" "$who" "$seconds" "$cpu" $((rss / 1024))
    rm -f "$db" "$db-wal" "$db-shm"
  done
done

echo "postroom result: $(cat "$work/postroom.json")"
sqlite_median=$(printf '%s\n' "${sqlite_times[@]}" | median)
postroom_median=$(printf '%s\n' "${postroom_times[@]}" | median)
peak_rss=$(printf '%s\n' "${postroom_rss[@]}" | sort -n | tail -1)
ratio=$(awk -v p="$postroom_median" -v s="$sqlite_median" 'BEGIN { printf "%.2f", p / s }')
sqlite_cpu_median=$(printf '%s\n' "${sqlite_cpu[@]}" | median)
postroom_cpu_median=$(printf '%s\n' "${postroom_cpu[@]}" | median)
cpu_ratio=$(awk -v p="$postroom_cpu_median" -v s="$sqlite_cpu_median" 'BEGIN { printf "%.2f", p / s }')
peak_mb=$((peak_rss / 1024))
echo "median sqlite3 .import: ${sqlite_median} s"
echo "median postroom import: ${postroom_median} s"
echo "ratio postroom/sqlite3: ${ratio} (limit 2.0, goal 1.5)"
echo "CPU time (user+sys):    sqlite3 ${sqlite_cpu_median} s, postroom ${postroom_cpu_median} s, ratio ${cpu_ratio}"
echo "load average:           $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "postroom peak RSS:      ${peak_mb} MB (limit 100 MB)"

verdict=0
awk -v r="$ratio" 'BEGIN { exit !(r <= 2.0) }' || { echo "FAIL: ratio above 2.0"; verdict=1; }
((peak_mb <= 100)) || { echo "FAIL: peak RSS above 100 MB"; verdict=1; }
((verdict == 0)) && echo "PASS"
exit "$verdict"
