#!/usr/bin/env bash
# Installs what Timbre needs on Debian 12 (only what is missing). Run as root to install; otherwise it says
# exactly what to install. Usage: scripts/setup.sh [--bench] [--browser] [--node] [--fuzz]
# --browser is what CI passes (scripts/test.sh): the client tests' tools, chromium for Playwright and node/npm for
# the npm Subsonic client test (SubsonicClientTests); --node installs node/npm alone.
set -euo pipefail

packages=(ffmpeg fluidsynth fluid-soundfont-gm sqlite3 fonts-dejavu-core postgresql
  gcc pkg-config libavformat-dev libavcodec-dev libavfilter-dev libswresample-dev libavutil-dev)
want_node=0
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(python3-torchaudio python3-torch python3-sklearn python3-scipy python3-hnswlib python3-faiss time bc wrk hey sox linux-perf) ;;
    --browser) packages+=(chromium); want_node=1 ;;
    --node) want_node=1 ;;
    --fuzz) packages+=(afl++) ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# A node/npm already on PATH (e.g. NodeSource's nodejs, which bundles npm and conflicts with Debian's npm) is kept.
if ((want_node)) && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup.sh: the .NET 10 SDK is required (dotnet not on PATH). See https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "setup.sh: installing ${missing[*]} with sudo" >&2
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
    echo "setup.sh: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# The decoder host (native/decode-host): one long-lived libav process per scan worker instead of one ffmpeg process
# per file. Built into artifacts/ (never committed); the .NET build copies it next to timbre.
root=$(cd "$(dirname "$0")/.." && pwd)
host="$root/artifacts/decode-host/timbre-decode-host"
source="$root/native/decode-host/decode_host.c"
if [[ ! -x "$host" || "$source" -nt "$host" ]]; then
  mkdir -p "$(dirname "$host")"
  # shellcheck disable=SC2046 # pkg-config prints several flags
  gcc -O2 -Wall -Wextra -std=c11 -o "$host" "$source" $(pkg-config --cflags --libs libavformat libavcodec libavfilter libavutil)
  echo "setup.sh: built $host" >&2
fi
