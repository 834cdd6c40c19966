#!/usr/bin/env bash
# Serve Translocal in the foreground: gunicorn (several workers) and the background-task
# worker together. Ctrl-C stops both.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}

"$BIN/translocal" db_worker --queue-name '*' &
worker=$!
"$BIN/gunicorn" translocal.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
  --access-logfile - --log-level warning &
web=$!
trap 'kill $web $worker 2>/dev/null; wait' INT TERM EXIT

sleep 1
cat <<MSG

  Translocal is running at  http://$HOST:$PORT/
  Demo login:               username "amina"  password "translocal-demo"   (staff: "admin" / "translocal-demo")
  Press Ctrl-C to stop the web server and the task worker.

MSG
wait -n $web $worker
