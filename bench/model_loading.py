"""What making instances without ``Model.__init__`` saves a cold page, measured in one process.

``core.prepared`` makes its instances, and their ``select_related`` ones, with
``core.raw_rows.load_instance`` (the values straight into ``__dict__`` where nothing could tell
the difference). This script serves each page cold (FRAGMENT_CACHE=false) through Django's WSGI
handler, request by request alternating that loader with Django's own ``Model.from_db``, so both
see the same machine at the same moment (on a shared machine, runs a minute apart differ by
more than the change). Per page it prints the CPU per request (``time.process_time``; on SQLite
the database's work is in it) of each: minimum, first quartile and median.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/model_loading.py --pages home,place,hub
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
os.environ["FRAGMENT_CACHE"] = "false"
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test import Client  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from profile_pages import PAGES, pages  # noqa: E402
from wsgi_cpu import environ  # noqa: E402

from translocal.core import prepared, raw_rows  # noqa: E402


def _from_db(model, alias, names, values):  # noqa: ANN001, ANN202
    return model.from_db(alias, names, values)


LOADERS = {"load_instance": raw_rows.load_instance, "Model.from_db": _from_db}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="home,place,hub,case detail,profile", help=f"of {PAGES}")
    parser.add_argument("--rounds", type=int, default=60, help="measured requests per URL and loader")
    parser.add_argument("--urls", type=int, default=3, help="URLs per page (case detail, hub, ...)")
    args = parser.parse_args()
    names = [name.strip() for name in args.pages.split(",") if name.strip()]
    paths_by_page = pages(Client(HTTP_HOST="127.0.0.1"), args.urls, names)
    handler = WSGIHandler()

    def get(path: str) -> None:
        chunks = handler(environ(path, "", "en"), lambda status, headers, exc_info=None: None)
        try:
            for _chunk in chunks:
                pass
        finally:
            chunks.close()

    gc.collect()
    gc.freeze()
    print("cold, one process, loaders alternating request by request; CPU ms a request: min / p25 / median")
    try:
        for name, paths in paths_by_page.items():
            for path in paths * 2:
                get(path)
            cpu: dict[str, list[float]] = {loader: [] for loader in LOADERS}
            for round_ in range(args.rounds):
                order = list(LOADERS) if round_ % 2 else list(reversed(LOADERS))
                for path in paths:
                    for loader in order:
                        prepared.load_instance = LOADERS[loader]  # type: ignore[assignment]
                        start = time.process_time()
                        get(path)
                        cpu[loader].append((time.process_time() - start) * 1000)
            figures = "; ".join(
                f"{loader} {min(v):.2f} / {statistics.quantiles(v, n=4)[0]:.2f} / {statistics.median(v):.2f}"
                for loader, v in cpu.items()
            )
            print(f"{name:12} {len(paths)} URL(s) x {args.rounds}: {figures}")
    finally:
        prepared.load_instance = raw_rows.load_instance


if __name__ == "__main__":
    main()
