"""Supports under load: many signed-in people supporting proposals at once, and pages read meanwhile.

    .venv/bin/python bench/supports.py --start-server --workers 3 --clients 32 --duration 10

Needs the co-production network of bench/generate.py (its support phases are open for 60 days
from the day it ran) and the reference project's data (bench/reference/manage.py fill). In one run:

1. **Supports burst**: ``--clients`` concurrent clients, each a different signed-in bench user
   (a session made here, in the database, as a sign-in would), POST supports to open proposals
   (htmx, as the page's button does) for ``--duration`` seconds: supports/s and latencies.
2. **Reference inserts**: the same clients POST to the plain-Django reference project's insert
   endpoint (one unique row per POST, bench/reference) for as long, under the same gunicorn
   workers: inserts/s, and the ratio supports/s : inserts/s (the aim is 0.5 or better).
   ``--rounds N`` alternates N short supports and reference bursts (both servers up from the
   start) and prints the median of the N ratios: on a shared machine the load moves between two
   bursts run one after the other, and a round's two bursts are seconds apart.
3. **Reads while supports arrive**: the proposal list of the largest process, the proposal with
   the longest comment thread and the home page, measured with bench/load.py's client with no
   writes and then while supports arrive at ``--rate`` per second (random open proposals), plus
   the reference list page for the ratios.
4. **Check**: every proposal's stored count equals its support rows, and each person's supports
   used in a process equals their supports there; exit status 1 if not.

Only loopback addresses; the database is the one DATABASE_URL / TRANSLOCAL_VAR_DIR name.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import re
import secrets
import statistics
import string
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 - bench/load.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connections  # noqa: E402
from django.db.models import Count, F, Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from translocal.accounts.models import User  # noqa: E402
from translocal.coproduction.models import Participation, Phase, Process, Proposal, Support  # noqa: E402

BENCH_PREFIX = "bench-"
ITEM_LINK = re.compile(r'href="\?item=(\d+)"')


@dataclass
class Burst:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    sent: int = 0  # every answered request, the warm-up's too

    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    def line(self) -> str:
        return (
            f"{self.name:<28} {len(self.latencies):>8} {self.errors:>6} {self.rate():>9.1f} "
            f"{self.pct(0.5):>8.1f} {self.pct(0.9):>8.1f} {self.pct(0.99):>8.1f}"
        )


BURST_HEADER = f"{'writes':<28} {'accepted':>8} {'errors':>6} {'writes/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}"


# --- data: open proposals, signed-in people ------------------------------------------------


def open_proposals() -> list[tuple[int, str, int]]:
    """(proposal id, process slug, process id) of every proposal that can be supported now."""
    now = timezone.now()
    running = Phase.objects.filter(support=True, starts_at__lte=now, ends_at__gt=now).values("process_id")
    return list(
        Proposal.objects.filter(
            process__in=running,
            process__is_published=True,
            process__access=Process.Access.PUBLIC,
            withdrawn_at__isnull=True,
            is_hidden=False,
        ).values_list("pk", "process__slug", "process_id")
    )


def sign_in(users: list[User]) -> dict[int, str]:
    """A session per person, stored as django.contrib.auth.login stores one (no password check:
    the load is on supporting, not on signing in)."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    # The backend a password sign-in ends with (not a guard such as django-axes, which signs no one in).
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user"))
    keys = {}
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[user.pk] = session.session_key
    return keys


class Supporter:
    """One signed-in person's next proposals to support (none they support already)."""

    def __init__(self, user_id: int, session: str, proposals: list[tuple[int, str, int]], taken: set[int], seed: int):
        self.user_id = user_id
        self.csrf = "".join(random.Random(seed).choices(string.ascii_letters + string.digits, k=32))
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={self.csrf}"
        order = list(range(len(proposals)))
        random.Random(seed).shuffle(order)
        self.queue = (proposals[i] for i in order if proposals[i][0] not in taken)

    def next_path(self) -> str | None:
        item = next(self.queue, None)
        if item is None:
            return None
        pk, slug, _process = item
        return f"/processes/{quote(slug)}/proposals/{pk}/support/"

    def headers(self) -> dict[str, str]:
        return {
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Encoding": "identity",
        }


