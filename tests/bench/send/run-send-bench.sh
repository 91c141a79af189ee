#!/bin/bash
# Send engine figures, side by side in one run (not a CTest test):
#   throughput  N recipients (default 20000), ~20 KB personalised template, one unthrottled
#               account with 8 connections to Postfix's smtp-sink on loopback, against
#               smtp-source -d -s 8 -m N -l 20000, smtp-source with postroom's message size,
#               and Python smtplib (8 threads, postroom's message size) to the same sink
#   throttle    two accounts at 20/s each, 600 messages: wall time, per-second maxima
#   memory      peak RSS (/usr/bin/time -v) for MEM_SMALL and MEM_LARGE recipients (outbox-less:
#               to smtp-sink), when MEM=1 (MEM_ONLY=1: only that); THROTTLE_ONLY=1: only the throttle
# Usage: run-send-bench.sh PATH/TO/postroom-cli [N]
set -euo pipefail
CLI=$(realpath "$1"); N=${2:-20000}; RUNS=${RUNS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/send-bench.XXXX); trap 'kill $SINK 2>/dev/null || true; rm -rf "$WORK"' EXIT
export POSTROOM_SECRET_STORE=file QT_LOGGING_RULES='*.warning=false'
PORT=$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$PORT 1000 & SINK=$!
sleep 0.5
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"

setup() { # db recipients [domain-split]
  local db=$1 n=$2
  /usr/bin/python3 "$HERE/make_data.py" "$WORK" "$n"
  "$CLI" --db "$db" lists create L >/dev/null
  "$CLI" --db "$db" import "$WORK/contacts.csv" --list L >/dev/null
  "$CLI" --db "$db" templates add T --subject 'Hello {{first_name}}' --html "$WORK/t.html" >/dev/null 2>&1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

if [ "${THROTTLE_ONLY:-0}" != 1 ] && [ "${MEM_ONLY:-0}" != 1 ]; then
echo "== throughput: $N messages, 8 connections, smtp-sink on loopback"
for run in $(seq "$RUNS"); do
  db="$WORK/tp$run.sqlite"; rm -f "$db"*
  setup "$db" "$N"
  "$CLI" --db "$db" accounts add sink --url "smtp://127.0.0.1:$PORT" --tls none --connections 8 >/dev/null 2>&1
  "$CLI" --db "$db" campaigns create C --list L --template T --from 'Bench <bench@example.org>' --accounts sink >/dev/null 2>&1
  s=$(date +%s.%N); "$CLI" --db "$db" campaigns send C --json > "$WORK/out.json" 2>/dev/null; e=$(date +%s.%N)
  sent=$(/usr/bin/python3 -c "import json;print(json.load(open('$WORK/out.json'))['sent'])")
  echo "postroom $(echo "$sent / ($e - $s)" | bc -l)" >> "$WORK/rates"
  s=$(date +%s.%N); /usr/sbin/smtp-source -d -s 8 -m "$N" -l 20000 -f a@x -t b@y 127.0.0.1:$PORT; e=$(date +%s.%N)
  echo "smtp-source $(echo "$N / ($e - $s)" | bc -l)" >> "$WORK/rates"
  # The same bytes on the wire as postroom's message (text + HTML parts of the template).
  bytes=$("$CLI" --db "$db" templates render T --email user1@example.com 2>/dev/null | wc -c)
  s=$(date +%s.%N); /usr/sbin/smtp-source -d -s 8 -m "$N" -l "$bytes" -f a@x -t b@y 127.0.0.1:$PORT; e=$(date +%s.%N)
  echo "smtp-source-same-bytes $(echo "$N / ($e - $s)" | bc -l)" >> "$WORK/rates"
  s=$(date +%s.%N); /usr/bin/python3 "$HERE/smtplib_send.py" "$PORT" "$WORK/messages" 8 "$bytes"; e=$(date +%s.%N)
  echo "smtplib $(echo "$N / ($e - $s)" | bc -l)" >> "$WORK/rates"
  [ "$sent" = "$N" ] || echo "WARNING: postroom sent $sent of $N"
done
echo "postroom message size: $bytes bytes (smtp-source -l 20000 sends 20000)"
for tool in postroom smtp-source smtp-source-same-bytes smtplib; do
  printf '%-22s median %8.0f msg/s  (runs: %s)\n' "$tool" "$(grep "^$tool " "$WORK/rates" | cut -d' ' -f2 | median)" \
    "$(grep "^$tool " "$WORK/rates" | cut -d' ' -f2 | xargs printf '%.0f ')"
done
pr=$(grep '^postroom ' "$WORK/rates" | cut -d' ' -f2 | median); ss=$(grep '^smtp-source ' "$WORK/rates" | cut -d' ' -f2 | median)
py=$(grep '^smtplib ' "$WORK/rates" | cut -d' ' -f2 | median)
sb=$(grep '^smtp-source-same-bytes ' "$WORK/rates" | cut -d' ' -f2 | median)
printf 'ratio postroom/smtp-source %.2f (goal >= 0.5, target 0.8); same bytes %.2f; postroom/smtplib %.2f\n' \
  "$(echo "$pr / $ss" | bc -l)" "$(echo "$pr / $sb" | bc -l)" "$(echo "$pr / $py" | bc -l)"
fi

if [ "${MEM_ONLY:-0}" != 1 ]; then
echo "== throttle: two accounts at 20/s, 600 messages"
db="$WORK/th.sqlite"; rm -f "$db"*
setup "$db" 600
"$CLI" --db "$db" accounts add a --url "smtp://127.0.0.1:$PORT" --tls none --rate 20/s >/dev/null 2>&1
"$CLI" --db "$db" accounts add b --url "smtp://127.0.0.1:$PORT" --tls none --rate 20/s >/dev/null 2>&1
"$CLI" --db "$db" campaigns create C --list L --template T --from 'Bench <bench@example.org>' --accounts a,b >/dev/null 2>&1
s=$(date +%s.%N); "$CLI" --db "$db" campaigns send C >/dev/null 2>&1; e=$(date +%s.%N)
/usr/bin/python3 "$HERE/per_second.py" "$db" "$(echo "$e - $s" | bc -l)"
fi

[ "${THROTTLE_ONLY:-0}" = 1 ] && exit 0
if [ "${MEM:-0}" = 1 ]; then
  echo "== memory: peak RSS"
  for n in ${MEM_SMALL:-50000} ${MEM_LARGE:-200000}; do
    db="$WORK/m$n.sqlite"; rm -f "$db"*
    setup "$db" "$n"
    "$CLI" --db "$db" accounts add sink --url "smtp://127.0.0.1:$PORT" --tls none --connections 8 >/dev/null 2>&1
    "$CLI" --db "$db" campaigns create C --list L --template T --from 'Bench <bench@example.org>' --accounts sink >/dev/null 2>&1
    /usr/bin/time -v "$CLI" --db "$db" campaigns send C 2> "$WORK/time.txt" >/dev/null
    echo "$n recipients: peak RSS $(grep 'Maximum resident' "$WORK/time.txt" | awk '{print $NF}') KB, wall $(grep 'Elapsed' "$WORK/time.txt" | awk '{print $NF}')"
  done
fi
