#!/usr/bin/env bash
# Fuzzes one Timbre parser with afl++ and SharpFuzz for a fixed time, on one core.
# Usage: scripts/fuzz.sh TARGET SECONDS      TARGET: wav | ffprobe-json | multipart | query
# Builds fuzz/Timbre.Fuzz, instruments the Timbre assemblies under test, writes a generated seed corpus, runs
# afl-fuzz, then prints executions, exec/s, paths, crashes and hangs. Everything lands in out/fuzz/TARGET/ (ignored);
# crash and hang inputs are copied to out/fuzz/TARGET/crashes/ and replayed once to show their exceptions.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-}
case "$target" in
  wav | ffprobe-json) instrument=(Timbre.Audio) ;;
  multipart) instrument=(Timbre.Web) ;;
  query) instrument=(Timbre.Web Timbre.Storage Timbre.Core) ;;
  *) echo "usage: scripts/fuzz.sh wav|ffprobe-json|multipart|query SECONDS" >&2; exit 2 ;;
esac
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: SECONDS must be a positive whole number, got '$seconds'" >&2
  exit 2
fi

scripts/setup.sh --fuzz
dotnet tool restore >/dev/null

work=out/fuzz/$target
rm -rf "$work/bin" "$work/plain" "$work/seeds" "$work/findings" "$work/crashes" "$work/tmp"
mkdir -p "$work/tmp"
dotnet build fuzz/Timbre.Fuzz -c Release -nologo -v q -o "$work/bin" >/dev/null
dotnet "$work/bin/Timbre.Fuzz.dll" seeds "$target" "$work/seeds"
# Instrumented code only runs under afl-fuzz; crashes are replayed on an uninstrumented copy.
cp -r "$work/bin" "$work/plain"
for assembly in "${instrument[@]}"; do
  dotnet sharpfuzz "$work/bin/$assembly.dll" >/dev/null
  echo "instrumented $assembly.dll"
done

# dotnet itself is not instrumented (SharpFuzz reports coverage from inside the process), hence SKIP_BIN_CHECK.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export TMPDIR=$PWD/$work/tmp DOTNET_TieredPGO=0
echo "afl-fuzz on $target for $seconds s (log: $work/afl.log)"
afl-fuzz -i "$work/seeds" -o "$work/findings" -t 10000 -m none -V "$seconds" \
  -- dotnet "$work/bin/Timbre.Fuzz.dll" run "$target" >"$work/afl.log" 2>&1 || {
  echo "fuzz.sh: afl-fuzz failed; the end of its log:" >&2
  tail -n 30 "$work/afl.log" >&2
  exit 1
}

stats=$work/findings/default/fuzzer_stats
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
execs=$(stat execs_done)
runtime=$(stat run_time)
echo "target:      $target"
echo "run time:    $runtime s"
echo "executions:  $execs"
echo "exec/s:      $((execs / (runtime > 0 ? runtime : 1))) (average)"
echo "paths:       $(stat corpus_count) (corpus entries; edges found: $(stat edges_found))"
echo "crashes:     $(stat saved_crashes)"
echo "hangs:       $(stat saved_hangs)"

mkdir -p "$work/crashes"
find "$work/findings/default/crashes" "$work/findings/default/hangs" -type f -name 'id:*' \
  -exec cp {} "$work/crashes/" \; 2>/dev/null || true
if compgen -G "$work/crashes/id:*" >/dev/null; then
  echo "crash/hang inputs: $work/crashes/ (replayed below)"
  dotnet "$work/plain/Timbre.Fuzz.dll" replay "$target" "$work/crashes"/id:* || true
  exit 1
fi
echo "no crash or hang inputs"
