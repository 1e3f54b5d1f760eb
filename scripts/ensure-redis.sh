#!/usr/bin/env bash
# Starts a local Redis (loopback only, nothing persisted) when none answers: CI and fresh hosts
# have the package but no running server. Idempotent; the tests use FNBOX_TEST_REDIS_URL,
# default redis://127.0.0.1:6379.
set -euo pipefail
if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then exit 0; fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Redis is not installed: apt-get install -y redis-server" >&2
  exit 1
fi
echo "starting redis-server"
redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes --logfile /var/log/fnbox-redis.log
for _ in $(seq 1 40); do
  if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then echo "Redis is up"; exit 0; fi
  sleep 0.25
done
echo "redis-server did not come up; see /var/log/fnbox-redis.log" >&2
exit 1
