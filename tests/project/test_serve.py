"""scripts/serve.sh keeps the site up when the task worker dies: the web server keeps answering,
the worker is started again and its exit is logged; Ctrl-C (SIGINT) still stops both.

Runs the real script (gunicorn and the database task worker) on a free loopback port against
a temporary SQLite database, whatever database the rest of the suite uses."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthz(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310
        return response.status


class _Output:
    """Collects the script's merged output from a thread, so waiting never blocks on a pipe."""

    def __init__(self, stream) -> None:  # noqa: ANN001
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:  # noqa: ANN001
        for line in stream:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, *, after: int = 0, timeout: float = 90) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.compile(pattern).search("".join(self.lines[after:]))
            if match:
                return match
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in the output within {timeout}s:\n{self.text}")


def _wait_until_serving(port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _healthz(port) == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the web server never answered on port {port}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"


def _base_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TESTING", "DEBUG"}}
    env.update(
        TRANSLOCAL_VAR_DIR=str(var_dir), BIN=str(BIN), HOST="127.0.0.1",
        WEB_CONCURRENCY="1", SERVE_QUIET="1", WORKER_MAX_BACKOFF="1", SECRET_KEY="serve-test-" + "k" * 40,
    )
    return env


@pytest.fixture(scope="module")
def served_var_dir(tmp_path_factory) -> Path:
    """A database with the whole schema, as `make run` leaves it: the script's scheduler hands
    the learning-journey check-ins to the worker at start, and the worker runs them for real."""
    var_dir = tmp_path_factory.mktemp("serve")
    subprocess.run(  # noqa: S603 - fixed argv
        [str(BIN / "translocal"), "migrate", "-v0"], env=_base_env(var_dir), check=True, timeout=600
    )
    return var_dir


@pytest.fixture
def serve_env(served_var_dir) -> dict[str, str]:
    return {**_base_env(served_var_dir), "PORT": str(_free_port())}


def test_web_server_survives_the_task_workers_death_and_the_worker_is_restarted(serve_env):
    port = int(serve_env["PORT"])
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        ["/bin/bash", str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=serve_env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = _Output(proc.stdout)
    try:
        first = int(output.wait_for(r"task worker started \(pid (\d+)\)")[1])
        _wait_until_serving(port)
        mark = len(output.lines)

        os.kill(first, signal.SIGKILL)  # as if it died of "database is locked"

        output.wait_for(rf"task worker \(pid {first}\) exited with status 137; restarting it", after=mark)
        assert _healthz(port) == 200  # the web server kept serving
        second = int(output.wait_for(r"task worker started \(pid (\d+)\)", after=mark)[1])
        assert second != first and _alive(second)
        assert proc.poll() is None

        proc.send_signal(signal.SIGINT)  # Ctrl-C
        # The exit status is the point; the time allows for the suite's other run on the other core.
        assert proc.wait(timeout=180) == 130
        deadline = time.monotonic() + 30
        while _alive(second) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(second)
        with pytest.raises(OSError):
            _healthz(port)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize("whole_group", [False, True], ids=["to-the-script", "to-its-process-group"])
def test_sigterm_stops_everything_cleanly_with_status_0(serve_env, whole_group):
    """What a process supervisor does: SIGTERM to the script (make passes it on), or to every
    process of its group (systemd's control group, `kill -- -PGID`). Each child is signalled
    once, by the script: a second signal makes the task worker abandon its task with a traceback."""
    port = int(serve_env["PORT"])
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        ["/bin/bash", str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=serve_env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = _Output(proc.stdout)
    try:
        worker = int(output.wait_for(r"task worker started \(pid (\d+)\)")[1])
        _wait_until_serving(port)

        if whole_group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)

        assert proc.wait(timeout=180) == 0
        deadline = time.monotonic() + 30
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker)
        with pytest.raises(OSError):
            _healthz(port)
        time.sleep(0.5)  # the reader thread drains the last lines
        assert "Traceback" not in output.text
        assert output.text.count("stopping the task worker") == 1
        assert "terminating current task" not in output.text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_the_scheduler_runs_the_check_ins_counts_the_ended_budgets_and_sweeps_images(tmp_path):
    """The scheduled jobs, with stand-ins for the commands (each writes its arguments down), so
    the test sees what the scheduler loop runs and in which order, in a second."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    (bin_dir / "translocal").write_text(
        '#!/bin/bash\necho "$*" >> "$CALLS"\n[[ $1 == db_worker ]] && exec sleep 300\nexit 0\n'
    )
    (bin_dir / "gunicorn").write_text("#!/bin/bash\nexec sleep 300\n")
    for stub in bin_dir.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "BIN": str(bin_dir), "CALLS": str(calls), "SERVE_QUIET": "1", "PORT": str(_free_port())}
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        ["/bin/bash", str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while "sweep_images" not in (calls.read_text() if calls.exists() else ""):
            assert time.monotonic() < deadline, "the scheduler never swept the image files"
            time.sleep(0.05)
        scheduled = [line for line in calls.read_text().splitlines() if not line.startswith("db_worker")]
        assert scheduled == ["send_check_ins --enqueue", "count_budgets", "sweep_images"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
