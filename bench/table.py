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


def write(rate: float, report: Path) -> None:
    """Until SIGTERM: ``rate`` writes a second through places.services (a member joins a hub,
    later leaves it; each write commits and moves the content version as a public write does).
    Writes the count and the seconds taken to ``report`` at the end."""
    _django()
    from translocal.accounts.models import User
    from translocal.places import services
    from translocal.places.models import Hub

    hubs = list(Hub.objects.order_by("pk"))
    people = list(User.objects.filter(is_active=True, hub_memberships__isnull=True).order_by("pk")[:500])
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    done, began, i = 0, time.perf_counter(), 0
    joined: list[tuple[User, Hub]] = []
    while not stop["now"]:
        due = began + done / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        if joined and (len(joined) >= 50 or i % 2):
            person, hub = joined.pop(0)
            services.leave_hub(acting_user=person, hub=hub)
        else:
            person, hub = people[i % len(people)], hubs[i % len(hubs)]
            services.join_hub(acting_user=person, hub=hub)
            joined.append((person, hub))
        done += 1
        i += 1
    for person, hub in joined:  # leave the data as it was
        services.leave_hub(acting_user=person, hub=hub)
    report.write_text(json.dumps({"writes": done, "seconds": time.perf_counter() - began}))


# --- the run --------------------------------------------------------------------------------


def start_writer(rate: float, report: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, __file__, "--writer", str(rate), "--writer-report", str(report)],
        env={**os.environ, "DEBUG": "0"},
        cwd=load.ROOT,
    )


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
    server = load.start_server(args.port, args.workers, fragment_cache=True)
    try:
        paths = discover(base)
        results[COLUMNS[0]] = load.measure(args, base, paths, f"{COLUMNS[0]}: FRAGMENT_CACHE=true, no cookie")
        username, headers = member_cookies()
        results[COLUMNS[1]] = load.measure(
            args, base, paths, f"{COLUMNS[1]}: signed in as {username} (a hub member with drafts)", headers
        )
        handle, name = tempfile.mkstemp(prefix="translocal-table-writer-", suffix=".json")
        os.close(handle)
        report = Path(name)
        report.unlink()
        writer = start_writer(args.writes, report)
        try:
            time.sleep(2)  # the writer's Django is up
            results[COLUMNS[2]] = load.measure(
                args, base, paths, f"{COLUMNS[2]}: anonymous, a writer aiming at {args.writes:g} writes/s"
            )
        finally:
            writer_figures = stop_writer(writer, report)
            report.unlink(missing_ok=True)
        rate = writer_figures["writes"] / writer_figures["seconds"] if writer_figures.get("seconds") else 0.0
        print(f"writes made: {writer_figures.get('writes', 0)} in {writer_figures.get('seconds', 0):.0f} s "
              f"= {rate:.1f}/s (aimed at {args.writes:g}/s)\n")
    finally:
        load.stop_server(server)
    server = load.start_server(args.port, args.workers, fragment_cache=False)
    try:
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


def print_table(results: dict[str, list[dict]], references: list[dict], reference: float, db: str) -> None:
    ref = " and ".join(f"{r['req_per_s']:.0f}" for r in references)
    print(f"Ratio of req/s to the plain-Django list page ({ref} req/s before and after; mean {reference:.0f}), "
          f"p99 in ms; {db}")
    print("| page | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---|" * len(COLUMNS))
    for i, page in enumerate(row["page"] for row in results[COLUMNS[0]]):
        cells = []
        for column in COLUMNS:
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
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--writer", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--writer-report", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer is not None:
        write(args.writer, args.writer_report)
        return
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
