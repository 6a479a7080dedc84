#!/usr/bin/env bash
# Scan vs ffmpeg decoding alone, on the same files: wall time, CPU time and peak RSS side by side (issues 6 and 10).
# Usage: bench/scan_vs_ffmpeg.sh LIBRARY_DIR [WORKDIR=/tmp/timbre-scan-bench]     real music, e.g. scripts/devset.sh's
#        bench/scan_vs_ffmpeg.sh [N_FILES=100] [SECONDS=30] [WORKDIR]             N generated WAVs of SECONDS each
# Generated files: 44.1 kHz stereo 16-bit WAVs (a chord with a slow vibrato plus noise, different per file).
# Times, with the same parallelism (JOBS, default nproc), each under /usr/bin/time -v:
#   1. ffmpeg alone: decode each file to mono 22050 Hz float (what the analyzer needs) into /dev/null;
#   2. `timbre scan --model summary` (Release) into a fresh catalog: probe + hash + decode + summary features + commit;
#   3. the same scan again (every file unchanged).
# Prints wall and CPU seconds, peak RSS (largest process) and the scan/ffmpeg ratios.
# ROUNDS=N (default 1) repeats ffmpeg and scan N times, alternating their order, and prints the median ratios.
# Issue 10 targets on real music: scan peak RSS <= 1 GB, scan wall <= 1.4x ffmpeg.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JOBS=${JOBS:-$(nproc)}
ROUNDS=${ROUNDS:-1}
command -v /usr/bin/time >/dev/null || { echo "scan_vs_ffmpeg.sh: GNU time is required (scripts/setup.sh --bench)" >&2; exit 1; }

if [[ $# -ge 1 && -d "$1" ]]; then
  LIB=$(cd "$1" && pwd)
  WORK=${2:-/tmp/timbre-scan-bench}
  mkdir -p "$WORK"
  LABEL="library $LIB"
else
  N=${1:-100}
  SECS=${2:-30}
  WORK=${3:-/tmp/timbre-scan-bench}
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
  LABEL="$N generated WAVs x $SECS s"
fi

find "$LIB" -type f -regextype posix-extended -iregex '.*\.(wav|mp3|flac|ogg|opus|m4a|aac|wma|aiff|aif)$' -print0 | sort -z > "$WORK/files"
FILES=$(tr -cd '\0' < "$WORK/files" | wc -c)
AUDIO_SECONDS=$(xargs -0 -n 1 ffprobe -v error -show_entries format=duration -of csv=p=0 < "$WORK/files" 2>/dev/null \
  | awk '$1 != "N/A" { s += $1 } END { printf "%.0f", s }' || true)
echo "$FILES files, $AUDIO_SECONDS s of audio" >&2

echo "building timbre (Release)…" >&2
dotnet build "$ROOT/src/Timbre.Cli" -c Release -v q -nologo >/dev/null
TIMBRE="$ROOT/src/Timbre.Cli/bin/Release/net10.0/timbre.dll"

# "wall user sys maxrss_kb" of a command (children included; maxrss is the largest single process).
measure() { /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" > "$WORK/out" 2>&1 || { cat "$WORK/out" >&2; exit 1; }; cat "$WORK/time"; }
ffmpeg_all() { xargs -0 -P "$JOBS" -I{} ffmpeg -nostdin -loglevel error -i {} -ac 1 -ar 22050 -f f32le -y /dev/null < "$WORK/files"; }
export -f ffmpeg_all
export WORK JOBS

run_ffmpeg() { read -r FF FF_U FF_S FF_RSS < <(measure bash -c ffmpeg_all); }
run_scan() {
  rm -rf "$WORK/catalog.db"*
  read -r SCAN SC_U SC_S SC_RSS < <(measure dotnet "$TIMBRE" scan "$LIB" --catalog "$WORK/catalog.db" --workers "$JOBS")
  cp "$WORK/out" "$WORK/scan.log"
}
# ROUNDS > 1: ffmpeg and scan back to back per round, the order swapped every other round (a slow drift in the
# machine's speed then moves both sides of a round alike), each round's ratios printed and their median.
sync
WALL_RATIOS=()
CPU_RATIOS=()
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2 == 1)); then run_ffmpeg; run_scan; else run_scan; run_ffmpeg; fi
  WALL_RATIOS+=("$(echo "$SCAN / $FF" | bc -l)")
  CPU_RATIOS+=("$(echo "($SC_U + $SC_S) / ($FF_U + $FF_S)" | bc -l)")
  if ((ROUNDS > 1)); then
    printf 'round %d: ffmpeg %.1f s / %.1f CPU-s, scan %.1f s / %.1f CPU-s / %.0f MB -> wall %.2fx, CPU %.2fx\n' "$round" "$FF" \
      "$(echo "$FF_U + $FF_S" | bc -l)" "$SCAN" "$(echo "$SC_U + $SC_S" | bc -l)" "$(echo "$SC_RSS / 1024" | bc -l)" \
      "${WALL_RATIOS[-1]}" "${CPU_RATIOS[-1]}" >&2
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
read -r RESCAN _ _ RE_RSS < <(measure dotnet "$TIMBRE" scan "$LIB" --catalog "$WORK/catalog.db" --workers "$JOBS")

row() { printf '%-30s %8.1f s wall %8.1f s CPU %8.0f MB peak RSS  %6.2f tracks/s %7.1f audio-s/s\n' "$1" "$2" "$3" "$(echo "$4 / 1024" | bc -l)" "$(echo "$FILES / $2" | bc -l)" "$(echo "$AUDIO_SECONDS / $2" | bc -l)"; }
printf '%s: %d files, %.1f h of audio, %d parallel jobs\n' "$LABEL" "$FILES" "$(echo "$AUDIO_SECONDS / 3600" | bc -l)" "$JOBS"
row "ffmpeg decode alone" "$FF" "$(echo "$FF_U + $FF_S" | bc -l)" "$FF_RSS"
row "timbre scan --model summary" "$SCAN" "$(echo "$SC_U + $SC_S" | bc -l)" "$SC_RSS"
printf '%-30s %8.1f s wall %21s %8.0f MB peak RSS  (all unchanged)\n' "timbre rescan" "$RESCAN" "" "$(echo "$RE_RSS / 1024" | bc -l)"
(( ROUNDS > 1 )) && echo "(the rows above: round $ROUNDS; the ratios below: the median of $ROUNDS rounds)"
printf 'scan / ffmpeg: wall %.2fx, CPU %.2fx (target <= 1.4x wall); scan peak RSS %.0f MB (target <= 1024 MB)\n' \
  "$(median "${WALL_RATIOS[@]}")" "$(median "${CPU_RATIOS[@]}")" "$(echo "$SC_RSS / 1024" | bc -l)"
grep -E "│ (analysed|failed) " "$WORK/scan.log" || true
