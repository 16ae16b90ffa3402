#!/usr/bin/env bash
# What the tests need from the system: headless Chromium with its driver, a Redis server when
# none answers on REDIS_URL / 127.0.0.1:6379 (the tests then start a throwaway one themselves),
# and a running PostgreSQL with trust auth on 127.0.0.1 when none answers there (and
# TEST_DATABASE_URL names none): installed from Debian's postgresql if missing, then started.
set -euo pipefail

PG_PORT="${PG_PORT:-5432}"  # another port only to try this script beside a server already running
missing=()
have() { command -v "$1" >/dev/null 2>&1; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
have chromium || have chromium-browser || have google-chrome || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
if ! have redis-server && [ -z "${REDIS_URL:-}" ] && ! answers 6379; then
  missing+=(redis-server)
fi
need_postgres=false
if [ -z "${TEST_DATABASE_URL:-}" ] && ! answers "$PG_PORT"; then
  need_postgres=true
  have pg_ctlcluster || missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && ! $need_postgres && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "Please install: ${missing[*]:-nothing} (Debian/Ubuntu package names)" >&2
  $need_postgres && echo "and start PostgreSQL on 127.0.0.1:$PG_PORT with trust auth (or set TEST_DATABASE_URL)" >&2
  exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The cluster on $PG_PORT (Debian's package makes one, but a container may not have started it),
# or a new one of the newest installed version when there is none.
start_postgres() {
  local version="" cluster="" port=""
  while read -r version cluster port _; do
    [ "$port" = "$PG_PORT" ] && break
    version=""
  done < <(pg_lsclusters --no-header 2>/dev/null || true)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
    cluster=tests
    echo "Creating PostgreSQL $version cluster '$cluster' on port $PG_PORT ..."
    $sudo pg_createcluster "$version" "$cluster" --port "$PG_PORT" >/dev/null
  fi
  local hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
  # The tests connect over TCP from this machine as postgres, without a password. First match wins.
  if ! $sudo grep -qE '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    $sudo sed -i '1i host all all 127.0.0.1/32 trust  # added by scripts/system-deps.sh for the tests' "$hba"
  fi
  echo "Starting PostgreSQL $version/$cluster on 127.0.0.1:$PG_PORT ..."
  if $sudo pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
    $sudo pg_ctlcluster "$version" "$cluster" reload
  else
    $sudo pg_ctlcluster "$version" "$cluster" start
  fi
  for _ in $(seq 1 60); do answers "$PG_PORT" && return 0; sleep 0.5; done
  echo "PostgreSQL did not answer on 127.0.0.1:$PG_PORT within 30 s; see /var/log/postgresql/" >&2
  return 1
}
if $need_postgres; then start_postgres; fi
