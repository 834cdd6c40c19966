"""Generate a large, realistic Translocal data set for benchmarks.

    TRANSLOCAL_VAR_DIR=/tmp/bench-var .venv/bin/python bench/generate.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/translocal_bench \\
        .venv/bin/python bench/generate.py                                           # PostgreSQL

Defaults: 50,000 users, 10,000 cases, 2,000 reflections (in 120 series and standalone), 80 methods,
~190 places, 60 hubs with members, 600 organisations, classified with the controlled
vocabularies, 2,000 exchanges with 40,000 registrations and the learning journeys of those who
took part (--exchanges, --delegates; bench/README.md gives the shares), a Barcelona-scale
co-production network (13,000 proposals with 190,000 supports and 50,000 comments, one proposal
with 5,000 of them, and 10 budget processes of 40 projects with 20,000 ballots; --proposals,
--supports, --comments, --big-thread, --budgets, --budget-projects, --ballots), plus the demo
network, and the search index built for all of it.

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
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from translocal.accounts.models import User  # noqa: E402
from translocal.coproduction.budgets.models import (  # noqa: E402
    BallotStyle,
    Budget,
    BudgetBallot,
    BudgetBallotChoice,
    BudgetProject,
)
from translocal.coproduction.models import (  # noqa: E402
    Comment,
    Participation,
    Phase,
    Process,
    Proposal,
    ProposalEvent,
    Support,
)
from translocal.coproduction.services import SUPPORT_MILESTONES  # noqa: E402
from translocal.core.caching import content_changed  # noqa: E402
from translocal.core.markup import render_markdown  # noqa: E402
from translocal.exchanges.models import (  # noqa: E402
    CODE_ALPHABET,
    CODE_LENGTH,
    Commitment,
    CommitmentStatus,
    Exchange,
    FollowUp,
    Lesson,
    Outcome,
    Privacy,
    Registration,
    RegistrationType,
    Session,
    Speaker,
    Strand,
    Substantiation,
)
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
#: Exchanges start between EPOCH and the end of 2027 (so the list has upcoming ones); those that
#: ended before this day have check-ins, ratings and learning journeys (a fixed day, so the same
#: seed gives the same data whenever it runs).
EXCHANGE_SPAN_DAYS = (dt.date(2027, 12, 31) - EPOCH.date()).days
JOURNEY_CUTOFF = dt.date(2026, 6, 1)

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


EXCHANGE_TITLES = {
    Exchange.Kind.STUDY_VISIT: ["Study visit to {host}: {issue}", "{host} study visit on {issue}"],
    Exchange.Kind.CONFERENCE: ["{host} conference on {issue}", "Cities learning together: {issue} in {host}"],
    Exchange.Kind.WORKSHOP: ["Workshop: {method} in {host}", "{host} co-production workshop on {issue}"],
    Exchange.Kind.WEBINAR: ["Webinar: what {host} learned about {issue}", "Webinar on {method_lc}"],
}
STRANDS = [
    "Direct democracy",
    "Citizen initiative",
    "Ecosystems of inclusive democracy",
    "Housing and land",
    "Climate and the city",
    "Participatory budgets",
    "Digital participation",
    "Youth voice",
]
SESSION_TITLES = [
    "Field trip: {issue} in {place}",
    "Opening discussion: why {issue}?",
    "How {org} runs its {method_lc}",
    "Small groups: {actors} and {issue}",
    "Walking tour with {actors}",
    "What we take home",
]
LESSON_TITLES = [
    "Agree in advance what happens to the results",
    "Pay participants and offer childcare",
    "Start with {actors}, not with the council",
    "A {method_lc} needs a budget attached",
    "Translate into the main community languages",
    "Short visible wins keep people involved",
    "{Place} shows that {issue} can be decided together",
]
COMMITMENT_TITLES = [
    "Propose a {method_lc} on {issue} at home",
    "Brief our councillors on what {place} does",
    "Set up a working group with {actors}",
    "Write up the visit for our network",
    "Pilot paid participation in one ward",
]
FOLLOW_UP_NOTES = [
    "Discussed with colleagues; a first meeting is planned.",
    "The proposal went to the cabinet member and was well received.",
    "Funding was not found this year.",
    "The working group has met three times.",
    "Done: the pilot ran and the report is published.",
]
PRIVACY_WEIGHTS = ([Privacy.PUBLIC, Privacy.PARTICIPANTS, Privacy.PRIVATE], [5, 3, 2])
#: (status, weight) of a registration.
REGISTRATION_STATES = [
    (Registration.Status.ACCEPTED, 72),
    (Registration.Status.WAITLISTED, 6),
    (Registration.Status.APPLIED, 4),
    (Registration.Status.INVITED, 4),
    (Registration.Status.DECLINED, 8),
    (Registration.Status.CANCELLED, 6),
]


PROPOSAL_TITLES = [
    "More trees and shade on the streets of {place}",
    "A youth centre open at weekends in {place}",
    "Safe cycle lanes to every school in {place}",
    "Fix the pavements around the market in {place}",
    "A community garden on the empty lot by the station",
    "Free drinking fountains in every park of {place}",
    "Tackle {issue} with a neighbourhood fund",
    "Benches and toilets for older residents in {place}",
    "Open the school playgrounds after hours",
    "A repair café in the library of {place}",
]
COMMENT_BODIES = [
    "I support this: {issue} is what my neighbours talk about most.",
    "Good idea, but who will look after it once it is built? The council or {actors}?",
    "We tried something like this in {place2} in {year} and it worked well with {actors}.",
    "Please make sure it is accessible for wheelchair users and people with prams.",
    "How much would it cost? The budget for {place} is already tight.",
    "This would help the young people on our street, who have nowhere to go in the evening.",
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
        self.step(f"exchanges ({a.exchanges}, {a.delegates} delegates)", self.make_exchanges)
        self.step(
            f"co-production ({a.proposals} proposals, {a.supports} supports, {a.comments} comments, "
            f"{a.budgets} budgets, {a.ballots} ballots)",
            self.make_coproduction,
        )
        self.step("search index", self.index)
        # VACUUM on PostgreSQL too: a freshly bulk-loaded table has no visibility map, which rules
        # out index-only scans and would make the figures worse than a running site's.
        statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        self.step("vacuum/analyze", lambda: connection.cursor().execute(statement))
        total = sum(t for _, t in self.timings)
        print(
            f"Done in {total:.1f} s: {User.objects.count()} users, {Case.objects.count()} cases, "
            f"{Reflection.objects.count()} reflections, {Method.objects.count()} methods, "
            f"{Place.objects.count()} places, {Hub.objects.count()} hubs, {Exchange.objects.count()} exchanges, "
            f"{Registration.objects.count()} registrations, {Lesson.objects.count()} lessons, "
            f"{Commitment.objects.count()} commitments, {FollowUp.objects.count()} follow-ups, "
            f"{Outcome.objects.count()} outcomes, {Proposal.objects.count()} proposals, "
            f"{Support.objects.count()} supports, {Comment.objects.count()} comments, "
            f"{BudgetBallot.objects.count()} budget ballots."
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

    # --- exchanges and learning journeys ------------------------------------------------
    def delegate_counts(self) -> list[int]:
        """--delegates registrations spread unevenly over --exchanges exchanges (sum exact)."""
        n, total = self.args.exchanges, self.args.delegates
        if n <= 0:
            return []
        weights = [self.rng.uniform(0.3, 1.7) for _ in range(n)]
        scale = total / sum(weights)
        counts = [int(w * scale) for w in weights]
        for i in range(total - sum(counts)):
            counts[i % n] += 1
        return counts

    def check_in_code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def privacy(self) -> str:
        return self.rng.choices(*PRIVACY_WEIGHTS)[0]

    def make_exchanges(self) -> None:
        """Exchanges (2,000 by default) with strands, speakers, an agenda, two registration types,
        --delegates registrations in every state, check-ins and ratings for the ones that ended
        before JOURNEY_CUTOFF, and the checked-in members' lessons, commitments, follow-ups,
        outcomes and substantiations. Invariants as the services keep them: accepted_count is
        the number accepted per type and within its capacity, a commitment's status is its
        latest follow-up's (closed_at when done or dropped), only accepted people are checked in."""
        self.codes: set[str] = set(Registration.objects.values_list("check_in_code", flat=True))
        taken = set(Exchange.objects.values_list("slug", flat=True))
        counts = self.delegate_counts()
        for chunk in batched(range(len(counts)), max(1, self.args.batch // 20)):
            with transaction.atomic():
                self._exchange_chunk([counts[i] for i in chunk], taken)

    def _exchange_chunk(self, counts: list[int], taken: set[str]) -> None:  # noqa: C901, PLR0912, PLR0915
        rng, batch = self.rng, self.args.batch
        exchanges = []
        for _ in counts:
            kind = rng.choice(Exchange.Kind.values)
            hub = rng.choice(self.hubs) if self.hubs and rng.random() < 0.6 else None
            host = hub.place if hub is not None and hub.place_id else rng.choice(self.places)
            title = self.fill(rng.choice(EXCHANGE_TITLES[kind]), host=host.name)
            starts_on = EPOCH.date() + dt.timedelta(days=rng.randrange(EXCHANGE_SPAN_DAYS))
            status = rng.choices(Exchange.Status.values, [3, 92, 5])[0]
            description = self.body(3)
            exchanges.append(
                Exchange(
                    title=title[:200],
                    slug=self.unique_slug(title[:200], taken),
                    kind=kind,
                    summary=self.fill(rng.choice(PARAGRAPHS["lesson"])),
                    description=description,
                    description_html=render_markdown(description),
                    place=host,
                    hub=hub,
                    starts_on=starts_on,
                    ends_on=starts_on + dt.timedelta(days=0 if kind == Exchange.Kind.WEBINAR else rng.randint(0, 4)),
                    visibility=rng.choices(Exchange.Visibility.values, [85, 10, 5])[0],
                    status=status,
                    published_at=None
                    if status == Exchange.Status.DRAFT
                    else dt.datetime.combine(starts_on - dt.timedelta(days=60), dt.time(9), tzinfo=dt.UTC),
                    funding_note="Travel funded by the partner cities." if rng.random() < 0.3 else "",
                    created_by_id=rng.choice(self.user_ids),
                    created_at=dt.datetime.combine(starts_on - dt.timedelta(days=90), dt.time(9), tzinfo=dt.UTC),
                )
            )
        Exchange.objects.bulk_create(exchanges, batch_size=batch)
        if exchanges and exchanges[0].pk is None:
            sys.exit("This database does not return ids from bulk inserts (SQLite before 3.35).")

        organisers = {e.pk: rng.sample(self.user_ids, rng.randint(1, 2)) for e in exchanges}
        through = Exchange.organisers.through
        through.objects.bulk_create(
            [through(exchange_id=pk, user_id=uid) for pk, uids in organisers.items() for uid in uids],
            batch_size=batch,
        )
        strands = [
            Strand(exchange=e, title=title, position=n)
            for e in exchanges
            for n, title in enumerate(rng.sample(STRANDS, rng.randint(0, 3)))
        ]
        Strand.objects.bulk_create(strands, batch_size=batch)
        strands_of: dict[int, list[Strand]] = {}
        for strand in strands:
            strands_of.setdefault(strand.exchange_id, []).append(strand)
        speakers = []
        for e in exchanges:
            for _ in range(rng.randint(1, 3)):
                uid = rng.choice(self.user_ids) if rng.random() < 0.5 else None
                speakers.append(
                    Speaker(
                        exchange=e,
                        user_id=uid,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        affiliation=rng.choice(self.organisations).name if self.organisations else "",
                    )
                )
        Speaker.objects.bulk_create(speakers, batch_size=batch)
        speakers_of: dict[int, list[Speaker]] = {}
        for speaker in speakers:
            speakers_of.setdefault(speaker.exchange_id, []).append(speaker)
        sessions = []
        for e in exchanges:
            days = (e.ends_on - e.starts_on).days + 1
            for n in range(rng.randint(3, 6)):
                day = e.starts_on + dt.timedelta(days=n % days)
                start = dt.datetime.combine(day, dt.time(9 + 2 * (n // days % 4)), tzinfo=dt.UTC)
                sessions.append(
                    Session(
                        exchange=e,
                        strand=rng.choice(strands_of[e.pk]) if e.pk in strands_of and rng.random() < 0.7 else None,
                        title=self.fill(rng.choice(SESSION_TITLES), place=e.place.name)[:200],
                        starts_at=start,
                        ends_at=start + dt.timedelta(minutes=90),
                        room="" if e.kind == Exchange.Kind.WEBINAR else f"Room {rng.randint(1, 12)}",
                        online_url="https://meet.example.org/bench" if e.kind == Exchange.Kind.WEBINAR else "",
                    )
                )
        Session.objects.bulk_create(sessions, batch_size=batch)
        sessions_of: dict[int, list[Session]] = {}
        for session in sessions:
            sessions_of.setdefault(session.exchange_id, []).append(session)
        for field, target, pool in (
            ("speakers", "speaker_id", None),
            ("cases", "case_id", self.case_ids),
            ("methods", "method_id", [m.pk for m in self.methods]),
        ):
            through = getattr(Session, field).through
            rows = []
            for session in sessions:
                if pool is None:
                    picks = [s.pk for s in rng.sample(speakers_of[session.exchange_id], 1)]
                else:
                    picks = rng.sample(pool, min(len(pool), rng.randint(0, 2)))
                rows += [through(session_id=session.pk, **{target: t}) for t in picks]
            through.objects.bulk_create(rows, batch_size=batch)

        # Registrations: plan the states first, so each type's accepted_count and capacity are known.
        states, weights = zip(*REGISTRATION_STATES, strict=True)
        plans: list[tuple[Exchange, list[tuple[str, int]]]] = []
        types: list[RegistrationType] = []
        for e, count in zip(exchanges, counts, strict=True):
            plan = [(rng.choices(states, weights)[0], 0 if rng.random() < 0.85 else 1) for _ in range(count)]
            plans.append((e, plan))
            for position, (name, role) in enumerate(
                (("Delegate", RegistrationType.Role.DELEGATE), ("Observer", RegistrationType.Role.OBSERVER))
            ):
                accepted = sum(1 for s, t in plan if t == position and s == Registration.Status.ACCEPTED)
                types.append(
                    RegistrationType(
                        exchange=e,
                        name=name,
                        role=role,
                        capacity=accepted + rng.randint(0, 5) if position == 0 else None,
                        accepted_count=accepted,
                        position=position,
                    )
                )
        RegistrationType.objects.bulk_create(types, batch_size=batch)
        types_of = {(t.exchange_id, t.position): t for t in types}
        registrations = []
        for e, plan in plans:
            past = e.ends_on < JOURNEY_CUTOFF and e.status == Exchange.Status.PUBLISHED
            opened = dt.datetime.combine(e.starts_on - dt.timedelta(days=45), dt.time(10), tzinfo=dt.UTC)
            members = rng.sample(self.user_ids, min(len(self.user_ids), len(plan)))
            organiser = organisers[e.pk][0]
            for n, (status, type_position) in enumerate(plan):
                uid = members[n] if n < len(members) and rng.random() < 0.9 else None
                decided = status not in (Registration.Status.APPLIED, Registration.Status.INVITED)
                checked_in = past and status == Registration.Status.ACCEPTED and rng.random() < 0.85
                registrations.append(
                    Registration(
                        exchange=e,
                        registration_type=types_of[(e.pk, type_position)],
                        user_id=uid,
                        name="" if uid else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        email="" if uid else f"guest-{e.pk}-{n}@example.org",
                        organisation_name="" if uid else rng.choice(self.organisations).name,
                        status=status,
                        learning_goals=self.fill("How {place} involves {actors} in {issue}."),
                        decided_by_id=organiser if decided else None,
                        decided_at=opened + dt.timedelta(days=10) if decided else None,
                        invited_by_id=organiser if status == Registration.Status.INVITED else None,
                        waitlisted_at=opened + dt.timedelta(days=10, minutes=n)
                        if status == Registration.Status.WAITLISTED
                        else None,
                        check_in_code=self.check_in_code(),
                        certificate_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        checked_in_at=dt.datetime.combine(e.starts_on, dt.time(8, 45), tzinfo=dt.UTC)
                        if checked_in
                        else None,
                        checked_in_by_id=organiser if checked_in else None,
                        post_visit_rating=rng.randint(2, 5) if checked_in and rng.random() < 0.6 else None,
                        created_at=opened + dt.timedelta(minutes=n),
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=batch)

        # Learning journeys of the checked-in members.
        exchange_of = {e.pk: e for e in exchanges}
        journeys = [r for r in registrations if r.checked_in_at is not None and r.user_id is not None]
        lessons = []
        for r in journeys:
            e = exchange_of[r.exchange_id]
            for _ in range(rng.choices([0, 1, 2, 3], [2, 4, 3, 1])[0]):
                lessons.append(
                    Lesson(
                        registration=r,
                        exchange=e,
                        privacy=self.privacy(),
                        title=self.fill(rng.choice(LESSON_TITLES))[:200],
                        body=self.fill(rng.choice(PARAGRAPHS["lesson"])),
                        answers_goal=rng.random() < 0.5,
                        session=rng.choice(sessions_of[e.pk]) if rng.random() < 0.7 else None,
                        case_id=rng.choice(self.case_ids) if self.case_ids and rng.random() < 0.2 else None,
                        method=rng.choice(self.methods) if self.methods and rng.random() < 0.15 else None,
                        place=e.place if rng.random() < 0.3 else None,
                        person_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if rng.random() < 0.1 else "",
                        created_at=dt.datetime.combine(e.ends_on + dt.timedelta(days=3), dt.time(12), tzinfo=dt.UTC),
                    )
                )
        Lesson.objects.bulk_create(lessons, batch_size=batch)
        commitments = []
        follow_ups = []
        for lesson in lessons:
            if rng.random() >= 0.6:
                continue
            e = exchange_of[lesson.exchange_id]
            commitment = Commitment(
                registration=lesson.registration,
                exchange=e,
                lesson=lesson,
                privacy=self.privacy(),
                title=self.fill(rng.choice(COMMITMENT_TITLES))[:200],
                due_on=e.ends_on + dt.timedelta(days=rng.randint(60, 365)),
                hub=rng.choice(self.hubs) if self.hubs and rng.random() < 0.4 else None,
                organisation=rng.choice(self.organisations) if self.organisations and rng.random() < 0.3 else None,
                created_at=lesson.created_at,
            )
            notes = rng.choices([0, 1, 2, 3], [3, 3, 2, 2])[0]
            for n in range(notes):
                last = n == notes - 1
                status = (
                    rng.choices(CommitmentStatus.values, [1, 4, 3, 1])[0] if last else CommitmentStatus.IN_PROGRESS
                )
                written_on = e.ends_on + dt.timedelta(days=90 * (n + 1))
                follow_ups.append(
                    FollowUp(
                        commitment=commitment,
                        written_on=written_on,
                        status=status,
                        note=rng.choice(FOLLOW_UP_NOTES),
                        evidence_url="https://example.org/evidence" if rng.random() < 0.2 else "",
                        created_by_id=lesson.registration.user_id,
                        created_at=dt.datetime.combine(written_on, dt.time(16), tzinfo=dt.UTC),
                    )
                )
                commitment.status = status
                if last and status in (CommitmentStatus.DONE, CommitmentStatus.DROPPED):
                    commitment.closed_at = dt.datetime.combine(written_on, dt.time(16), tzinfo=dt.UTC)
            commitments.append(commitment)
        Commitment.objects.bulk_create(commitments, batch_size=batch)
        for follow_up in follow_ups:
            follow_up.commitment_id = follow_up.commitment.pk
        FollowUp.objects.bulk_create(follow_ups, batch_size=batch)
        outcomes = []
        for c in commitments:
            if c.status not in (CommitmentStatus.DONE, CommitmentStatus.IN_PROGRESS) or rng.random() >= 0.35:
                continue
            outcomes.append(
                Outcome(
                    registration=c.registration,
                    exchange=c.exchange,
                    commitment=c,
                    privacy=self.privacy(),
                    kind=rng.choice(Outcome.Kind.values),
                    description=self.fill("{Actors} in {place} now {verb} {issue} with the council."),
                    who_changed=self.fill("{org}"),
                    contribution=self.fill(rng.choice(PARAGRAPHS["lesson"])),
                    observed_on=c.due_on,
                    created_at=dt.datetime.combine(c.due_on, dt.time(12), tzinfo=dt.UTC),
                )
            )
        Outcome.objects.bulk_create(outcomes, batch_size=batch)
        substantiations = []
        for o in outcomes:
            if rng.random() >= 0.5:
                continue
            answered = rng.random() < 0.7
            asked = dt.datetime.combine(o.observed_on, dt.time(12), tzinfo=dt.UTC)
            substantiations.append(
                Substantiation(
                    outcome=o,
                    verifier_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    verifier_email=f"verifier-{o.pk}@example.org",
                    verifier_role=rng.choice(OCCUPATIONS),
                    requested_by_id=o.registration.user_id,
                    requested_at=asked,
                    answer=rng.choices(Substantiation.Answer.values, [6, 3, 1])[0] if answered else "",
                    comment="Seen at first hand." if answered else "",
                    answered_at=asked + dt.timedelta(days=12) if answered else None,
                )
            )
        Substantiation.objects.bulk_create(substantiations, batch_size=batch)

    # --- co-production ----------------------------------------------------------------------
    def _coproduction_process(self, title: str, taken: set[str], *, budget: bool) -> Process:
        hub = self.rng.choice(self.hubs)
        process = Process.objects.create(
            hub=hub, title=title, slug=self.unique_slug(title, taken), summary=f"Residents of {hub.name} decide.",
            description=self.body(2), is_published=True, access=Process.Access.PUBLIC, place=hub.place,
            support_threshold=None if budget else 100,
        )
        # Phases around the day the data is generated, so supporting and voting are open now.
        now = timezone.now()
        day = dt.timedelta(days=1)
        open_now = {"budget_vote": True, "comment": True} if budget else {"support": True, "comment": True}
        phases = [
            ("Proposals", now - 90 * day, now - 30 * day, {"propose": True, "comment": True}),
            ("Voting" if budget else "Supports", now - 30 * day, now + 60 * day, open_now),
            ("Results", now + 60 * day, now + 120 * day, {"results": True}),
        ]
        Phase.objects.bulk_create(
            Phase(process=process, position=n, name=name, starts_at=start, ends_at=end, **features)
            for n, (name, start, end, features) in enumerate(phases, start=1)
        )
        return process

    def _spread(self, total: int, slots: int, cap: int) -> list[int]:
        """``total`` split over ``slots`` unevenly (a few popular, most small), none above ``cap``."""
        if slots <= 0:
            return []
        cap = max(cap, -(-total // slots))  # room for all of it
        weights = [self.rng.paretovariate(1.3) for _ in range(slots)]
        scale = total / sum(weights)
        counts = [min(cap, int(w * scale)) for w in weights]
        short = total - sum(counts)
        while short > 0:
            i = self.rng.randrange(slots)
            if counts[i] < cap:
                counts[i] += 1
                short -= 1
        return counts

    def make_coproduction(self) -> None:
        """Proposal processes with supports and threaded comments, and budget processes with
        ballots, written in bulk with the counters the services keep (support, comment and reply
        counts, each person's supports used, milestone and threshold events, ballot counts)."""
        a = self.args
        if not getattr(a, "proposals", 0) or not self.hubs:
            return
        taken = set(Process.objects.values_list("slug", flat=True))
        processes = [
            self._coproduction_process(f"{self.rng.choice(self.places).name} decides {n + 1}: {issue}", taken,
                                       budget=False)
            for n, (issue, *_rest) in enumerate(self.rng.choices(ISSUES, k=max(1, a.processes)))
        ]
        # One large process (a city-wide plan) and smaller ones (districts).
        shares = self._spread(a.proposals - len(processes), len(processes), a.proposals)
        shares = [n + 1 for n in shares]
        shares.sort(reverse=True)
        proposals: list[Proposal] = []
        for process, count in zip(processes, shares, strict=True):
            for chunk in batched(range(count), a.batch):
                rows = [
                    Proposal(
                        process=process, author_id=self.rng.choice(self.user_ids),
                        title=self.fill(self.rng.choice(PROPOSAL_TITLES))[:200], body=self.body(2),
                    )
                    for _ in chunk
                ]
                Proposal.objects.bulk_create(rows, batch_size=a.batch)
                proposals += rows
        if proposals and proposals[0].pk is None:  # SQLite before 3.35 returns no ids
            proposals = list(Proposal.objects.filter(process__in=processes).order_by("pk"))
        by_pk = {p.pk: p for p in proposals}
        supports = self._spread(a.supports, len(proposals), len(self.user_ids))
        supports.sort(reverse=True)
        self.rng.shuffle(proposals)
        # The most supported proposal of the large process also gets the long comment thread.
        proposals.sort(key=lambda p: p.process_id != processes[0].pk)
        used: dict[tuple[int, int], int] = {}
        events: list[ProposalEvent] = []
        rows: list[Support] = []
        now = timezone.now()
        for proposal, count in zip(proposals, supports, strict=True):
            proposal.support_count = count
            events.append(ProposalEvent(proposal_id=proposal.pk, kind=ProposalEvent.Kind.SUBMITTED))
            events += [
                ProposalEvent(proposal_id=proposal.pk, kind=ProposalEvent.Kind.MILESTONE, value=m)
                for m in SUPPORT_MILESTONES if m <= count
            ]
            if count >= 100:
                proposal.threshold_reached_at = now
                events.append(ProposalEvent(proposal_id=proposal.pk, kind=ProposalEvent.Kind.THRESHOLD, value=100))
            for uid in self.rng.sample(self.user_ids, count):
                rows.append(Support(proposal_id=proposal.pk, process_id=proposal.process_id, user_id=uid))
                key = (proposal.process_id, uid)
                used[key] = used.get(key, 0) + 1
            if len(rows) >= 20 * a.batch:
                Support.objects.bulk_create(rows, batch_size=a.batch)
                rows = []
        Support.objects.bulk_create(rows, batch_size=a.batch)
        ProposalEvent.objects.bulk_create(events, batch_size=a.batch)
        Participation.objects.bulk_create(
            (Participation(process_id=pid, user_id=uid, supports_used=n) for (pid, uid), n in used.items()),
            batch_size=a.batch,
        )
        self._comments(proposals, by_pk)
        Proposal.objects.bulk_update(
            proposals, ["support_count", "comment_count", "threshold_reached_at"], batch_size=a.batch
        )
        self._budgets(taken)

    def _comments(self, proposals: list[Proposal], by_pk: dict[int, Proposal]) -> None:
        a = self.args
        if not proposals or a.comments <= 0:
            return
        proposal_type = ContentType.objects.get_for_model(Proposal)
        big = min(a.big_thread, a.comments) if len(proposals) > 1 else a.comments
        # The others share the rest, each well below the long thread.
        rest = self._spread(a.comments - big, len(proposals) - 1, max(1, big // 2)) if len(proposals) > 1 else []
        counts = [big, *rest]
        # A fifth of the comments answer an earlier one on the same proposal.
        top_level, replies = [], []
        for proposal, count in zip(proposals, counts, strict=True):
            proposal.comment_count = count
            n_replies = count // 5 if count > 1 else 0
            top_level += [(proposal, count - n_replies)]
            replies += [(proposal, n_replies)]
        roots: dict[int, list[int]] = {}
        rows: list[Comment] = []

        def flush() -> None:
            Comment.objects.bulk_create(rows, batch_size=a.batch)
            if rows and rows[0].pk is None:  # SQLite before 3.35 returns no ids
                raise SystemExit("this SQLite returns no ids from bulk inserts; use SQLite 3.35 or later")
            for row in rows:
                if row.parent_id is None:
                    roots.setdefault(row.target_id, []).append(row.pk)
            rows.clear()

        for proposal, count in top_level:
            for _ in range(count):
                rows.append(Comment(
                    process_id=proposal.process_id, target_type=proposal_type, target_id=proposal.pk,
                    author_id=self.rng.choice(self.user_ids), body=self.fill(self.rng.choice(COMMENT_BODIES)),
                ))
                if len(rows) >= a.batch:
                    flush()
        flush()
        reply_counts: dict[int, int] = {}
        for proposal, count in replies:
            for _ in range(count):
                parent = self.rng.choice(roots[proposal.pk])
                reply_counts[parent] = reply_counts.get(parent, 0) + 1
                rows.append(Comment(
                    process_id=proposal.process_id, target_type=proposal_type, target_id=proposal.pk,
                    parent_id=parent, author_id=self.rng.choice(self.user_ids),
                    body=self.fill(self.rng.choice(COMMENT_BODIES)),
                ))
                if len(rows) >= a.batch:
                    flush()
        flush()
        parents = [Comment(pk=pk, reply_count=n) for pk, n in reply_counts.items()]
        Comment.objects.bulk_update(parents, ["reply_count"], batch_size=a.batch)

    def _budgets(self, taken: set[str]) -> None:
        a = self.args
        if a.budgets <= 0:
            return
        per_budget = self._spread(a.ballots, a.budgets, len(self.user_ids)) if a.ballots else [0] * a.budgets
        now = timezone.now()
        for n, ballots in enumerate(per_budget):
            place = self.rng.choice(self.places)
            process = self._coproduction_process(f"{place.name} participatory budget {n + 1}", taken, budget=True)
            total = self.rng.choice([500_000, 1_000_000, 2_000_000, 5_000_000])
            budget = Budget.objects.create(
                process=process, title=f"Neighbourhood projects {n + 1}", description=self.body(1), total=total,
                currency="EUR", style=BallotStyle.KNAPSACK, ballot_count=ballots, ballots_version=ballots,
                rules_frozen_at=now if ballots else None,
            )
            projects = BudgetProject.objects.bulk_create(
                BudgetProject(
                    budget=budget, process=process, title=self.fill(self.rng.choice(PROPOSAL_TITLES))[:200],
                    description=self.body(1), cost=self.rng.randrange(total // 40, total // 4, 1_000),
                )
                for _ in range(a.budget_projects)
            )
            if projects and projects[0].pk is None:
                projects = list(BudgetProject.objects.filter(budget=budget).order_by("pk"))
            voters = self.rng.sample(self.user_ids, ballots)
            for chunk in batched(voters, a.batch):
                rows = BudgetBallot.objects.bulk_create(BudgetBallot(budget=budget, user_id=uid) for uid in chunk)
                if rows and rows[0].pk is None:
                    raise SystemExit("this SQLite returns no ids from bulk inserts; use SQLite 3.35 or later")
                choices = []
                for ballot in rows:
                    spent = 0
                    for project in self.rng.sample(projects, min(len(projects), self.rng.randint(2, 10))):
                        if spent + project.cost <= total:
                            spent += project.cost
                            choices.append(BudgetBallotChoice(ballot=ballot, project=project, points=1))
                BudgetBallotChoice.objects.bulk_create(choices, batch_size=a.batch)

    def index(self) -> None:
        for model in (Place, Organisation, Hub, Method, Case, Reflection, Exchange, Process, Proposal):
            with transaction.atomic():
                count = index_instances(model.objects.all(), notify=False)  # no embedding tasks queued
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
    parser.add_argument("--exchanges", type=int, default=2_000)
    parser.add_argument(
        "--delegates", type=int, default=40_000, help="registrations (every state) over all exchanges"
    )
    parser.add_argument(
        "--processes", type=int, default=20, help="co-production processes that collect proposals"
    )
    parser.add_argument("--proposals", type=int, default=13_000, help="0 skips the co-production step")
    parser.add_argument("--supports", type=int, default=190_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument(
        "--big-thread", type=int, default=5_000, help="comments (of --comments) on the most supported proposal"
    )
    parser.add_argument("--budgets", type=int, default=10, help="budget processes, one budget each")
    parser.add_argument("--budget-projects", type=int, default=40, help="projects per budget")
    parser.add_argument("--ballots", type=int, default=20_000, help="budget ballots over all budgets")
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo network first")
    parser.add_argument("--flush", action="store_true", help="empty the database first (all data!)")
    Generator(parser.parse_args()).run()


if __name__ == "__main__":
    main()
