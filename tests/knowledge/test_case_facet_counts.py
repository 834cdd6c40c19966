"""The case list's unfiltered facet counts are kept by database triggers (knowledge.facet_counts):
after any series of writes, through any path, they equal grouping the published cases, and a
draft or unpublished case never shows in them."""

import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import CaseFactory, MethodFactory, PlaceFactory, TermFactory, UserFactory
from translocal.core.merging import move_references
from translocal.knowledge import facet_counts
from translocal.knowledge.models import Case, CaseFacetCount, Method, Status
from translocal.knowledge.selectors.cases import (
    CASE_FACETS,
    case_list,
    grouped_case_facet_counts,
    stored_case_facet_counts,
)
from translocal.knowledge.selectors.common import PUBLISHED, published_counts
from translocal.knowledge.services.cases import publish_case, unpublish_case, update_case
from translocal.knowledge.services.deletion import delete_case
from translocal.knowledge.services.methods import publish_method, unpublish_method
from translocal.places.models import Place
from translocal.places.services import merge_places
from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.services import delete_term

pytestmark = pytest.mark.django_db(transaction=False)

FIELDS = {
    "general_issues": Vocabulary.GENERAL_ISSUE,
    "scope_of_influence": Vocabulary.SCOPE,
    "decision_methods": Vocabulary.DECISION_METHOD,
}


def _assert_counts_exact() -> None:
    """The stored rows equal the grouping, and the case list's facets read from them equal the
    grouped facets (slugs, labels, counts, order) in English and in Spanish."""
    assert facet_counts.stored_counts() == facet_counts.grouped_counts()
    published = Case.objects.filter(PUBLISHED)
    # the unfiltered list's total and the home page's figure are the stored languages' sum
    assert case_list(filters={}, cursor=None).total == published_counts()["cases"] == published.count()
    for language in ("en", "es"):
        with translation.override(language):
            assert stored_case_facet_counts() == grouped_case_facet_counts(published, {})
    # A list filtered by one facet reads that facet's counts from the table too.
    issue = Term.objects.filter(vocabulary=Vocabulary.GENERAL_ISSUE).order_by("pk").first()
    chosen = {"issue": [issue.slug] if issue else ["none"], "country": ["KE"], "language": ["es"]}
    for name, values in chosen.items():
        kind = next(f for f in CASE_FACETS if f.name == name)
        conditions = {name: kind.q(values)}
        assert grouped_case_facet_counts(
            published, conditions, stored=stored_case_facet_counts
        ) == grouped_case_facet_counts(published, conditions)


@pytest.fixture
def world():
    rng = random.Random(16)
    terms = {
        field: [
            TermFactory(vocabulary=vocabulary, label=f"{field} {i}", labels={"es": f"es {field} {9 - i}"})
            for i in range(5)
        ]
        for field, vocabulary in FIELDS.items()
    }
    methods = [MethodFactory(status=rng.choice([Status.PUBLISHED, Status.DRAFT])) for _ in range(4)]
    places = [PlaceFactory(country=country) for country in ("GB", "KE", "SE", "ES", "KE")]
    author = UserFactory(username="author")
    return {"rng": rng, "terms": terms, "methods": methods, "places": places, "author": author}


def _new_case(world) -> Case:
    rng = world["rng"]
    case = CaseFactory(
        created_by=world["author"],
        place=rng.choice([*Place.objects.all(), None]),
        original_language=rng.choice(["en", "es", "sv", ""]),
        status=rng.choice([Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT, Status.UNPUBLISHED]),
    )
    for field in FIELDS:
        getattr(case, field).set(rng.sample(list(Term.objects.filter(vocabulary=FIELDS[field])), rng.randint(0, 3)))
    case.methods.set(rng.sample(list(Method.objects.all()), rng.randint(0, 2)))
    return case


