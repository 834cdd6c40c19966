"""The table of "fast for everyone" in one run: every hot page in four situations, each as a
ratio to the plain-Django reference list page (bench/reference) measured the same way in the
same run, with its p99.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/table.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/translocal_bench TRANSLOCAL_VAR_DIR=/tmp/bench-var-pg \\
        .venv/bin/python bench/table.py

Columns (gunicorn sync workers on 127.0.0.1, the same load client, concurrency and duration):

- anonymous, cached: anonymous readers after the pages were primed (the whole-page cache);
- signed-in member: a member of a hub who has a draft case, with their session cookie (they
  never get the anonymous page cache: fragment caches and their personal parts);
- anonymous while writes arrive: anonymous readers while a second process makes real writes
  through the services at ``--writes`` per second (members joining and leaving hubs, which move
  the content version as any public write does); the rate reached is printed;
- uncached: anonymous readers of a server started with FRAGMENT_CACHE=false (no page or
  fragment cache: the cold path of every request).

The reference list is measured before and after the Translocal pages; the ratios use the mean
of the two. Needs the bench data (bench/generate.py) and the reference data
(bench/reference/manage.py fill) in the same database settings. Only loopback is targeted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402

PAGES = ["home", "case list", "case detail", "search", "reflection", "place", "hub", "profile"]
COLUMNS = ["anonymous, cached", "signed-in member", "anonymous while writes", "uncached"]
REFLECTION_LINK = re.compile(r'href="(/reflections/(?!new/|feed)[^/"?#]+/)"')


def discover(base: str) -> dict[str, list[str]]:
    paths = load.discover_paths(load.Client(base))
    conn = load.Client(base).connection()
    status, body = load.Client(base).get(conn, "/reflections/")
    conn.close()
    if status == 200:
        paths["reflection"] = list(dict.fromkeys(REFLECTION_LINK.findall(body.decode("utf-8", "replace"))))[:20]
    missing = [page for page in PAGES if not paths.get(page) and page != "reflection"]
    if missing:
        raise SystemExit(f"no URLs found for {missing}: run bench/generate.py first")
    return paths


# --- Django in this process: the signed-in member's cookies and the writer --------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
    sys.path.insert(0, str(load.ROOT / "src"))
    import django

    django.setup()


def member_cookies() -> tuple[str, dict[str, str]]:
    """A session of a member who belongs to a hub and has a draft case, and their CSRF cookie,
    as a browser would send them (the first page sets the CSRF cookie)."""
    _django()
    from django.test import Client

    from translocal.accounts.models import User
    from translocal.knowledge.models import Case, Status

    drafts = Case.objects.filter(status=Status.DRAFT).values("created_by")
    member = User.objects.filter(is_active=True, hub_memberships__isnull=False, pk__in=drafts).order_by("pk").first()
    if member is None:
        raise SystemExit("no member of a hub with a draft case: run bench/generate.py first")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member)
    client.get("/")
    cookies = {name: morsel.value for name, morsel in client.cookies.items() if morsel.value}
    return member.username, {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


#: What the writer may do (``--write-kinds``): "memberships" (join and leave hubs, the default
#: and what the table's figures so far measured), "supports" (support and withdraw support for
#: proposals of running processes through coproduction.services).
WRITE_KINDS = ("memberships", "supports")


def _membership_writes() -> tuple[Any, Any]:
    """``(write(i), undo())``: a member joins a hub, later leaves it (places.services)."""
    from translocal.accounts.models import User
    from translocal.places import services
    from translocal.places.models import Hub

    hubs = list(Hub.objects.order_by("pk"))
    people = list(User.objects.filter(is_active=True, hub_memberships__isnull=True).order_by("pk")[:500])
    joined: list[tuple[User, Hub]] = []

    def write(i: int) -> None:
        if joined and (len(joined) >= 50 or i % 2):
            person, hub = joined.pop(0)
            services.leave_hub(acting_user=person, hub=hub)
        else:
            person, hub = people[i % len(people)], hubs[i % len(hubs)]
            services.join_hub(acting_user=person, hub=hub)
            joined.append((person, hub))

    def undo() -> None:  # leave the data as it was
        for person, hub in joined:
            services.leave_hub(acting_user=person, hub=hub)

    return write, undo


def _support_writes() -> tuple[Any, Any]:
    """``(write(i), undo())``: a person supports a proposal of a running public process (one they
    do not support yet), later withdraws the support (coproduction.services). A support the
    rules refuse (the person may not support there) is skipped for the next pair."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone

    from translocal.accounts.models import User
    from translocal.coproduction import services
    from translocal.coproduction.models import Phase, Process, Proposal, Support

    now = timezone.now()
    running = Phase.objects.filter(support=True, starts_at__lte=now, ends_at__gt=now).values("process_id")
    proposals = list(
        Proposal.objects.filter(
            process__in=running, process__is_published=True, process__access=Process.Access.PUBLIC,
            withdrawn_at__isnull=True, is_hidden=False,
        ).order_by("pk")[:200]
    )
    if not proposals:
        raise SystemExit("no proposal open for supports: run bench/generate.py first")
    people = list(User.objects.filter(is_active=True).order_by("-pk")[:500])
    supported = set(Support.objects.filter(user__in=people).values_list("user_id", "proposal_id"))
    pairs = [
        (person, proposal)
        for n, person in enumerate(people)
        for proposal in (proposals[n % len(proposals)], proposals[(n * 7 + 3) % len(proposals)])
        if (person.pk, proposal.pk) not in supported
    ]
    given: list[tuple[Any, Any]] = []
    turn = {"next": 0}

    def write(i: int) -> None:
        if given and (len(given) >= 50 or i % 2):
            person, proposal = given.pop(0)
            services.withdraw_support(acting_user=person, proposal=proposal)
            return
        for _attempt in range(len(pairs)):
            person, proposal = pairs[turn["next"] % len(pairs)]
            turn["next"] += 1
            if any(p.pk == person.pk and q.pk == proposal.pk for p, q in given):
                continue
            try:
                services.support_proposal(acting_user=person, proposal=proposal)
            except (PermissionDenied, ValidationError):
                continue
            given.append((person, proposal))
            return

    def undo() -> None:
        for person, proposal in given:
            services.withdraw_support(acting_user=person, proposal=proposal)

    return write, undo