def make_supporters(count: int, proposals: list[tuple[int, str, int]], seed: int) -> list[Supporter]:
    rng = random.Random(seed)
    ids = list(User.objects.filter(username__startswith=BENCH_PREFIX, is_active=True).values_list("pk", flat=True))
    if len(ids) < count:
        raise SystemExit(f"only {len(ids)} bench users; run bench/generate.py first")
    chosen = rng.sample(ids, count)
    users = list(User.objects.filter(pk__in=chosen))
    sessions = sign_in(users)
    taken: dict[int, set[int]] = {uid: set() for uid in chosen}
    for uid, pk in Support.objects.filter(user_id__in=chosen).values_list("user_id", "proposal_id"):
        taken[uid].add(pk)
    return [Supporter(u.pk, sessions[u.pk], proposals, taken[u.pk], seed + n) for n, u in enumerate(users)]


# --- HTTP ----------------------------------------------------------------------------------


def post(conn: http.client.HTTPConnection, path: str, body: str, headers: dict[str, str]) -> tuple[int, bytes]:
    conn.request("POST", path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.will_close:
        conn.close()
    return response.status, data


def run_burst(name: str, base: str, jobs: list, duration: float, warmup: float) -> Burst:
    """Each job is a callable(conn) -> (status, problem) run in a loop by its own thread."""
    client = load.Client(base)
    result = Burst(name)
    lock = threading.Lock()
    start = threading.Event()
    bounds = {"warm": 0.0, "end": 0.0}

    def worker(job) -> None:  # noqa: ANN001
        conn = client.connection()
        start.wait()
        while (now := time.perf_counter()) < bounds["end"]:
            t0 = time.perf_counter()
            try:
                outcome = job(conn)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = client.connection()
                outcome = (False, type(exc).__name__)
            if outcome is None:  # nothing left to do for this client
                break
            ok, problem = outcome
            with lock:
                result.sent += 1
            if now < bounds["warm"]:
                continue
            with lock:
                if ok:
                    result.latencies.append(time.perf_counter() - t0)
                else:
                    result.errors += 1
                    if len(result.samples) < 5:
                        result.samples.append(problem)
        conn.close()

    threads = [threading.Thread(target=worker, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    bounds["warm"], bounds["end"] = began + warmup, began + warmup + duration
    start.set()
    for thread in threads:
        thread.join()
    result.elapsed = min(time.perf_counter(), bounds["end"]) - bounds["warm"]
    return result


def support_job(supporter: Supporter):  # noqa: ANN201
    def job(conn: http.client.HTTPConnection) -> tuple[bool, str] | None:
        path = supporter.next_path()
        if path is None:
            return None
        status, body = post(conn, path, "", supporter.headers())
        ok = status == 200 and b'role="alert"' not in body  # an error is shown in the fragment
        return ok, f"{status} {path}"

    return job


def insert_job(items: list[int], users: itertools.count, rng: random.Random):  # noqa: ANN201
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "identity"}

    def job(conn: http.client.HTTPConnection) -> tuple[bool, str]:
        body = f"user={next(users)}&item={rng.choice(items)}"
        status, _data = post(conn, "/insert/", body, headers)
        return status == 201, f"{status} /insert/ {body}"

    return job


class Pacer:
    """Supports at a steady ``rate`` per second from a pool of signed-in people, in the
    background, while pages are measured."""

    def __init__(self, base: str, supporters: list[Supporter], rate: float, threads: int | None = None) -> None:
        # One connection per expected support a second: a slow answer must not lower the rate.
        threads = threads or max(4, int(rate))
        self.base, self.supporters, self.rate, self.threads = base, supporters, rate, threads
        self.sent = self.ok = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.cycle = itertools.cycle(supporters)
        self.began = 0.0

    def _slot(self) -> tuple[float, Supporter] | None:
        with self.lock:
            n = self.sent
            self.sent += 1
            return self.began + n / self.rate, next(self.cycle)

    def _worker(self) -> None:
        client = load.Client(self.base)
        conn = client.connection()
        while not self.stop.is_set():
            slot = self._slot()
            if slot is None:
                break
            at, supporter = slot
            delay = at - time.perf_counter()
            if delay > 0 and self.stop.wait(delay):
                break
            path = supporter.next_path()
            if path is None:
                continue
            try:
                status, body = post(conn, path, "", supporter.headers())
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = client.connection()
                continue
            if status == 200 and b'role="alert"' not in body:
                with self.lock:
                    self.ok += 1
        conn.close()

    def __enter__(self) -> Pacer:
        self.began = time.perf_counter()
        self.workers = [threading.Thread(target=self._worker, daemon=True) for _ in range(self.threads)]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for worker in self.workers:
            worker.join()
        self.elapsed = time.perf_counter() - self.began


# --- check ---------------------------------------------------------------------------------


def check_counts() -> int:
    """Proposals whose stored count differs from their support rows, and (process, person)
    allowances that differ from their supports; prints what it finds."""
    connections.close_all()
    wrong = list(
        Proposal.objects.annotate(rows=Count("supports")).exclude(support_count=F("rows")).values_list(
            "pk", "support_count", "rows"
        )[:10]
    )
    used = {(p, u): n for p, u, n in Participation.objects.filter(supports_used__gt=0).values_list(
        "process_id", "user_id", "supports_used")}
    rows = {
        (row["process_id"], row["user_id"]): row["n"]
        for row in Support.objects.values("process_id", "user_id").annotate(n=Count("id"))
    }
    allowances = sum(1 for key in used.keys() | rows.keys() if used.get(key, 0) != rows.get(key, 0))
    total = Proposal.objects.count()
    print(f"check: {total} proposals, {Support.objects.count()} support rows; "
          f"{len(wrong)} proposals whose count differs from their rows, {allowances} allowances that differ")
    for pk, stored, counted in wrong:
        print(f"    proposal {pk}: stored {stored}, rows {counted}")
    return len(wrong) + allowances


# --- main ----------------------------------------------------------------------------------


def _processes() -> dict[int, tuple[int, float, str]]:
    """Every process: pid -> (parent pid, CPU ms used so far, command line). Linux (/proc)."""
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
            command = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) * tick, command)
    return found


