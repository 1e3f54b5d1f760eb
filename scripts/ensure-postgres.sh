#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster when none answers and makes the role the tests connect
# as (CI and fresh hosts have the package but no running server). Needs root; idempotent.
# Prints nothing else on success; the tests' URL is FNBOX_TEST_DATABASE_URL (see README).
set -euo pipefail
ROLE="${FNBOX_TEST_PG_ROLE:-fnbox_test}"
PASSWORD="${FNBOX_TEST_PG_PASSWORD:-fnbox_test}"
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 1
fi
read -r VERSION CLUSTER _ < <(pg_lsclusters --no-header | head -1)
if [ -z "${VERSION:-}" ]; then
  echo "no PostgreSQL cluster: pg_createcluster --start 15 main" >&2
  exit 1
fi
if ! pg_lsclusters --no-header | awk '{print $4}' | head -1 | grep -q online; then
  echo "starting PostgreSQL $VERSION/$CLUSTER"
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
for _ in $(seq 1 60); do
  if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
# The tests create and drop one database per test file: the role needs CREATEDB, and may end
# an autovacuum worker still busy in a database it drops (pg_signal_backend).
su postgres -c "psql -v ON_ERROR_STOP=1 -qAt" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
  END IF;
END \$\$;
GRANT pg_signal_backend TO $ROLE;
SQL
echo "PostgreSQL is up: postgres://$ROLE:***@127.0.0.1:5432/postgres"
