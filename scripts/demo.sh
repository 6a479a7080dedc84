#!/usr/bin/env bash
# The README's first command: installs what is missing (scripts/setup.sh), builds Timbre, then `timbre demo`:
# generates a small procedural library (10 genres × 8 tracks × 15 s) in data/demo/library, trains a small genre
# model on it (or reuses data/demo/model), scans it into data/demo/timbre.db, prints example recommendations and
# serves the web app until Ctrl+C. Re-runs reuse everything (a few seconds).
# Extra arguments go to `timbre demo` (see `timbre demo --help`), e.g.
#   bash scripts/demo.sh --library ~/Music --model path/to/model   # your own music and model
#   bash scripts/demo.sh --no-serve                                # stop after the recommendations
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build src/Timbre.Cli -c Release -nologo -v q
exec dotnet src/Timbre.Cli/bin/Release/net10.0/timbre.dll demo "$@"
