"""Reads: facets, related cases, series navigation and the panels other pages use."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    MethodFactory,
    OrganisationFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    TermFactory,
)
from translocal.knowledge import selectors
from translocal.knowledge.models import Completeness, Status
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def issues():
    return {
        name: TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label=name.title(), slug=name)
        for name in ("health", "housing", "energy")
    }


def _options(result, facet_name):
    facet = next(f for f in result.facets if f.name == facet_name)
    return {o.value: (o.count, o.selected) for o in facet.options}


def test_case_list_shows_only_published_cases_newest_first():
    old = CaseFactory(published_at=_ago(5))
    new = CaseFactory(published_at=_ago(1))
    CaseFactory(status=Status.DRAFT, published_at=None)
    result = selectors.case_list(filters={}, cursor=None)
    assert result.page.items == [new, old]


def test_facet_counts_and_or_within_and_across_facets(issues):
    gb, ke = PlaceFactory(country="GB"), PlaceFactory(country="KE")
    a = CaseFactory(place=gb)
    a.general_issues.add(issues["health"])
    b = CaseFactory(place=ke)
    b.general_issues.add(issues["health"], issues["housing"])
    c = CaseFactory(place=ke, original_language="sw")
    c.general_issues.add(issues["energy"])

    everything = selectors.case_list(filters={}, cursor=None)
    assert _options(everything, "issue") == {
        "health": (2, False),
        "housing": (1, False),
        "energy": (1, False),
    }
    assert _options(everything, "country") == {"KE": (2, False), "GB": (1, False)}
    assert _options(everything, "language") == {"en": (2, False), "sw": (1, False)}

    either = selectors.case_list(filters={"issue": ["housing", "energy"]}, cursor=None)
    assert set(either.page.items) == {b, c}
    # A facet's own choice does not narrow its counts; the other facets do.
    assert _options(either, "issue")["health"] == (2, False)
    assert _options(either, "country") == {"KE": (2, False)}

    both = selectors.case_list(filters={"issue": ["health"], "country": ["KE"]}, cursor=None)
    assert both.page.items == [b]
    assert _options(both, "issue")["housing"] == (1, False)
    assert _options(both, "country") == {"KE": (1, True), "GB": (1, False)}


def test_method_facet_filters_by_method_slug():
    method = MethodFactory(title="Citizens' assembly")
    used = CaseFactory()
    used.methods.add(method)
    CaseFactory()
    result = selectors.case_list(filters={"method": [method.slug]}, cursor=None)
    assert result.page.items == [used]


def test_method_facet_counts_published_methods_and_cases_only_commonest_then_by_title():
    zebra, apple, mango = (MethodFactory(title=t) for t in ("Zebra walk", "Apple forum", "Mango panel"))
    draft_method = MethodFactory(title="Draft method", status=Status.DRAFT, published_at=None)
    for _ in range(2):
        CaseFactory().methods.add(mango)
    CaseFactory().methods.add(zebra, apple, draft_method)
    CaseFactory(status=Status.DRAFT, published_at=None).methods.add(zebra, mango)
    facet = next(f for f in selectors.case_list(filters={}, cursor=None).facets if f.name == "method")
    assert [(o.value, o.label, o.count) for o in facet.options] == [
        (mango.slug, "Mango panel", 2),
        (apple.slug, "Apple forum", 1),
        (zebra.slug, "Zebra walk", 1),
    ]


def test_term_facet_ties_are_ordered_by_label_and_counts_follow_the_other_facets(issues):
    gb = PlaceFactory(country="GB")
    for name in ("housing", "energy", "health"):
        CaseFactory(place=gb).general_issues.add(issues[name])
    CaseFactory(place=PlaceFactory(country="KE")).general_issues.add(issues["health"])
    result = selectors.case_list(filters={"country": ["GB"]}, cursor=None)
    facet = next(f for f in result.facets if f.name == "issue")
    assert [(o.label, o.count) for o in facet.options] == [("Energy", 1), ("Health", 1), ("Housing", 1)]


def test_country_and_language_counts_leave_out_cases_without_a_value(issues):
    se, es = PlaceFactory(country="SE"), PlaceFactory(country="ES")
    CaseFactory(place=se, original_language="sv").general_issues.add(issues["health"])
    CaseFactory(place=es, original_language="es").general_issues.add(issues["health"])
    CaseFactory(place=None, original_language="").general_issues.add(issues["health"])
    CaseFactory(place=es, original_language="es")
    result = selectors.case_list(filters={"issue": ["health"]}, cursor=None)
    country = next(f for f in result.facets if f.name == "country")
    language = next(f for f in result.facets if f.name == "language")
    assert [(o.value, o.label, o.count) for o in country.options] == [("ES", "Spain", 1), ("SE", "Sweden", 1)]
    assert [(o.value, o.label, o.count) for o in language.options] == [
        ("es", "Spanish", 1),
        ("sv", "Swedish", 1),
    ]


def test_unknown_facet_value_matches_nothing_and_stays_selected():
    CaseFactory()
    result = selectors.case_list(filters={"issue": ["no-such-issue"]}, cursor=None)
    assert result.page.items == []
    assert _options(result, "issue") == {"no-such-issue": (0, True)}


def _countries(n):
    """n countries with 1..n cases each, so the commonest comes first."""
    codes = ["GB", "KE", "ZA", "SE", "ES", "FR", "DE", "IT", "PT", "PL", "IE", "NL", "BE", "DK"][:n]
    for i, code in enumerate(codes):
        place = PlaceFactory(country=code)
        for _ in range(n - i):
            CaseFactory(place=place)
    return codes


def test_a_facet_shows_its_first_eight_options_and_keeps_the_rest_for_the_disclosure():
    codes = _countries(11)
    facet = next(f for f in selectors.case_list(filters={}, cursor=None).facets if f.name == "country")
    assert [o.value for o in facet.shown] == codes[:8]
    assert [o.value for o in facet.more] == codes[8:]
    assert [o.count for o in facet.more] == [3, 2, 1]


def test_a_chosen_option_from_the_tail_is_shown_with_the_first_eight():
    codes = _countries(11)
    result = selectors.case_list(filters={"country": [codes[10]]}, cursor=None)
    facet = next(f for f in result.facets if f.name == "country")
    assert [o.value for o in facet.shown] == [*codes[:8], codes[10]]
    assert [o.value for o in facet.more] == codes[8:10]


def test_facet_options_are_capped_but_a_chosen_rare_one_is_kept(monkeypatch):
    monkeypatch.setattr("translocal.knowledge.selectors.cases.MAX_FACET_OPTIONS", 9)
    codes = _countries(11)
    everything = selectors.case_list(filters={}, cursor=None)
    assert len(_options(everything, "country")) == 9
    chosen = selectors.case_list(filters={"country": [codes[10]]}, cursor=None)
    assert _options(chosen, "country")[codes[10]] == (1, True)


def test_case_list_pages_by_cursor():
    cases = [CaseFactory(published_at=_ago(i)) for i in range(5)]
    first = selectors.case_list(filters={}, cursor=None, size=2)
    second = selectors.case_list(filters={}, cursor=first.page.next_cursor, size=2)
    back = selectors.case_list(filters={}, cursor=second.page.previous_cursor, size=2)
    assert first.page.items == cases[:2] and second.page.items == cases[2:4] and back.page.items == cases[:2]


def test_related_cases_ranked_by_shared_issues_and_methods(issues):
    method = MethodFactory()
    case = CaseFactory()
    case.general_issues.add(issues["health"], issues["housing"])
    case.methods.add(method)
    three = CaseFactory(published_at=_ago(9))
    three.general_issues.add(issues["health"], issues["housing"])
    three.methods.add(method)
    one = CaseFactory(published_at=_ago(1))
    one.general_issues.add(issues["health"])
    two = CaseFactory(published_at=_ago(5))
    two.general_issues.add(issues["housing"])
    two.methods.add(method)
    draft = CaseFactory(status=Status.DRAFT, published_at=None)
    draft.general_issues.add(issues["health"], issues["housing"])
    unrelated = CaseFactory()
    unrelated.general_issues.add(issues["energy"])

    loaded = selectors.case_detail_queryset().get(pk=case.pk)
    related = selectors.related_cases(case=loaded)
    assert related == [three, two, one]
    assert [c.shared for c in related] == [3, 2, 1]


def test_related_cases_is_one_query(django_assert_num_queries, issues):
    case = CaseFactory()
    case.general_issues.add(issues["health"])
    for _ in range(8):
        CaseFactory().general_issues.add(issues["health"])
    loaded = selectors.case_detail_queryset().get(pk=case.pk)
    with django_assert_num_queries(1):
        assert len(selectors.related_cases(case=loaded)) == 6


def test_series_nav_counts_published_posts_only():
    series = SeriesFactory()
    first = ReflectionFactory(series=series, series_position=1)
    ReflectionFactory(series=series, series_position=2, status=Status.DRAFT, published_at=None)
    third = ReflectionFactory(series=series, series_position=3)
    fourth = ReflectionFactory(series=series, series_position=4)
    nav = selectors.series_nav(reflection=third)
    assert (nav.number, nav.total, nav.previous, nav.next) == (2, 3, first, fourth)
    assert selectors.series_nav(reflection=ReflectionFactory()) is None


def test_series_nav_is_one_statement_at_either_end_and_for_a_draft(django_assert_num_queries):
    series = SeriesFactory()
    first = ReflectionFactory(series=series, series_position=1, title="First <post>")
    draft = ReflectionFactory(series=series, series_position=2, status=Status.DRAFT, published_at=None)
    last = ReflectionFactory(series=series, series_position=5, title="Last post")
    for reflection in (first, draft, last):
        reflection.refresh_from_db()
        reflection.series  # noqa: B018 - loaded before the count, as the page's header loads it
    with django_assert_num_queries(1):
        at_first = selectors.series_nav(reflection=first)
    assert (at_first.number, at_first.total, at_first.previous, at_first.provisional) == (1, 2, None, False)
    assert (at_first.next.pk, at_first.next.slug, at_first.next.title) == (last.pk, last.slug, "Last post")
    assert at_first.next.series_position == 5
    at_last = selectors.series_nav(reflection=last)
    assert (at_last.number, at_last.total, at_last.previous, at_last.next) == (2, 2, first, None)
    assert at_last.previous.title == "First <post>"
    between = selectors.series_nav(reflection=draft)  # where it would stand if published now
    assert (between.number, between.total, between.previous, between.next) == (2, 3, first, last)
    assert between.provisional
    alone = ReflectionFactory(series=SeriesFactory(), series_position=1, status=Status.DRAFT, published_at=None)
    nav = selectors.series_nav(reflection=alone)
    assert (nav.number, nav.total, nav.previous, nav.next) == (1, 1, None, None)


def test_series_posts_are_numbered_among_published_posts():
    series = SeriesFactory()
    ReflectionFactory(series=series, series_position=1)
    ReflectionFactory(series=series, series_position=2, status=Status.DRAFT, published_at=None)
    ReflectionFactory(series=series, series_position=3)
    page = selectors.series_posts(series=series, cursor=None)
    assert [(r.series_position, r.published_rank) for r in page.items] == [(1, 1), (3, 2)]


def test_series_overview_counts_published_posts_and_orders_by_latest():
    quiet, busy, empty = SeriesFactory(), SeriesFactory(), SeriesFactory()
    ReflectionFactory(series=quiet, series_position=1, published_at=_ago(30))
    ReflectionFactory(series=busy, series_position=1, published_at=_ago(20))
    ReflectionFactory(series=busy, series_position=2, published_at=_ago(1))
    ReflectionFactory(series=busy, series_position=3, status=Status.DRAFT, published_at=None)
    ReflectionFactory(series=empty, series_position=1, status=Status.DRAFT, published_at=None)
    overview = list(selectors.series_overview())
    assert overview == [busy, quiet]
    assert [s.published_count for s in overview] == [2, 1]


def test_series_overview_is_the_orm_grouping_of_every_series():
    """The plain statement gives the series, counts and latest dates (aware datetimes) that the
    ORM's grouping gives, in its order: ties of the latest post by the newer series first,
    drafts not counted, series without a published post left out, ``limit`` of them."""
    from django.db.models import F  # noqa: PLC0415

    from translocal.knowledge.selectors.reflections import _series_with_counts  # noqa: PLC0415

    same_day = _ago(5)
    series = [SeriesFactory() for _ in range(8)]
    for i, one in enumerate(series):
        for position in range(1, i % 4 + 1):
            published_at = same_day if i in (2, 5) else _ago(i + position)
            ReflectionFactory(series=one, series_position=position, published_at=published_at)
        ReflectionFactory(series=one, series_position=9, status=Status.DRAFT, published_at=None)
    for limit in (3, 6, 20):
        orm = list(
            _series_with_counts()
            .filter(published_count__gt=0)
            .order_by(F("latest_published_at").desc(nulls_last=True), "-id")[:limit]
        )
        plain = selectors.series_overview(limit=limit)
        assert plain == orm
        assert [(s.published_count, s.latest_published_at) for s in plain] == [
            (s.published_count, s.latest_published_at) for s in orm
        ]
        assert all(s.latest_published_at.tzinfo is not None for s in plain)


def test_featured_cases_put_featured_then_complete_first():
    plain = CaseFactory(published_at=_ago(1))
    complete = CaseFactory(published_at=_ago(3), completeness=Completeness.COMPLETE)
    featured = CaseFactory(published_at=_ago(9), featured=True)
    CaseFactory(featured=True, status=Status.DRAFT, published_at=None)
    assert list(selectors.featured_cases()) == [featured, complete, plain]


def test_featured_cases_go_from_the_most_complete_down():
    """featured_cases orders by the stored values (an index's order): they must sort from the
    most complete down, so a new value of Completeness has to keep that true."""
    stub = CaseFactory(published_at=_ago(1), completeness=Completeness.STUB)
    partial = CaseFactory(published_at=_ago(2), completeness=Completeness.PARTIAL)
    complete = CaseFactory(published_at=_ago(3), completeness=Completeness.COMPLETE)
    assert sorted(Completeness.values) == [Completeness.COMPLETE, Completeness.PARTIAL, Completeness.STUB]
    assert list(selectors.featured_cases()) == [complete, partial, stub]


def test_latest_reflections_and_reflections_for_place():
    place = PlaceFactory()
    here = ReflectionFactory(published_at=_ago(2))
    here.places.add(place)
    newest = ReflectionFactory(published_at=_ago(1))
    ReflectionFactory(status=Status.DRAFT, published_at=None).places.add(place)
    assert list(selectors.latest_reflections(limit=2)) == [newest, here]
    assert list(selectors.reflections_for_place(place=place)) == [here]


def test_cases_for_place():
    place = PlaceFactory()
    case = CaseFactory(place=place)
    CaseFactory(place=place, status=Status.DRAFT, published_at=None)
    CaseFactory()
    assert list(selectors.cases_for_place(place=place)) == [case]


def test_cases_for_organisation_lists_its_published_cases_newest_first():
    organisation = OrganisationFactory()
    older, newer = CaseFactory(published_at=_ago(3)), CaseFactory(published_at=_ago(1))
    draft = CaseFactory(status=Status.DRAFT, published_at=None)
    for case in (older, newer, draft):
        case.organisations.add(organisation)
    CaseFactory().organisations.add(OrganisationFactory())
    assert list(selectors.cases_for_organisation(organisation=organisation)) == [newer, older]
    assert list(selectors.cases_for_organisation(organisation=organisation, limit=1)) == [newer]


def test_entries_by_author_shows_drafts_only_to_the_author(author, other):
    published = ReflectionFactory(created_by=other)
    AuthorshipFactory(reflection=published, user=author)
    draft = ReflectionFactory(created_by=author, status=Status.DRAFT, published_at=None)
    case = CaseFactory(created_by=author)
    MethodFactory(created_by=author, status=Status.DRAFT, published_at=None)
    own = selectors.entries_by_author(author=author, viewer=author)
    seen = selectors.entries_by_author(author=author, viewer=other)
    assert set(own["reflections"]) == {published, draft} and len(own["methods"]) == 1
    assert seen["reflections"] == [published] and seen["cases"] == [case] and seen["methods"] == []


def test_published_counts():
    CaseFactory.create_batch(2)
    CaseFactory(status=Status.DRAFT, published_at=None)
    MethodFactory()
    series = SeriesFactory()
    ReflectionFactory(series=series, series_position=1)
    assert selectors.published_counts() == {"cases": 2, "methods": 1, "reflections": 1}


def test_drafts_for_lists_own_unpublished_entries(author, other):
    mine = CaseFactory(created_by=author, status=Status.DRAFT, published_at=None)
    CaseFactory(created_by=other, status=Status.DRAFT, published_at=None)
    CaseFactory(created_by=author)
    assert [c.pk for c in selectors.drafts_for(user=author, model=type(mine))] == [mine.pk]
