#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on a loopback port.
#   scripts/with-postgres.sh make test
# The server lives in a temporary folder and is stopped on exit. It exports
# TFZ_TEST_DATABASE_URL (for the tests) and TFZ_SQLALCHEMY_DATABASE_URI.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2
  exit 1
fi

data_dir=$(mktemp -d /tmp/tfz-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb refuses to run as root: run the server as the postgres user then.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$data_dir"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$data_dir"
}
trap stop EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$data_dir/data" -U tfz --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$data_dir/data" -l "$data_dir/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c fsync=off -c full_page_writes=off" >/dev/null
"${as_owner[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U tfz tfz_test

export TFZ_TEST_DATABASE_URL="postgresql+psycopg://tfz@127.0.0.1:$port/tfz_test"
export TFZ_SQLALCHEMY_DATABASE_URI="$TFZ_TEST_DATABASE_URL"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
