"""What a set of searches returns on the bench data, written to a JSON file, so a change to the
search statements can be checked to return the same results: totals, mode, page, every hit of
the page (its fields, in order) and every facet option with its count, plus a digest of the
search body's HTML as the page renders it (FRAGMENT_CACHE=false, test client).

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/search_results.py --out before.json
    ... change the code ...
    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/search_results.py --compare before.json

The searches: bench/load.py's ten queries plus an any-word fallback, a stop-word query, a
hyphenated word, a word in Spanish and a query that matches nothing; each without filters, with
one facet, with two facets (page 2 too without filters), for an anonymous reader and for the
person who owns the most private entries (if the data has any); in Spanish, each query without
filters for an anonymous reader. It reads only (run ``translocal collectstatic`` once first).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
os.environ["FRAGMENT_CACHE"] = "false"
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import SEARCH_QUERIES  # noqa: E402

from translocal.search import selectors  # noqa: E402
from translocal.search.models import SearchEntry  # noqa: E402

EXTRA_QUERIES = [
    "budgeting zzqxv",  # no entry has both words: the any-word fallback
    "the of",  # stop words only
    "e-mail petition",
    "presupuestos participativos",
    "zzqxv",  # nothing
]
FILTER_SETS: list[dict[str, list[str]]] = [{}, {"type": ["case"]}, {"type": ["case", "reflection"], "language": ["en"]}]


def owner_of_most_private() -> object | None:
    row = (
        SearchEntry.objects.filter(is_public=False, owner__isnull=False)
        .values("owner_id")
        .annotate(n=Count("id"))
        .order_by("-n", "owner_id")
        .first()
    )
    if row is None:
        return None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=row["owner_id"])


def plain(results: selectors.SearchResults) -> dict:
    return {
        "total": results.total,
        "mode": results.mode,
        "page": results.page,
        "by_meaning": results.by_meaning,
        "hits": [
            [
                h.kind, h.kind_label, str(h.title_html), str(h.snippet_html), h.url, h.summary, h.place_name,
                h.country, h.country_name, h.language, str(h.published_at), round(h.score, 9),
                str(h.date.date) if h.date else None, h.date.meaning if h.date else None, h.by_meaning,
            ]
            for h in results.hits
        ],
        "facets": [
            [f.name, f.label, [[o.value, o.label, o.count, o.selected] for o in f.options]] for f in results.facets
        ],
    }


def collect() -> tuple[dict, float]:
    readers: list[tuple[str, object]] = [("anonymous", AnonymousUser())]
    owner = owner_of_most_private()
    if owner is not None:
        readers.append((f"owner {owner.pk}", owner))
    found: dict[str, dict] = {}
    searches = [
        (language, query, filters, page, reader)
        for language in ("en", "es")
        for query in [*SEARCH_QUERIES, *EXTRA_QUERIES]
        for filters in (FILTER_SETS if language == "en" else FILTER_SETS[:1])
        for page in ((1, 2) if not filters else (1,))
        for reader in (readers if language == "en" else readers[:1])
    ]
    started = time.perf_counter()
    slowest: list[tuple[float, str]] = []
    for language, query, filters, page, (name, user) in searches:
        key = json.dumps([language, query, filters, page, name])
        t0 = time.perf_counter()
        with translation.override(language):
            found[key] = plain(selectors.search(query=query, user=user, filters=filters, page=page))
        slowest.append((time.perf_counter() - t0, key))
    for seconds, key in sorted(slowest, reverse=True)[:3]:
        print(f"  slowest: {seconds * 1000:.0f} ms {key}")
    selector_seconds = time.perf_counter() - started
    client = Client(HTTP_HOST="127.0.0.1")
    for language in ("en", "es"):
        for query in SEARCH_QUERIES[:5]:
            for filters in FILTER_SETS[:2]:
                params = [("q", query), *((k, v) for k, vs in filters.items() for v in vs)]
                response = client.get("/search/?" + urllib.parse.urlencode(params), HTTP_ACCEPT_LANGUAGE=language)
                body = response.content.decode()
                start = body.index('<div id="search-body"')
                found[json.dumps(["html", language, query, filters])] = {
                    "status": response.status_code,
                    "sha256": hashlib.sha256(body[start:].encode()).hexdigest(),
                }
    return found, selector_seconds


def same(result: dict | None) -> object:
    """``result`` as compared: the options a filter selects that no result has (count 0) came
    in the order of a set of strings before 2026-12-01 (random from one process to the next)."""
    if not result or "facets" not in result:
        return result
    facets = [
        [name, label, [o for o in options if o[2]] + sorted(o for o in options if not o[2])]
        for name, label, options in result["facets"]
    ]
    return {**result, "facets": facets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the results to this JSON file")
    parser.add_argument("--compare", help="compare with the results in this JSON file")
    args = parser.parse_args()
    found, seconds = collect()
    print(f"{connection.vendor}: {len(found)} searches and pages, selectors took {seconds:.1f} s")
    if args.out:
        Path(args.out).write_text(json.dumps(found, indent=1, sort_keys=True))
    if args.compare:
        expected = json.loads(Path(args.compare).read_text())
        differ = [key for key in expected if same(expected[key]) != same(found.get(key))]
        differ += [key for key in found if key not in expected]
        for key in differ[:10]:
            print(f"DIFFERENT: {key}")
            print(f"  expected {json.dumps(expected.get(key))[:600]}\n  found    {json.dumps(found.get(key))[:600]}")
        matches = len(expected) - len([key for key in differ if key in expected])
        print(f"{matches} of {len(expected)} the same, {len(differ)} different")
        raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
