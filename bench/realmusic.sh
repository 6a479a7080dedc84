#!/usr/bin/env bash
# Real-music retrieval table (issue 15): one markdown table, one row per method, on a library laid out by album
# (the dev set of scripts/devset.sh: DIR/<package>/<file>, one album per folder).
# Usage: bench/realmusic.sh DEVSET_DIR [WORKDIR=/tmp/timbre-realmusic]
#   TIMBRE=path/to/timbre   use this build (default: build src/Timbre.Cli in Release and use it)
#   CRNN=PKG                a genre package trained on the procedural corpus (e.g. timbre train --model crnn --pool 4)
#   CONTRASTIVE=PKG         a contrastive package trained on DEVSET_DIR (timbre train --model contrastive --data DEVSET_DIR)
# Rows whose package is not given are left out. Every analyzer is scanned ONCE, all in one pass (one decode per file),
# into WORKDIR/devset.db (reused on re-runs with the timing of its first scan). A row is then either one
# `timbre eval-retrieval --json` (after `timbre catalog space fit` for the rows on the library space; a space with
# within-album whitening is scored by eval-retrieval itself with 3 folds by album x 5 repeats) or one
# `timbre metric cv --json` (rows learned from albums: 3 folds by album x 5 repeats, so never scored on an album it
# trained on; the figure is held-out queries ranked against the whole library, pooled over queries).
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

summary_scan_seconds() { # the scan's wall seconds per analysed track, all analyzers together
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
elapsed = re.search(r"elapsed\s*│\s*([0-9.]+) s", text)
analysed = re.search(r"│ analysed\s*│\s*([0-9]+)", text)
print("%.2f" % (float(elapsed.group(1)) / int(analysed.group(1))) if elapsed and analysed and int(analysed.group(1)) > 0 else "n/a")
PY
}

set_id() { # $1 model kind prefix ("crnn", "contrastive") -> its analysis set "model@vN" in the catalog
  python3 - "$DB" "$1" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "select model_id, feature_version from analysis_sets where model_id like ? order by model_id", (sys.argv[2] + "-%",)).fetchall()
print("%s@v%d" % rows[0] if rows else "")
PY
}

MODELS=(--model summary --model summary@2)
[[ -n "${CRNN:-}" ]] && MODELS+=(--model "$CRNN")
[[ -n "${CONTRASTIVE:-}" ]] && MODELS+=(--model "$CONTRASTIVE")
DB="$WORK/devset.db"
if [[ ! -s "$DB" || ! -s "$DB.scan.log" ]]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "scanning $DEV (${MODELS[*]}) into $DB ..." >&2
  nice -n 5 "$TIMBRE" scan "$DEV" --catalog "$DB" "${MODELS[@]}" > "$DB.scan.log" 2>&1 || { cat "$DB.scan.log" >&2; exit 1; }
fi
PER_TRACK=$(summary_scan_seconds "$DB.scan.log")

retrieval() { # $1 label, $2 space sets ('-' = none), $3 more `catalog space fit` options ('-' = none), rest: eval-retrieval options
  local label=$1 sets=$2 fitopts=$3; shift 3
  if [[ $sets != - ]]; then
    local fit=(catalog space fit --catalog "$DB" --sets "$sets")
    # shellcheck disable=SC2206 # the options are words
    [[ $fitopts != - ]] && fit+=($fitopts)
    "$TIMBRE" "${fit[@]}" > /dev/null
  fi
  local album artist
  album=$("$TIMBRE" eval-retrieval --catalog "$DB" --by album --k 5 "$@" --json)
  if artist=$("$TIMBRE" eval-retrieval --catalog "$DB" --by artist --k 5 "$@" --json 2>/dev/null); then
    artist=$(python3 -c "import json,sys; j=json.load(sys.stdin); print('%.3f (%d q)' % (j['precision'], j['queries']))" <<<"$artist")
  else
    artist="n/a"
  fi
  python3 -c "
import json, sys
j = json.load(sys.stdin)
print('| %s | %.3f (%.3f) | %s | %.3f | %d | %s |' % (sys.argv[1], j['precision'], j['chance'], sys.argv[2], j['meanAveragePrecisionAt10'], j['dimensions'], sys.argv[3]))" "$label" "$artist" "$PER_TRACK" <<<"$album"
}

