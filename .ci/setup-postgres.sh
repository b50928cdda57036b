#!/usr/bin/env bash
# Install and start a local PostgreSQL for the store tests, then print the URL.
#
# For a fresh Debian machine where we are root and there is no systemd:
#   export DATELINE_TEST_POSTGRES="$(bash .ci/setup-postgres.sh)"
# Only the URL goes to stdout; progress goes to stderr. Safe to run again: an
# installed package, a running cluster and an existing role are left as they are.
set -euo pipefail

ROLE="${DATELINE_PG_ROLE:-dateline}"
PASSWORD="${DATELINE_PG_PASSWORD:-dateline}"
DATABASE="${DATELINE_PG_DATABASE:-dateline_test}"
PORT="${DATELINE_PG_PORT:-5432}"

say() { echo "setup-postgres: $*" >&2; }

if [ "$(id -u)" != 0 ]; then
    say "run as root (it installs packages and starts the server as 'postgres')"
    exit 1
fi

if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "ok installed"; then
    say "installing postgresql with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # Without systemd the package's own start attempt fails harmlessly; we
    # start the cluster ourselves below.
    apt-get install -y -qq --no-install-recommends postgresql >&2
fi

# The cluster Debian's postgresql-common made at install time (or one we make).
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$VERSION main"; then
    say "creating cluster $VERSION/main on port $PORT"
    pg_createcluster --port "$PORT" "$VERSION" main >&2
fi
CLUSTER_PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')"
if pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    say "cluster $VERSION/main already running on port $CLUSTER_PORT"
else
    say "starting cluster $VERSION/main on port $CLUSTER_PORT"
    # pg_ctlcluster runs the server as the cluster's owner (postgres), no systemd.
    pg_ctlcluster "$VERSION" main start >&2
fi

for _ in $(seq 1 30); do
    if runuser -u postgres -- pg_isready -q -p "$CLUSTER_PORT"; then
        break
    fi
    sleep 1
done
runuser -u postgres -- pg_isready -p "$CLUSTER_PORT" >&2

psql_admin() {
    runuser -u postgres -- psql -p "$CLUSTER_PORT" -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
    say "creating role $ROLE"
    psql_admin -c "CREATE ROLE \"$ROLE\" LOGIN PASSWORD '$PASSWORD' CREATEDB"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
    say "creating database $DATABASE"
    psql_admin -c "CREATE DATABASE \"$DATABASE\" OWNER \"$ROLE\""
fi

URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$CLUSTER_PORT/$DATABASE"
# Prove the URL works over TCP with the password, as the tests will use it.
PGPASSWORD="$PASSWORD" psql "$URL" -qtA -c "SELECT 1" >/dev/null
say "ready: export DATELINE_TEST_POSTGRES=$URL"
echo "$URL"
