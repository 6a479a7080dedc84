#!/usr/bin/env bash
# Sets up what is missing, builds Timbre and runs the demo on the embedded defaults.
# Extra arguments go to `timbre demo` (see `timbre demo --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build src/Timbre.Cli -c Release -nologo -v q
exec dotnet src/Timbre.Cli/bin/Release/net10.0/timbre.dll demo "$@"