def test_every_trigger_is_installed_after_the_migrations():
    """SQLite drops a table's triggers when a migration rebuilds the table: a migration that
    alters knowledge_case, a facet link table or places_place that way must end with
    knowledge.facet_counts.recreate_triggers, or the counts stop following the writes."""
    assert len(facet_counts.trigger_names()) == 16
    missing = set(facet_counts.trigger_names()) - facet_counts.installed_triggers()
    assert not missing, f"dropped by a migration, add facet_counts.recreate_triggers after it: {sorted(missing)}"


def test_counts_follow_every_kind_of_write(world):
    """A seeded random series of writes, each path that can move a count: services (publish,
    unpublish, edit, delete, method publishing, place and term merges, term deletion), the ORM
    (saves, m2m add/remove/set/clear, queryset updates and deletes, bulk inserts), and raw SQL."""
    rng = world["rng"]
    staff = UserFactory(username="staffer", is_staff=True)
    for _ in range(8):
        _new_case(world)
    _assert_counts_exact()

    def a_case() -> Case:
        return rng.choice(list(Case.objects.all()))

    def publish() -> None:
        case = a_case()
        if case.status != Status.PUBLISHED:
            publish_case(acting_user=staff if case.status == Status.UNPUBLISHED else world["author"], case=case)

    def unpublish() -> None:
        case = rng.choice(list(Case.objects.filter(PUBLISHED)) or [None])
        if case:
            unpublish_case(acting_user=staff, case=case, reason="Test takedown.")

    def edit() -> None:
        case = a_case()
        update_case(acting_user=world["author"], case=case, data={"original_language": rng.choice(["en", "ca", "sv"])})

    def delete() -> None:
        delete_case(acting_user=staff, case=a_case())

    def move_place() -> None:
        case = a_case()
        case.place = rng.choice([*Place.objects.all(), None])
        case.save()

    def relink() -> None:
        case, field = a_case(), rng.choice(list(FIELDS))
        terms = list(Term.objects.filter(vocabulary=FIELDS[field]))
        action = rng.choice(["add", "remove", "set", "clear"])
        related = getattr(case, field)
        if action == "add":
            related.add(rng.choice(terms))
        elif action == "remove":
            related.remove(*related.all()[:1])
        elif action == "set":
            related.set(rng.sample(terms, min(2, len(terms))))
        else:
            related.clear()

    def methods() -> None:
        case = a_case()
        case.methods.set(rng.sample(list(Method.objects.all()), 2))

    def method_status() -> None:
        method = rng.choice(world["methods"])
        method.refresh_from_db()
        if method.status == Status.PUBLISHED:
            unpublish_method(acting_user=staff, method=method, reason="Test takedown.")
        else:
            publish_method(acting_user=staff, method=method)

    def country() -> None:
        place = rng.choice(list(Place.objects.all()))
        place.country = rng.choice(["GB", "KE", "BR", "NZ"])
        place.save()

    def merge_place() -> None:
        places = list(Place.objects.all())
        if len(places) > 2:
            keep, other = rng.sample(places, 2)
            merge_places(acting_user=None, keep=keep, duplicates=[other])

    def merge_term() -> None:
        vocabulary = rng.choice(list(FIELDS.values()))
        terms = list(Term.objects.filter(vocabulary=vocabulary))
        if len(terms) > 2:
            keep, other = rng.sample(terms, 2)
            move_references(duplicate=other, keep=keep)
            other.delete()

    def remove_term() -> None:
        terms = list(Term.objects.filter(vocabulary=Vocabulary.GENERAL_ISSUE))
        if len(terms) > 2:
            delete_term(acting_user=staff, term=rng.choice(terms))

    def bulk() -> None:
        place = rng.choice(list(Place.objects.all()))
        created = Case.objects.bulk_create(
            [
                Case(title=f"Bulk {rng.random()}", slug=f"bulk-{rng.randint(0, 10**9)}", place=place,
                     status=Status.PUBLISHED, published_at=timezone.now(), created_by=world["author"])
                for _ in range(3)
            ]
        )
        terms = list(Term.objects.filter(vocabulary=Vocabulary.GENERAL_ISSUE))
        through = Case.general_issues.through
        through.objects.bulk_create([through(case_id=c.pk, term_id=rng.choice(terms).pk) for c in created])

    def queryset_writes() -> None:
        ids = [c.pk for c in rng.sample(list(Case.objects.all()), 2)]
        if rng.random() < 0.5:
            Case.objects.filter(pk__in=ids).update(status=Status.PUBLISHED, published_at=timezone.now())
        else:
            Case.objects.filter(pk__in=ids[:1]).delete()

    def raw_sql() -> None:
        case = a_case()
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Case._meta.db_table} SET original_language = %s WHERE id = %s", ["de", case.pk]  # noqa: S608
            )

    operations = [
        publish, unpublish, edit, delete, move_place, relink, relink, methods, method_status, country, merge_place,
        merge_term, remove_term, bulk, queryset_writes, raw_sql, lambda: _new_case(world),
    ]
    for step in range(60):
        operation = operations[step] if step < len(operations) else rng.choice(operations)
        operation()
        _assert_counts_exact()
    assert Case.objects.filter(PUBLISHED).exists()


