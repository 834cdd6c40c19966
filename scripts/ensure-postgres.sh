#!/usr/bin/env bash
# Succeeds when a PostgreSQL server answers on 127.0.0.1:5432. Under CI=true a missing server
# is installed from Debian's packages and started; if that fails too, this fails loudly.
set -u
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || python3 - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", 5432)) == 0 else 1)
PY
}
ready && exit 0
if [ "${CI:-}" != "true" ]; then
  exit 1
fi
echo "CI: no PostgreSQL on 127.0.0.1:5432, installing and starting one from Debian packages" >&2
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null || { echo "FATAL: could not install PostgreSQL" >&2; exit 2; }
fi
version=$(ls /etc/postgresql | sort -V | tail -n1)
conf=/etc/postgresql/$version/main/pg_hba.conf
# trust auth for local connections, as on the CI machines
sed -i -E 's/^(local|host)(\s+all\s+all\s+.*)(peer|scram-sha-256|md5)$/\1\2trust/' "$conf"
sed -i -E 's/^(local\s+all\s+postgres\s+)(peer|scram-sha-256|md5)$/\1trust/' "$conf"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "FATAL: PostgreSQL did not start; the PostgreSQL run is mandatory under CI=true" >&2
exit 2
