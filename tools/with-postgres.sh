#!/usr/bin/env bash
# Runs a command with FBSS_TEST_PG_URL pointing at a throwaway PostgreSQL server on 127.0.0.1.
# The server lives in a temporary folder and is stopped and removed when the command ends.
# If FBSS_TEST_PG_URL is already set, the command runs against that server; FBSS_SKIP_PG=1 runs without one.
set -euo pipefail

if [ -n "${FBSS_TEST_PG_URL:-}" ] || [ "${FBSS_SKIP_PG:-0}" = "1" ]; then
  exec "$@"
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "with-postgres: no PostgreSQL server found (tools/system-deps.sh postgres installs it)" >&2
  exit 1
fi

workdir=$(mktemp -d /tmp/fbss-pg.XXXXXX)
runas=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root; the Debian package creates the postgres user.
  chown postgres "$workdir"
  runas=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${runas[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${runas[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
server_options="-p $port -c listen_addresses=127.0.0.1 -k $workdir -c fsync=off -c full_page_writes=off"
"${runas[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -o "$server_options" start >/dev/null
"${runas[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres fbss_test

export FBSS_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/fbss_test"
# Tests that stop and start the server in the middle of a session (reconnection) run these.
pg_ctl_cmd="${runas[*]} $bindir/pg_ctl -D $workdir/data -l $workdir/server.log -w"
export FBSS_TEST_PG_STOP="$pg_ctl_cmd -m fast stop"
export FBSS_TEST_PG_START="$pg_ctl_cmd -o '$server_options' start"
"$@"
