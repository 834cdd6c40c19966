"""Cold case pages on the bench data: their HTML, kept to check that a change renders the same
bytes, and their CPU per request, beside the plain-Django reference list measured the same way.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/case_pages.py --out before.json
    ... change the code ...
    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/case_pages.py --compare before.json
    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/case_pages.py --cpu --rounds 3

The pages (FRAGMENT_CACHE=false, Django's test client in this process, nothing written): the
case pages bench/load.py rotates through (the first case list page's links), and up to
``--per-kind`` cases of each kind a case page shows differently: with methods, with
organisations, without a place, with goals, with a lead image, with a translation (Spanish,
Swedish), part of a larger case, with components, with reflections, without any general issue or
method (no related cases), a draft and a case taken down (their authors see them). Each in
English, Spanish and Swedish, for an anonymous reader, the case's author, staff, a coordinator
of its hub and another member; and with ``?lang=orig`` where it has a translation.

``--out FILE`` writes {page key: SHA-256 of the HTML} (the CSRF tokens, masked afresh on every
request, taken out), ``--compare FILE`` checks the same pages against it and ``--dump DIR``
writes the pages that differ. ``--cpu`` times anonymous English views of the rotated case pages
(``time.process_time`` around the test client, the median of ``--rounds`` rounds after one
unmeasured view of each) and the reference list's pages 1-20 in a child process with its
own settings (bench/reference: the same ``DATABASE_URL`` / ``TRANSLOCAL_VAR_DIR``).
``--phases`` splits the same requests' CPU between the case view's steps (the case's read, its
relations, the related cases, the facts, the sections, the body (built in Python) and the page
template).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "--reference-child" in sys.argv

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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

LANGUAGES = ("en", "es", "sv")
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def cpu_ms(client: Client, path: str, **headers: str) -> float:
    c0 = time.process_time()
    response = client.get(path, headers=headers)
    spent = (time.process_time() - c0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"GET {path} answered {response.status_code}")
    return spent


def reference_child(rounds: int) -> None:
    """In the child: the reference list's pages 1-20, ``rounds`` times; prints the median."""
    client = Client(HTTP_HOST="127.0.0.1")  # the reference allows loopback names only
    paths = [f"/?page={n}" for n in range(1, 21)]
    for path in paths:
        client.get(path)
    samples = [cpu_ms(client, path) for _round in range(rounds) for path in paths]
    print(json.dumps({"median": statistics.median(samples), "n": len(samples)}))


def rotated_case_paths(client: Client) -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    from load import CASE_LINK  # noqa: PLC0415

    return list(dict.fromkeys(CASE_LINK.findall(client.get("/cases/").content.decode())))


def sample_cases(per_kind: int) -> dict[str, list[object]]:
    """{kind: cases}, the first ``per_kind`` of each by id."""
    from django.db.models import Exists, OuterRef  # noqa: PLC0415

    from translocal.knowledge.models import Case, Status  # noqa: PLC0415

    published = Case.objects.filter(status=Status.PUBLISHED).order_by("pk")
    translations = Case.translations.rel.related_model.objects  # type: ignore[attr-defined]
    through_sdg = Case.sdgs.through.objects
    kinds = {
        "methods": published.filter(methods__isnull=False),
        "organisations": published.filter(organisations__isnull=False),
        "no place": published.filter(place__isnull=True),
        "sdgs": published.filter(Exists(through_sdg.filter(case_id=OuterRef("pk")))),
        "lead image": published.filter(lead_image__isnull=False),
        "translated es": published.filter(Exists(translations.filter(entry_id=OuterRef("pk"), language="es"))),
        "translated sv": published.filter(Exists(translations.filter(entry_id=OuterRef("pk"), language="sv"))),
        "component": published.filter(is_component_of__isnull=False),
        "components": published.filter(components__isnull=False),
        "reflections": published.filter(reflections__isnull=False),
        "no related": published.filter(general_issues__isnull=True, methods__isnull=True),
        "draft": Case.objects.filter(status=Status.DRAFT, created_by__isnull=False).order_by("pk"),
        "taken down": Case.objects.filter(status=Status.UNPUBLISHED).order_by("pk"),
    }
    found: dict[str, list[object]] = {}
    for kind, queryset in kinds.items():
        found[kind] = list(queryset.distinct()[:per_kind])
    return found


def viewers_of(case: object) -> dict[str, object | None]:
    """{label: user or None (anonymous)}: the author, staff, a coordinator of its hub, another member."""
    from translocal.accounts.models import User  # noqa: PLC0415
    from translocal.places.models import HubMembership  # noqa: PLC0415

    viewers: dict[str, object | None] = {"anonymous": None}
    if case.created_by_id:  # type: ignore[attr-defined]
        viewers["author"] = case.created_by  # type: ignore[attr-defined]
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    if staff is not None:
        viewers["staff"] = staff
    if case.hub_id:  # type: ignore[attr-defined]
        coordinator = (
            HubMembership.objects.filter(hub_id=case.hub_id, role="coordinator")  # type: ignore[attr-defined]
            .select_related("user").order_by("pk").first()
        )
        if coordinator is not None:
            viewers["coordinator"] = coordinator.user
    other = User.objects.filter(is_active=True, is_staff=False).exclude(pk=case.created_by_id).order_by("pk").first()  # type: ignore[attr-defined]
    viewers["member"] = other
    return viewers