learned() { # $1 label, $2 analysis set: within-album whitening learned on the other folds' albums
  "$TIMBRE" metric cv --catalog "$DB" --analysis "$2" --by album --folds 3 --repeats 5 --method whiten --json | python3 -c "
import json, sys
j = json.load(sys.stdin)
lib = [f['Fold']['Library'] for f in j['folds']]
q = sum(l['Learned']['Queries'] for l in lib)
p = sum(l['Learned']['Precision'] * l['Learned']['Queries'] for l in lib) / q
m = sum(l['Learned']['MeanAveragePrecision'] * l['Learned']['Queries'] for l in lib) / q
c = sum(l['Learned']['Chance'] * l['Learned']['Queries'] for l in lib) / q
d = j['folds'][0]['Fold']['OutputDimension']
print('| %s | %.3f (%.3f) | n/a | %.3f | %d | %s |' % (sys.argv[1], p, c, m, d, sys.argv[2]))" "$1" "$PER_TRACK"
}

echo "| Method | album P@5 (chance) | artist P@5 | MAP@10 | dims | scan s/track (all analyzers) |"
echo "|---|---:|---:|---:|---:|---:|"
"$TIMBRE" catalog space clear --catalog "$DB" > /dev/null
retrieval "MFCC-20 mean+std (raw)" - - --analysis summary@1 --vector mfcc --raw
retrieval "MFCC-20 mean+std (z-scored)" - - --analysis summary@1 --vector mfcc
retrieval "summary features as today" - - --analysis summary@1 --vector embedding
retrieval "summary + library standardisation (space)" summary@v1 --no-album-whitening --vector space
retrieval "+ new features (v2, space)" summary@v2 --no-album-whitening --vector space
learned "summary + within-album whitening (metric cv, 3-fold by album)" summary@1
learned "v2 + within-album whitening (metric cv, 3-fold by album)" summary@2
retrieval "summary + space with within-album whitening (stored step; 3 folds by album x 5)" summary@v1 - --vector space
retrieval "v2 + space with within-album whitening (stored step; 3 folds by album x 5)" summary@v2 - --vector space
retrieval "v2 + space (no labels) + mutual proximity" summary@v2 --no-album-whitening --vector space --mutual-proximity
retrieval "summary + space with within-album whitening + mutual proximity" summary@v1 - --vector space --mutual-proximity
retrieval "v2 + space with within-album whitening + mutual proximity" summary@v2 - --vector space --mutual-proximity
if [[ -n "${CRNN:-}" ]]; then
  crnn=$(set_id crnn)
  retrieval "procedural-corpus CRNN embedding" - - --analysis "$crnn" --vector embedding
fi
if [[ -n "${CONTRASTIVE:-}" ]]; then
  con=$(set_id contrastive)
  retrieval "contrastive (trained on the dev set, no labels)" - - --analysis "$con" --vector embedding
  learned "contrastive + within-album whitening (3-fold by album)" "$con"
  # Fusion with the scan's default (summary v1, space with within-album whitening, scored by folds by album), the
  # learned block at weights 0.1 / 0.25 / 0.5 of a summary block, without and with mutual proximity.
  for w in 0.1 0.25 0.5; do
    retrieval "fusion: summary + contrastive (space with within-album whitening, learned weight $w)" "summary@v1,$con" "--weights learned=$w" --vector space
    retrieval "fusion: summary + contrastive (as above, weight $w) + mutual proximity" "summary@v1,$con" "--weights learned=$w" --vector space --mutual-proximity
  done
fi
