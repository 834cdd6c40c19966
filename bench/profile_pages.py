"""Where one request of a page spends its time when the fragment cache is off (the cold path),
or, with --user, what a signed-in member's request costs with the fragment caches on.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/profile_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/translocal_bench \\
        TRANSLOCAL_VAR_DIR=/tmp/bench-var-pg .venv/bin/python bench/profile_pages.py
    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/profile_pages.py --user auto

``--user NAME`` signs that person in (``auto``: a member of a hub who has a draft case, the
reader the signed-in column of bench/table.py uses) and keeps the fragment caches on, since a
signed-in reader never gets the anonymous page cache: the figures are then the warm signed-in
path, and a breakdown shows the pieces every signed-in request pays (session and user loads,
messages, the CSRF token, the header, the drafts panel, permission checks).

Requests go through Django's test client in this process (no server, no load), with
FRAGMENT_CACHE=false, against the bench database. Per page it reports the median wall time of
--repeat requests after one unmeasured request (templates, URLconf and imports are then warm,
as in a running server), the number of queries and their total time, the slowest queries, and
the functions with the most cumulative time under cProfile (whose overhead inflates Python
time, so read its figures as shares, not as absolute costs). It reads only: no writes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
SIGNED_IN = "--user" in sys.argv or any(arg.startswith("--user=") for arg in sys.argv)
CACHED = "--cached" in sys.argv
os.environ["FRAGMENT_CACHE"] = "true" if SIGNED_IN or CACHED else "false"
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import CASE_LINK, LIST_LINKS, SEARCH_QUERIES  # noqa: E402

PAGES = "home,case list,case detail,search,reflection,place,hub,profile"

#: Django internals worth naming in the breakdown: (label, file path ending, function name).
WATCHED = (
    ("template rendering (incl. lazy queries in it)", "django/template/base.py", "render"),
    ("SQL: cursor execute", "django/db/backends/utils.py", "_execute"),
    ("SQL: compiling querysets", "django/db/models/sql/compiler.py", "as_sql"),
    ("ORM: building model instances", "django/db/models/base.py", "from_db"),
    ("ORM: prefetch_related", "django/db/models/query.py", "prefetch_related_objects"),
    # What a signed-in request pays on every page.
    ("signed in: session load", "django/contrib/sessions/backends/db.py", "load"),
    ("signed in: user load", "django/contrib/auth/__init__.py", "get_user"),
    ("signed in: messages", "django/contrib/messages/storage/fallback.py", "_get"),
    ("signed in: CSRF token", "django/middleware/csrf.py", "get_token"),
    ("signed in: drafts panel", "translocal/knowledge/selectors/common.py", "drafts_for"),
    ("signed in: permission checks", "translocal/knowledge/templatetags/knowledge_tags.py", "can_edit"),
    ("fragment cache reads", "translocal/core/caching.py", "cached_value"),
)


def pages(client: Client, case_count: int, names: list[str]) -> dict[str, list[str]]:
    body = client.get("/cases/").content.decode()
    cases = list(dict.fromkeys(CASE_LINK.findall(body)))[:case_count]
    found = {
        "home": ["/"],
        "case list": ["/cases/"],
        "case detail": cases,
        "search": [f"/search/?q={urllib.parse.quote_plus(q)}" for q in SEARCH_QUERIES],
    }
    for name, (list_path, link) in LIST_LINKS.items():
        found[name] = list(dict.fromkeys(link.findall(client.get(list_path).content.decode())))[:case_count]
    body = client.get("/reflections/").content.decode()
    found["reflection"] = list(dict.fromkeys(REFLECTION_LINK.findall(body)))[:case_count]
    return {name: found[name] for name in names if found.get(name)}


REFLECTION_LINK = re.compile(r'href="(/reflections/(?!new/|feed)[^/"?#]+/)"')


def member_with_drafts() -> str:
    """A member of a hub who has a draft case: the signed-in reader of bench/table.py."""
    from translocal.accounts.models import User
    from translocal.knowledge.models import Case, Status

    draft_authors = Case.objects.filter(status=Status.DRAFT).values("created_by")
    user = (
        User.objects.filter(is_active=True, hub_memberships__isnull=False, pk__in=draft_authors)
        .order_by("pk")
        .first()
    )
    if user is None:
        raise SystemExit("no member of a hub with a draft case in this database (bench/generate.py)")
    return user.username


def sign_in(client: Client, username: str) -> None:
    from translocal.accounts.models import User

    client.force_login(User.objects.get(username=username if username != "auto" else member_with_drafts()))


def timed(client: Client, path: str, cpu: list[float] | None = None) -> float:
    """Wall milliseconds of one GET; with ``cpu``, also appends the CPU milliseconds this process
    spent on it (``time.process_time``: SQLite runs in-process, so its work is counted; on a
    loaded machine the wall time also holds the time spent waiting for a core)."""
    t0, c0 = time.perf_counter(), time.process_time()
    response = client.get(path)
    elapsed = time.perf_counter() - t0
    if cpu is not None:
        cpu.append((time.process_time() - c0) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return elapsed * 1000


def shorten(sql: str, width: int = 240) -> str:
    sql = re.sub(r"\s+", " ", sql)
    sql = re.sub(r'"[a-z_]+"\."([a-z_]+)"', r"\1", sql)  # "table"."column" -> column
    return sql if len(sql) <= width else sql[: width - 3] + "..."


def profile_functions(
    client: Client, path: str, top: int
) -> tuple[list[tuple[str, float, float]], list[tuple[str, float, float]]]:
    """Our functions by cumulative time, and the Django internals of WATCHED."""
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt * 1000
    ours, internals = [], []
    for (filename, line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        ms = ct * 1000
        if "translocal" in filename and "/site-packages/" not in filename:
            label = f"{filename.split('/src/')[-1]}:{line} {name}"
            ours.append((label, ms, ms / total if total else 0.0))
        for label, suffix, function in WATCHED:
            if filename.endswith(suffix) and name == function:
                internals.append((label, ms, ms / total if total else 0.0))
    ours.sort(key=lambda r: -r[1])
    # Template.render is recursive (includes, partials): the outermost call has the largest time.
    best: dict[str, tuple[str, float, float]] = {}
    for row in internals:
        if row[0] not in best or row[1] > best[row[0]][1]:
            best[row[0]] = row
    return ours[:top], [best[label] for label, _s, _f in WATCHED if label in best]


def served_from_cache(client: Client, paths_by_page: dict[str, list[str]], args: argparse.Namespace) -> None:
    """``--cached``: per page, the CPU of anonymous requests served with the caches on, URL after
    URL for ``--rounds`` rounds, with a membership write before every ``--write-every``-th
    request when asked (the in-process shape of table.py's third column: one worker, its own
    local cache). A request that rendered a template (the page, or a fragment of it) is counted
    apart from those served whole from the page cache. Then cProfile over one round of
    requests served from the cache (no writes), our functions by cumulative time."""
    from django.template.base import Template
    from table import _membership_writes

    write, undo = _membership_writes() if args.write_every else (None, None)
    writes = 0
    print(
        f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})  cache: "
        f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}  anonymous, caches on, "
        f"{f'a write before every {args.write_every}th request' if args.write_every else 'no writes'}"
    )
    count = {"queries": 0, "renders": 0}

    def counter(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        count["queries"] += 1
        return execute(sql, params, many, context)

    template_render = Template.render

    def counted_render(self, context):  # noqa: ANN001, ANN202
        count["renders"] += 1
        return template_render(self, context)

    Template.render = counted_render  # type: ignore[method-assign]
    try:
        for name, paths in paths_by_page.items():
            for path in paths:  # primed twice: rendered, then served from the cache
                client.cookies.clear()
                client.get(path)
                client.get(path)
            rows: list[tuple[float, int, bool]] = []
            requests = 0
            for _round in range(args.rounds):
                for path in paths:
                    requests += 1
                    if write is not None and requests % args.write_every == 0:
                        write(writes)
                        writes += 1
                    client.cookies.clear()
                    count.update(queries=0, renders=0)
                    cpu: list[float] = []
                    with connection.execute_wrapper(counter):
                        timed(client, path, cpu)
                    rows.append((cpu[0], count["queries"], count["renders"] > 0))
            hits = [(c, q) for c, q, rendered in rows if not rendered]
            renders = [(c, q) for c, q, rendered in rows if rendered]
            cpus = sorted(c for c, _q, _r in rows)
            print(
                f"\n== {name}: {len(paths)} URL(s), {len(rows)} requests; CPU mean {statistics.mean(cpus):.2f} ms, "
                f"median {statistics.median(cpus):.2f}, p99 {cpus[int(len(cpus) * 0.99) - 1]:.2f}, "
                f"total {sum(cpus):.0f} ms; {statistics.mean(q for _c, q, _r in rows):.2f} queries a request"
            )
            for label, group in (("served whole from the page cache", hits), ("rendered (wholly or in part)", renders)):
                if group:
                    spent = sum(c for c, _q in group)
                    print(
                        f"  {label}: {len(group)}, median {statistics.median(c for c, _q in group):.2f} ms, "
                        f"{statistics.mean(q for _c, q in group):.2f} queries, {spent:.0f} ms in all "
                        f"({spent / sum(cpus):.0%})"
                    )
            profiler = cProfile.Profile()
            for path in paths:
                client.cookies.clear()
                client.get(path)
            profiler.enable()
            for _ in range(5):
                for path in paths:
                    client.cookies.clear()
                    client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler, stream=io.StringIO())
            total = stats.total_tt * 1000
            ours = sorted(
                (
                    (f"{filename.split('/src/')[-1]}:{line} {function}", ct * 1000)
                    for (filename, line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()
                    if "translocal" in filename and "/site-packages/" not in filename
                ),
                key=lambda row: -row[1],
            )
            print(f"  cumulative time under cProfile, {5 * len(paths)} requests from the cache ({total:.0f} ms):")
            for label, ms in ours[: args.functions]:
                print(f"    {ms:7.1f} ms {ms / total:4.0%}  {label}")
    finally:
        Template.render = template_render  # type: ignore[method-assign]
        if undo is not None:
            undo()
    if write is not None:
        print(f"\n{writes} writes made (undone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="measured requests per URL")
    parser.add_argument("--cases", type=int, default=5, help="case detail URLs to measure")
    parser.add_argument("--queries", type=int, default=5, help="slowest queries shown per page")
    parser.add_argument("--functions", type=int, default=12, help="our functions shown per page")
    parser.add_argument("--pages", default="case list,case detail,search", help=f"comma-separated, of {PAGES}")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="anonymous readers with the page and fragment caches on (what serving from the cache costs)",
    )
    parser.add_argument(
        "--rounds", type=int, default=40, help="--cached: requests per URL (after two that prime it)"
    )
    parser.add_argument(
        "--write-every",
        type=int,
        default=0,
        help="--cached: one membership write (join or leave, bench/table.py's writer) before every N-th "
        "request (0: none); the writes are undone at the end",
    )
    parser.add_argument(
        "--user",
        default=None,
        help="sign this username in ('auto': a hub member with drafts); keeps the fragment caches on",
    )
    args = parser.parse_args()

    assert settings.FRAGMENT_CACHE == (SIGNED_IN or CACHED)  # noqa: S101 - the point of this script
    client = Client(HTTP_HOST="127.0.0.1")
    names = [name.strip() for name in args.pages.split(",") if name.strip()]
    paths_by_page = pages(client, args.cases, names)
    # As translocal.wsgi does in a server's worker once the app is loaded: the objects made so
    # far live as long as the process, and without this every full collection walks them
    # (about a fifth of a cold case list's CPU in this process).
    gc.collect()
    gc.freeze()
    if CACHED:
        served_from_cache(client, paths_by_page, args)
        return
    reader = "anonymous"
    if args.user:
        sign_in(client, args.user)
        reader = f"signed in as {args.user if args.user != 'auto' else member_with_drafts()}"
    print(
        f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})  "
        f"FRAGMENT_CACHE={'true' if SIGNED_IN else 'false'}  {reader}"
    )
    for name, paths in paths_by_page.items():
        walls, cpus, sql_times, counts = [], [], [], []
        slow: list[tuple[float, str, str]] = []
        for path in paths:
            timed(client, path)  # warm: templates, URLconf, per-process memos
            walls += [timed(client, path, cpus) for _ in range(args.repeat)]
            with CaptureQueriesContext(connection) as captured:
                timed(client, path)
            times = [float(q["time"]) * 1000 for q in captured.captured_queries]
            sql_times.append(sum(times))
            counts.append(len(times))
            slow += [(t, path, q["sql"]) for t, q in zip(times, captured.captured_queries, strict=True)]
        wall = statistics.median(walls)
        sql = statistics.median(sql_times)
        print(
            f"\n== {name}: {len(paths)} URL(s), median {wall:.1f} ms per request "
            f"(min {min(walls):.1f}, max {max(walls):.1f}); {statistics.median(counts):.0f} queries "
            f"taking {sql:.1f} ms ({sql / wall:.0%}); the rest, {wall - sql:.1f} ms, is Python "
            "(ORM, templates, middleware)"
        )
        print(f"  CPU of this process: median {statistics.median(cpus):.1f} ms per request (min {min(cpus):.1f})")
        print("  slowest queries:")
        for t, path, text in sorted(slow, key=lambda s: -s[0])[: args.queries]:
            print(f"    {t:7.1f} ms  {path}\n               {shorten(text)}")
        ours, internals = profile_functions(client, paths[0], args.functions)
        print(f"  cumulative time under cProfile ({paths[0]}), Django internals:")
        for label, ms, share in internals:
            print(f"    {ms:7.1f} ms {share:4.0%}  {label}")
        print("  our functions:")
        for label, ms, share in ours:
            print(f"    {ms:7.1f} ms {share:4.0%}  {label}")


if __name__ == "__main__":
    main()
