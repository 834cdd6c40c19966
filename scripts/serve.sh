#!/usr/bin/env bash
# Serve Translocal in the foreground: gunicorn (several workers) and the background-task
# worker together. Ctrl-C stops both.
#
# One failing part never stops the other: the task worker runs under a supervising loop that
# logs each exit and starts it again after a back-off (1 s, doubling up to 60 s, back to 1 s
# once a worker has run for a minute), while gunicorn keeps serving. gunicorn's own master
# restarts its web workers; if the master itself exits, this script stops the task worker and
# exits with its status, so a service manager (systemd, a container runtime) can restart it.
#
# Stopping: SIGTERM (what a service manager sends) and SIGINT (Ctrl-C) both stop everything
# cleanly; SIGTERM exits 0 (a stop that was asked for), SIGINT 130 as shells expect. The script
# is the only one that signals its children, once each: they run in sessions of their own, so a
# signal sent to the whole process group (Ctrl-C in a terminal, `kill -- -PGID`) does not reach
# them a second time. A second signal would make the task worker abandon the task it is running
# (`db_worker` force-quits on it) and print that task's traceback.
set -uo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}
WORKER_MAX_BACKOFF=${WORKER_MAX_BACKOFF:-60}
WORKER_STABLE_AFTER=${WORKER_STABLE_AFTER:-60}

# setsid puts a child in a session of its own (util-linux; where it is missing, children share ours).
SESSION=$(command -v setsid || true)

log() { printf '%s serve: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# Runs in its own subshell: start the worker, wait for it, log its exit, back off, start again.
supervise_worker() {
  local child="" delay=1 started status
  trap 'trap "" INT TERM; log "stopping the task worker"; [[ -n $child ]] && kill -TERM "$child" 2>/dev/null; wait; exit 0' INT TERM
  while true; do
    started=$SECONDS
    $SESSION "$BIN/translocal" db_worker --queue-name '*' &
    child=$!
    log "task worker started (pid $child)"
    wait "$child"
    status=$?
    if (( SECONDS - started >= WORKER_STABLE_AFTER )); then
      delay=1
    fi
    log "task worker (pid $child) exited with status $status; restarting it in ${delay}s"
    child=""
    sleep "$delay" &
    wait $!
    delay=$(( delay * 2 > WORKER_MAX_BACKOFF ? WORKER_MAX_BACKOFF : delay * 2 ))
  done
}

# Scheduled jobs: every hour (SCHEDULE_INTERVAL seconds), hand the learning-journey check-ins
# that are due to the task worker, and queue the outcome of each participatory budget whose
# voting has ended; each is recorded once, so running often sends or counts nothing twice.
# Then delete the stored image files no image names, a day old or more (sweep_images).
# Every step runs in the background and is waited for, so a stop signal is handled at once
# (bash runs a trap only after a foreground command ends, and starting Django takes seconds).
schedule_jobs() {
  local step=""
  trap 'trap "" INT TERM; [[ -n $step ]] && kill -TERM "$step" 2>/dev/null; wait; exit 0' INT TERM
  while true; do
    $SESSION "$BIN/translocal" send_check_ins --enqueue >/dev/null &
    step=$!
    wait "$step" || log "could not enqueue the scheduled check-ins"
    $SESSION "$BIN/translocal" count_budgets >/dev/null &
    step=$!
    wait "$step" || log "could not queue the outcomes of the budgets whose voting ended"
    $SESSION "$BIN/translocal" sweep_images >/dev/null &
    step=$!
    wait "$step" || log "could not sweep the unnamed image files"
    sleep "${SCHEDULE_INTERVAL:-3600}" &
    step=$!
    wait "$step"
  done
}

supervise_worker &
supervisor=$!
schedule_jobs &
scheduler=$!
$SESSION "$BIN/gunicorn" translocal.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
  --access-logfile - --log-level warning &
web=$!

stop() {
  trap '' INT TERM  # once is enough: a second signal must not interrupt the waiting below
  trap - EXIT
  kill -TERM "$web" "$supervisor" "$scheduler" 2>/dev/null
  wait "$web" "$supervisor" "$scheduler" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 0' TERM
trap stop EXIT

if [[ -z ${SERVE_QUIET:-} ]]; then
  sleep 1
  cat <<MSG

  Translocal is running at  http://$HOST:$PORT/
  Demo login:               username "amina"  password "translocal-demo"   (staff: "admin" / "translocal-demo")
  Press Ctrl-C to stop the web server and the task worker.

MSG
fi
wait "$web"
status=$?
log "web server exited with status $status; stopping the task worker"
exit "$status"
