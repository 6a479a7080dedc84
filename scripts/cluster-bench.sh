#!/usr/bin/env bash
# The figures behind docs/cluster.md's capacity plan, on this machine: a throw-away PostgreSQL server, then
#   query: a synthetic catalog of --tracks tracks, PostgreSQL bytes per track, 3 silo processes, `timbre cluster bench`
#          (sharded vs single-node latency p50/p99 and throughput as ratios, identical results), each silo's RSS
#          before and after loading its shards; --catalog-file F instead searches a copy of an existing SQLite
#          catalog (e.g. one made by `timbre catalog synth`), the silos' membership still in the throw-away PostgreSQL;
#          with --playlists also `timbre cluster bench-playlists` (a radio and sonic paths walked on the shards vs one process);
#   scan:  a library (generated, or --library DIR, read only) scanned by one `timbre scan --workers 2` and by 2 silos
#          (1 worker each) through `timbre scan --cluster`, all into PostgreSQL: CPU-seconds of every process (with
#          their ffmpeg children), in total (cold processes) and per audio hour in steady state (one process: the
#          whole library minus a scan of K of its files, per extra hour; silos: a second whole scan on the same, now
#          warm, silos), PostgreSQL's own CPU apart.
# Prints the load average with each figure (the machine may be shared). Everything is removed at the end.
# usage: scripts/cluster-bench.sh [--tracks N | --catalog-file F] [--dim D (default: the summary analyzer's)] [--shards S] [--queries Q] [--concurrency C] [--albums A | --library DIR] [--warmup-files K] [--batch-files B] [--skip-query] [--skip-scan] [--no-build] [--playlists]
set -euo pipefail
cd "$(dirname "$0")/.."
tracks=1000000; catalog_file=""; concurrency=4; dim=""; shards=12; queries=200; albums=6; library=""; warmup=16; batch_files=8; skip_query=0; skip_scan=0; build=1; playlists=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tracks) tracks="$2"; shift 2 ;;
    --catalog-file) catalog_file="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --dim) dim="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    --albums) albums="$2"; shift 2 ;;
    --library) library="$2"; shift 2 ;;
    --warmup-files) warmup="$2"; shift 2 ;;
    --batch-files) batch_files="$2"; shift 2 ;;
    --skip-query) skip_query=1; shift ;;
    --skip-scan) skip_scan=1; shift ;;
    --no-build) build=0; shift ;;
    --playlists) playlists=1; shift ;;
    *) echo "usage: $0 [--tracks N | --catalog-file F] [--concurrency C] [--dim D (default: the summary analyzer's)] [--shards S] [--queries Q] [--albums A | --library DIR] [--warmup-files K] [--batch-files B] [--skip-query] [--skip-scan] [--no-build] [--playlists]" >&2; exit 2 ;;
  esac
done

source scripts/lib/temp-postgres.sh
temp_pg_init timbre-cluster-bench
pids=()
stop_silos() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_silos
  temp_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
# A process's CPU-seconds with its exited children (a silo's ffmpeg decoders), as /usr/bin/time counts a command's.
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15 + $16 + $17) / t}' "/proc/$1/stat"; }
silos_cpu() { local sum=0; for pid in "${pids[@]}"; do sum=$(echo "$sum + $(cpu_s "$pid")" | bc); done; echo "$sum"; }
# PostgreSQL's CPU: the postmaster with its reaped backends (cutime, cstime) plus the backends still alive.
pg_cpu() {
  local pm; pm=$(head -1 "$work/pg/postmaster.pid")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"; for c in $(cat "/proc/$pm/task/$pm/children"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done; } \
    | awk -v t="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / t}'
}
# Runs a command under /usr/bin/time; prints its line and leaves its user+sys CPU-seconds in $work/NAME.time.
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$work/$name.raw" "$@"
  read -r wall user sys <"$work/$name.raw"
  echo "$name: $wall s wall, $user+$sys s CPU"
  echo "$user + $sys" | bc >"$work/$name.time"
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
url() { echo "postgresql://timbre@127.0.0.1:$port/$1"; }

