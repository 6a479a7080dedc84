#!/usr/bin/env bash
# Load test of `timbre serve` on loopback, bounded in time: synthesises a catalog (cached), starts serve on a free
# 127.0.0.1 port, drives a mixed load at a fixed rate for SECONDS with bench/load/LoadDriver and prints p50/p99 per
# route, errors, serve's start-up time and memory. Stops by itself; serve is stopped on exit.
#
# Usage: bench/load/run.sh [TRACKS=100000] [SECONDS=60] [RATE=200]
# Environment: USERS (synthetic users, 1000), WARMUP (s, 5), SCAN=1 (a `timbre scan` of SCAN_FILES small generated
# WAVs starts 5 s into the measured load against the same catalog; the driver reports when its tracks are listed and
# when /similar answers for them),
# CACHE (/tmp/timbre-load), GRAPH_WAIT (s to wait for the ANN graph before the load, 900; a 1 M graph takes ≈ 25 min here), SERVE_EXTRA_FLAGS (more `timbre serve` flags), DRIVER_FLAGS (more LoadDriver flags,
# e.g. "--mix library=0,search=0" to leave out the store-bound routes when diagnosing, "--like-probe 0" to skip the
# like-visibility probe), SERVE_ENV (environment of serve alone, e.g. "DOTNET_gcServer=1 DOTNET_GCgen0size=0x4000000"
# to compare GC settings), SKIP_BUILD=1 (use the Release binaries as they are), TIMBRE_DLL (serve another build's
# timbre.dll, e.g. a copy of the previous commit's, to compare two builds on the same catalog and driver).
set -euo pipefail

TRACKS=${1:-100000}
SECONDS_LOAD=${2:-60}
RATE=${3:-200}
USERS=${USERS:-1000}
WARMUP=${WARMUP:-5}
SCAN=${SCAN:-0}
SCAN_FILES=${SCAN_FILES:-12}
CACHE=${CACHE:-/tmp/timbre-load}
GRAPH_WAIT=${GRAPH_WAIT:-900}

# Rate limits are switched off: the driver's users register and like from one address at rates no person reaches.
RATE_LIMIT_FLAGS=${RATE_LIMIT_FLAGS:---no-rate-limit}
SERVE_EXTRA_FLAGS=${SERVE_EXTRA_FLAGS:-}
DRIVER_FLAGS=${DRIVER_FLAGS:-}

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "== build (Release)"
  dotnet build src/Timbre.Cli -c Release -nologo -v q >/dev/null
  dotnet build bench/load/LoadDriver -c Release -nologo -v q >/dev/null
fi
timbre=(dotnet "${TIMBRE_DLL:-$root/src/Timbre.Cli/bin/Release/net10.0/timbre.dll}")
driver=(dotnet "$root/bench/load/LoadDriver/bin/Release/net10.0/LoadDriver.dll")

mkdir -p "$CACHE"
cached="$CACHE/synth-$TRACKS-u$USERS-seed1.db"
audio="$CACHE/audio"
if [[ ! -s "$cached" ]]; then
  echo "== synthesise $TRACKS tracks, $USERS users into $cached"
  rm -f "$cached" "$cached-wal" "$cached-shm" "$cached.tmp"
  "${timbre[@]}" catalog synth --catalog "$cached.tmp" --tracks "$TRACKS" --users "$USERS" --seed 1 --audio-dir "$audio/$TRACKS"
  mv "$cached.tmp" "$cached"
  # synth ends by writing the serving snapshot file beside the catalog it wrote: keep it with the catalog.
  if [[ -d "$cached.tmp.ann" ]]; then
    rm -rf "$cached.ann"
    mv "$cached.tmp.ann" "$cached.ann"
  fi
else
  echo "== cached catalog $cached"
fi

# The run writes (likes, scanned tracks) into a copy, so the cached catalog stays as synthesised.
work=$(mktemp -d "$CACHE/run-XXXXXX")
db="$work/catalog.db"
cp "$cached" "$db"
# The ANN graph and the serving snapshot file serve keeps next to the catalog (CATALOG.ann) are cached too: the first
# run builds and saves them, later runs map them (set FRESH_GRAPH=1 to measure a start without either).
if [[ -d "$cached.ann" && "${FRESH_GRAPH:-0}" != 1 ]]; then
  cp -r --preserve=timestamps "$cached.ann" "$db.ann"
