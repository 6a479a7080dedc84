# Sourced by the cluster scripts: a throw-away PostgreSQL server in a fresh temporary directory.
#   temp_pg_init NAME         sets pg_bin, work (/tmp/NAME-XXXXXX), as_pg (runs as nobody when root) and a random port
#   temp_pg_start [OPTION…]   initdb and start it on 127.0.0.1:$port, socket in $work; OPTIONs are extra "-c k=v"
#   temp_pg_stop              stop it (for the caller's cleanup trap; never fails)
temp_pg_init() {
  pg_bin="${TIMBRE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
  [[ -x "$pg_bin/initdb" ]] || { echo "PostgreSQL server binaries not found (apt-get install postgresql, or set TIMBRE_PG_BIN)" >&2; exit 1; }
  work="$(mktemp -d "/tmp/$1-XXXXXX")"
  chmod 755 "$work"
  as_pg=()
  if [[ "$(id -u)" == 0 ]]; then chown nobody "$work"; as_pg=(runuser -u nobody --); fi
  port=$(( 20000 + RANDOM % 20000 ))
}

temp_pg_start() {
  "${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -U timbre --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" start -w -D "$work/pg" -l "$work/pg.log" -o "-p $port -k $work -c listen_addresses=127.0.0.1 $*" >/dev/null
}

temp_pg_stop() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" stop -D "$work/pg" -m fast >/dev/null 2>&1 || true
}
