#!/usr/bin/env bash
# The real-music development set of issue 15, never committed: music of free games packaged by Debian.
# Usage: scripts/devset.sh DIR
# Downloads the packages below with `apt-get download` (installs nothing, needs no root), unpacks each with
# `dpkg-deb -x` into a temp dir and keeps only its music: audio files at least 20 s long (sound effects drop out),
# one album folder per package, DIR/<package>/<file>. Prints each file it kept and a count per package.
# Rerunning refills DIR from scratch.
# Needs apt-get, dpkg-deb and ffprobe (scripts/setup.sh installs ffmpeg).
set -euo pipefail

PACKAGES=(supertux-data hedgewars-data freedroidrpg-data megaglest-data flare-game extremetuxracer-data
  openclonk-data xmoto-data neverball-common)
MIN_SECONDS=20
AUDIO_EXTENSIONS='ogg|oga|opus|mp3|flac|wav|m4a|aac|wv|aiff|aif'

if [[ $# -ne 1 ]]; then
  echo "usage: scripts/devset.sh DIR" >&2
  exit 2
fi
for tool in apt-get dpkg-deb ffprobe; do
  command -v "$tool" >/dev/null || { echo "devset.sh: $tool is required (scripts/setup.sh installs ffmpeg)" >&2; exit 1; }
done

OUT=$1
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

duration_of() {
  ffprobe -v error -show_entries format=duration -of default=noprint_wrappers=1:nokey=1 "$1" 2>/dev/null || true
}

total=0
for package in "${PACKAGES[@]}"; do
  mkdir -p "$WORK/$package"
  (cd "$WORK/$package" && apt-get download -qq "$package" >/dev/null) || {
    echo "devset.sh: apt-get download $package failed (is the Debian main archive in the apt sources? try apt-get update)" >&2
    exit 1
  }
  dpkg-deb -x "$WORK/$package"/*.deb "$WORK/$package/root"
  album="$OUT/$package"
  rm -rf "$album"
  mkdir -p "$album"
  kept=0
  seconds=0
  while IFS= read -r -d '' file; do
    duration=$(duration_of "$file")
    [[ -n "$duration" && "$duration" != "N/A" ]] || continue
    awk -v d="$duration" -v m="$MIN_SECONDS" 'BEGIN { exit !(d >= m) }' || continue
    name=$(basename "$file")
    # Two files of one package may share a name in different folders: then name it by its whole path in the package.
    if [[ -e "$album/$name" ]]; then
      name=${file#"$WORK/$package/root/"}
      name=${name//\//_}
    fi
    cp "$file" "$album/$name"
    printf '  %s/%s  %.0f s\n' "$package" "$name" "$duration"
    kept=$((kept + 1))
    seconds=$(awk -v s="$seconds" -v d="$duration" 'BEGIN { printf "%.0f", s + d }')
  done < <(find "$WORK/$package/root" -type f -regextype posix-extended -iregex ".*\.($AUDIO_EXTENSIONS)$" -print0 | sort -z)
  rm -rf "$WORK/$package"
  printf '%-22s %3d music files  %6.1f min\n' "$package" "$kept" "$(awk -v s="$seconds" 'BEGIN { print s / 60 }')"
  total=$((total + kept))
done
printf '%-22s %3d music files in %s\n' "total" "$total" "$OUT"
