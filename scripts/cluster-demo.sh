#!/usr/bin/env bash
# A Timbre cluster on this machine: a throw-away PostgreSQL server, 3 silo processes, a distributed scan of a small
# generated library (or --library DIR), a sharded query, 2 web servers as cluster clients (serve --cluster), the library
# map laid out once by a silo and read by both (MAP_SCREENSHOT=FILE also takes a headless chromium picture of the map
# page), kill -9 of one silo, the same query again (shards move to the live silos), cluster status, then everything
# stopped and removed. Prints what it saw.
# Needs the Debian package postgresql (scripts/setup.sh installs it) and fluidsynth for the generated library.
set -euo pipefail
cd "$(dirname "$0")/.."
library=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --library) library="$2"; shift 2 ;;
    *) echo "usage: $0 [--library DIR]" >&2; exit 2 ;;
  esac
done

source scripts/lib/temp-postgres.sh
temp_pg_init timbre-cluster
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  temp_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT

echo "== PostgreSQL on 127.0.0.1:$port"
temp_pg_start
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre timbre
db="postgresql://timbre@127.0.0.1:$port/timbre"

echo "== build"
dotnet build src/Timbre.Cli -c Release -nologo -v q >/dev/null
timbre=(dotnet src/Timbre.Cli/bin/Release/net10.0/timbre.dll)

if [[ -z "$library" ]]; then
  library="$work/library"
  echo "== generating a library of 3 albums × 6 tracks"
  "${timbre[@]}" corpus generate --albums 3 --tracks-per-album 6 --out "$library" -q
fi

echo "== 3 silos"
for i in 1 2 3; do
  "${timbre[@]}" cluster silo --catalog "$db" --silo-port $((port + 10 + i)) --gateway-port $((port + 20 + i)) >"$work/silo$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 120); do
  active=$("${timbre[@]}" cluster status --catalog "$db" 2>/dev/null | grep -c "Active" || true)
  [[ "$active" -ge 3 ]] && break
  sleep 1
done
"${timbre[@]}" cluster status --catalog "$db" | head -7

echo "== distributed scan of $library"
"${timbre[@]}" scan "$library" --catalog "$db" --cluster "$db" --batch-files 2 -q

echo "== sharded query (6 shards): nearest to track 1"
"${timbre[@]}" cluster query --catalog "$db" --like 1 --k 5 --shards 6
"${timbre[@]}" cluster status --catalog "$db" | tail -2

echo "== 2 web servers as cluster clients (timbre serve --cluster): similar songs to track 1 through each"
web_ports=($((port + 31)) $((port + 32)))
for p in "${web_ports[@]}"; do
  "${timbre[@]}" serve --catalog "$db" --cluster "$db" --shards 6 --urls "http://127.0.0.1:$p" >"$work/web$p.log" 2>&1 &
  pids+=($!)
done
similar_through() {
  curl -fsS "http://127.0.0.1:$1/api/tracks/1/similar?k=5" | grep -o '"id":[0-9]*' | head -5 | cut -d: -f2 | tr '\n' ' '
}
for p in "${web_ports[@]}"; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$p/readyz" >/dev/null 2>&1 && break; sleep 1; done
  echo "web :$p /readyz $(curl -sS "http://127.0.0.1:$p/readyz")"
  echo "web :$p similar to track 1: $(similar_through "$p")"
done

echo "== the library map: laid out once by a silo, stored in the catalog, read by both web servers"
map_state() {
  curl -fsS "http://127.0.0.1:$1/api/map" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(len(m["tracks"]), "points, computing:", m["computing"], "error:", m["error"])'
}
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:${web_ports[0]}/api/map" | grep -q '"computing":false' && break
  sleep 1
done
for p in "${web_ports[@]}"; do echo "web :$p map: $(map_state "$p")"; done
if [[ -n "${MAP_SCREENSHOT:-}" ]] && command -v chromium >/dev/null; then
  chromium --headless=new --no-sandbox --disable-gpu --window-size=1280,1400 --virtual-time-budget=10000 \
    --screenshot="$MAP_SCREENSHOT" "http://127.0.0.1:${web_ports[1]}/map.html" >/dev/null 2>&1 && echo "map page of web :${web_ports[1]} → $MAP_SCREENSHOT"
fi

echo "== kill -9 silo 2"
kill -9 "${pids[1]}"
sleep 2
echo "== the same query again"
"${timbre[@]}" cluster query --catalog "$db" --like 1 --k 5 --shards 6
"${timbre[@]}" cluster status --catalog "$db"
for p in "${web_ports[@]}"; do echo "web :$p similar to track 1: $(similar_through "$p")"; done

echo "== stopping (SIGTERM: silos leave the cluster gracefully)"