def write(rate: float, report: Path, kinds: list[str]) -> None:
    """Until SIGTERM: ``rate`` writes a second through the services, taking ``kinds`` in turn
    (WRITE_KINDS; each write commits and moves what a public write of its kind moves). Writes
    the count and the seconds taken to ``report`` at the end, after undoing what is left."""
    _django()
    makers = {"memberships": _membership_writes, "supports": _support_writes}
    writers = [makers[kind]() for kind in kinds]
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    _ready_file(report).touch()  # set up: the readers may start (start_writer waits for this)
    done, began = 0, time.perf_counter()
    while not stop["now"]:
        due = began + done / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        do, _undo = writers[done % len(writers)]
        do(done // len(writers))
        done += 1
    for _do, undo in writers:
        undo()
    report.write_text(json.dumps({"writes": done, "seconds": time.perf_counter() - began}))


# --- the run --------------------------------------------------------------------------------


def _ready_file(report: Path) -> Path:
    return report.with_name(report.name + ".ready")


def start_writer(rate: float, report: Path, kinds: list[str], timeout: float = 120.0) -> subprocess.Popen:
    """The writer in its own process, returned once it has set up (Django loaded, its people
    and hubs read) and starts writing: on a loaded machine that takes longer than any fixed
    pause, and the first page measured would otherwise share the cores with its start-up."""
    ready = _ready_file(report)
    ready.unlink(missing_ok=True)
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, __file__, "--writer", str(rate), "--writer-report", str(report),
         "--write-kinds", ",".join(kinds)],
        env={**os.environ, "DEBUG": "0"},
        cwd=load.ROOT,
    )
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the writer did not start")
        time.sleep(0.1)
    ready.unlink()
    return process


def stop_writer(process: subprocess.Popen, report: Path) -> dict[str, float]:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=120)
    return json.loads(report.read_text()) if report.exists() else {"writes": 0, "seconds": 0.0}


def run(args: argparse.Namespace) -> dict[str, Any]:
    load.collect_static()
    base = f"http://127.0.0.1:{args.port}"
    args.page_names = [page for page in PAGES if page in args.pages]
    db = os.environ.get("DATABASE_URL") or f"sqlite ({os.environ.get('TRANSLOCAL_VAR_DIR', 'var')})"
    print(
        f"database: {db}  workers: {args.workers}  client: {args.client}  concurrency: {args.concurrency}  "
        f"{args.duration:g} s (+{args.warmup:g} s warm-up) per page\n",
        flush=True,
    )
    references = [load.measure_reference(args)]
    results: dict[str, list[dict]] = {}
    writer_figures: dict[str, float] = {}
    columns = args.columns
    paths: dict[str, list[str]] = {}
    if set(columns) & set(COLUMNS[:3]):
        server = load.start_server(args.port, args.workers, fragment_cache=True)
        try:
            paths = discover(base)
            if COLUMNS[0] in columns:
                results[COLUMNS[0]] = load.measure(args, base, paths, f"{COLUMNS[0]}: FRAGMENT_CACHE=true, no cookie")
            if COLUMNS[1] in columns:
                username, headers = member_cookies()
                results[COLUMNS[1]] = load.measure(
                    args, base, paths, f"{COLUMNS[1]}: signed in as {username} (a hub member with drafts)", headers
                )
            if COLUMNS[2] in columns:
                results[COLUMNS[2]], writer_figures = measure_while_writing(args, base, paths)
        finally:
            load.stop_server(server)
    if COLUMNS[3] in columns:
        server = load.start_server(args.port, args.workers, fragment_cache=False)
        try:
            paths = paths or discover(base)
            results[COLUMNS[3]] = load.measure(args, base, paths, f"{COLUMNS[3]}: FRAGMENT_CACHE=false, no cookie")
        finally:
            load.stop_server(server)
    references.append(load.measure_reference(args))
    reference = sum(r["req_per_s"] for r in references) / len(references)
    print_table(results, references, reference, db)
    return {
        "database": db, "references": references, "reference_req_per_s": reference,
        "writes": writer_figures, "columns": results,
    }