def test_a_draft_or_unpublished_case_is_never_counted(client, world):
    """Nothing of a case a visitor may not see reaches the counts or the page: not its country,
    language, terms or method, even while they are the only ones of their kind."""
    secret_issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Secret issue", slug="secret-issue")
    secret_method = MethodFactory(title="Secret method", slug="secret-method")
    for status in (Status.DRAFT, Status.UNPUBLISHED):
        case = CaseFactory(status=status, place=PlaceFactory(country="NZ"), original_language="fi")
        case.general_issues.add(secret_issue)
        case.methods.add(secret_method)
    CaseFactory(place=PlaceFactory(country="GB"))
    rows = CaseFacetCount.objects.filter(n__gt=0)
    assert not rows.filter(Q(value__in=["NZ", "fi"]) | Q(ref__in=[secret_issue.pk, secret_method.pk])).exists()
    content = client.get(reverse("knowledge:case-list")).content.decode()
    assert "Secret issue" not in content and "Secret method" not in content and "New Zealand" not in content
    assert "United Kingdom" in content
    _assert_counts_exact()


def test_the_unfiltered_list_reads_the_stored_counts_and_a_filtered_one_groups_the_rest(
    world, django_assert_num_queries
):
    for _ in range(6):
        _new_case(world).general_issues.add(world["terms"]["general_issues"][0])
    Case.objects.update(status=Status.PUBLISHED, published_at=timezone.now())
    assert CaseFacetCount.objects.filter(n__gt=0).count() > 3
    CaseFacetCount.objects.update(n=999)  # what the unfiltered list shows comes from the table
    assert {n for f in case_list(filters={}, cursor=None).facets for n in (o.count for o in f.options)} == {999}
    issue = world["terms"]["general_issues"][0].slug
    two = case_list(filters={"issue": [issue], "country": ["GB", "KE", "SE", "ES"]}, cursor=None)
    assert 999 not in {o.count for f in two.facets for o in f.options}
    searched = case_list(filters={}, cursor=None, search="Case")
    assert 999 not in {o.count for f in searched.facets for o in f.options}
    # Filtered by one facet: that facet's own counts (over every published case) are the stored
    # ones, the others are grouped over the matching cases: the issue's counts stored, the other
    # facets' and the total in one statement, the page with its cards.
    with django_assert_num_queries(3):
        single = case_list(filters={"issue": [issue]}, cursor=None)
        by_name = {f.name: {o.count for o in f.options} for f in single.facets}
    assert by_name["issue"] == {999} and 999 not in by_name["scope"] | by_name["country"]


def test_rebuild_command_restores_the_counts(world, capsys):
    for _ in range(6):
        _new_case(world)
    Case.objects.update(status=Status.PUBLISHED, published_at=timezone.now())
    assert CaseFacetCount.objects.filter(n__gt=0).count() > 3
    CaseFacetCount.objects.all().delete()
    CaseFacetCount.objects.create(facet="country", value="ZZ", n=4)
    call_command("rebuild_case_facet_counts")
    assert "rows" in capsys.readouterr().out
    _assert_counts_exact()
    assert not CaseFacetCount.objects.filter(value="ZZ").exists()