def collect(per_kind: int) -> dict[str, str]:
    client = Client(HTTP_HOST="127.0.0.1")
    pages: dict[str, str] = {}
    cases = sample_cases(per_kind)
    from translocal.knowledge.models import Case  # noqa: PLC0415

    rotated = [p.rstrip("/").rsplit("/", 1)[-1] for p in rotated_case_paths(client)]
    cases["rotated"] = list(Case.objects.filter(slug__in=rotated).order_by("pk"))
    seen: set[int] = set()
    for kind, group in cases.items():
        for case in group:
            if case.pk in seen:  # type: ignore[attr-defined]
                continue
            seen.add(case.pk)  # type: ignore[attr-defined]
            url = case.get_absolute_url()  # type: ignore[attr-defined]
            queries = ["", "?lang=orig"] if kind.startswith("translated") else [""]
            for label, user in viewers_of(case).items():
                client = Client(HTTP_HOST="127.0.0.1")
                if user is not None:
                    client.force_login(user)
                for language in LANGUAGES:
                    for query in queries:
                        response = client.get(url + query, headers={"accept-language": language})
                        html = CSRF.sub(r"\1", response.content.decode())
                        key = f"{url}{query} {language} {label} [{kind}]"
                        pages[key] = f"{response.status_code} {hashlib.sha256(html.encode()).hexdigest()}"
                        pages[key + " html"] = html
    return pages


def measure_cpu(rounds: int) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    paths = rotated_case_paths(client)
    for path in paths:
        client.get(path)
    samples = [cpu_ms(client, path) for _round in range(rounds) for path in paths]
    child = subprocess.run(  # noqa: S603 - this script, with its own arguments
        [sys.executable, __file__, "--reference-child", "--rounds", str(rounds)],
        capture_output=True, text=True, check=True,
    )
    reference = json.loads(child.stdout.strip().splitlines()[-1])
    median = statistics.median(samples)
    print(
        f"{connection.vendor}: cold case page {median:.2f} ms CPU (median of {len(samples)}, {len(paths)} pages), "
        f"reference list {reference['median']:.2f} ms (median of {reference['n']}): "
        f"{reference['median'] / median:.2f}x"
    )


def measure_phases(rounds: int) -> None:
    """Median CPU per request of each step of the case view (timers around its calls)."""
    import collections  # noqa: PLC0415
    import functools  # noqa: PLC0415

    from translocal.knowledge import selectors  # noqa: PLC0415
    from translocal.knowledge.views import cases  # noqa: PLC0415

    spent: dict[str, float] = collections.defaultdict(float)

    def timer(module: object, name: str, label: str) -> None:
        function = getattr(module, name)

        @functools.wraps(function)
        def timed(*args: object, **kwargs: object) -> object:
            c0 = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += (time.process_time() - c0) * 1000

        setattr(module, name, timed)

    for module, name, label in (
        (selectors, "case_for_page", "the case (case_for_page)"),
        (selectors, "fill_case_page", "its relations (fill_case_page)"),
        (selectors, "related_cases", "related cases"),
        (cases, "case_fact_groups", "facts"),
        (cases, "case_key_facts", "key facts"),
        (cases, "render_sections", "sections"),
        (cases, "case_body_html", "body (case_body_html)"),
        (cases, "render", "page template (the frame included)"),
    ):
        timer(module, name, label)
    client = Client(HTTP_HOST="127.0.0.1")
    paths = rotated_case_paths(client)
    for path in paths:
        client.get(path)
    totals: list[float] = []
    steps: dict[str, list[float]] = collections.defaultdict(list)
    for _round in range(rounds):
        for path in paths:
            spent.clear()
            totals.append(cpu_ms(client, path))
            for label, ms in spent.items():
                steps[label].append(ms)
    print(f"{connection.vendor}: cold case page {statistics.median(totals):.2f} ms CPU (median of {len(totals)})")
    for label, values in sorted(steps.items(), key=lambda item: -statistics.median(item[1])):
        print(f"  {statistics.median(values):6.2f} ms  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the pages' digests to this JSON file")
    parser.add_argument("--compare", help="compare with the digests in this JSON file")
    parser.add_argument("--dump", help="write the pages that differ (and the expected digest) here")
    parser.add_argument("--per-kind", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time the cold case pages and the reference list")
    parser.add_argument("--phases", action="store_true", help="split the cold case page's CPU by step")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reference-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_child:
        reference_child(args.rounds)
        return
    if args.cpu:
        measure_cpu(args.rounds)
        return
    if args.phases:
        measure_phases(args.rounds)
        return
    found = collect(args.per_kind)
    digests = {key: value for key, value in found.items() if not key.endswith(" html")}
    print(f"{connection.vendor}: {len(digests)} pages")
    if args.out:
        Path(args.out).write_text(json.dumps(digests, indent=1, sort_keys=True))
        Path(args.out + ".html").write_text(json.dumps({k: v for k, v in found.items() if k.endswith(" html")}))
    if args.compare:
        expected = json.loads(Path(args.compare).read_text())
        differ = [key for key in expected if expected[key] != digests.get(key)]
        differ += [key for key in digests if key not in expected]
        for key in differ[:10]:
            print(f"DIFFERENT: {key}")
        if args.dump and differ:
            folder = Path(args.dump)
            folder.mkdir(parents=True, exist_ok=True)
            kept = Path(args.compare + ".html")
            before = json.loads(kept.read_text()) if kept.exists() else {}
            for n, key in enumerate(differ[:20]):
                (folder / f"{n}.after.html").write_text(f"<!-- {key} -->\n{found.get(key + ' html', '')}")
                (folder / f"{n}.before.html").write_text(f"<!-- {key} -->\n{before.get(key + ' html', '')}")
        print(f"{len(expected) - len([k for k in differ if k in expected])} of {len(expected)} the same, "
              f"{len(differ)} different")
        raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
