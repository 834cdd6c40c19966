"""Generate a large, realistic Translocal data set for benchmarks.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/generate.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/translocal_bench \\
        .venv/bin/python bench/generate.py                                           # PostgreSQL

Defaults: 50,000 users, 10,000 cases, 2,000 reflections (in 120 series and standalone), 80 methods,
~190 places, 60 hubs with members, 600 organisations, classified with the controlled
vocabularies, plus the demo network, and the search index built for all of it.

This is a benchmark fixture generator, not application code: for speed it writes with the bulk
ORM (bulk_create in batches) directly instead of through the apps' services, which handle one
object per transaction. It keeps the invariants the services keep (Hub.member_count, series
positions 1..n, published entries have a published_at, sanitised body_html, search index in
step) and is deterministic for a given --seed. It refuses to run twice on the same database
unless --flush is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from translocal.accounts.models import User  # noqa: E402
from translocal.core.caching import content_changed  # noqa: E402
from translocal.core.markup import render_markdown  # noqa: E402
from translocal.knowledge.models import (  # noqa: E402
    Authorship,
    Case,
    Completeness,
    Method,
    Mode,
    OpenLimited,
    Reflection,
    Series,
    Status,
    YesNo,
)
from translocal.places.models import Hub, HubMembership, Organisation, Place  # noqa: E402
from translocal.search.services import index_instances  # noqa: E402
from translocal.taxonomy.models import Term, Vocabulary  # noqa: E402
from translocal.taxonomy.services import load_vocabularies  # noqa: E402

BENCH_PREFIX = "bench-"
GROUP_PREFIXES = ["Friends of", "Voices of", "Neighbours of"]
OCCUPATIONS = ["Researcher", "Organiser", "Council officer", "Resident", "Student"]
HUB_KINDS = ["Co-production Lab", "Civic Commons", "Urban Learning Platform"]
EPOCH = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
SPAN_DAYS = 365 * 11

# name, ISO country, region, latitude, longitude, population
CITIES: list[tuple[str, str, str, float, float, int]] = [
    ("Leeds", "GB", "West Yorkshire", 53.80, -1.55, 812_000),
    ("Bristol", "GB", "South West", 51.45, -2.59, 472_000),
    ("Glasgow", "GB", "Scotland", 55.86, -4.25, 635_000),
    ("Cardiff", "GB", "Wales", 51.48, -3.18, 362_000),
    ("Newcastle upon Tyne", "GB", "North East", 54.98, -1.61, 300_000),
    ("Liverpool", "GB", "North West", 53.41, -2.98, 486_000),
    ("Malmö", "SE", "Skåne", 55.60, 13.00, 357_000),
    ("Uppsala", "SE", "Uppsala", 59.86, 17.64, 240_000),
    ("Stockholm", "SE", "Stockholm", 59.33, 18.07, 984_000),
    ("Oslo", "NO", "Oslo", 59.91, 10.75, 709_000),
    ("Copenhagen", "DK", "Capital Region", 55.68, 12.57, 660_000),
    ("Helsinki", "FI", "Uusimaa", 60.17, 24.94, 664_000),
    ("Madrid", "ES", "Madrid", 40.42, -3.70, 3_340_000),
    ("Valencia", "ES", "Valencia", 39.47, -0.38, 800_000),
    ("Bilbao", "ES", "Basque Country", 43.26, -2.93, 346_000),
    ("Seville", "ES", "Andalusia", 37.39, -5.98, 681_000),
    ("Lisbon", "PT", "Lisbon", 38.72, -9.14, 545_000),
    ("Porto", "PT", "Norte", 41.15, -8.61, 232_000),
    ("Lyon", "FR", "Auvergne-Rhône-Alpes", 45.76, 4.84, 522_000),
    ("Grenoble", "FR", "Auvergne-Rhône-Alpes", 45.19, 5.72, 158_000),
    ("Nantes", "FR", "Pays de la Loire", 47.22, -1.55, 320_000),
    ("Lille", "FR", "Hauts-de-France", 50.63, 3.06, 236_000),
    ("Berlin", "DE", "Berlin", 52.52, 13.40, 3_850_000),
    ("Leipzig", "DE", "Saxony", 51.34, 12.37, 616_000),
    ("Hamburg", "DE", "Hamburg", 53.55, 9.99, 1_900_000),
    ("Amsterdam", "NL", "North Holland", 52.37, 4.90, 918_000),
    ("Rotterdam", "NL", "South Holland", 51.92, 4.48, 655_000),
    ("Ghent", "BE", "Flanders", 51.05, 3.72, 265_000),
    ("Milan", "IT", "Lombardy", 45.46, 9.19, 1_370_000),
    ("Bologna", "IT", "Emilia-Romagna", 44.49, 11.34, 390_000),
    ("Naples", "IT", "Campania", 40.85, 14.27, 914_000),
    ("Athens", "GR", "Attica", 37.98, 23.73, 643_000),
    ("Warsaw", "PL", "Masovia", 52.23, 21.01, 1_860_000),
    ("Kraków", "PL", "Lesser Poland", 50.06, 19.94, 800_000),
    ("Lublin", "PL", "Lublin", 51.25, 22.57, 334_000),
    ("Prague", "CZ", "Prague", 50.08, 14.44, 1_357_000),
    ("Vienna", "AT", "Vienna", 48.21, 16.37, 1_980_000),
    ("Dublin", "IE", "Leinster", 53.35, -6.26, 592_000),
    ("Cork", "IE", "Munster", 51.90, -8.47, 224_000),
    ("Reykjavík", "IS", "Capital Region", 64.15, -21.94, 139_000),
    ("Nairobi", "KE", "Nairobi", -1.29, 36.82, 4_397_000),
    ("Mombasa", "KE", "Mombasa", -4.04, 39.67, 1_208_000),
    ("Nakuru", "KE", "Nakuru", -0.30, 36.07, 570_000),
    ("Kampala", "UG", "Central", 0.35, 32.58, 1_680_000),
    ("Dar es Salaam", "TZ", "Dar es Salaam", -6.79, 39.21, 5_380_000),
    ("Kigali", "RW", "Kigali", -1.95, 30.06, 1_745_000),
    ("Johannesburg", "ZA", "Gauteng", -26.20, 28.05, 4_800_000),
    ("Durban", "ZA", "KwaZulu-Natal", -29.86, 31.02, 3_900_000),
    ("Accra", "GH", "Greater Accra", 5.60, -0.19, 2_500_000),
    ("Lagos", "NG", "Lagos", 6.52, 3.38, 15_000_000),
    ("Dakar", "SN", "Dakar", 14.72, -17.47, 1_438_000),
    ("Cairo", "EG", "Cairo", 30.04, 31.24, 10_000_000),
    ("São Paulo", "BR", "São Paulo", -23.55, -46.63, 11_450_000),
    ("Belo Horizonte", "BR", "Minas Gerais", -19.92, -43.94, 2_315_000),
    ("Recife", "BR", "Pernambuco", -8.05, -34.88, 1_488_000),
    ("Montevideo", "UY", "Montevideo", -34.90, -56.16, 1_320_000),
    ("Buenos Aires", "AR", "Buenos Aires", -34.60, -58.38, 3_120_000),
    ("Rosario", "AR", "Santa Fe", -32.94, -60.64, 1_276_000),
    ("Bogotá", "CO", "Bogotá", 4.71, -74.07, 7_900_000),
    ("Medellín", "CO", "Antioquia", 6.24, -75.58, 2_600_000),
    ("Lima", "PE", "Lima", -12.05, -77.04, 9_700_000),
    ("Mexico City", "MX", "Mexico City", 19.43, -99.13, 9_200_000),
    ("Chicago", "US", "Illinois", 41.88, -87.63, 2_700_000),
    ("New York", "US", "New York", 40.71, -74.01, 8_300_000),
    ("Oakland", "US", "California", 37.80, -122.27, 440_000),
    ("Toronto", "CA", "Ontario", 43.65, -79.38, 2_800_000),
    ("Vancouver", "CA", "British Columbia", 49.28, -123.12, 662_000),
    ("Montréal", "CA", "Quebec", 45.50, -73.57, 1_760_000),
    ("Sydney", "AU", "New South Wales", -33.87, 151.21, 5_300_000),
    ("Adelaide", "AU", "South Australia", -34.93, 138.60, 1_400_000),
    ("Auckland", "NZ", "Auckland", -36.85, 174.76, 1_700_000),
    ("Seoul", "KR", "Seoul", 37.57, 126.98, 9_400_000),
    ("Taipei", "TW", "Taipei", 25.03, 121.57, 2_500_000),
    ("Bangalore", "IN", "Karnataka", 12.97, 77.59, 8_400_000),
    ("Pune", "IN", "Maharashtra", 18.52, 73.86, 3_100_000),
    ("Kerala", "IN", "Kerala", 10.85, 76.27, 33_400_000),
    ("Dhaka", "BD", "Dhaka", 23.81, 90.41, 10_200_000),
    ("Jakarta", "ID", "Jakarta", -6.21, 106.85, 10_500_000),
    ("Manila", "PH", "Metro Manila", 14.60, 120.98, 1_800_000),
    ("Istanbul", "TR", "Istanbul", 41.01, 28.98, 15_500_000),
]
DISTRICTS = ["North", "South", "East", "West", "Central"]
PLACE_BLURBS = [
    "a city whose council and residents have experimented with participatory decision-making.",
    "known for strong neighbourhood associations and a long-running participatory budget.",
    "a fast-growing city where informal settlements and planning law meet.",
    "a port city rethinking its waterfront with the people who live there.",
]

FIRST_NAMES = (
    "Aisha Ali Amara Ana Anders Andrea Ayesha Beatriz Carlos Chen Chidi Chloe Daniel David Elena Emma "
    "Fatima Femi "
    "Grace Hannah Hassan Ibrahim Ingrid Isabel James Jamal Jin Joao Johan Joseph Julia Kamala Karim Kofi "
    "Lars Laura "
    "Leila Lucas Lucia Mariam Marie Mateo Mei Miguel Mohammed Nadia Nia Noah Olga Omar Oscar Paolo Priya "
    "Rafael "
    "Rania Ravi Rosa Sam Sara Sipho Sofia Tariq Tomas Wanjiru Wei Yara Yusuf Zanele Zeynep"
).split()
LAST_NAMES = (
    "Abebe Adeyemi Ahmed Almeida Andersson Banda Bianchi Chen Costa Da Silva Dubois Eriksson Fernandez "
    "Garcia Gomez "
    "Hansen Hughes Ibrahim Ivanova Jensen Kamau Khan Kim Kowalski Lee Lindberg Martin Mensah Moreau "
    "Mwangi Nakamura "
    "Nguyen Novak Okafor Otieno Patel Pereira Petrov Rahman Rossi Santos Schmidt Silva Singh Smith Tanaka"
    " Taylor "
    "Wallace Wang Williams Yilmaz Zulu"
).split()

METHOD_BASES = [
    "Participatory budgeting",
    "Citizens' assembly",
    "Citizens' jury",
    "Deliberative poll",
    "World café",
    "Open space technology",
    "Planning for real",
    "Photovoice",
    "Community asset mapping",
    "Future search",
    "Youth council",
    "Co-design workshop",
    "Appreciative inquiry",
    "Consensus conference",
    "Town hall meeting",
    "Online deliberation",
    "Participatory mapping",
    "Neighbourhood forum",
    "Living lab",
    "Community land trust",
]
METHOD_VARIANTS = ["", " for young people", " online", " at neighbourhood scale", ": rapid version"]
ISSUES = [
    ("affordable housing", "housing"),
    ("climate adaptation", "environment"),
    ("air quality", "environment"),
    ("public transport", "transportation"),
    ("school meals", "education"),
    ("youth employment", "labor"),
    ("street safety", "law"),
    ("green space", "planning"),
    ("flood risk", "environment"),
    ("energy poverty", "energy"),
    ("waste and recycling", "environment"),
    ("community health", "health"),
    ("digital inclusion", "science"),
    ("local budgets", "economics"),
    ("migrant integration", "immigration"),
    ("care for older people", "social"),
    ("street markets", "business"),
    ("cycling infrastructure", "transportation"),
    ("water and sanitation", "health"),
    ("cultural heritage", "arts"),
    ("land use", "planning"),
    ("policing", "law"),
    ("food security", "agriculture"),
    ("renters' rights", "housing"),
]
VERBS = ["decide", "debate", "redesign", "co-produce", "prioritise", "review", "plan", "rethink"]
ACTORS = [
    "residents",
    "young people",
    "tenants",
    "market traders",
    "parents",
    "older residents",
    "migrants",
    "community groups",
    "local businesses",
    "students",
]
TITLE_PATTERNS = [
    "{method} on {issue} in {place}",
    "{place} {actors} {verb} {issue}",
    "{issue_cap}: a {method_lc} in {place}",
    "How {place} used a {method_lc} to {verb} {issue}",
    "{place} {method_lc} ({year})",
    "{actors_cap} of {place} {verb} {issue}",
]
PARAGRAPHS = {
    "background": [
        "In {year}, {org} faced growing pressure over {issue} in {place}. {Actors} had raised the issue "
        "for years "
        "at ward meetings, but decisions were taken by a small group of officers with little public "
        "scrutiny.",
        "{Place} has a long history of neighbourhood organising, and {issue} had become the most contested "
        "question in local politics by {year}. A change of administration opened a window for a different"
        " approach.",
        "After a critical audit report in {year}, {org} committed to involving {actors} directly in "
        "decisions about "
        "{issue}. The commitment was written into the council's plan, with a budget attached.",
    ],
    "process": [
        "The {method_lc} ran over {weeks} weeks. {n} participants took part, recruited through "
        "{recruitment}. "
        "Sessions alternated between evidence from experts and facilitated small-group discussion.",
        "Organisers combined face-to-face meetings in libraries and community centres with an online "
        "platform. "
        "About {n} people contributed, and {share} per cent of them had never taken part in a "
        "consultation before.",
        "Participants visited sites, heard from {actors} most affected, and drafted proposals in small "
        "groups. "
        "Officers costed each proposal before a final session in which participants voted on priorities.",
    ],
    "outcome": [
        "{org} accepted {accepted} of the {total} recommendations and published a written response to "
        "every one. "
        "A follow-up group of participants meets twice a year to review progress.",
        "The results fed directly into the {year2} budget. Evaluators found that {actors} trusted the "
        "decision more "
        "than previous ones, although turnout fell in the second year.",
        "The process changed how the department works: {issue} is now reviewed with {actors} every year. "
        "Critics "
        "argue that the share of the budget under discussion remains small.",
    ],
    "lesson": [
        "Those involved say the most important lesson was to agree in advance what would happen to the "
        "results.",
        "Paying participants and offering childcare made the group far more diverse than earlier "
        "consultations.",
        "Translation into the main community languages doubled participation in the poorest neighbourhoods.",
        "Short, visible wins in the first months kept participants involved through the slower structural"
        " changes.",
    ],
}
RECRUITMENT = [
    "random selection by post",
    "an open call",
    "community organisations",
    "schools and youth clubs",
]
REFLECTION_TITLES = [
    "What {place} taught us about {issue}",
    "Notes from a visit to {place}",
    "Five lessons on {issue}",
    "Why {method_lc} is not enough",
    "{Actors} and {issue}: a reflection",
    "After the {method_lc} in {place}",
    "Learning from {place} and {place2}",
    "What we got wrong about {issue}",
]


def batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Generator:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.terms: dict[str, list[Term]] = {}
        self.timings: list[tuple[str, float]] = []

    def step(self, label: str, func) -> None:  # noqa: ANN001
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        self.timings.append((label, elapsed))
        print(f"  {label:<28} {elapsed:7.1f} s", flush=True)

    # --- helpers -------------------------------------------------------------------------
    def when(self) -> dt.datetime:
        return EPOCH + dt.timedelta(days=self.rng.randrange(SPAN_DAYS), seconds=self.rng.randrange(86_400))

    def pick_terms(self, vocabulary: str, low: int, high: int) -> list[Term]:
        pool = self.terms.get(vocabulary, [])
        if not pool:
            return []
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    def pick_term(self, vocabulary: str) -> Term | None:
        pool = self.terms.get(vocabulary, [])
        return self.rng.choice(pool) if pool else None

    def fill(self, template: str, **extra: object) -> str:
        place = self.rng.choice(self.places)
        issue = self.rng.choice(ISSUES)[0]
        method = self.rng.choice(self.methods).title if self.methods else self.rng.choice(METHOD_BASES)
        actors = self.rng.choice(ACTORS)
        values = {
            "place": place.name,
            "Place": place.name,
            "place2": self.rng.choice(self.places).name,
            "issue": issue,
            "issue_cap": issue[:1].upper() + issue[1:],
            "method": method,
            "method_lc": method[:1].lower() + method[1:],
            "actors": actors,
            "Actors": actors.capitalize(),
            "actors_cap": actors.capitalize(),
            "verb": self.rng.choice(VERBS),
            "year": self.rng.randint(2008, 2024),
            "year2": self.rng.randint(2010, 2025),
            "org": self.rng.choice(self.organisations).name if self.organisations else "the council",
            "weeks": self.rng.randint(3, 20),
            "n": self.rng.choice([24, 40, 50, 120, 300, 1_200, 8_000]),
            "share": self.rng.randint(20, 70),
            "accepted": self.rng.randint(5, 18),
            "total": self.rng.randint(18, 30),
            "recruitment": self.rng.choice(RECRUITMENT),
        }
        values.update(extra)
        return template.format(**values)

    def body(self, sections: int = 4) -> str:
        parts = []
        for key in ("background", "process", "outcome", "lesson")[:sections]:
            if key != "lesson" and self.rng.random() < 0.6:
                parts.append(f"## {key.capitalize()}")
            parts.append(self.fill(self.rng.choice(PARAGRAPHS[key])))
        return "\n\n".join(parts)

    def unique_slug(self, text: str, taken: set[str]) -> str:
        base = slugify(text, allow_unicode=True)[:300].strip("-") or "item"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug

    # --- steps ---------------------------------------------------------------------------
    def run(self) -> None:
        a = self.args
        print(
            f"Generating into {connection.settings_dict['ENGINE'].rsplit('.', 1)[-1]} "
            f"{connection.settings_dict['NAME']} (seed {a.seed})",
            flush=True,
        )
        self.step("migrate", lambda: call_command("migrate", verbosity=0, interactive=False))
        if a.flush:
            self.step("flush", lambda: call_command("flush", verbosity=0, interactive=False))
            self.step("vocabularies", load_vocabularies)
        if User.objects.filter(username__startswith=BENCH_PREFIX).exists():
            sys.exit("This database already holds bench data; run with --flush to start again.")
        if not a.no_demo:
            self.step("demo network", lambda: call_command("load_demo", verbosity=0))
        self.methods = list(Method.objects.filter(status=Status.PUBLISHED))
        self.hubs = list(Hub.objects.all())
        for term in Term.objects.order_by("vocabulary", "position", "id"):
            self.terms.setdefault(term.vocabulary, []).append(term)
        self.step("places and organisations", self.make_places)
        self.step(f"users ({a.users})", self.make_users)
        self.step("hubs and memberships", self.make_hubs)
        self.step("methods", self.make_methods)
        self.step(f"cases ({a.cases})", self.make_cases)
        self.step(f"reflections ({a.reflections})", self.make_reflections)
        self.step("search index", self.index)
        # VACUUM on PostgreSQL too: a freshly bulk-loaded table has no visibility map, which rules
        # out index-only scans and would make the figures worse than a running site's.
        statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        self.step("vacuum/analyze", lambda: connection.cursor().execute(statement))
        total = sum(t for _, t in self.timings)
        print(
            f"Done in {total:.1f} s: {User.objects.count()} users, {Case.objects.count()} cases, "
            f"{Reflection.objects.count()} reflections, {Method.objects.count()} methods, "
            f"{Place.objects.count()} places, {Hub.objects.count()} hubs."
        )

    @transaction.atomic
    def make_places(self) -> None:
        taken = set(Place.objects.values_list("slug", flat=True))
        existing = set(Place.objects.values_list("name", "region", "country"))
        rows = []
        for name, country, region, lat, lon, pop in CITIES:
            variants = [(name, region, lat, lon, pop)]
            variants += [
                (
                    f"{d} {name}",
                    f"{region}",
                    lat + self.rng.uniform(-0.05, 0.05),
                    lon + self.rng.uniform(-0.05, 0.05),
                    pop // self.rng.randint(5, 12),
                )
                for d in self.rng.sample(DISTRICTS, 1)
            ]
            for vname, vregion, vlat, vlon, vpop in variants:
                if (vname, vregion, country) in existing:
                    continue
                rows.append(
                    Place(
                        name=vname,
                        slug=self.unique_slug(vname, taken),
                        country=country,
                        region=vregion,
                        latitude=round(vlat, 4),
                        longitude=round(vlon, 4),
                        population=vpop,
                        kind=Place.Kind.CITY,
                        description=f"{vname}, {vregion}: {self.rng.choice(PLACE_BLURBS)}",
                    )
                )
        Place.objects.bulk_create(rows, batch_size=self.args.batch)
        self.places = list(Place.objects.all())
        kinds = [k for k, _ in Organisation.Kind.choices]
        KIND_LABELS = dict(Organisation.Kind.choices)  # noqa: N806
        taken_orgs = set(Organisation.objects.values_list("slug", flat=True))
        orgs = []
        for i in range(self.args.organisations):
            place = self.rng.choice(self.places)
            kind = self.rng.choice(kinds)
            label = {
                "public": f"{place.name} City Council" if i % 3 else f"{place.name} Department of Planning",
                "civil_society": f"{self.rng.choice(GROUP_PREFIXES)} {place.name}",
                "academic": f"{place.name} Institute for Urban Research",
                "private": f"{place.name} Civic Tech Cooperative",
                "funder": f"{place.name} Community Foundation",
                "network": f"{place.name} Participation Network",
                "other": f"{place.name} Residents' Association",
            }[kind]
            name = f"{label} {i}" if i >= len(self.places) else label
            orgs.append(
                Organisation(
                    name=name,
                    slug=self.unique_slug(name, taken_orgs),
                    kind=kind,
                    place=place,
                    description=f"A {KIND_LABELS[kind].lower()} working in {place.name}.",
                )
            )
        Organisation.objects.bulk_create(orgs, batch_size=self.args.batch)
        self.organisations = list(Organisation.objects.all())

    @transaction.atomic
    def make_users(self) -> None:
        password = make_password("bench-password")
        roles = self.terms.get(Vocabulary.ROLE, [])
        langs = self.terms.get(Vocabulary.LANGUAGE, [])
        through_roles = User.roles.through
        through_langs = User.languages.through
        for chunk in batched(range(self.args.users), self.args.batch):
            users = []
            for i in chunk:
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                place = self.rng.choice(self.places)
                users.append(
                    User(
                        username=f"{BENCH_PREFIX}{i:06d}",
                        email=f"{BENCH_PREFIX}{i:06d}@example.org",
                        password=password,
                        display_name=f"{first} {last}",
                        bio=f"{self.rng.choice(OCCUPATIONS)} "
                        f"in {place.name}, interested in {self.rng.choice(ISSUES)[0]}.",
                        place=place,
                        organisation=self.rng.choice(self.organisations) if self.rng.random() < 0.4 else None,  # noqa: E501
                        date_joined=self.when(),
                    )
                )
            User.objects.bulk_create(users, batch_size=self.args.batch)
            if users[0].pk is None:  # SQLite before 3.35 returns no ids
                users = list(User.objects.filter(username__in=[u.username for u in users]))
            through_roles.objects.bulk_create(
                [through_roles(user_id=u.pk, term_id=t.pk) for u in users for t in self.rng.sample(roles, 1)],
                batch_size=self.args.batch,
            )
            through_langs.objects.bulk_create(
                [through_langs(user_id=u.pk, term_id=t.pk) for u in users for t in self.rng.sample(langs, 2)],
                batch_size=self.args.batch,
            )
        self.user_ids = list(User.objects.values_list("pk", flat=True))

    @transaction.atomic
    def make_hubs(self) -> None:
        taken = set(Hub.objects.values_list("slug", flat=True))
        hubs = []
        for place in self.rng.sample(self.places, min(self.args.hubs, len(self.places))):
            name = f"{place.name} {self.rng.choice(HUB_KINDS)}"
            hubs.append(
                Hub(
                    name=name,
                    slug=self.unique_slug(name, taken),
                    place=place,
                    tagline=f"Officials, researchers and residents of {place.name} deciding together.",
                    description=self.body(2),
                )
            )
        Hub.objects.bulk_create(hubs, batch_size=self.args.batch)
        hubs = list(Hub.objects.filter(slug__in=[h.slug for h in hubs]))
        memberships = []
        for hub in hubs:
            members = self.rng.sample(self.user_ids, self.rng.randint(20, 400))
            for n, uid in enumerate(members):
                role = HubMembership.Role.COORDINATOR if n < 2 else HubMembership.Role.MEMBER
                memberships.append(HubMembership(hub=hub, user_id=uid, role=role))
            hub.member_count = len(members)
        HubMembership.objects.bulk_create(memberships, batch_size=self.args.batch)
        Hub.objects.bulk_update(hubs, ["member_count"], batch_size=self.args.batch)
        self.hubs = list(Hub.objects.all())

    def _entry(self, model, title: str, taken: set[str], body: str, published: bool):  # noqa: ANN001, ANN202
        when = self.when()
        return model(
            title=title[:300],
            slug=self.unique_slug(title, taken),
            summary=self.fill(self.rng.choice(PARAGRAPHS["background"])).split(". ")[0] + ".",
            body=body,
            body_html=render_markdown(body),
            status=Status.PUBLISHED if published else Status.DRAFT,
            published_at=when if published else None,
            created_at=when,
            created_by_id=self.rng.choice(self.user_ids),
            hub=self.rng.choice(self.hubs) if self.hubs and self.rng.random() < 0.3 else None,
            original_language=self.rng.choice(["en"] * 6 + ["es", "fr", "sv", "pt", "de", "sw"]),
        )

    @transaction.atomic
    def make_methods(self) -> None:
        taken = set(Method.objects.values_list("slug", flat=True))
        titles = set(Method.objects.values_list("title", flat=True))
        rows = []
        for base in METHOD_BASES:
            for variant in METHOD_VARIANTS:
                title = base + variant
                if title in titles or len(rows) >= self.args.methods:
                    continue
                m = self._entry(Method, title, taken, self.body(3), published=True)
                m.mode = self.rng.choice(Mode.values)
                m.open_limited = self.rng.choice(OpenLimited.values)
                m.public_spectrum = self.pick_term(Vocabulary.PUBLIC_SPECTRUM)
                rows.append(m)
        Method.objects.bulk_create(rows, batch_size=self.args.batch)
        self.methods = list(Method.objects.filter(status=Status.PUBLISHED))
        created = Method.objects.filter(slug__in=[m.slug for m in rows])
        self._m2m(
            created,
            {
                "method_types": (Vocabulary.METHOD_TYPE, 1, 3),
                "purposes": (Vocabulary.PURPOSE, 1, 2),
                "scope_of_influence": (Vocabulary.SCOPE, 1, 2),
            },
        )

    def _m2m(self, entries, spec: dict[str, tuple[str, int, int]]) -> None:  # noqa: ANN001
        for field, (vocabulary, low, high) in spec.items():
            through = getattr(entries.model, field).through
            source = f"{entries.model._meta.model_name}_id"
            rows = [
                through(**{source: pk, "term_id": t.pk})
                for pk in entries.values_list("pk", flat=True)
                for t in self.pick_terms(vocabulary, low, high)
            ]
            through.objects.bulk_create(rows, batch_size=self.args.batch)

    def make_cases(self) -> None:
        taken = set(Case.objects.values_list("slug", flat=True))
        for chunk in batched(range(self.args.cases), self.args.batch):
            with transaction.atomic():
                rows = []
                for _ in chunk:
                    place = self.rng.choice(self.places)
                    title = self.fill(self.rng.choice(TITLE_PATTERNS), place=place.name)
                    published = self.rng.random() < 0.93
                    case = self._entry(Case, title, taken, self.body(4), published)
                    case.place = place
                    case.location_name = place.name
                    case.number_of_participants = self.rng.choice([None, 24, 50, 120, 400, 2_500, 30_000])
                    case.mode = self.rng.choice(Mode.values)
                    case.open_limited = self.rng.choice(OpenLimited.values)
                    case.facilitated = self.rng.choice([True, False, None])
                    case.impact_evidence = self.rng.choice(YesNo.values + [""])
                    case.formal_evaluation = self.rng.choice(YesNo.values + [""])
                    case.public_spectrum = self.pick_term(Vocabulary.PUBLIC_SPECTRUM)
                    case.recruitment_method = self.pick_term(Vocabulary.RECRUITMENT)
                    start = dt.date(self.rng.randint(2000, 2024), self.rng.randint(1, 12), 1)
                    case.start_date = start
                    case.ongoing = self.rng.random() < 0.2
                    case.end_date = (
                        None if case.ongoing else start + dt.timedelta(days=self.rng.randint(1, 900))
                    )
                    case.completeness = self.rng.choice(Completeness.values)
                    case.featured = self.rng.random() < 0.002
                    rows.append(case)
                Case.objects.bulk_create(rows, batch_size=self.args.batch)
                created = Case.objects.filter(slug__in=[c.slug for c in rows])
                self._m2m(
                    created,
                    {
                        "general_issues": (Vocabulary.GENERAL_ISSUE, 1, 3),
                        "specific_topics": (Vocabulary.SPECIFIC_TOPIC, 1, 3),
                        "scope_of_influence": (Vocabulary.SCOPE, 1, 1),
                        "purposes": (Vocabulary.PURPOSE, 1, 2),
                        "approaches": (Vocabulary.APPROACH, 1, 2),
                        "targeted_participants": (Vocabulary.TARGETED, 0, 2),
                        "decision_methods": (Vocabulary.DECISION_METHOD, 1, 1),
                        "themes": (Vocabulary.THEME, 1, 2),
                        "sdgs": (Vocabulary.SDG, 1, 2),
                    },
                )
                through = Case.methods.through
                through.objects.bulk_create(
                    [
                        through(case_id=pk, method_id=m.pk)
                        for pk in created.values_list("pk", flat=True)
                        for m in self.rng.sample(self.methods, self.rng.randint(1, 2))
                    ],
                    batch_size=self.args.batch,
                )
                through = Case.organisations.through
                through.objects.bulk_create(
                    [
                        through(case_id=pk, organisation_id=self.rng.choice(self.organisations).pk)
                        for pk in created.values_list("pk", flat=True)
                    ],
                    batch_size=self.args.batch,
                )
        self.case_ids = list(Case.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))

    @transaction.atomic
    def make_reflections(self) -> None:
        taken_series = set(Series.objects.values_list("slug", flat=True))
        series_rows = []
        for i in range(self.args.series):
            title = self.fill(
                self.rng.choice(["Learning from {place}", "Notes on {issue}", "{Actors} and the city"])
            )
            title = f"{title} ({i + 1})"
            series_rows.append(
                Series(
                    title=title,
                    slug=self.unique_slug(title, taken_series),
                    description=self.fill(self.rng.choice(PARAGRAPHS["lesson"])),
                    created_by_id=self.rng.choice(self.user_ids),
                    created_at=self.when(),
                )
            )
        Series.objects.bulk_create(series_rows, batch_size=self.args.batch)
        series = list(Series.objects.filter(slug__in=[s.slug for s in series_rows]))
        next_position = {s.pk: 1 for s in series}
        taken = set(Reflection.objects.values_list("slug", flat=True))
        rows = []
        for _ in range(self.args.reflections):
            title = self.fill(self.rng.choice(REFLECTION_TITLES))
            body = "\n\n".join([self.body(4), self.body(4)])
            reflection = self._entry(Reflection, title, taken, body, published=self.rng.random() < 0.95)
            if series and self.rng.random() < 0.6:
                s = self.rng.choice(series)
                reflection.series_id = s.pk
                reflection.series_position = next_position[s.pk]
                next_position[s.pk] += 1
            rows.append(reflection)
        Reflection.objects.bulk_create(rows, batch_size=self.args.batch)
        created = Reflection.objects.filter(slug__in=[r.slug for r in rows])
        pks = list(created.values_list("pk", "created_by_id"))
        authorships = []
        accepted = Authorship.Status.ACCEPTED  # as if every co-author had already said yes
        for pk, creator in pks:
            authorships.append(Authorship(reflection_id=pk, user_id=creator, position=0, status=accepted))
            if self.rng.random() < 0.3:
                other = self.rng.choice(self.user_ids)
                if other != creator:
                    authorships.append(Authorship(reflection_id=pk, user_id=other, position=1, status=accepted))
            if self.rng.random() < 0.1:
                authorships.append(
                    Authorship(
                        reflection_id=pk,
                        guest_name=self.fill("{Place} guest"),
                        guest_affiliation="Independent researcher",
                        position=2,
                        status=accepted,
                    )
                )
        Authorship.objects.bulk_create(authorships, batch_size=self.args.batch)
        for field, target, pool in (
            ("cases", "case_id", self.case_ids),
            ("places", "place_id", [p.pk for p in self.places]),
            ("methods", "method_id", [m.pk for m in self.methods]),
        ):
            through = getattr(Reflection, field).through
            through.objects.bulk_create(
                [
                    through(reflection_id=pk, **{target: t})
                    for pk, _ in pks
                    for t in self.rng.sample(pool, self.rng.randint(1, 3))
                ],
                batch_size=self.args.batch,
            )
        self._m2m(created, {"themes": (Vocabulary.THEME, 1, 2), "sdgs": (Vocabulary.SDG, 0, 2)})

    def index(self) -> None:
        for model in (Place, Organisation, Hub, Method, Case, Reflection):
            with transaction.atomic():
                count = index_instances(model.objects.all())
            print(f"    {model._meta.verbose_name_plural}: {count} public", flush=True)
        content_changed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=20241124)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--reflections", type=int, default=2_000)
    parser.add_argument("--series", type=int, default=120)
    parser.add_argument("--methods", type=int, default=80)
    parser.add_argument("--organisations", type=int, default=600)
    parser.add_argument("--hubs", type=int, default=60)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo network first")
    parser.add_argument("--flush", action="store_true", help="empty the database first (all data!)")
    Generator(parser.parse_args()).run()


if __name__ == "__main__":
    main()