def _first_holds_while_second_writes(first, second) -> None:
    """Run ``first`` in a transaction that stays open 0.3 s after its write, and ``second`` (in
    its own transaction, on another connection) once ``first`` has written: what a trigger of
    ``second`` reads is then being changed by ``first``, uncommitted."""
    import threading
    import time

    from django.db import connections, transaction

    written = threading.Event()
    errors: list[BaseException] = []

    def run_first() -> None:
        try:
            with transaction.atomic():
                first()
                written.set()
                time.sleep(0.3)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            written.set()
        finally:
            connections.close_all()

    def run_second() -> None:
        try:
            written.wait(5)
            with transaction.atomic():
                second()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "scenario",
    ["link while unpublished", "publish while linked", "move while recountried", "recountry while published"],
)
def test_concurrent_writes_leave_the_counts_exact(scenario):
    """PostgreSQL, two transactions at once, each moving counts the other's trigger reads: the
    share locks the triggers take make the second wait for the first (SQLite has one writer)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Water")
    place = PlaceFactory(country="KE")
    published = CaseFactory(place=place)
    draft = CaseFactory(place=place, status=Status.DRAFT, published_at=None)
    draft.general_issues.add(issue)
    elsewhere = CaseFactory(place=PlaceFactory(country="SE"))

    def publish_draft() -> None:
        Case.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED, published_at=timezone.now())

    steps = {
        "link while unpublished": (
            lambda: published.general_issues.add(issue),
            lambda: Case.objects.filter(pk=published.pk).update(status=Status.DRAFT),
        ),
        "publish while linked": (publish_draft, lambda: draft.general_issues.add(TermFactory(label="Energy"))),
        "move while recountried": (
            lambda: Case.objects.filter(pk=elsewhere.pk).update(place=place),
            lambda: Place.objects.filter(pk=place.pk).update(country="TZ"),
        ),
        "recountry while published": (lambda: Place.objects.filter(pk=place.pk).update(country="TZ"), publish_draft),
    }
    _first_holds_while_second_writes(*steps[scenario])
    assert facet_counts.stored_counts() == facet_counts.grouped_counts()


@pytest.mark.django_db(transaction=True)
def test_recreate_triggers_restores_what_a_table_rebuild_drops():
    """What a later migration that rebuilds a watched table ends with: the triggers back and the
    counts recomputed (a write made while they were gone included)."""
    with connection.schema_editor() as editor:
        facet_counts.drop_triggers(editor)
    assert facet_counts.installed_triggers() == set()
    CaseFactory(place=PlaceFactory(country="KE")).general_issues.add(TermFactory(label="Water"))
    assert facet_counts.stored_counts() == []
    with connection.schema_editor() as editor:
        facet_counts.recreate_triggers(editor)
    assert facet_counts.installed_triggers() == set(facet_counts.trigger_names())
    assert facet_counts.stored_counts() == facet_counts.grouped_counts() != []
    CaseFactory(place=PlaceFactory(country="SE"))
    assert ("country", 0, "SE", 1) in facet_counts.stored_counts()


def test_the_total_is_no_row_without_published_cases_and_one_row_with_them():
    CaseFactory(status=Status.DRAFT)
    assert [row for row in facet_counts.grouped_counts() if row[0] == facet_counts.TOTAL] == []
    CaseFactory(status=Status.PUBLISHED)
    CaseFactory(status=Status.PUBLISHED)
    total = [(facet_counts.TOTAL, 0, "", 2)]
    assert [row for row in facet_counts.grouped_counts() if row[0] == facet_counts.TOTAL] == total
    assert [row for row in facet_counts.stored_counts() if row[0] == facet_counts.TOTAL] == total