def _cpu_groups(servers: dict[str, int], database: str) -> dict[str, float]:
    """CPU ms used so far by each group: each server's gunicorn tree (master and workers), the
    PostgreSQL processes (this database's backends and the server's background writers; none on
    SQLite, whose work is in the workers) and this process (the clients)."""
    processes = _processes()
    groups = dict.fromkeys([*servers, "PostgreSQL", "client"], 0.0)
    background = ("walwriter", "checkpointer", "background writer", "autovacuum")
    for pid, (parent, used, command) in processes.items():
        group = next((name for name, root in servers.items() if root in (pid, parent)), None)
        if group is None and pid == os.getpid():
            group = "client"
        if group is None and command.startswith("postgres: ") and (
            f" {database} " in command or any(word in command for word in background)
        ):
            group = "PostgreSQL"
        if group is not None:
            groups[group] += used
    return groups


class CpuMeter:
    """``--cpu``: the CPU each group used during a burst, per accepted request (Linux)."""

    def __init__(self, servers: dict[str, int]) -> None:
        self.servers = servers
        url = settings.DATABASES["default"]
        self.database = url["NAME"] if url["ENGINE"].endswith("postgresql") else ""
        self.before: dict[str, float] = {}

    def start(self) -> None:
        self.before = _cpu_groups(self.servers, self.database)

    def line(self, requests: int) -> str:
        after = _cpu_groups(self.servers, self.database)
        used = {name: after[name] - self.before.get(name, 0.0) for name in after}
        each = ", ".join(f"{name} {value / max(1, requests):.2f}" for name, value in used.items() if value)
        return f"    CPU ms per request: {each}; total {sum(used.values()) / max(1, requests):.2f}"