echo "== PostgreSQL on 127.0.0.1:$port"
temp_pg_start -c fsync=off
psql_bin="$pg_bin/psql"; [[ -x "$psql_bin" ]] || psql_bin="$(command -v psql)"
psql() { "$psql_bin" -h 127.0.0.1 -p "$port" -U timbre -qtA "$@"; }

[[ "$build" == 0 ]] || echo "== build"
[[ "$build" == 0 ]] || dotnet build src/Timbre.Cli -c Release -nologo -v q >/dev/null
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
  catalog="$db"
fi
if [[ "$skip_query" == 0 && -n "$catalog_file" ]]; then
  catalog="$work/catalog.db"
  echo "== copying $catalog_file (load $(load))"
  cp "$catalog_file" "$catalog"
elif [[ "$skip_query" == 0 ]]; then
  echo "== synth: $tracks tracks, ${dim:-summary-sized} dims (load $(load))"
  /usr/bin/time -f "synth: %e s wall, %U+%S s CPU, max RSS %M KB" "${timbre[@]}" catalog synth --catalog "$db" --tracks "$tracks" ${dim:+--dim "$dim"} --users 1000 --model summary >/dev/null
  psql -d query -c "VACUUM ANALYZE" >/dev/null
  echo "PostgreSQL: database $(psql -d query -c "select pg_database_size('query')") bytes; by table (total incl. indexes and TOAST):"
  psql -d query -c "select relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 2 desc limit 6"
  echo "rows: tracks $(psql -d query -c 'select count(*) from tracks'), analyses $(psql -d query -c 'select count(*) from analyses'), interactions $(psql -d query -c 'select count(*) from interactions')"
fi
if [[ "$skip_query" == 0 ]]; then
  echo "== 3 silos"
  start_silos "$db" $((port + 100)) 3
  for pid in "${pids[@]}"; do echo "silo $pid before loading: RSS $(rss_mb "$pid") MB, CPU $(cpu_s "$pid") s"; done
  echo "== cluster bench: $queries queries, $shards shards (load $(load))"
  /usr/bin/time -f "bench client: %e s wall, %U+%S s CPU, max RSS %M KB" \
    "${timbre[@]}" cluster bench --catalog "$catalog" --cluster "$db" --queries "$queries" --shards "$shards" --concurrency "$concurrency" || echo "(bench exit $?)"
  if [[ "$playlists" == 1 ]]; then
    echo "== cluster bench-playlists: $shards shards (load $(load))"
    /usr/bin/time -f "bench-playlists client: %e s wall, %U+%S s CPU, max RSS %M KB" \
      "${timbre[@]}" cluster bench-playlists --catalog "$catalog" --cluster "$db" --shards "$shards" || echo "(bench-playlists exit $?)"
    echo "load $(load)"
  fi
  for pid in "${pids[@]}"; do echo "silo $pid after loading: RSS $(rss_mb "$pid") MB, CPU $(cpu_s "$pid") s"; done
  echo "load $(load)"
  stop_silos
fi

