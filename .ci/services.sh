#!/usr/bin/env bash
# Makes sure PostgreSQL (trust auth for local TCP) and Redis listen on 127.0.0.1,
# installing the Debian packages and starting them when they are missing or down.
set -euo pipefail

apt_updated=0
need() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v pg_ctlcluster >/dev/null; then need postgresql postgresql-contrib; fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # CI connects as postgres over TCP without a password.
  grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432

if ! command -v redis-server >/dev/null; then need redis-server; fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
redis-cli -h 127.0.0.1 -p 6379 ping