def measure_while_writing(args: argparse.Namespace, base: str, paths: dict[str, list[str]]) -> tuple[list[dict], dict]:
    """The third column: anonymous readers while the writer runs (``args.writes`` a second, of
    ``args.write_kinds``); returns the rows and the writer's figures (printed)."""
    handle, name = tempfile.mkstemp(prefix="translocal-table-writer-", suffix=".json")
    os.close(handle)
    report = Path(name)
    report.unlink()
    writer = start_writer(args.writes, report, args.write_kinds)
    try:
        time.sleep(1)  # the writes reach their rate
        rows = load.measure(
            args, base, paths,
            f"{COLUMNS[2]}: anonymous, a writer aiming at {args.writes:g} writes/s ({','.join(args.write_kinds)})",
        )
    finally:
        figures = stop_writer(writer, report)
        report.unlink(missing_ok=True)
    rate = figures["writes"] / figures["seconds"] if figures.get("seconds") else 0.0
    print(f"writes made: {figures.get('writes', 0)} in {figures.get('seconds', 0):.0f} s "
          f"= {rate:.1f}/s (aimed at {args.writes:g}/s)\n")
    return rows, figures


def print_table(results: dict[str, list[dict]], references: list[dict], reference: float, db: str) -> None:
    ref = " and ".join(f"{r['req_per_s']:.0f}" for r in references)
    columns = [column for column in COLUMNS if column in results]
    print(f"Ratio of req/s to the plain-Django list page ({ref} req/s before and after; mean {reference:.0f}), "
          f"p99 in ms; {db}")
    print("| page | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for i, page in enumerate(row["page"] for row in results[columns[0]]):
        cells = []
        for column in columns:
            row = results[column][i]
            errors = f", {row['errors']} errors" if row["errors"] else ""
            cells.append(f"{row['req_per_s'] / reference:.2f}x (p99 {row['p99_ms']:.0f}{errors})")
        print(f"| {page} | " + " | ".join(cells) + " |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8199, help="Translocal's port; the reference uses port + 1")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per page and column")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--prime", type=int, default=3, help="as load.py --prime")
    parser.add_argument("--writes", type=float, default=20.0, help="writes per second of the third column")
    parser.add_argument("--client", choices=("auto", "python", "wrk"), default="auto")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {','.join(PAGES)}")
    parser.add_argument(
        "--columns", default="all",
        help="comma-separated numbers (1-4) of the columns to measure: " + "; ".join(
            f"{n} = {column}" for n, column in enumerate(COLUMNS, 1)) + " (default all)",
    )
    parser.add_argument(
        "--write-kinds", default="memberships",
        help=f"comma-separated, of {','.join(WRITE_KINDS)}: what the writer of column 3 does, in turn "
        "(default memberships, which the figures so far measured)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--writer", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--writer-report", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.write_kinds = [kind.strip() for kind in args.write_kinds.split(",") if kind.strip()]
    if set(args.write_kinds) - set(WRITE_KINDS) or not args.write_kinds:
        raise SystemExit(f"--write-kinds: choose from {', '.join(WRITE_KINDS)}")
    if args.writer is not None:
        write(args.writer, args.writer_report, args.write_kinds)
        return
    try:
        numbers = range(1, len(COLUMNS) + 1) if args.columns == "all" else [int(n) for n in args.columns.split(",")]
        args.columns = [COLUMNS[n - 1] for n in numbers]
    except (ValueError, IndexError):
        raise SystemExit(f"--columns: comma-separated numbers from 1 to {len(COLUMNS)}") from None
    args.wrk = load.find_wrk()
    if args.client == "auto":
        args.client = "wrk" if args.wrk else "python"
    if args.client == "wrk" and not args.wrk:
        raise SystemExit("--client wrk: wrk is not installed (Debian: apt-get install wrk).")
    args.requests = None
    args.pages = [page.strip() for page in args.pages.split(",") if page.strip()]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        raise SystemExit(f"unknown pages {sorted(unknown)}; choose from {', '.join(PAGES)}")
    figures = run(args)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
