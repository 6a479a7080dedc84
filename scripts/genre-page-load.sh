#!/usr/bin/env bash
# The library filtered by predicted genre on a `timbre serve --cluster` front-end, two builds in turn on one catalog:
# a throw-away PostgreSQL; a synthetic catalog of --tracks tracks written by the --before build and given model genre
# probabilities (`catalog synth --model summary` writes none: each track's top genre becomes its genre tag, 0.55
# against 0.05 for the other labels); then for --before, and --after (whose first open migrates the catalog: timed),
# --silos silos and one `serve --cluster`, and `hey` for --duration at --concurrency on two genre pages (the first
# page by title; page 20 by year, newest first): p50/p99, requests/s, status codes, the front-end's RSS (before the
# load, after it, peak) and the page's answer (total, first rows). Needs the Debian package postgresql and hey.
# --pages "first" leaves out page 20 (a large catalog's before build takes minutes per answer); a first answer is
# waited for up to --first-wait seconds; --skip-before uses the --before build only to write the catalog.
# usage: scripts/genre-page-load.sh --before DLL [--after DLL] [--tracks N] [--silos N] [--shards S] [--concurrency C] [--duration 30s] [--genre NAME] [--pages "first year"] [--first-wait 600]
set -euo pipefail
cd "$(dirname "$0")/.."
pages="first year"; first_wait=600; skip_before=0; tracks=100000; silos=2; shards=4; concurrency=8; duration=30s; genre=Jazz; before=""; after=src/Timbre.Cli/bin/Release/net10.0/timbre.dll
usage="usage: $0 --before DLL [--after DLL] [--tracks N] [--silos N] [--shards S] [--concurrency C] [--duration 30s] [--genre NAME] [--pages \"first year\"] [--first-wait 600]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --tracks) tracks="$2"; shift 2 ;;
    --silos) silos="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --genre) genre="$2"; shift 2 ;;
    --pages) pages="$2"; shift 2 ;;
    --first-wait) first_wait="$2"; shift 2 ;;
    --skip-before) skip_before=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[[ -n "$before" ]] || { echo "$usage" >&2; exit 2; }
command -v hey >/dev/null || { echo "hey not found (go install github.com/rakyll/hey@latest)" >&2; exit 1; }
source scripts/lib/temp-postgres.sh
temp_pg_init timbre-genre-load
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_all
  temp_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
rss() { awk '/^VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$1/status"; }
peak() { awk '/^VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$1/status"; }

echo "== PostgreSQL on 127.0.0.1:$port"
temp_pg_start -c fsync=off -c max_connections=300
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre timbre
db="postgresql://timbre@127.0.0.1:$port/timbre"

echo "== synth: $tracks tracks with $before (load $(load))"
/usr/bin/time -f "synth: %e s wall, %U+%S CPU-s, max RSS %M kB" dotnet "$before" catalog synth --catalog "$db" --tracks "$tracks" --users 100 --model summary >/dev/null
echo "== model genre probabilities: the top genre is the genre tag (load $(load))"
"$pg_bin/psql" -q -h 127.0.0.1 -p "$port" -U timbre timbre <<'SQL'
CREATE TEMP TABLE labels AS SELECT array_agg(g ORDER BY g) AS names FROM (SELECT DISTINCT genre_tag AS g FROM tracks WHERE genre_tag IS NOT NULL) d;
UPDATE analysis_sets SET genre_labels = (SELECT to_jsonb(names)::text FROM labels) WHERE model_id = 'summary';
UPDATE analyses a SET genre_probs = decode(repeat('CDCC4C3D', x.k) || 'CDCC0C3F' || repeat('CDCC4C3D', x.n - 1 - x.k), 'hex')
FROM (SELECT t.id, array_position(l.names, t.genre_tag) - 1 AS k, cardinality(l.names) AS n FROM tracks t, labels l) x
WHERE x.id = a.track_id AND a.model_id = 'summary';
SELECT genre_labels FROM analysis_sets;
SQL

run_build() {
  local name="$1" dll="$2"
  echo "== $name: $dll"
  /usr/bin/time -f "$name: first open (schema steps): %e s wall, max RSS %M kB" dotnet "$dll" catalog failures --catalog "$db" >/dev/null
  for i in $(seq 1 "$silos"); do
    dotnet "$dll" cluster silo --catalog "$db" --silo-port $((port + 10 + i)) --gateway-port $((port + 60 + i)) >"$work/$name-silo$i.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 1 180); do
    [[ "$(dotnet "$dll" cluster status --catalog "$db" 2>/dev/null | grep -c Active || true)" -ge "$silos" ]] && break
    sleep 1
  done
  local web=$((port + 5))
  dotnet "$dll" serve --catalog "$db" --cluster "$db" --shards "$shards" --model summary --no-rate-limit --urls "http://127.0.0.1:$web" >"$work/$name-web.log" 2>&1 &
  local web_pid=$!
  pids+=("$web_pid")
  for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$web/readyz" >/dev/null 2>&1 && break; sleep 1; done
  local base="http://127.0.0.1:$web/api/tracks?genre=$genre&pageSize=25"
  echo "front-end pid $web_pid ready: /readyz $(curl -sS "http://127.0.0.1:$web/readyz" | head -c 120); RSS $(rss "$web_pid")"
  local urls=("$base")
  [[ "$pages" == *year* ]] && urls+=("$base&sort=year&desc=true&page=20")
  for url in "${urls[@]}"; do
    local start_ms
    start_ms=$(date +%s%3N)
    curl -sS --max-time "$first_wait" -o "$work/page.json" -w "%{http_code}" "$url" >"$work/code" || true
    echo "-- $url: first answer $(cat "$work/code") in $(($(date +%s%3N) - start_ms)) ms: $(python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print("total", p.get("total"), "rows", len(p.get("items", [])), "first", [(t["id"], t.get("predictedGenre")) for t in p.get("items", [])[:3]])' "$work/page.json" 2>/dev/null || head -c 200 "$work/page.json")"
    echo "   hey -z $duration -c $concurrency (load before $(load); front-end RSS $(rss "$web_pid"))"
    hey -z "$duration" -c "$concurrency" -t 30 "$url" >"$work/hey.txt" || true
    awk '/Requests\/sec|Slowest|Fastest|Average/ {print "   " $0} /50%|90%|99%/ {print "   " $0} /Status code distribution|Error distribution/ {p = 1} p && NF {print "   " $0}' "$work/hey.txt"
    echo "   front-end RSS after: $(rss "$web_pid"), peak $(peak "$web_pid") (load after $(load))"
  done
  echo "web log lines with exception|fail: $(grep -ci "exception\|fail" "$work/$name-web.log" || true); snapshot loads: $(grep -ci "snapshot" "$work/$name-web.log" || true) log lines naming the snapshot"
  stop_all
}

[[ "$skip_before" == 1 ]] || run_build before "$before"
run_build after "$after"
