#!/usr/bin/env bash
# Load on a web server that is a cluster client (`timbre serve --cluster`): a throw-away PostgreSQL server, a synthetic
# catalog of --tracks tracks, --silos silo processes, one `serve --cluster --no-rate-limit`, a user who likes 20 tracks
# (signed in; an API key for the player API), then `hey` on --route (default /api/tracks/1/similar?method=m1&n=10:
# every request fans out to every shard; any GET path, sent with the user's cookie, {key} replaced by the API key, e.g.
# "/rest/getSimilarSongs2?apiKey={key}&id=1&count=20" or /api/me/taste; --route may be repeated, each measured in
# turn on the same servers) at each --concurrency level for --requests requests: p50/p99,
# requests/s, errors (non-200 answers and hey's error lines), and the front-end's thread count (/proc/PID/status
# Threads:, sampled every 0.2 s: before, max during, after) and CPU-seconds, with the load average. --timbre DLL runs another build of
# timbre.dll (e.g. main's, to compare before and after a change); the PostgreSQL, silos and web server all use it.
# Needs the Debian package postgresql and hey. Everything is removed at the end.
# usage: scripts/cluster-serve-load.sh [--tracks N] [--shards S] [--silos N] [--concurrency "32 64"] [--requests R] [--method m1|m2] [--route PATH] [--timbre DLL] [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
tracks=20000; shards=6; silos=2; levels="32 64"; requests=2000; method=m1; routes=(); dll=""; build=1
usage="usage: $0 [--tracks N] [--shards S] [--silos N] [--concurrency \"32 64\"] [--requests R] [--method m1|m2] [--route PATH] [--timbre DLL] [--no-build]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tracks) tracks="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --silos) silos="$2"; shift 2 ;;
    --concurrency) levels="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --method) method="$2"; shift 2 ;;
    --route) routes+=("$2"); shift 2 ;;
    --timbre) dll="$2"; build=0; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
command -v hey >/dev/null || { echo "hey not found (go install github.com/rakyll/hey@latest)" >&2; exit 1; }
source scripts/lib/temp-postgres.sh
temp_pg_init timbre-serve-load
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  temp_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }

echo "== PostgreSQL on 127.0.0.1:$port"
temp_pg_start -c fsync=off -c max_connections=300
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre timbre
db="postgresql://timbre@127.0.0.1:$port/timbre"

if [[ "$build" == 1 ]]; then
  echo "== build"
  dotnet build src/Timbre.Cli -c Release -nologo -v q >/dev/null
fi
timbre=(dotnet "${dll:-src/Timbre.Cli/bin/Release/net10.0/timbre.dll}")

echo "== synth: $tracks tracks (load $(load))"
"${timbre[@]}" catalog synth --catalog "$db" --tracks "$tracks" --users 100 --model summary >/dev/null

echo "== $silos silos"
for i in $(seq 1 "$silos"); do
  "${timbre[@]}" cluster silo --catalog "$db" --silo-port $((port + 10 + i)) --gateway-port $((port + 60 + i)) >"$work/silo$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 180); do
  [[ "$("${timbre[@]}" cluster status --catalog "$db" 2>/dev/null | grep -c Active || true)" -ge "$silos" ]] && break
  sleep 1
done

web=$((port + 5))
"${timbre[@]}" serve --catalog "$db" --cluster "$db" --shards "$shards" --urls "http://127.0.0.1:$web" --no-rate-limit >"$work/web.log" 2>&1 &
web_pid=$!
pids+=("$web_pid")
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$web/readyz" >/dev/null 2>&1 && break; sleep 1; done
base="http://127.0.0.1:$web"
jar="$work/cookies"
post() { curl -fsS -b "$jar" -c "$jar" -H "X-Timbre-Request: 1" -H "Content-Type: application/json" -d "$2" "$base$1"; }
post /api/auth/register '{"name":"loadtest","password":"load-test-password-1"}' >/dev/null
for id in $(seq 1 20); do post /api/me/interactions "{\"trackId\":$id,\"kind\":\"like\"}" >/dev/null; done
key=$(post /api/me/apikeys '{"name":"load"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
cookie=$(awk 'NF == 7 {sub(/^#HttpOnly_/, "", $1); printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$jar")
[[ ${#routes[@]} -gt 0 ]] || routes=("/api/tracks/1/similar?method=$method&n=10")
echo "web server pid $web_pid: /readyz $(curl -sS "$base/readyz")"
for route in "${routes[@]}"; do
url="$base${route//\{key\}/$key}"
echo "=== $url"
curl -fsS -H "Cookie: $cookie" "$url" | head -c 200; echo

echo "== warm-up: 200 requests, 8 at once"
hey -n 200 -c 8 -H "Cookie: $cookie" "$url" >/dev/null
for c in $levels; do
  echo "== hey -n $requests -c $c $url (load before $(load); front-end threads $(threads "$web_pid"))"
  : >"$work/threads"
  ( while kill -0 "$web_pid" 2>/dev/null; do threads "$web_pid" >>"$work/threads"; sleep 0.2; done ) &
  sampler=$!
  cpu0=$(cpu_s "$web_pid")
  hey -n "$requests" -c "$c" -t 60 -H "Cookie: $cookie" "$url" >"$work/hey-$c.txt"
  cpu1=$(cpu_s "$web_pid")
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  awk '/Requests\/sec|Slowest|Fastest|Average/ {print "  " $0} /50%|90%|99%/ {print "  " $0} /Status code distribution|Error distribution/ {p = 1} p && NF {print "  " $0}' "$work/hey-$c.txt"
  echo "  front-end threads: max $(sort -n "$work/threads" | tail -1) during the run, $(threads "$web_pid") after; front-end CPU $(echo "$cpu1 - $cpu0" | bc) s (load after $(load))"
done
done
echo "== front-end: RSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$web_pid/status"), threads $(threads "$web_pid")"
echo "web log lines with exception|fail: $(grep -ci "exception\|fail" "$work/web.log" || true)"
