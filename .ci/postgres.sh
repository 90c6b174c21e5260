#!/usr/bin/env bash
# Start a throwaway PostgreSQL on a free loopback port for the case-store tests.
# Prints `export PAYASSIST_TEST_PG_URL=…` (and the data dir) on stdout; everything else on stderr.
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
if [ -z "$bindir" ]; then
    echo "installing Debian's postgresql" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d /tmp/payassist-pg.XXXXXX)
run=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$data"
    run=(runuser -u postgres --)
fi
"${run[@]}" "$bindir/initdb" -D "$data/db" -A trust -U postgres --no-sync >&2
"${run[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
"${run[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres payassist >&2

echo "export PAYASSIST_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/payassist"
echo "export PAYASSIST_TEST_PG_STOP='${run[*]} $bindir/pg_ctl -D $data/db -m fast stop'"