if [[ "$skip_scan" == 0 ]]; then
  if [[ -z "$library" ]]; then
    library="$work/library"
    echo "== generating a library of $albums albums × 8 tracks (load $(load))"
    "${timbre[@]}" corpus generate --albums "$albums" --tracks-per-album 8 --out "$library" -q >/dev/null
  fi
  mapfile -t files < <(find "$library" -type f \( -iname '*.wav' -o -iname '*.ogg' -o -iname '*.flac' -o -iname '*.mp3' -o -iname '*.opus' -o -iname '*.m4a' \) | sort)
  n=${#files[@]}
  (( warmup < n )) || { echo "--warmup-files ($warmup) must be below the library's $n files" >&2; exit 2; }
  echo "library $library: $n files, $(du -sLm "$library" | cut -f1) MB; warm-up library: $warmup of its files, evenly spread (copied)"
  mkdir -p "$work/warm"
  for i in $(seq 0 $((warmup - 1))); do f="${files[$((i * n / warmup))]}"; cp "$f" "$work/warm/$(basename "$(dirname "$f")")-$(basename "$f")"; done
  echo "store: PostgreSQL for every run (the same server, a fresh database each); PostgreSQL's own CPU is counted apart"

  echo "== one process: timbre scan --workers 2 (load $(load))"
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre onewarm
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre one
  timed one-warm "${timbre[@]}" scan "$work/warm" --catalog "$(url onewarm)" --workers 2 -q
  pg0=$(pg_cpu)
  timed one "${timbre[@]}" scan "$library" --catalog "$(url one)" --workers 2 -q
  pg_one=$(echo "$(pg_cpu) - $pg0" | bc)
  echo "one process, whole library: $(cat "$work/one.time") s CPU (start-up, JIT, walk, scan, refit); PostgreSQL $pg_one s; load $(load)"
  # Steady state per audio hour (files differ in length): the catalog's decoded durations.
  hours() { psql -d "$1" -c "select round((sum(duration_s) / 3600)::numeric, 4) from tracks"; }
  h_warm=$(hours onewarm); h_all=$(hours one)
  one_marginal=$(echo "scale=3; ($(cat "$work/one.time") - $(cat "$work/one-warm.time")) / ($h_all - $h_warm)" | bc)
  echo "audio: whole library $h_all h, warm-up $h_warm h"
  echo "one process, per audio hour after warm-up: ($(cat "$work/one.time") - $(cat "$work/one-warm.time")) / ($h_all - $h_warm) = $one_marginal s CPU"

  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre two
  "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U timbre three
  echo "== 2 silos, 1 worker each: timbre scan --cluster --batch-files $batch_files"
  start_silos "$(url two)" $((port + 200)) 2
  for pid in "${pids[@]}"; do echo "silo $pid start-up (to active): $(cpu_s "$pid") s CPU"; done
  idle0=$(silos_cpu); sleep 10; idle=$(echo "$(silos_cpu) - $idle0" | bc)
  echo "both silos idle for 10 s: $idle s CPU"
  # Two scans of the whole library on the same silos, each into a fresh catalog: the first with cold silos (what a
  # cluster pays the first time), the second with silos that have scanned before (steady state: JIT done).
  for run in cold warm; do
    db=$([[ $run == cold ]] && url two || url three)
    before=$(silos_cpu); pg0=$(pg_cpu); echo "(load $(load))"
    timed "cluster-$run" "${timbre[@]}" scan "$library" --catalog "$db" --cluster "$(url two)" --workers 1 --batch-files "$batch_files" -q
    silos=$(echo "$(silos_cpu) - $before" | bc); pg=$(echo "$(pg_cpu) - $pg0" | bc)
    echo "$run silos: client $(cat "$work/cluster-$run.time") s CPU, silos $silos s CPU during the scan, PostgreSQL $pg s; load $(load)"
    echo "$silos" >"$work/silos-$run"
  done
  timed "client-connect" "${timbre[@]}" cluster status --catalog "$(url two)" >/dev/null
  echo "(an Orleans client's fixed cost: timbre cluster status, start-up, connect, two calls: $(cat "$work/client-connect.time") s CPU)"
  idle0=$(silos_cpu); sleep 10; echo "both silos idle for 10 s after the scans: $(echo "$(silos_cpu) - $idle0" | bc) s CPU"
  cold_total=$(echo "$(cat "$work/cluster-cold.time") + $(cat "$work/silos-cold")" | bc)
  echo "== summary (CPU-seconds; PostgreSQL's apart)"
  echo "total, whole library:  one process $(cat "$work/one.time"), cluster $cold_total (client + cold silos; silo start-up not counted) → $(echo "scale=3; $cold_total / $(cat "$work/one.time")" | bc)×"
  warm_rate=$(echo "scale=3; $(cat "$work/silos-warm") / $h_all" | bc)
  echo "per audio hour, steady: one process $one_marginal, warm silos $warm_rate → $(echo "scale=3; $warm_rate / $one_marginal" | bc)×; the client adds $(cat "$work/cluster-warm.time") s per job"
  echo "analyses: one $(psql -d one -c 'select count(*) from analyses'), cluster cold $(psql -d two -c 'select count(*) from analyses'), warm $(psql -d three -c 'select count(*) from analyses')"
  stop_silos
fi
