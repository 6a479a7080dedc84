#!/usr/bin/env bash
# Sets up what is missing, builds everything and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
dotnet build Timbre.sln -c Release -nologo -v q
dotnet test Timbre.sln -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" "$@"
