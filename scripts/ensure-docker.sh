#!/usr/bin/env bash
# Starts a local Docker engine when none answers (CI machines and fresh hosts have the
# package but no running daemon). Needs root; a no-op when `docker info` already works.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "dockerd is not installed: apt-get install -y docker.io" >&2
  exit 1
fi
echo "starting dockerd"
nohup dockerd >/var/log/fnbox-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then echo "dockerd is up"; exit 0; fi
  sleep 0.5
done
echo "dockerd did not come up; see /var/log/fnbox-dockerd.log" >&2
tail -20 /var/log/fnbox-dockerd.log >&2 || true
exit 1
