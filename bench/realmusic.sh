#!/usr/bin/env bash
# Real-music retrieval table (issue 15): one markdown table, one row per method, on a library laid out by album
# (the dev set of scripts/devset.sh: DIR/<package>/<file>, one album per folder).
# Usage: bench/realmusic.sh DEVSET_DIR [WORKDIR=/tmp/timbre-realmusic]
#   TIMBRE=path/to/timbre   use this build (default: build src/Timbre.Cli in Release and use it)
# Each distinct analyzer of ROWS is scanned ONCE into a fresh catalog WORKDIR/<analyzer>.db (reused on re-runs, with
# the timing of its first scan); every row is then one `timbre eval-retrieval --json` call on that catalog.
# Columns: album P@5 (leave-one-out, cosine; chance in brackets), artist P@5 with the query's own album left out
# (n/a when no track shares a tagged artist with another album), MAP@10 by album, embedding dims, and the scan's
# wall-clock seconds per analysed track (all cores, so it also depends on what else the machine runs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[[ $# -ge 1 && -d "$1" ]] || { echo "usage: bench/realmusic.sh DEVSET_DIR [WORKDIR]" >&2; exit 2; }
DEV=$(cd "$1" && pwd)
WORK=${2:-/tmp/timbre-realmusic}
mkdir -p "$WORK"
if [[ -z "${TIMBRE:-}" ]]; then
  dotnet build "$ROOT/src/Timbre.Cli" -c Release -nologo -v q >&2
  TIMBRE="$ROOT/src/Timbre.Cli/bin/Release/net10.0/timbre"
fi

# One line per row: "label | analyzer ('summary' or a model package folder) | extra eval-retrieval options".
ROWS=(
  "MFCC-20 mean+std (z-scored) | summary | --vector mfcc"
  "MFCC-20 mean+std (raw) | summary | --vector mfcc --raw"
  "summary features as today | summary | --vector embedding"
)

scan() { # $1 analyzer -> prints the catalog path; scans once, keeping the scan's output next to it
  local name db
  name=$(basename "$1" | tr -c 'A-Za-z0-9._\n-' '_')
  db="$WORK/$name.db"
  if [[ ! -s "$db" || ! -s "$db.scan.log" ]]; then
    rm -f "$db" "$db-wal" "$db-shm"
    echo "scanning $DEV with $1 into $db ..." >&2
    nice -n 5 "$TIMBRE" scan "$DEV" --catalog "$db" --model "$1" > "$db.scan.log" 2>&1 || { cat "$db.scan.log" >&2; exit 1; }
  fi
  echo "$db"
}

field() { # $1 json text, $2 python expression on j
  python3 -c "import json,sys; j=json.loads(sys.stdin.read()); print($2)" <<<"$1"
}

echo "| Method | album P@5 (chance) | artist P@5 | MAP@10 | dims | analysis s/track |"
echo "|---|---:|---:|---:|---:|---:|"
for row in "${ROWS[@]}"; do
  IFS='|' read -r label analyzer options <<<"$row"
  label=$(echo "$label" | xargs); analyzer=$(echo "$analyzer" | xargs)
  db=$(scan "$analyzer")
  # shellcheck disable=SC2086 # options are words
  album=$("$TIMBRE" eval-retrieval --catalog "$db" --by album --k 5 $options --json)
  if artist=$("$TIMBRE" eval-retrieval --catalog "$db" --by artist --k 5 $options --json 2>/dev/null); then
    artist=$(field "$artist" "'%.3f (%d q)' % (j['precision'], j['queries'])")
  else
    artist="n/a"
  fi
  per_track=$(python3 - "$db.scan.log" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
elapsed = re.search(r"elapsed\s*│\s*([0-9.]+) s", text)
analysed = re.search(r"│ analysed\s*│\s*([0-9]+)", text)
print("%.2f" % (float(elapsed.group(1)) / int(analysed.group(1))) if elapsed and analysed and int(analysed.group(1)) > 0 else "n/a")
PY
)
  echo "| $label | $(field "$album" "'%.3f (%.3f)' % (j['precision'], j['chance'])") | $artist | $(field "$album" "'%.3f' % j['meanAveragePrecisionAt10']") | $(field "$album" "j['dimensions']") | $per_track |"
done