def _round(number: int, rounds: int) -> str:
    return f" {number}/{rounds}" if rounds > 1 else ""


def main() -> None:  # noqa: C901, PLR0915
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=None, help="a running Translocal server (default: the one started)")
    parser.add_argument("--start-server", action="store_true", help="start gunicorn on 127.0.0.1:--port")
    parser.add_argument("--port", type=int, default=8199, help="Translocal's port; the reference uses port + 1")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=32, help="concurrent supporters (one person each)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per burst and page")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=20.0, help="supports per second while pages are read")
    parser.add_argument("--concurrency", type=int, default=32, help="readers while supports arrive")
    parser.add_argument("--prime", type=int, default=3)
    parser.add_argument("--client", choices=("auto", "python", "wrk"), default="auto", help="the readers' client")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate this many supports and reference bursts (each --duration s); "
                        "the ratio printed is the median of the rounds' ratios")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference project")
    parser.add_argument("--no-reads", action="store_true", help="skip the pages read while supports arrive")
    parser.add_argument("--seed", type=int, default=None, help="which people and proposals (default: random)")
    parser.add_argument("--cpu", action="store_true",
                        help="after each burst, the CPU per request of the servers' workers, PostgreSQL and the "
                        "client (Linux; with --start-server)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else secrets.randbelow(10**9)
    args.wrk = load.find_wrk()
    if args.client == "auto":
        args.client = "wrk" if args.wrk else "python"
    args.requests = None

    proposals = open_proposals()
    if not proposals:
        raise SystemExit("no proposal can be supported now: run bench/generate.py (its support phases run 60 days)")
    supporters = make_supporters(args.clients, proposals, seed)
    pacers = make_supporters(max(8, int(args.rate)), proposals, seed + 10_000) if not args.no_reads else []
    big_process = Proposal.objects.values("process__slug").annotate(n=Count("id")).order_by("-n")[0]["process__slug"]
    thread = Proposal.objects.filter(is_hidden=False, withdrawn_at__isnull=True).order_by("-comment_count")[0]
    read_paths = {
        "proposal list": [f"/processes/{quote(big_process)}/proposals/"],
        f"proposal ({thread.comment_count} comments)": [quote(thread.get_absolute_url())],
        "home": ["/"],
    }
    rows_before = Support.objects.filter(Q(user_id__in=[s.user_id for s in supporters + pacers])).count()
    connections.close_all()

    db = os.environ.get("DATABASE_URL") or f"sqlite ({os.environ.get('TRANSLOCAL_VAR_DIR', 'var')})"
    print(f"database: {db}  workers: {args.workers}  clients: {args.clients}  duration: {args.duration:g} s "
          f"(+{args.warmup:g} s warm-up)  open proposals: {len(proposals)}  seed: {seed}")
    base = args.url or f"http://127.0.0.1:{args.port}"
    load.require_loopback(base)
    if args.start_server:
        load.collect_static()
    server = load.start_server(args.port, args.workers) if args.start_server else None
    ref, ref_base, ref_jobs = None, f"http://127.0.0.1:{args.port + 1}", []
    shares: list[float] = []
    try:
        if not args.no_reference:
            # Started before the first round and idle while the supports run (sync workers waiting
            # on accept cost nothing), so the rounds can alternate.
            ref = load.start_reference_server(args.port + 1, args.workers)
            conn = load.Client(ref_base).connection()
            status, body = load.Client(ref_base).get(conn, "/")
            conn.close()
            items = [int(pk) for pk in ITEM_LINK.findall(body.decode())]
            if status != 200 or not items:
                raise SystemExit("the reference list is empty: run bench/reference/manage.py fill")
            users = itertools.count(time.time_ns() // 1000)  # a new person per POST: every row unique
            rng = random.Random(seed)
            ref_jobs = [insert_job(items, users, random.Random(rng.random())) for _ in range(args.clients)]
        meter = None
        if args.cpu and server is not None:
            meter = CpuMeter({"Translocal": server.pid, **({"reference": ref.pid} if ref is not None else {})})
        print(BURST_HEADER)
        for number in range(1, args.rounds + 1):
            # One round: a supports burst, then a reference burst as long, so that a change in
            # the shared machine's load between two rounds falls on both sides of that round's ratio.
            if meter:
                meter.start()
            burst = run_burst(f"supports (Translocal){_round(number, args.rounds)}", base,
                              [support_job(s) for s in supporters], args.duration, args.warmup)
            load.drain(base, workers=args.workers)
            print(burst.line(), flush=True)
            if meter:  # the warm-up's requests count too: CPU per request sent
                print(meter.line(burst.sent), flush=True)
            for sample in burst.samples:
                print(f"    error: {sample}")
            if ref is not None:
                if meter:
                    meter.start()
                reference = run_burst(f"inserts (plain Django){_round(number, args.rounds)}", ref_base, ref_jobs,
                                      args.duration, args.warmup)
                load.drain(ref_base, workers=args.workers)
                print(reference.line(), flush=True)
                if meter:
                    print(meter.line(reference.sent), flush=True)
                for sample in reference.samples:
                    print(f"    error: {sample}")
                shares.append(load.ratio(burst.rate(), reference.rate()))
    finally:
        if ref is not None:
            load.stop_server(ref)
        if server is not None and args.no_reads:
            load.stop_server(server)
    if shares:
        each = " ".join(f"{share:.2f}" for share in shares)
        label = f"median of {len(shares)} rounds ({each})" if len(shares) > 1 else "one round"
        print(f"supports/s : reference inserts/s = {statistics.median(shares):.2f}, {label} (aim: 0.5 or better)")
    print()

    if not args.no_reads:
        try:
            args.page_names = list(read_paths)
            quiet = load.measure(args, base, read_paths, f"Pages with no writes  {base}  client: {args.client}  "
                                 f"concurrency: {args.concurrency}")
            with Pacer(base, pacers, args.rate) as pacer:
                busy = load.measure(args, base, read_paths, f"Pages while supports arrive at {args.rate:g}/s")
            print(f"supports while reading: {pacer.ok} accepted in {pacer.elapsed:.1f} s "
                  f"({pacer.ok / pacer.elapsed:.1f}/s)")
        finally:
            if server is not None:
                load.stop_server(server)
        plain = None
        if not args.no_reference:
            args.page_names = list(read_paths)
            plain = load.measure_reference(args)
        print(f"{'page':<26} {'no writes':>10} {'writes':>10}" + (f" {'x plain, no writes':>20} {'x plain, writes':>16}"
                                                                  if plain else ""))
        for q, b in zip(quiet, busy, strict=True):
            line = f"{q['page']:<26} {q['req_per_s']:>10.1f} {b['req_per_s']:>10.1f}"
            if plain:
                line += (f" {load.ratio(q['req_per_s'], plain['req_per_s']):>19.2f}x"
                         f" {load.ratio(b['req_per_s'], plain['req_per_s']):>15.2f}x")
            print(line)
        print()

    rows_after = Support.objects.filter(user_id__in=[s.user_id for s in supporters + pacers]).count()
    print(f"new support rows of the clients: {rows_after - rows_before}")
    if check_counts():
        sys.exit(1)


if __name__ == "__main__":
    main()
