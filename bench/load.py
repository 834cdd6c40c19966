"""A bounded load test of Translocal's main pages on loopback.

    .venv/bin/python bench/load.py --start-server --workers 3 --duration 15 --concurrency 32
    .venv/bin/python bench/load.py --compare-uncached --workers 3 --duration 10

It optionally starts gunicorn (sync workers, 127.0.0.1 only) against the database named by
DATABASE_URL / TRANSLOCAL_VAR_DIR (run bench/generate.py first), then hits each page in turn
with N concurrent connections for a fixed time (or number of requests), and reports requests
per second, p50/p90/p99 latency and errors per page. A `healthz` reference row (trivial JSON,
one query) is measured in the same run: it is what DESIGN.md calls "a trivial detail page".

The client is wrk (`--client wrk`, with bench/rotate.lua to rotate through case detail and search
URLs) when it is installed, else a standard-library client (threads + http.client). Either runs
on the same machine as the server: on a 2-core box it takes a share of the CPU, so compare
figures from one run on one machine, never across days or machines.

`--compare-uncached` starts two servers in turn, one with FRAGMENT_CACHE=true and one with
FRAGMENT_CACHE=false (same workers, same database, same URLs), and prints both tables and the
speed-up of the fragment cache per page.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ROTATE_LUA = Path(__file__).resolve().with_name("rotate.lua")
WRK_THREADS = 2
SEARCH_QUERIES = [
    "participatory budgeting",
    "citizens assembly climate",
    "youth housing",
    "flood risk",
    "Porto Alegre",
    "air quality",
    "public transport",
    "co-production workshop",
    "renters rights",
    "green space",
]
CASE_LINK = re.compile(r'href="(/cases/(?!new/)[^/"?#]+/)"')
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REFERENCE = "healthz"
DEFAULT_PAGES = f"{REFERENCE},home,case list,case detail,search"
#: The pages other apps add sections to (contribution points); `--pages` selects them.
SECTION_PAGES = "place,hub,organisation,profile"
#: The exchanges pillar's pages (bench/generate.py --exchanges); `--pages` selects them.
EXCHANGE_PAGES = "exchange list,exchange,hub impact,network"
#: An exchange page's link on the exchange list (not the list's own sub-pages).
EXCHANGE_LINK = re.compile(
    r'href="(/exchanges/(?!new/|mine/|network/|hubs/|places/|people/|journeys/|follow-up|certificates/)[^/"?#]+/)"'
)
LIST_LINKS = {
    # A place's page, not the map of all places the list links to too (/places/map/).
    "place": ("/places/", re.compile(r'href="(/places/(?!map/)[^/"?#]+/)"')),
    "hub": ("/hubs/", re.compile(r'href="(/hubs/[^/"?#]+/)"')),
    "organisation": ("/organisations/", re.compile(r'href="(/organisations/(?!new/)[^/"?#]+/)"')),
    "profile": ("/accounts/people/", re.compile(r'href="(/accounts/people/[^/"?#]+/)"')),
}
HEADER = (
    f"{'page':<12} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
    f"{'p99 ms':>8} {'KiB':>6}"
)


def require_loopback(base: str) -> tuple[str, int]:
    parsed = urllib.parse.urlsplit(base)
    if parsed.scheme != "http" or parsed.hostname not in LOOPBACK:
        raise SystemExit("bench/load.py only targets http:// on loopback addresses.")
    return parsed.hostname, parsed.port or 80


@dataclass
class PageResult:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    bytes: int = 0
    elapsed: float = 0.0

    def row(self) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

        return {
            "page": self.name,
            "requests": len(lat),
            "errors": self.errors,
            "req_per_s": len(lat) / self.elapsed if self.elapsed else 0.0,
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "mean_kb": (self.bytes / len(lat) / 1024) if lat else 0.0,
            "error_samples": self.error_samples,
        }


class Client:
    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = require_loopback(base)
        self.headers = {"Accept": "text/html", "Accept-Encoding": "identity", **(headers or {})}

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def get(self, conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
        conn.request("GET", path, headers=self.headers)
        response = conn.getresponse()
        body = response.read()
        if response.will_close:
            conn.close()
        return response.status, body


def discover_paths(client: Client) -> dict[str, list[str]]:
    """Case detail pages come from the case list, so the load follows real links."""
    conn = client.connection()
    status, body = client.get(conn, "/cases/")
    conn.close()
    if status != 200:
        raise SystemExit(
            f"GET /cases/ answered {status}; is the server running against a generated database?"
        )
    cases = list(dict.fromkeys(CASE_LINK.findall(body.decode("utf-8", "replace"))))
    if not cases:
        raise SystemExit("No case links found on /cases/; run bench/generate.py first.")
    search = [f"/search/?q={urllib.parse.quote_plus(q)}" for q in SEARCH_QUERIES]
    paths = {
        REFERENCE: ["/healthz"],
        "home": ["/"],
        "case list": ["/cases/"],
        "case detail": cases,
        "search": search,
    }
    for name, (list_path, link) in LIST_LINKS.items():
        conn = client.connection()
        status, body = client.get(conn, list_path)
        conn.close()
        found = list(dict.fromkeys(link.findall(body.decode("utf-8", "replace")))) if status == 200 else []
        if found:
            paths[name] = found[:20]
        if name == "hub" and found:  # the impact of the hubs' exchanges (empty for a hub that hosts none)
            paths["hub impact"] = [f"/exchanges/hubs/{h.split('/')[2]}/impact/" for h in found[:20]]
    exchanges: list[str] = []
    for list_path in ("/exchanges/", "/exchanges/?when=past"):
        conn = client.connection()
        status, body = client.get(conn, list_path)
        conn.close()
        if status == 200:
            exchanges += EXCHANGE_LINK.findall(body.decode("utf-8", "replace"))
    if exchanges:
        paths["exchange list"] = ["/exchanges/", "/exchanges/?when=past"]
        paths["exchange"] = list(dict.fromkeys(exchanges))[:20]
        paths["network"] = ["/exchanges/network/"]
    return paths


def run_python(
    base: str,
    name: str,
    paths: list[str],
    *,
    concurrency: int,
    duration: float,
    requests: int | None,
    warmup: float,
    headers: dict[str, str] | None = None,
) -> dict:
    client = Client(base, headers)
    result = PageResult(name)
    lock = threading.Lock()
    counter = {"issued": 0}
    start_event = threading.Event()
    deadline = {"warm": 0.0, "end": 0.0}

    def worker(offset: int) -> None:
        conn = client.connection()
        i = offset
        start_event.wait()
        while True:
            now = time.perf_counter()
            if requests is None and now >= deadline["end"]:
                break
            measuring = now >= deadline["warm"]
            if requests is not None and measuring:
                with lock:
                    if counter["issued"] >= requests:
                        break
                    counter["issued"] += 1
            path = paths[i % len(paths)]
            i += concurrency
            t0 = time.perf_counter()
            try:
                status, body = client.get(conn, path)
                ok = status == 200
                problem = f"{status} {path}"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = client.connection()
                ok, body, problem = False, b"", f"{type(exc).__name__} {path}"
            latency = time.perf_counter() - t0
            if not measuring:
                continue
            with lock:
                if ok:
                    result.latencies.append(latency)
                    result.bytes += len(body)
                else:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(problem)
        conn.close()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline["warm"] = began + warmup
    deadline["end"] = deadline["warm"] + duration
    start_event.set()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - max(deadline["warm"], began)
    return result.row()


def prime(
    base: str, paths: list[str], *, times: int, concurrency: int, headers: dict[str, str] | None = None
) -> None:
    """Fetch every path `times` times before the warm-up.

    The embedded mode's fragment cache is per process (LocMemCache), and a page rotating through
    many URLs (case detail) would otherwise spend its measured seconds filling it: with sync
    workers a request lands on a random worker, so `times` = 3 x workers leaves a given
    (worker, URL) pair unseen with a probability of about e^-3 = 5%."""
    client = Client(base, headers)
    queue = [path for path in paths for _ in range(times)]
    lock = threading.Lock()

    def worker() -> None:
        conn = client.connection()
        while True:
            with lock:
                if not queue:
                    break
                path = queue.pop()
            try:
                client.get(conn, path)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = client.connection()
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(min(concurrency, len(queue)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def drain(base: str, *, workers: int, timeout: float = 120.0) -> None:
    """Wait until the server has worked off requests nobody waits for any more.

    When wrk stops, its in-flight requests stay in gunicorn's accept queue and sync workers
    still serve them: after a slow page that is up to `concurrency` dead requests, which would
    be charged to the next page. Rounds of `workers` concurrent /healthz requests queue behind
    them; a round that comes back quickly means the queue is empty."""
    client = Client(base)

    def ping(latencies: list[float]) -> None:
        conn = client.connection()
        t0 = time.perf_counter()
        try:
            client.get(conn, "/healthz")
            latencies.append(time.perf_counter() - t0)
        except (OSError, http.client.HTTPException):
            latencies.append(float("inf"))
        conn.close()

    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        latencies: list[float] = []
        threads = [threading.Thread(target=ping, args=(latencies,), daemon=True) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if max(latencies) < 0.05:
            return
    print(f"    warning: the server was still busy {timeout:g} s after the load stopped")


# --- wrk -------------------------------------------------------------------------------------

_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def find_wrk() -> str | None:
    return shutil.which("wrk") or ("/usr/bin/wrk" if os.access("/usr/bin/wrk", os.X_OK) else None)


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"unexpected wrk time {text!r}")
    return float(match[1]) * _TIME_UNITS[match[2]]


def parse_wrk(output: str) -> dict:
    """The figures of wrk's --latency report (wrk 4.x text format)."""
    found: dict = {}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        found["req_per_s"] = float(match[1])
    for pct in ("50", "90", "99"):
        if match := re.search(rf"^\s+{pct}%\s+(\S+)\s*$", output, re.MULTILINE):
            found[f"p{pct}_ms"] = _ms(match[1])
    if match := re.search(r"(\d+) requests in (\S+), ([\d.]+)([KMGT]?B) read", output):
        found["total"] = int(match[1])
        found["seconds"] = _ms(match[2]) / 1000
        found["bytes"] = float(match[3]) * _SIZE_UNITS[match[4]]
    found["non_2xx_3xx"] = int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    counts = [int(n) for n in socket.groups()] if socket else [0, 0, 0, 0]
    found["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), counts, strict=True))
    missing = {"req_per_s", "p50_ms", "p90_ms", "p99_ms", "total"} - found.keys()
    if missing:
        raise ValueError(f"could not read {sorted(missing)} from wrk's output:\n{output}")
    return found


def run_wrk(
    base: str,
    name: str,
    paths: list[str],
    *,
    concurrency: int,
    duration: float,
    warmup: float,
    wrk: str,
    workdir: Path,
    workers: int,
    headers: dict[str, str] | None = None,
) -> dict:
    """`wrk -t2 -c<N> -d<s>s --latency -s rotate.lua`; a separate unmeasured run is the warm-up."""
    require_loopback(base)
    slug = re.sub(r"\W+", "-", name)
    paths_file = workdir / f"{slug}.paths"
    paths_file.write_text("\n".join(paths) + "\n")
    url = base.rstrip("/") + "/"

    def argv(seconds: float) -> list[str]:
        return [
            wrk,
            f"-t{min(WRK_THREADS, concurrency)}",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",  # like the Python client: a slow answer is a latency, not an error
            "--latency",
            *[arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")],
            "-s",
            str(ROTATE_LUA),
            url,
            "--",
            str(paths_file),
        ]

    if warmup > 0:
        subprocess.run(argv(warmup), check=True, capture_output=True, text=True)  # noqa: S603
        drain(base, workers=workers)
    done = subprocess.run(argv(duration), check=True, capture_output=True, text=True)  # noqa: S603
    drain(base, workers=workers)
    figures = parse_wrk(done.stdout)
    socket_errors = sum(figures["socket_errors"].values())
    ok = figures["total"] - figures["non_2xx_3xx"]
    samples = []
    if figures["non_2xx_3xx"]:
        samples.append(f"{figures['non_2xx_3xx']} non-2xx/3xx responses")
    if socket_errors:
        samples.append("socket errors " + ", ".join(f"{k} {v}" for k, v in figures["socket_errors"].items()))
    return {
        "page": name,
        "requests": ok,
        "errors": figures["non_2xx_3xx"] + socket_errors,
        "req_per_s": figures["req_per_s"],
        "p50_ms": figures["p50_ms"],
        "p90_ms": figures["p90_ms"],
        "p99_ms": figures["p99_ms"],
        "mean_kb": figures.get("bytes", 0.0) / figures["total"] / 1024 if figures["total"] else 0.0,
        "error_samples": samples,
    }


# --- server ----------------------------------------------------------------------------------


def collect_static() -> None:
    env = {**os.environ, "DEBUG": "0"}
    collectstatic = [str(BIN / "translocal"), "collectstatic", "--noinput", "-v0"]
    subprocess.run(collectstatic, check=True, env=env, cwd=ROOT)  # noqa: S603 - fixed argv


_READY_HOOK = """\
import os


def post_worker_init(worker):
    # bench/load.py waits for one file per worker: a booting worker must not be measured.
    try:
        open(os.path.join({ready_dir!r}, f"ready-{{worker.pid}}"), "w").close()
    except OSError:  # a worker restarted after the start-up: nobody is waiting any more
        pass
"""


REFERENCE_DIR = ROOT / "bench" / "reference"
REFERENCE_APP = "benchref.wsgi:application"


def start_server(
    port: int,
    workers: int,
    *,
    fragment_cache: bool | None = None,
    timeout: float = 60.0,
    app: str = "translocal.wsgi:application",
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1, returned once EVERY worker has loaded the application (the first
    /healthz answer only proves one has; the others would still be importing Django on the
    same cores during the first measured page). ``app=REFERENCE_APP`` serves the plain-Django
    reference project (bench/reference) the same way."""
    env = {**os.environ, "DEBUG": "0"}
    if fragment_cache is not None:
        env["FRAGMENT_CACHE"] = "true" if fragment_cache else "false"
    if app == REFERENCE_APP:
        env["DJANGO_SETTINGS_MODULE"] = "benchref.settings"
    ready_dir = Path(tempfile.mkdtemp(prefix="translocal-gunicorn-"))
    config = ready_dir / "gunicorn_ready.py"
    config.write_text(_READY_HOOK.format(ready_dir=str(ready_dir)))
    process = subprocess.Popen(  # noqa: S603 - fixed argv, loopback only
        [
            str(BIN / "gunicorn"),
            app,
            *(["--pythonpath", str(REFERENCE_DIR)] if app == REFERENCE_APP else []),
            "--config",
            str(config),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        give_up = time.monotonic() + timeout
        while time.monotonic() < give_up:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited during start-up")
            if len(list(ready_dir.glob("ready-*"))) >= workers and _healthy(port):
                return process
            time.sleep(0.1)
        stop_server(process)
        raise SystemExit(f"gunicorn's {workers} workers were not all up within {timeout:g} s")
    finally:
        shutil.rmtree(ready_dir, ignore_errors=True)


def start_reference_server(port: int, workers: int, *, timeout: float = 60.0) -> subprocess.Popen:
    """The plain-Django reference project (bench/reference: a 50-row list page at ``/`` and an
    insert endpoint at ``/insert/``) under gunicorn, as ``start_server`` serves Translocal. Its
    data: ``bench/reference/manage.py fill`` (same DATABASE_URL / TRANSLOCAL_VAR_DIR)."""
    return start_server(port, workers, timeout=timeout, app=REFERENCE_APP)


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- report ----------------------------------------------------------------------------------


def format_row(row: dict) -> str:
    label = f"{row['page']}*" if row["page"] == REFERENCE else row["page"]
    return (
        f"{label:<12} {row['requests']:>8} {row['errors']:>6} {row['req_per_s']:>8.1f} "
        f"{row['p50_ms']:>8.1f} {row['p90_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['mean_kb']:>6.1f}"
    )


def measure(
    args: argparse.Namespace,
    base: str,
    paths: dict[str, list[str]],
    title: str,
    headers: dict[str, str] | None = None,
) -> list[dict]:
    """Each of ``args.page_names`` in turn; ``headers`` go with every request (a session cookie)."""
    missing = [name for name in args.page_names if name not in paths]
    if missing:
        raise SystemExit(f"no URLs found for {missing}; does the database hold that content (bench/generate.py)?")
    print(title)
    print(HEADER, flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="translocal-wrk-") as tmp:
        for name in args.page_names:
            if args.prime:
                prime(base, paths[name], times=args.prime * args.workers, concurrency=args.concurrency, headers=headers)
            if args.client == "wrk":
                row = run_wrk(
                    base,
                    name,
                    paths[name],
                    concurrency=args.concurrency,
                    duration=args.duration,
                    warmup=args.warmup,
                    wrk=args.wrk,
                    workdir=Path(tmp),
                    workers=args.workers,
                    headers=headers,
                )
            else:
                row = run_python(
                    base,
                    name,
                    paths[name],
                    concurrency=args.concurrency,
                    duration=args.duration,
                    requests=args.requests,
                    warmup=args.warmup,
                    headers=headers,
                )
            rows.append(row)
            print(format_row(row), flush=True)
            for sample in row["error_samples"]:
                print(f"    error: {sample}")
    if REFERENCE in args.page_names:
        print(f"* {REFERENCE}: reference row, trivial JSON and 1 query (DESIGN.md's 'trivial detail page')")
    print()
    return rows


PLAIN_LIST = "plain list"


def measure_reference(args: argparse.Namespace) -> dict:
    """The plain-Django reference list page (bench/reference, 50 rows a page over 10,000) under
    the same gunicorn workers and client, on ``--port`` + 1, for the ratios of the pages."""
    base = f"http://127.0.0.1:{args.port + 1}"
    server = start_reference_server(args.port + 1, args.workers)
    try:
        conn = Client(base).connection()
        status, body = Client(base).get(conn, "/")
        conn.close()
        if status != 200 or b"<li>" not in body:
            raise SystemExit("the reference list is empty: run bench/reference/manage.py fill first")
        paths = ["/"]
        if args.prime:
            prime(base, paths, times=args.prime * args.workers, concurrency=args.concurrency)
        if args.client == "wrk":
            with tempfile.TemporaryDirectory(prefix="translocal-wrk-") as tmp:
                row = run_wrk(
                    base,
                    PLAIN_LIST,
                    paths,
                    concurrency=args.concurrency,
                    duration=args.duration,
                    warmup=args.warmup,
                    wrk=args.wrk,
                    workdir=Path(tmp),
                    workers=args.workers,
                )
        else:
            row = run_python(
                base,
                PLAIN_LIST,
                paths,
                concurrency=args.concurrency,
                duration=args.duration,
                requests=args.requests,
                warmup=args.warmup,
            )
    finally:
        stop_server(server)
    print(f"plain-Django reference list page (bench/reference), {base}/")
    print(HEADER)
    print(format_row(row))
    print()
    return row


def print_reference_ratios(rows: list[dict], reference: dict) -> None:
    print("Ratio to the plain-Django list page (req/s of the page / req/s of the plain list)")
    for row in rows:
        print(f"{row['page']:<12} {ratio(row['req_per_s'], reference['req_per_s']):>7.2f}x")
    print()


def ratio(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else float("nan")


def print_speedup(cached: list[dict], uncached: list[dict]) -> list[dict]:
    print("Fragment cache speed-up (cached / uncached req/s; uncached / cached p99)")
    print(f"{'page':<12} {'req/s x':>8} {'p50 x':>8} {'p99 x':>8}  {'of healthz req/s':>16}")
    ref = next((r for r in cached if r["page"] == REFERENCE), None)
    speedups = []
    for hot, cold in zip(cached, uncached, strict=True):
        entry = {
            "page": hot["page"],
            "req_per_s": ratio(hot["req_per_s"], cold["req_per_s"]),
            "p50": ratio(cold["p50_ms"], hot["p50_ms"]),
            "p99": ratio(cold["p99_ms"], hot["p99_ms"]),
            "cached_share_of_reference": ratio(hot["req_per_s"], ref["req_per_s"]) if ref else float("nan"),
        }
        speedups.append(entry)
        share = f"{entry['cached_share_of_reference']:.0%}" if ref else "-"
        print(
            f"{hot['page']:<12} {entry['req_per_s']:>7.1f}x {entry['p50']:>7.1f}x {entry['p99']:>7.1f}x"
            f"  {share:>16}"
        )
    print()
    return speedups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=None, help="base URL of a running server (default: the one started)")
    parser.add_argument("--start-server", action="store_true", help="start gunicorn on 127.0.0.1:--port")
    parser.add_argument(
        "--compare-uncached",
        action="store_true",
        help="start two servers in turn (FRAGMENT_CACHE=true, then false) and compare them",
    )
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3-5)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per page")
    parser.add_argument(
        "--requests", type=int, default=None, help="a fixed number of requests per page (python client)"
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per page not measured")
    parser.add_argument(
        "--prime",
        type=int,
        default=3,
        help="before the warm-up, fetch every URL of a page N x workers times (0: measure cold caches)",
    )
    parser.add_argument("--pages", default=DEFAULT_PAGES, help=f"comma-separated (default: {DEFAULT_PAGES})")
    parser.add_argument(
        "--client",
        choices=("auto", "python", "wrk"),
        default="auto",
        help="load client: wrk, the standard-library one, or wrk when installed (default)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also measure the plain-Django reference list (bench/reference) on --port + 1 and print ratios",
    )
    args = parser.parse_args()

    args.wrk = find_wrk()
    if args.client == "auto":
        args.client = "wrk" if args.wrk and args.requests is None else "python"
    if args.client == "wrk":
        if not args.wrk:
            raise SystemExit("--client wrk: wrk is not installed (Debian: apt-get install wrk).")
        if args.requests is not None:
            raise SystemExit("--requests needs --client python (wrk runs for a duration).")
    if args.compare_uncached and args.url:
        raise SystemExit("--compare-uncached starts its own servers; drop --url.")
    args.page_names = [p.strip() for p in args.pages.split(",") if p.strip()]
    known = f"{DEFAULT_PAGES},{SECTION_PAGES},{EXCHANGE_PAGES}"
    unknown = set(args.page_names) - set(known.split(","))
    if unknown:
        raise SystemExit(f"unknown pages {sorted(unknown)}; choose from {known}")

    db = os.environ.get("DATABASE_URL") or f"sqlite ({os.environ.get('TRANSLOCAL_VAR_DIR', 'var')})"
    load = f"requests: {args.requests}" if args.requests else f"duration: {args.duration:g} s"
    primed = f", URLs primed {args.prime}x{args.workers}" if args.prime else ", caches cold"
    client_label = f"wrk -t{min(WRK_THREADS, args.concurrency)}" if args.client == "wrk" else "python"
    report: dict = {
        "database": db,
        "client": args.client,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "duration": args.duration,
        "warmup": args.warmup,
        "prime": args.prime,
        "runs": [],
    }

    if args.compare_uncached:
        collect_static()
        base = f"http://127.0.0.1:{args.port}"
        runs = []
        paths = None
        for fragment_cache in (True, False):
            server = start_server(args.port, args.workers, fragment_cache=fragment_cache)
            try:
                paths = paths or discover_paths(Client(base))
                title = (
                    f"FRAGMENT_CACHE={'true' if fragment_cache else 'false'}  {base}  database: {db}  "
                    f"workers: {args.workers}  client: {client_label}  concurrency: {args.concurrency}  "
                    f"{load} (+{args.warmup:g} s warm-up{primed}) per page"
                )
                rows = measure(args, base, paths, title)
            finally:
                stop_server(server)
            report["urls_per_page"] = {name: len(urls) for name, urls in paths.items()}
            runs.append({"fragment_cache": fragment_cache, "rows": rows})
        report["runs"] = runs
        report["speedup"] = print_speedup(runs[0]["rows"], runs[1]["rows"])
    else:
        if args.start_server:
            collect_static()
        server = start_server(args.port, args.workers) if args.start_server else None
        base = args.url or f"http://127.0.0.1:{args.port}"
        try:
            require_loopback(base)
            paths = discover_paths(Client(base))
            cache_state = os.environ.get("FRAGMENT_CACHE", "true (default)") if server else "?"
            title = (
                f"FRAGMENT_CACHE={cache_state}  {base}  database: {db}  "
                f"workers: {args.workers if server else '?'}  client: {client_label}  "
                f"concurrency: {args.concurrency}  {load} (+{args.warmup:g} s warm-up{primed}) per page"
            )
            report["urls_per_page"] = {name: len(urls) for name, urls in paths.items()}
            rows = measure(args, base, paths, title)
        finally:
            if server is not None:
                stop_server(server)
        report["runs"] = [{"fragment_cache": cache_state, "rows": rows}]
    if args.reference:
        reference = measure_reference(args)
        report["reference"] = reference
        for run in report["runs"]:
            print(f"FRAGMENT_CACHE={run['fragment_cache']}")
            print_reference_ratios(run["rows"], reference)
    if args.json:
        args.json.write_text(json.dumps({"base": base, **report}, indent=2))


if __name__ == "__main__":
    main()
