#!/usr/bin/env bash
# The figures behind docs/cluster.md's capacity plan, on this machine: a throw-away PostgreSQL server, then
#   query: a synthetic catalog of --tracks tracks, PostgreSQL bytes per track, 3 silo processes, `timbre cluster bench`
#          (sharded vs single-node latency, identical results), each silo's RSS before and after loading its shards;
#   scan:  a generated library scanned by one `timbre scan --workers 2` and by 2 silos (1 worker each) through
#          `timbre scan --cluster`, wall time and CPU-seconds of every process involved.
# Prints the load average with each figure (the machine may be shared). Everything is removed at the end.
# usage: scripts/cluster-bench.sh [--tracks N] [--dim D (default: the summary analyzer's)] [--shards S] [--queries Q] [--albums A] [--skip-query] [--skip-scan]
set -euo pipefail
cd "$(dirname "$0")/.."
tracks=1000000; dim=""; shards=12; queries=200; albums=6; skip_query=0; skip_scan=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tracks) tracks="$2"; shift 2 ;;
    --dim) dim="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    --albums) albums="$2"; shift 2 ;;
    --skip-query) skip_query=1; shift ;;
    --skip-scan) skip_scan=1; shift ;;
    *) echo "usage: $0 [--tracks N] [--dim D (default: the summary analyzer's)] [--shards S] [--queries Q] [--albums A] [--skip-query] [--skip-scan]" >&2; exit 2 ;;
  esac
done

pg_bin="${TIMBRE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[[ -x "$pg_bin/initdb" ]] || { echo "PostgreSQL server binaries not found (apt-get install postgresql, or set TIMBRE_PG_BIN)" >&2; exit 1; }
work="$(mktemp -d /tmp/timbre-cluster-bench-XXXXXX)"
chmod 755 "$work"
as_pg=()
if [[ "$(id -u)" == 0 ]]; then chown nobody "$work"; as_pg=(runuser -u nobody --); fi
port=$(( 20000 + RANDOM % 20000 ))
pids=()
stop_silos() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_silos
  "${as_pg[@]}" "$pg_bin/pg_ctl" stop -D "$work/pg" -m fast >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / t}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
url() { echo "postgresql://timbre@127.0.0.1:$port/$1"; }

echo "== PostgreSQL on 127.0.0.1:$port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U timbre --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" start -w -D "$work/pg" -l "$work/pg.log" -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
psql_bin="$pg_bin/psql"; [[ -x "$psql_bin" ]] || psql_bin="$(command -v psql)"
psql() { "$psql_bin" -h 127.0.0.1 -p "$port" -U timbre -qtA "$@"; }

echo "== build"
dotnet build src/Timbre.Cli -c Release -nologo -v q >/dev/null
timbre=(dotnet src/Timbre.Cli/bin/Release/net10.0/timbre.dll)

# Starts N silos on database $1 with ports from $2 on; waits until N are active.
start_silos() {
  local db="$1" base="$2" n="$3"
  for i in $(seq 1 "$n"); do
    "${timbre[@]}" cluster silo --catalog "$db" --silo-port $((base + i)) --gateway-port $((base + 50 + i)) >"$work/silo-$base-$i.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 1 180); do
    [[ "$("${timbre[@]}" cluster status --catalog "$db" 2>/dev/null | grep -c Active || true)" -ge "$n" ]] && return 0
    sleep 1
  done
  echo "silos did not become active" >&2; exit 1
}

if [[ "$skip_query" == 0 ]]; then
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre query
  db="$(url query)"
  echo "== synth: $tracks tracks, ${dim:-summary-sized} dims (load $(load))"
  /usr/bin/time -f "synth: %e s wall, %U+%S s CPU, max RSS %M KB" "${timbre[@]}" catalog synth --catalog "$db" --tracks "$tracks" ${dim:+--dim "$dim"} --users 1000 --model summary >/dev/null
  psql -d query -c "VACUUM ANALYZE" >/dev/null
  echo "PostgreSQL: database $(psql -d query -c "select pg_database_size('query')") bytes; by table (total incl. indexes and TOAST):"
  psql -d query -c "select relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 2 desc limit 6"
  echo "rows: tracks $(psql -d query -c 'select count(*) from tracks'), analyses $(psql -d query -c 'select count(*) from analyses'), interactions $(psql -d query -c 'select count(*) from interactions')"
  echo "== 3 silos"
  start_silos "$db" $((port + 100)) 3
  for pid in "${pids[@]}"; do echo "silo $pid before loading: RSS $(rss_mb "$pid") MB, CPU $(cpu_s "$pid") s"; done
  echo "== cluster bench: $queries queries, $shards shards (load $(load))"
  /usr/bin/time -f "bench client: %e s wall, %U+%S s CPU, max RSS %M KB" \
    "${timbre[@]}" cluster bench --catalog "$db" --queries "$queries" --shards "$shards" || echo "(bench exit $?)"
  for pid in "${pids[@]}"; do echo "silo $pid after loading: RSS $(rss_mb "$pid") MB, CPU $(cpu_s "$pid") s"; done
  echo "load $(load)"
  stop_silos
fi

if [[ "$skip_scan" == 0 ]]; then
  library="$work/library"
  echo "== generating a library of $albums albums × 8 tracks (load $(load))"
  "${timbre[@]}" corpus generate --albums "$albums" --tracks-per-album 8 --out "$library" -q >/dev/null
  echo "$(find "$library" -name '*.wav' | wc -l) files, $(du -sm "$library" | cut -f1) MB"
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre one
  echo "== one process: timbre scan --workers 2 (load $(load))"
  /usr/bin/time -f "one process: %e s wall, %U+%S s CPU" "${timbre[@]}" scan "$library" --catalog "$(url one)" --workers 2 -q
  echo "load $(load)"
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre two
  echo "== 2 silos, 1 worker each: timbre scan --cluster"
  start_silos "$(url two)" $((port + 200)) 2
  before=0; for pid in "${pids[@]}"; do before=$(echo "$before + $(cpu_s "$pid")" | bc); done
  echo "(load $(load))"
  /usr/bin/time -f "cluster client: %e s wall, %U+%S s CPU" "${timbre[@]}" scan "$library" --catalog "$(url two)" --cluster "$(url two)" --workers 1 --batch-files 4 -q
  after=0; for pid in "${pids[@]}"; do after=$(echo "$after + $(cpu_s "$pid")" | bc); done
  echo "silos: $(echo "$after - $before" | bc) s CPU during the scan (both together); load $(load)"
  echo "analyses: one $(psql -d one -c 'select count(*) from analyses'), cluster $(psql -d two -c 'select count(*) from analyses')"
  stop_silos
fi
