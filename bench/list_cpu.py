"""CPU time per request of cold case list pages, and of the plain-Django reference list measured
the same way, in this process (no server, no load client): what a gunicorn worker spends on
one request, without the wait for a core that a loaded shared machine adds to wall time.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/list_cpu.py
    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/list_cpu.py --reference
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/translocal_bench TRANSLOCAL_VAR_DIR=/tmp/bench-var-pg \\
        .venv/bin/python bench/list_cpu.py [--reference]

Each request goes through the project's WSGI application (``translocal.wsgi``, or the reference
project's handler with ``--reference``) with FRAGMENT_CACHE=false, as a server worker would run
it: the request is built as gunicorn builds it, the whole body is read. Per URL: one unmeasured
request (templates, URLconf and per-process memos warm), then ``--repeat`` measured ones; the
process's CPU time (``time.process_time``) of each, and the median. The URLs of the case list
are the unfiltered list, one general issue, one country, a search (``?q=``), a sort by title and
the second page; the reference list's are its first ``--reference-pages`` pages. On PostgreSQL
on this machine the database server's CPU a request is printed too (bench/server_cpu.py).

``--save FILE`` writes every URL's status, number of queries and HTML (JSON);
``--compare FILE`` checks that this tree serves the same (status, queries and bytes), so a
change to the list's rendering can be checked on the bench data, in en, es and sv
(``--languages``). ``--user NAME`` (``auto``: a member of a hub with a draft case) signs
that person in (the signed-in header, the drafts panel; the CSRF tokens are masked out for the
comparison). It writes nothing but that session.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "--reference" in sys.argv
if REFERENCE:
    sys.path.insert(0, str(ROOT / "bench" / "reference"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchref.settings"
else:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
    os.environ["FRAGMENT_CACHE"] = "false"
    os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_cpu import backend_cpu_ms  # noqa: E402

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"|("csrfToken": ")[^"]+"')


def environ(path: str, cookies: str = "", language: str = "") -> dict[str, Any]:
    """A GET request as gunicorn gives it to the WSGI application."""
    path_info, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "list_cpu",
        "HTTP_ACCEPT": "text/html",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookies:
        env["HTTP_COOKIE"] = cookies
    if language:
        env["HTTP_ACCEPT_LANGUAGE"] = language
    return env


def fetch(app: WSGIHandler, path: str, cookies: str = "", language: str = "") -> tuple[str, bytes]:
    status: list[str] = []

    def start_response(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(code)

    body = app(environ(path, cookies, language), start_response)
    try:
        content = b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close:
            close()
    return status[0], content


def case_list_paths() -> list[str]:
    """The case list URLs measured: unfiltered, the commonest general issue, the commonest
    country, a search, a sort, the second page (the first page's "Next" link)."""
    from translocal.knowledge.selectors.cases import stored_case_facet_counts

    counts = stored_case_facet_counts()
    issue = counts["issue"][0][0]
    country = counts["country"][0][0]
    app = WSGIHandler()
    _, body = fetch(app, "/cases/")
    cursor = re.search(rb'rel="next" href="\?([^"]+)"', body)
    second = "/cases/?" + cursor.group(1).decode().replace("&amp;", "&") if cursor else "/cases/"
    return [
        "/cases/",
        f"/cases/?issue={issue}",
        f"/cases/?country={country}",
        "/cases/?q=participatory",
        "/cases/?sort=title",
        second,
    ]


def session_cookie(username: str) -> str:
    """A session for ``username`` made as a sign-in stores one (bench/table.py's way)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    if username == "auto":  # a member of a hub with a draft case, as bench/profile_pages.py signs in
        from translocal.knowledge.models import Case, Status

        drafts = Case.objects.filter(status=Status.DRAFT).values("created_by")
        members = get_user_model().objects.filter(is_active=True, hub_memberships__isnull=False, pk__in=drafts)
        username = members.order_by("pk").values_list("username", flat=True).first() or ""
    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(  # the first that loads users (not the lockout check)
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=25, help="measured requests per URL")
    parser.add_argument(
        "--paths", default="", help="comma-separated URLs instead of the default set, or @FILE: one a line"
    )
    parser.add_argument("--reference", action="store_true", help="measure the plain-Django reference list")
    parser.add_argument("--reference-pages", type=int, default=20, help="--reference: pages of the list measured")
    parser.add_argument("--languages", default="en", help="comma-separated Accept-Language values, e.g. en,es,sv")
    parser.add_argument("--user", default="", help="sign this username in ('auto': a hub member with drafts)")
    parser.add_argument("--save", default="", help="write each URL's status, queries and HTML to this JSON file")
    parser.add_argument("--compare", default="", help="check each URL against a file --save wrote")
    args = parser.parse_args()

    app = WSGIHandler()
    if REFERENCE:
        paths = ["/"] + [f"/items/?page={n}" for n in range(2, args.reference_pages + 1)]
    elif args.paths.startswith("@"):
        paths = [line.strip() for line in Path(args.paths[1:]).read_text().splitlines() if line.strip()]
    elif args.paths:
        paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    else:
        paths = case_list_paths()
    cookies = session_cookie(args.user) if args.user else ""
    languages = [lang.strip() for lang in args.languages.split(",")]
    seen: dict[str, Any] = {}
    for language in languages:
        for path in paths:
            status, body = fetch(app, path, cookies, language)  # warm
            with CaptureQueriesContext(connection) as queries:
                fetch(app, path, cookies, language)
            seen[f"{language} {path}"] = {
                "status": status, "queries": len(queries), "html": CSRF.sub(r"\1\2", body.decode()),
            }
    gc.collect()
    gc.freeze()  # as translocal.wsgi does in a worker
    print(f"database: {connection.vendor}  {'reference' if REFERENCE else 'translocal'}  user: {args.user or '-'}")
    all_cpu: list[float] = []
    server_before = backend_cpu_ms(connection)
    for language in languages:
        for path in paths:
            cpu = []
            for _ in range(args.repeat):
                start = time.process_time()
                fetch(app, path, cookies, language)
                cpu.append((time.process_time() - start) * 1000)
            all_cpu += cpu
            entry = seen[f"{language} {path}"]
            if not REFERENCE or path == "/":
                print(
                    f"  {language} {path[:70]:70} {statistics.median(cpu):6.2f} ms CPU (min {min(cpu):5.2f})  "
                    f"{entry['queries']} queries  {entry['status']}"
                )
    server_after = backend_cpu_ms(connection)
    print(f"median of all: {statistics.median(all_cpu):.2f} ms CPU per request")
    if server_before is not None and server_after is not None:
        print(f"database server CPU: {(server_after - server_before) / len(all_cpu):.3f} ms per request")
    if args.save:
        Path(args.save).write_text(json.dumps(seen, indent=0))
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        differ = [key for key in seen if key in before and before[key] != seen[key]]
        for key in differ:
            fields = [name for name in ("status", "queries", "html") if before[key][name] != seen[key][name]]
            print(f"  DIFFERS: {key}: {', '.join(fields)} (queries {before[key]['queries']} -> {seen[key]['queries']})")
        print(f"compared {len([k for k in seen if k in before])} pages: {len(differ)} differ")


if __name__ == "__main__":
    main()
