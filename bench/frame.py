"""The CPU every request pays for the page frame (middleware, URL resolving, context processors,
base template), measured in-process through Django's WSGI handler, one request at a time.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/frame.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/translocal_bench TRANSLOCAL_VAR_DIR=/tmp/bench-var-pg \\
        .venv/bin/python bench/frame.py --repeat 300
    .venv/bin/python bench/frame.py --reference          # the plain-Django list (bench/reference)
    .venv/bin/python bench/frame.py --src /other/worktree/src   # another tree's code, same data

Cases (``--cases``, comma-separated):

- ``home anonymous cached``: ``/`` without cookies, served from the anonymous page cache;
- ``home member cached``: ``/`` for a signed-in member of a hub with a draft case (the reader of
  bench/table.py's signed-in column), with their session and CSRF cookies, served from their
  own page-cache entry;
- ``about cold``: ``/about/`` anonymous with ``FRAGMENT_CACHE`` off (a page whose view does
  almost nothing: the frame is nearly all of it);
- ``case list member cached``: ``/cases/`` for the same member, from their page-cache entry;
- ``404``: an address no pattern matches, anonymous.

Each request is a WSGI environ as a server passes one (``Host: 127.0.0.1``, the cookies of
the case), handed to the handler ``translocal.wsgi`` serves with (Django's ``WSGIHandler`` in a
tree without ``translocal.core.handlers``) with the response iterated and closed, so the request
signals (connection checks) run as in a worker. The cases are interleaved request by request
(so a change of load on a shared machine touches them all alike) after ``--warmup`` rounds,
with the start-up objects frozen out of the garbage collector as a worker does (``gc.freeze``).
It prints the median and the quartiles of the CPU milliseconds (``time.process_time``, which
holds SQLite's work, in-process) of each case. ``--profile CASE`` then runs that case under
cProfile and prints the functions with the most internal and cumulative time.

``--reference`` measures the reference list instead (``/``, 50 rows of bench/reference, its own
settings and four middleware), the page every ratio of bench/table.py is taken against.
Reads only, except the member's session row, which signing them in writes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import logging
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "home anonymous cached": ("/", False, True),
    "home member cached": ("/", True, True),
    "about cold": ("/about/", False, False),
    "case list member cached": ("/cases/", True, True),
    "404": ("/no-such-page/", False, True),
}
DEFAULT_CASES = "home anonymous cached,home member cached,about cold,case list member cached"


def _setup(src: Path | None, reference: bool) -> None:
    os.environ["DEBUG"] = "0"
    os.environ.pop("TESTING", None)
    if reference:
        sys.path.insert(0, str(ROOT / "bench" / "reference"))
        os.environ["DJANGO_SETTINGS_MODULE"] = "benchref.settings"
    else:
        sys.path.insert(0, str(src or ROOT / "src"))
        os.environ["DJANGO_SETTINGS_MODULE"] = "translocal.settings"
    import django

    django.setup()


def _environ_factory() -> Callable[..., dict[str, Any]]:
    """``get(path, cookie)`` -> a fresh WSGI environ for a GET of ``path``."""
    from django.test.client import RequestFactory

    class Environs(RequestFactory):
        def request(self, **request: Any) -> Any:
            return self._base_environ(**request)

    factory = Environs(HTTP_HOST="127.0.0.1")

    def get(path: str, cookie: str = "") -> dict[str, Any]:
        return factory.get(path, **({"HTTP_COOKIE": cookie} if cookie else {}))

    return get


def member_cookie() -> str:
    """The Cookie header of a signed-in member of a hub with a draft case (bench/table.py's)."""
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
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items() if morsel.value)


def serve(handler: Any, environ: dict[str, Any]) -> tuple[str, bytes]:
    """One request through ``handler``: (status line, body)."""
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(line)

    response = handler(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        close = getattr(response, "close", None)
        if close is not None:
            close()
    return status[0], body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=300, help="measured requests per case")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured rounds first")
    parser.add_argument("--cases", default=DEFAULT_CASES, help=f"comma-separated, of: {', '.join(CASES)}")
    parser.add_argument("--src", type=Path, help="the src directory of the code to measure (default: this tree's)")
    parser.add_argument("--reference", action="store_true", help="measure bench/reference's list page instead")
    parser.add_argument("--profile", metavar="CASE", help="then profile this case")
    parser.add_argument("--functions", type=int, default=30, help="functions shown by --profile")
    args = parser.parse_args()

    _setup(args.src, args.reference)
    from django.conf import settings
    try:  # the handler translocal.wsgi serves with, in a tree that has one
        from translocal.core.handlers import WSGIHandler
    except ImportError:
        from django.core.handlers.wsgi import WSGIHandler

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404 case's warnings
    handler = WSGIHandler()
    environ = _environ_factory()
    if args.reference:
        runs: dict[str, tuple[Callable[[], dict[str, Any]], bool]] = {"reference list": (lambda: environ("/"), True)}
    else:
        cookie = member_cookie() if any("member" in name for name in args.cases.split(",")) else ""
        runs = {}
        for name in args.cases.split(","):
            path, signed_in, cached = CASES[name]
            runs[name] = ((lambda p=path, c=cookie if signed_in else "": environ(p, c)), cached)

    def one(name: str) -> tuple[float, str]:
        make, cached = runs[name]
        if not args.reference:
            settings.FRAGMENT_CACHE = cached
        env = make()
        start = time.process_time()
        status, _body = serve(handler, env)
        return (time.process_time() - start) * 1000, status

    for _ in range(args.warmup):
        for name in runs:
            one(name)
    for name in runs:
        print(f"{name}: {one(name)[1]}")
    gc.collect()
    gc.freeze()
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name in runs:
            cpu[name].append(one(name)[0])
    print(f"{'case':<28} {'median ms':>10} {'q1':>7} {'q3':>7}  (CPU per request, {args.repeat} each)")
    for name, values in cpu.items():
        q1, _q2, q3 = statistics.quantiles(values, n=4)
        print(f"{name:<28} {statistics.median(values):>10.3f} {q1:>7.3f} {q3:>7.3f}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            one(args.profile)
        profiler.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.functions)
            print(out.getvalue())


if __name__ == "__main__":
    main()
