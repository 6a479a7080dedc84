#!/usr/bin/env bash
# Sets up what is missing, builds everything and runs the whole test suite (what CI runs).
# --fast leaves out the tests tagged [Trait("Category", "Slow")] (servers, browsers, training, kill -9, large
# generated corpora); any other arguments go to `dotnet test` as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
for arg in "$@"; do
  if [[ "$arg" == "--fast" ]]; then
    args+=(--filter "Category!=Slow")
  else
    args+=("$arg")
  fi
done
scripts/setup.sh --browser
dotnet build Timbre.sln -c Release -nologo -v q
dotnet test Timbre.sln -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" ${args[@]+"${args[@]}"}
