#!/usr/bin/env bash
# Bulk write of the same seeded synthetic catalog (timbre catalog synth: tracks with 357-d summary analyses in
# batches, users, interactions) into a SQLite file and into PostgreSQL (binary COPY), in one run, side by side.
# PostgreSQL runs with its durable defaults (fsync on) in a temp cluster on a free loopback port, as user nobody when
# run as root; it is stopped and deleted at the end. Needs the Debian package postgresql (scripts/setup.sh).
# Usage: bench/catalog/pg_vs_sqlite.sh [TRACKS=100000] [USERS=1000]
set -euo pipefail
cd "$(dirname "$0")/../.."
tracks=${1:-100000}
users=${2:-1000}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "pg_vs_sqlite: PostgreSQL server binaries not found; run scripts/setup.sh" >&2; exit 1; }
dotnet build src/Timbre.Cli -c Release -v q -nologo >/dev/null
timbre=(dotnet src/Timbre.Cli/bin/Release/net10.0/timbre.dll)

work=$(mktemp -d /tmp/timbre-pgbench-XXXXXX)
as=()
if [[ $(id -u) -eq 0 ]]; then chown nobody "$work"; as=(runuser -u nobody --); fi
cleanup() { "${as[@]}" "$bin/pg_ctl" stop -w -m fast -D "$work/data" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$work/data" -U timbre --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
port=$(( (RANDOM % 20000) + 30000 ))
"${as[@]}" "$bin/pg_ctl" start -w -D "$work/data" -l "$work/server.log" -o "-p $port -k $work -c listen_addresses=127.0.0.1" >/dev/null
"${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U timbre bench

# synth prints "Wrote … in S s." (the write, without process start-up): take S.
seconds() { "${timbre[@]}" catalog synth --catalog "$1" --tracks "$tracks" --users "$users" 2>/dev/null | sed -n 's/.* in \([0-9.]*\) s\.$/\1/p' | tail -1; }
sqlite_s=$(seconds "$work/bench.db")
pg_s=$(seconds "postgresql://timbre@127.0.0.1:$port/bench")
echo "catalog synth --tracks $tracks --users $users (357-d analyses), $(nproc) cores"
printf '%-34s %8s %12s\n' backend seconds tracks/s
printf '%-34s %8.1f %12.0f\n' "SQLite (WAL, synchronous NORMAL)" "$sqlite_s" "$(echo "$tracks / $sqlite_s" | bc -l)"
printf '%-34s %8.1f %12.0f\n' "PostgreSQL 15 (binary COPY)" "$pg_s" "$(echo "$tracks / $pg_s" | bc -l)"
printf 'PostgreSQL / SQLite time: %.2f\n' "$(echo "$pg_s / $sqlite_s" | bc -l)"
echo "PostgreSQL catalog: $("${timbre[@]}" catalog stats --catalog "postgresql://timbre@127.0.0.1:$port/bench" --json | grep -E '"(presentTracks|analyses|interactions|integrity)"' | tr -d " \n")"
