#!/usr/bin/env bash
# Scan throughput vs ffmpeg decoding alone, on the same files (issue 6 benchmark; goal: analysis adds < 25 %).
# Usage: bench/scan_vs_ffmpeg.sh [N_FILES=100] [SECONDS=30] [WORKDIR=/tmp/timbre-scan-bench]
# Makes N 44.1 kHz stereo 16-bit WAVs of SECONDS each (a chord with a slow vibrato plus noise, different per file),
# then times, with the same parallelism (nproc):
#   1. ffmpeg alone: decode each file to mono 22050 Hz float (what the analyzer needs) into /dev/null;
#   2. `timbre scan --model summary` (Release) into a fresh catalog: probe + hash + decode + summary features + commit.
# Prints tracks/s, seconds of audio per second, and the ratio.
set -euo pipefail
N=${1:-100}
SECS=${2:-30}
WORK=${3:-/tmp/timbre-scan-bench}
JOBS=$(nproc)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB="$WORK/lib"
mkdir -p "$LIB"

for i in $(seq -w 1 "$N"); do
  f="$LIB/track$i.wav"
  [ -s "$f" ] && continue
  base=$((110 + 10#$i * 7))
  ffmpeg -nostdin -loglevel error -f lavfi \
    -i "sine=frequency=$base:duration=$SECS" -f lavfi -i "sine=frequency=$((base * 3 / 2)):duration=$SECS" \
    -f lavfi -i "anoisesrc=d=$SECS:c=pink:a=0.05:seed=$((10#$i))" \
    -filter_complex "[0][1][2]amix=inputs=3,vibrato=f=4:d=0.2,aformat=channel_layouts=stereo" \
    -ar 44100 -c:a pcm_s16le "$f"
done
AUDIO_SECONDS=$((N * SECS))

echo "building timbre (Release)…" >&2
dotnet build "$ROOT/src/Timbre.Cli" -c Release -v q -nologo >/dev/null
TIMBRE="$ROOT/src/Timbre.Cli/bin/Release/net10.0/timbre.dll"

# Wall time and CPU time (user + sys, children included): CPU time is the fairer number on a shared, loaded machine.
TIMEFORMAT='%R %U %S'
measure() { { time "$@" > /dev/null; } 2>&1 | tail -1; }
ffmpeg_all() { ls "$LIB"/*.wav | xargs -P "$JOBS" -I{} ffmpeg -nostdin -loglevel error -i {} -ac 1 -ar 22050 -f f32le -y /dev/null; }
scan() { dotnet "$TIMBRE" scan "$LIB" --catalog "$WORK/catalog.db" --workers "$JOBS" | tee "$WORK/$1.log"; }

sync
read -r FF FF_U FF_S < <(measure ffmpeg_all)
rm -f "$WORK/catalog.db"*
read -r SCAN SC_U SC_S < <(measure scan scan)
read -r RESCAN _ _ < <(measure scan rescan)
FF_CPU=$(echo "$FF_U + $FF_S" | bc -l)
SC_CPU=$(echo "$SC_U + $SC_S" | bc -l)

printf '%d files x %d s (%d s of audio), %d parallel jobs\n' "$N" "$SECS" "$AUDIO_SECONDS" "$JOBS"
printf '%-30s %7.2f s wall %7.2f s CPU  %6.2f tracks/s  %7.1f audio-s/s\n' "ffmpeg decode alone" "$FF" "$FF_CPU" "$(echo "$N / $FF" | bc -l)" "$(echo "$AUDIO_SECONDS / $FF" | bc -l)"
printf '%-30s %7.2f s wall %7.2f s CPU  %6.2f tracks/s  %7.1f audio-s/s\n' "timbre scan --model summary" "$SCAN" "$SC_CPU" "$(echo "$N / $SCAN" | bc -l)" "$(echo "$AUDIO_SECONDS / $SCAN" | bc -l)"
printf '%-34s %8.2f s  (all unchanged)\n' "timbre rescan" "$RESCAN"
printf 'scan / ffmpeg ratio: wall %.2f, CPU %.2f (goal "analysis adds < 25 %%": <= 1.25)\n' "$(echo "$SCAN / $FF" | bc -l)" "$(echo "$SC_CPU / $FF_CPU" | bc -l)"
grep -E "│ (analysed|failed) " "$WORK/scan.log" || true
