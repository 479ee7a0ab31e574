#!/usr/bin/env bash
# Runs the SLA bench against a throwaway PostgreSQL 15 on a free loopback port: ./run.sh [pending clocks]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(mktemp -d /tmp/revops-sla-bench-XXXXXX)"
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
password="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s' "$password" > "$dir/password"
chown -R postgres:postgres "$dir"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$dir/data" -U postgres --pwfile="$dir/password" \
  --auth=scram-sha-256 --no-sync --no-instructions >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/postgres -D "$dir/data" -p "$port" -k "$dir" \
  -c listen_addresses=127.0.0.1 -c shared_buffers=256MB >"$dir/postgres.log" 2>&1 &
pg=$!
# Stop postgres and wait for it before deleting its files: it writes a checkpoint on the way down.
trap 'runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$dir/data" stop -m fast -w >/dev/null 2>&1 || kill $pg; wait $pg 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_isready -h 127.0.0.1 -p "$port" -q && break
  sleep 0.1
done
runuser -u postgres -- env PGPASSWORD="$password" /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE DATABASE sladb'
dotnet run -c Release --project "$here" -- "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=sladb" "$@"
