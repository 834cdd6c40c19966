"""One member posts pathological bodies while 32 clients read, on loopback.

    .venv/bin/python bench/abuse.py --start-server --workers 4 --concurrency 32 --duration 30

The abuser signs in (a demo account by default) and, one request at a time, posts reflections
whose bodies are the shapes that made the old Markdown renderer quadratic: 100,000 characters of
"[", "![", "*_", nested quotes and lists, backticks, link openers, and one body past the length
limit (which must come back as a form error). A second member joins and leaves a hub in a loop,
the write that got "database is locked" while a body rendered inside the write transaction
(`--joiner ""` leaves it out). Once the abuser has spent their rendering budget (core.budgets)
their posts are answered 429 with a form error: that is the protection working.
Meanwhile `--concurrency` readers fetch the home page, the case list, case details, search and
/healthz (the standard-library client of bench/load.py).

First the readers run alone for the same time (the baseline: what this machine does today,
`--no-baseline` skips it), then with the abuser and the joiner. Pass: no request fails (reads
answer 200; the abuser's posts answer 302, or 200 with the length error; the joins answer 302)
and the readers' p99 stays under `--max-p99` ms; the exit status is 1 otherwise. Like
bench/load.py it refuses any address that is not loopback, and every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # noqa: E402 - bench/ is not a package

LIMIT = 100_000
SHAPES: dict[str, str] = {
    "brackets": "[",
    "image openers": "![",
    "link openers": "[a](",
    "nested emphasis": "*_",
    "emphasis runs": "*a ",
    "nested quotes": ">",
    "nested lists": "- ",
    "backticks": "`",
    "html openers": "<a ",
}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HUB_LINK = re.compile(r'href="/hubs/([^/"?#]+)/"')


def pathological(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    return (unit * (size // len(unit) + 1))[:size]


class Session:
    """A signed-in browser on one keep-alive connection: cookies and CSRF tokens."""

    def __init__(self, base: str) -> None:
        self.host, self.port = load.require_loopback(base)
        self.cookies: dict[str, str] = {}
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Accept": "text/html", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = self._connect()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.conn.close()
            self.conn = self._connect()
        return response.status, text

    def token(self, path: str) -> str:
        status, text = self.request("GET", path)
        match = CSRF_INPUT.search(text)
        if status != 200 or not match:
            raise SystemExit(f"GET {path} answered {status} without a form")
        return match[1]

    def sign_in(self, username: str, password: str) -> None:
        token = self.token("/accounts/login/")
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"could not sign in as {username!r} (answer {status}); is the demo network loaded?")


@dataclass
class Tally:
    name: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str, latency: float, ok: bool) -> None:
        self.latencies.append(latency)
        self.statuses[outcome] = self.statuses.get(outcome, 0) + 1
        if not ok:
            self.failures.append(outcome)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        return {
            "requests": len(lat),
            "failures": len(self.failures),
            "outcomes": self.statuses,
            "p50_ms": round(lat[len(lat) // 2] * 1000, 1) if lat else None,
            "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        }


def abuse(base: str, username: str, password: str, size: int, stop: threading.Event, tally: Tally) -> None:
    session = Session(base)
    session.sign_in(username, password)
    shapes = [*SHAPES, "over the limit"]
    n = 0
    while not stop.is_set():
        shape = shapes[n % len(shapes)]
        n += 1
        body = "x" * (LIMIT + 1) if shape == "over the limit" else pathological(shape, size)
        t0 = time.perf_counter()
        try:
            token = session.token("/reflections/new/")
            status, text = session.request(
                "POST",
                "/reflections/new/",
                {
                    "csrfmiddlewaretoken": token, "title": f"Abuse {n}: {shape}", "original_language": "en",
                    "body": body, "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0",
                    "authors-MIN_NUM_FORMS": "0", "authors-MAX_NUM_FORMS": "20",
                    "authors-0-username": username, "action": "draft",
                },
            )
        except (OSError, http.client.HTTPException) as exc:
            tally.add(f"{shape}: {type(exc).__name__}", time.perf_counter() - t0, ok=False)
            continue
        # Past the member's rendering budget (core.budgets) a save is refused with 429 and a form
        # error: the refusal is the protection working, not a failure.
        budget_spent = status == 429 and "great deal of text" in text
        if shape == "over the limit":
            expected = status == 200 and "too long" in text
        else:
            expected = status == 302 or budget_spent
        tally.add(f"{shape}: {status}", time.perf_counter() - t0, ok=expected)


def join_and_leave(base: str, username: str, password: str, stop: threading.Event, tally: Tally) -> None:
    session = Session(base)
    session.sign_in(username, password)
    status, text = session.request("GET", "/hubs/")
    hubs = list(dict.fromkeys(HUB_LINK.findall(text)))
    if status != 200 or not hubs:
        raise SystemExit("no hubs found on /hubs/")
    n = 0
    while not stop.is_set():
        slug = hubs[n % len(hubs)]
        n += 1
        for action in ("join", "leave"):
            t0 = time.perf_counter()
            try:
                token = session.token(f"/hubs/{slug}/")
                status, _ = session.request("POST", f"/hubs/{slug}/{action}/", {"csrfmiddlewaretoken": token})
            except (OSError, http.client.HTTPException) as exc:
                tally.add(f"{action}: {type(exc).__name__}", time.perf_counter() - t0, ok=False)
                continue
            tally.add(f"{action}: {status}", time.perf_counter() - t0, ok=status == 302)
        stop.wait(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=None, help="base URL of a running server (default: the one started)")
    parser.add_argument("--start-server", action="store_true", help="start gunicorn on 127.0.0.1:--port")
    parser.add_argument("--port", type=int, default=8198)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent readers")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds measured (at most 600)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of reading before measuring")
    parser.add_argument("--body-size", type=int, default=LIMIT, help="characters per pathological body")
    parser.add_argument("--abuser", default="amina", help="the member who posts (a demo account)")
    parser.add_argument("--joiner", default="tom", help='the member who joins and leaves hubs ("" for none)')
    parser.add_argument("--password", default="translocal-demo")
    parser.add_argument("--max-p99", type=float, default=200.0, help="readers' p99 that passes (ms)")
    parser.add_argument(
        "--no-baseline", dest="baseline", action="store_false",
        help="skip the first phase, the same readers with nobody posting",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    args = parser.parse_args()
    if not 0 < args.duration <= 600:
        raise SystemExit("--duration must be between 0 and 600 seconds")

    server = None
    if args.start_server:
        load.collect_static()
        server = load.start_server(args.port, args.workers)
    base = args.url or f"http://127.0.0.1:{args.port}"
    load.require_loopback(base)
    try:
        paths = load.discover_paths(load.Client(base))
        reading = [path for group in paths.values() for path in group]
        baseline = None
        if args.baseline:
            # The same readers with nobody posting, in the same run: what this machine does today.
            baseline = load.run_python(
                base, "readers alone", reading, concurrency=args.concurrency, duration=args.duration,
                requests=None, warmup=args.warmup,
            )
        stop = threading.Event()
        posts, joins = Tally("abuser posts"), Tally("hub joins")
        threads = [
            threading.Thread(
                target=abuse, args=(base, args.abuser, args.password, args.body_size, stop, posts), daemon=True
            ),
        ]
        if args.joiner:  # --joiner "" leaves the hub joins out (the case: one poster, 32 readers)
            threads.append(
                threading.Thread(
                    target=join_and_leave, args=(base, args.joiner, args.password, stop, joins), daemon=True
                )
            )
        for thread in threads:
            thread.start()
        readers = load.run_python(
            base, "with abuse", reading, concurrency=args.concurrency, duration=args.duration, requests=None,
            warmup=args.warmup,
        )
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        if server is not None:
            load.stop_server(server)

    passed = readers["errors"] == 0 and not posts.failures and not joins.failures and (
        readers["p99_ms"] < args.max_p99
    )
    print(f"readers: {args.concurrency} connections, {args.duration:g} s measured, {len(reading)} URLs")
    print(load.HEADER)
    if baseline is not None:
        print(load.format_row(baseline))
    print(load.format_row(readers))
    for sample in readers["error_samples"]:
        print(f"  error: {sample}")
    for tally in (posts, joins):
        print(f"{tally.name}: {json.dumps(tally.summary())}")
    verdict = "PASS" if passed else "FAIL"
    print(f"{verdict}: readers' p99 {readers['p99_ms']:.1f} ms (limit {args.max_p99:g} ms), "
          f"{readers['errors'] + len(posts.failures) + len(joins.failures)} failed requests")
    if args.json:
        report = {
            "baseline": baseline, "readers": readers, "posts": posts.summary(), "joins": joins.summary(),
            "passed": passed, "workers": args.workers, "concurrency": args.concurrency, "duration": args.duration,
        }
        args.json.write_text(json.dumps(report, indent=2))
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
