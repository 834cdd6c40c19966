"""CPU per request of pages served from the caches, through Django's WSGI handler in this
process (no server, no client, no test-client instrumentation): what a gunicorn worker spends on
a request once its caches are warm, for an anonymous reader or a signed-in member, optionally
with a membership write (bench/table.py's writer: a join or a leave through places.services)
before every N-th request.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/wsgi_cpu.py --reader member --pages home,hub
    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/wsgi_cpu.py --reader anonymous --write-every 3

Per page it prints the median and mean CPU time (``time.process_time``: on SQLite the database's
work is in this process and counted; on PostgreSQL it is not, so the wall time is printed too:
one request at a time, it is CPU plus the round trips) and the queries a request. Requests go
URL after URL for ``--rounds`` rounds after two priming rounds. ``BENCH_SRC=/path/to/src`` runs
another checkout's code with the same script (alternate it with this one on a shared machine:
compare only runs made one after the other). Memberships written are undone at the end.
On PostgreSQL running on this machine it also prints the database server's CPU a request: the
CPU time its backend process for this connection spent over the measured requests (from
``/proc/<pid>/stat``, in clock ticks), which a loaded machine does not inflate as it does the
wall time.

``--cold`` serves every request with FRAGMENT_CACHE=false, as table.py's uncached server: no
page or fragment cache, the cold path of every request, for an anonymous reader or a member.
Its reference is the plain list measured the same way, ``bench/list_cpu.py --reference``, run
just before or after on the same machine.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("BENCH_SRC") or str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
COLD = "--cold" in sys.argv
os.environ["FRAGMENT_CACHE"] = "false" if COLD else "true"
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from profile_pages import PAGES, member_with_drafts, pages  # noqa: E402
from server_cpu import backend_cpu_ms  # noqa: E402


def environ(path: str, cookie: str, language: str) -> dict[str, object]:
    """A GET of ``path`` as gunicorn hands it to the application."""
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": urllib.parse.unquote_to_bytes(path_info).decode("latin-1"),  # as WSGI servers pass it
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": language,
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def member_cookie(username: str) -> str:
    """The member's session and CSRF cookies, as bench/table.py's signed-in client sends them."""
    from translocal.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    client.get("/")
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items() if morsel.value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="home,case list,case detail,search,place,hub", help=f"of {PAGES}")
    parser.add_argument("--reader", choices=("anonymous", "member"), default="member")
    parser.add_argument("--rounds", type=int, default=40, help="measured requests per URL")
    parser.add_argument("--urls", type=int, default=5, help="URLs per page (case detail, hub, ...)")
    parser.add_argument("--language", default="en", help="Accept-Language of every request")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile 20 rounds of each page (BENCH_SORT: pstats order, BENCH_TOP: rows)",
    )
    parser.add_argument("--cold", action="store_true", help="FRAGMENT_CACHE=false: no page or fragment cache")
    parser.add_argument("--write-every", type=int, default=0, help="a join or a leave before every N-th request")
    args = parser.parse_args()

    names = [name.strip() for name in args.pages.split(",") if name.strip()]
    paths_by_page = pages(Client(HTTP_HOST="127.0.0.1"), args.urls, names)
    cookie = member_cookie(member_with_drafts()) if args.reader == "member" else ""
    handler = WSGIHandler()
    write = undo = None
    if args.write_every:
        from table import _membership_writes

        write, undo = _membership_writes()
    gc.collect()
    gc.freeze()  # as translocal.wsgi does in a worker
    queries = {"n": 0}

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries["n"] += 1
        return execute(sql, params, many, context)

    def get(path: str) -> None:
        chunks = handler(environ(path, cookie, args.language), lambda status, headers, exc_info=None: None)
        try:
            for _chunk in chunks:
                pass
        finally:
            chunks.close()

    print(
        f"database: {connection.vendor}  reader: {args.reader}  code: {sys.path[0]}  {'cold  ' if COLD else ''}"
        f"{f'a write before every {args.write_every}th request' if write else 'no writes'}"
    )
    requests = writes = 0
    try:
        for name, paths in paths_by_page.items():
            for _ in range(2):
                for path in paths:
                    get(path)
            cpus: list[float] = []
            walls: list[float] = []
            counted: list[int] = []
            server_before = backend_cpu_ms(connection)
            with connection.execute_wrapper(count):
                for _round in range(args.rounds):
                    for path in paths:
                        requests += 1
                        if write is not None and requests % args.write_every == 0:
                            write(writes)
                            writes += 1
                        queries["n"] = 0
                        c0, t0 = time.process_time(), time.perf_counter()
                        get(path)
                        cpus.append((time.process_time() - c0) * 1000)
                        walls.append((time.perf_counter() - t0) * 1000)
                        counted.append(queries["n"])
            server_after = backend_cpu_ms(connection)
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(20):
                    for path in paths:
                        get(path)
                profiler.disable()
                stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
                stats.print_stats(int(os.environ.get("BENCH_TOP", "45")))
            print(
                f"{name:12} {len(paths):2} URL(s) x {args.rounds}: CPU median {statistics.median(cpus):.3f} ms, "
                f"mean {statistics.mean(cpus):.3f}; wall median {statistics.median(walls):.3f} ms, "
                f"mean {statistics.mean(walls):.3f}; {statistics.mean(counted):.2f} queries a request"
                + (
                    f"; database server CPU {(server_after - server_before) / len(cpus):.3f} ms a request"
                    if server_before is not None and server_after is not None
                    else ""
                )
            )
    finally:
        if undo is not None:
            undo()


if __name__ == "__main__":
    main()
