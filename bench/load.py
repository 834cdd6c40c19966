"""A bounded load test of Translocal's main pages on loopback, with only the standard library.

    .venv/bin/python bench/load.py --start-server --workers 3 --duration 15 --concurrency 32

It optionally starts gunicorn (sync workers, 127.0.0.1 only) against the database named by
DATABASE_URL / TRANSLOCAL_VAR_DIR (run bench/generate.py first), then hits each page in turn
with N concurrent keep-alive-capable connections for a fixed time or number of requests, and
reports requests per second, p50/p90/p99 latency and errors per page. The client runs on the
same machine as the server: on a 2-core box it takes a share of the CPU, so compare figures
from one run on one machine, never across days or machines.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
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
        }


class Client:
    def __init__(self, base: str) -> None:
        parsed = urllib.parse.urlsplit(base)
        if parsed.hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit("bench/load.py only targets loopback addresses.")
        self.host, self.port = parsed.hostname, parsed.port or 80

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def get(self, conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
        conn.request("GET", path, headers={"Accept": "text/html", "Accept-Encoding": "identity"})
        response = conn.getresponse()
        body = response.read()
        if response.will_close:
            conn.close()
        return response.status, body


def discover_paths(client: Client) -> dict[str, list[str]]:
    """Case detail pages come from the case list, so the load follows real links."""
    conn = client.connection()
    status, body = client.get(conn, "/cases/")
    if status != 200:
        raise SystemExit(
            f"GET /cases/ answered {status}; is the server running against a generated database?"
        )
    cases = list(dict.fromkeys(CASE_LINK.findall(body.decode("utf-8", "replace"))))
    if not cases:
        raise SystemExit("No case links found on /cases/; run bench/generate.py first.")
    search = [f"/search/?q={urllib.parse.quote_plus(q)}" for q in SEARCH_QUERIES]
    return {"home": ["/"], "case list": ["/cases/"], "case detail": cases, "search": search}


def run_page(
    client: Client,
    name: str,
    paths: list[str],
    *,
    concurrency: int,
    duration: float,
    requests: int | None,
    warmup: float,
) -> PageResult:
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
    return result


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "0"}
    collectstatic = [str(BIN / "translocal"), "collectstatic", "--noinput", "-v0"]
    subprocess.run(collectstatic, check=True, env=env, cwd=ROOT)  # noqa: S603 - fixed argv
    process = subprocess.Popen(  # noqa: S603 - fixed argv, loopback only
        [
            str(BIN / "gunicorn"),
            "translocal.wsgi:application",
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
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 20 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=None, help="base URL of a running server (default: the one started)")
    parser.add_argument("--start-server", action="store_true", help="start gunicorn on 127.0.0.1:--port")
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3-5)")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per page")
    parser.add_argument(
        "--requests", type=int, default=None, help="a fixed number of requests per page instead"
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per page not measured")
    parser.add_argument("--pages", default="home,case list,case detail,search")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args()

    server = start_server(args.port, args.workers) if args.start_server else None
    base = args.url or f"http://127.0.0.1:{args.port}"
    try:
        client = Client(base)
        paths = discover_paths(client)
        wanted = [p.strip() for p in args.pages.split(",")]
        db = os.environ.get("DATABASE_URL") or f"sqlite ({os.environ.get('TRANSLOCAL_VAR_DIR', 'var')})"
        print(
            f"{base}  database: {db}  workers: {args.workers if server else '?'}  "
            f"concurrency: {args.concurrency}  "
            + (f"requests: {args.requests}" if args.requests else f"duration: {args.duration:g} s")
            + " per page"
        )
        print(
            f"{'page':<12} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
            f"{'p99 ms':>8} {'KiB':>6}"
        )
        rows = []
        for name in wanted:
            result = run_page(
                client,
                name,
                paths[name],
                concurrency=args.concurrency,
                duration=args.duration,
                requests=args.requests,
                warmup=args.warmup,
            )
            row = result.row()
            rows.append(row)
            print(
                f"{name:<12} {row['requests']:>8} {row['errors']:>6} {row['req_per_s']:>8.1f} "
                f"{row['p50_ms']:>8.1f} {row['p90_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['mean_kb']:>6.1f}",
                flush=True,
            )
            for sample in result.error_samples:
                print(f"    error: {sample}")
        if args.json:
            args.json.write_text(json.dumps({"base": base, "database": db, "rows": rows}, indent=2))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