fi
# Open the copy once before the clock starts: a new build's schema step (run once per catalog; at 1 M tracks it reads
# the analyses to index them) is not start-up.
"${timbre[@]}" catalog failures --catalog "$db" >/dev/null
serve_pid=""
cleanup() {
  if [[ -n "$serve_pid" ]] && kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  # Graph files (one per engine: NAME.hnsw or NAME.usearch, each with its .rows) and the serving snapshot file
  # (NAME.snapshot) this run wrote are kept for the next run, so a cache holding only another engine's graph or an
  # older snapshot format is completed instead of making every run rebuild. After a SCAN=1 run only missing files are
  # kept: the scan moved the run's catalog on, while the cached catalog stays as synthesised.
  if [[ -d "$db.ann" ]]; then
    mkdir -p "$cached.ann"
    for f in "$db.ann"/*.hnsw "$db.ann"/*.usearch "$db.ann"/*.snapshot; do
      [[ -f "$f" && -f "$f.rows" || "$f" == *.snapshot && -f "$f" ]] || continue
      name=$(basename "$f")
      if [[ ! -e "$cached.ann/$name" || ("$SCAN" != 1 && "$f" -nt "$cached.ann/$name") ]]; then
        if [[ -f "$f.rows" ]]; then cp "$f.rows" "$cached.ann/$name.rows"; fi
        cp "$f" "$cached.ann/$name.tmp" && mv "$cached.ann/$name.tmp" "$cached.ann/$name"
      fi
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port"
echo "== serve on $url"
start_ms=$(date +%s%3N)
echo "serve environment: ${SERVE_ENV:-(default)}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # the flag and environment variables are word lists
env ${SERVE_ENV:-} "${timbre[@]}" serve --catalog "$db" --model summary --urls "$url" $RATE_LIMIT_FLAGS $SERVE_EXTRA_FLAGS >"$work/serve.log" 2>&1 &
serve_pid=$!
until curl -fs -o /dev/null "$url/api/tracks?pageSize=1"; do
  if ! kill -0 "$serve_pid" 2>/dev/null; then
    echo "serve exited:" >&2
    cat "$work/serve.log" >&2
    exit 1
  fi
  if (($(date +%s%3N) - start_ms > 120000)); then
    echo "serve did not answer within 120 s" >&2
    exit 1
  fi
  sleep 0.1
done
echo "serve start-up (process start to first answer): $(($(date +%s%3N) - start_ms)) ms"
if ((TRACKS >= 50000)); then
  # Above the ANN threshold: wait (bounded) for the graph, opened from CATALOG.ann or built, and say which.
  until grep -q "ANN graph: \(opened\|built\)" "$work/serve.log" || (($(date +%s%3N) - start_ms > GRAPH_WAIT * 1000)); do sleep 0.2; done
  echo "ANN graph ready $(($(date +%s%3N) - start_ms)) ms after start: $(grep -m1 "ANN graph: \(opened\|built\)" "$work/serve.log" || echo "not ready after $GRAPH_WAIT s")"
fi

probe=()
if [[ "$SCAN" == 1 ]]; then
  lib="$work/scanlib"
  mkdir -p "$lib"
  for i in $(seq 1 "$SCAN_FILES"); do
    ffmpeg -nostdin -loglevel error -f lavfi -i "sine=frequency=$((200 + 37 * i)):duration=8" -ar 22050 -ac 1 "$lib/loadscan-tone-$i.wav"
  done
  probe=(--probe-query loadscan-tone --probe-expect "$SCAN_FILES" --during-delay 5
    --during "${timbre[*]} scan '$lib' --catalog '$db' --workers 1 > '$work/scan.log' 2>&1")
fi

echo "== load"
status=0
# shellcheck disable=SC2086 # DRIVER_FLAGS is a word list
timeout $((WARMUP + SECONDS_LOAD + 300)) "${driver[@]}" --url "$url" --seconds "$SECONDS_LOAD" --rate "$RATE" --warmup "$WARMUP" \
  --pid "$serve_pid" "${probe[@]}" $DRIVER_FLAGS || status=$?
if [[ "$SCAN" == 1 ]]; then
  echo "== scan (during the load): $(grep -E 'analysed|failed|committed' "$work/scan.log" | tr -s ' │' ' ' | tr '\n' ';')"
fi
if grep -qi "error\|exception" "$work/serve.log"; then
  echo "== serve log (errors)"
  grep -i -m 20 "error\|exception" "$work/serve.log" || true
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the load generator shares the machine's cores with serve)"
exit "$status"
