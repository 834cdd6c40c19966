"""Writes: slugs, publishing, Markdown, completeness, authors and series positions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CaseFactory,
    MethodFactory,
    ReflectionFactory,
    SeriesFactory,
    TermFactory,
    UserFactory,
)
from translocal.core.caching import content_version
from translocal.knowledge import services
from translocal.knowledge.completeness import completeness_from_values
from translocal.knowledge.models import Case, Completeness, Reflection, SeriesProposal, Status
from translocal.knowledge.services import AuthorInput
from translocal.search.models import SearchEntry
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(monkeypatch):
    """Records each (model, pk) the search index is synced for once a write commits (what the
    index then holds is search's job and tested there)."""
    from translocal.search import services as search_services

    calls = []
    sync_now = search_services.sync_now

    def record(model, pk):  # noqa: ANN001, ANN202
        calls.append((model, pk))
        return sync_now(model, pk)

    monkeypatch.setattr(search_services, "sync_now", record)
    return calls


# --- slugs and publishing -------------------------------------------------------------------


def test_new_case_is_a_draft_with_a_slug_from_its_title(author):
    case = services.create_case(acting_user=author, data={"title": "Participatory Budgeting in Porto Alegre"})
    assert case.slug == "participatory-budgeting-in-porto-alegre"
    assert case.status == Status.DRAFT and case.published_at is None


def test_clashing_titles_get_numbered_slugs(author):
    first = services.create_case(acting_user=author, data={"title": "Citizens' Assembly"})
    second = services.create_case(acting_user=author, data={"title": "Citizens’ Assembly"})
    third = services.create_case(acting_user=author, data={"title": "Citizens Assembly"})
    assert [first.slug, second.slug, third.slug] == [
        "citizens-assembly",
        "citizens-assembly-2",
        "citizens-assembly-3",
    ]


def test_slug_keeps_non_latin_letters(author):
    case = services.create_case(acting_user=author, data={"title": "Göteborg medborgarbudget"})
    assert case.slug == "göteborg-medborgarbudget"


def test_editing_the_title_keeps_the_address(author):
    case = services.create_case(acting_user=author, data={"title": "Old title"})
    services.update_case(acting_user=author, case=case, data={"title": "New title"})
    case.refresh_from_db()
    assert (case.title, case.slug) == ("New title", "old-title")


def test_title_is_required(author):
    with pytest.raises(ValidationError) as info:
        services.create_case(acting_user=author, data={"title": "   "})
    assert "title" in info.value.message_dict


def test_anonymous_visitor_cannot_create(client):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.create_case(acting_user=AnonymousUser(), data={"title": "Nope"})


def test_publishing_sets_the_publication_date(author):
    case = services.create_case(acting_user=author, data={"title": "A case"})
    services.publish_case(acting_user=author, case=case)
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED and case.published_at is not None


def test_republishing_keeps_the_first_publication_date(author, staff):
    case = services.create_case(acting_user=author, data={"title": "A case", "publish": True})
    first = case.published_at
    services.unpublish_case(acting_user=staff, case=case, reason="Off topic.")
    services.publish_case(acting_user=staff, case=case)
    case.refresh_from_db()
    assert case.published_at == first and case.status == Status.PUBLISHED


def test_author_cannot_republish_what_a_moderator_took_down(author, staff):
    case = services.create_case(acting_user=author, data={"title": "A case", "publish": True})
    services.unpublish_case(acting_user=staff, case=case, reason="Off topic.")
    with pytest.raises(PermissionDenied):
        services.publish_case(acting_user=author, case=case)


def test_other_member_cannot_edit(author, other):
    case = services.create_case(acting_user=author, data={"title": "Mine"})
    with pytest.raises(PermissionDenied):
        services.update_case(acting_user=other, case=case, data={"title": "Theirs"})


def test_end_before_start_is_refused_with_a_field_error(author):
    with pytest.raises(ValidationError) as info:
        services.create_case(
            acting_user=author,
            data={"title": "Dates", "start_date": dt.date(2021, 1, 2), "end_date": dt.date(2021, 1, 1)},
        )
    assert "end_date" in info.value.message_dict
    assert not Case.objects.exists()


def test_every_write_updates_the_search_index(author, staff, indexed):
    case = services.create_case(acting_user=author, data={"title": "Indexed"})
    services.update_case(acting_user=author, case=case, data={"summary": "More"})
    services.publish_case(acting_user=author, case=case)
    services.unpublish_case(acting_user=staff, case=case, reason="Off topic.")
    # Once per write, after it commits; the index follows the visibility.
    assert indexed == [(Case, case.pk)] * 4
    assert not SearchEntry.objects.filter(kind="case", object_id=case.pk).exists()


def test_side_effects_wait_for_the_commit_and_run_once(author, indexed):
    from translocal.core.caching import pending_bumps
    from translocal.core.side_effects import pending

    before = content_version()
    with transaction.atomic():
        case = services.create_case(acting_user=author, data={"title": "Twice", "publish": True})
        services.update_case(acting_user=author, case=case, data={"summary": "Again"})
        assert indexed == [] and content_version() == before
        assert pending() == [
            ("search", "knowledge.case", case.pk), ("embed", "case", case.pk), ("sdg-suggest", "case", case.pk),
            ("content_changed",),
        ]
        assert pending_bumps() == ["area:knowledge", "private"]
    assert indexed == [(Case, case.pk)]
    assert content_version() == before + 1
    assert SearchEntry.objects.filter(kind="case", object_id=case.pk, title="Twice").exists()


def test_a_draft_moves_only_the_private_version_so_shared_cached_pages_stay(author, staff):
    """One member saving drafts (bench/abuse.py) must not put every reader on the cold path.
    Once published, every later write counts as public, a takedown included."""
    from translocal.core.caching import PRIVATE

    site, private = content_version(), content_version(name=PRIVATE)
    case = services.create_case(acting_user=author, data={"title": "Quietly drafted"})
    services.update_case(acting_user=author, case=case, data={"summary": "Still a draft"})
    assert (content_version(), content_version(name=PRIVATE)) == (site, private + 2)
    services.publish_case(acting_user=author, case=case)
    services.unpublish_case(acting_user=staff, case=case, reason="Off topic.")
    services.update_case(acting_user=author, case=case, data={"summary": "Edited after the takedown"})
    assert (content_version(), content_version(name=PRIVATE)) == (site + 3, private + 2)


def test_a_rolled_back_write_leaves_the_index_and_caches_alone(author, indexed):
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_case(acting_user=author, data={"title": "Never", "publish": True})
        raise RuntimeError("rolled back")
    assert indexed == [] and content_version() == before
    assert not SearchEntry.objects.filter(title="Never").exists()


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_body_is_rendered_and_sanitised(author):
    body = (
        "Hello **world**\n\n<script>alert('x')</script>\n\n"
        '<a href="https://example.org" onclick="steal()">link</a>\n\n[md](https://example.com)'
    )
    reflection = services.create_reflection(acting_user=author, data={"title": "Safe", "body": body})
    html = reflection.body_html
    assert "<strong>world</strong>" in html
    assert "<script" not in html and "onclick" not in html and "steal()" not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_javascript_links_are_dropped(author):
    method = services.create_method(acting_user=author, data={"title": "M", "body": "[x](javascript:alert(1))"})
    assert "javascript:" not in method.body_html


# --- completeness ---------------------------------------------------------------------------


def test_case_without_structure_is_a_stub(author):
    case = services.create_case(acting_user=author, data={"title": "Bare", "body": "Some text."})
    assert case.completeness == Completeness.STUB


def test_case_with_text_and_several_fields_is_partial(author):
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health")
    scope = TermFactory(vocabulary=Vocabulary.SCOPE, label="City")
    case = services.create_case(
        acting_user=author,
        data={
            "title": "Partial",
            "body": "Text",
            "general_issues": [issue],
            "scope_of_influence": [scope],
            "start_date": dt.date(2020, 1, 1),
            "mode": "online",
            "number_of_participants": 40,
        },
    )
    case.refresh_from_db()
    assert case.completeness == Completeness.PARTIAL


def test_completeness_from_counts_for_importers():
    values = {name: 1 for name in ("general_issues", "specific_topics", "purposes", "approaches", "methods")}
    values.update(
        place=3,
        start_date="2020-01-01",
        number_of_participants=12,
        open_limited="open",
        mode="both",
        facilitated=False,
        impact_evidence="yes",
        formal_evaluation="no",
        public_spectrum=5,
        recruitment_method=2,
        scope_of_influence=1,
        targeted_participants=2,
        decision_methods=1,
    )
    assert completeness_from_values(values, has_text=True) == Completeness.COMPLETE
    assert completeness_from_values(values, has_text=False) == Completeness.STUB
    assert completeness_from_values({"general_issues": []}, has_text=True) == Completeness.STUB


# --- authors --------------------------------------------------------------------------------


def test_creator_is_the_default_author(author):
    reflection = services.create_reflection(acting_user=author, data={"title": "Mine"})
    assert [a.user for a in reflection.authorships.all()] == [author]


def test_reflection_with_member_and_guest_authors(author, other):
    reflection = services.create_reflection(
        acting_user=author,
        data={
            "title": "Together",
            "authors": [
                AuthorInput(guest_name="Amani Otieno", guest_affiliation="Kisumu youth forum"),
                AuthorInput(user=author),
                AuthorInput(user=other),
            ],
        },
    )
    names = [(a.name, a.guest_affiliation) for a in reflection.authorships.all()]
    assert names == [("Amani Otieno", "Kisumu youth forum"), (author.name, ""), (other.name, "")]


def test_author_that_is_both_member_and_guest_is_refused(author, other):
    with pytest.raises(ValidationError):
        services.create_reflection(
            acting_user=author, data={"title": "X", "authors": [AuthorInput(user=other, guest_name="Also a guest")]}
        )


def test_member_listed_twice_is_refused(author):
    with pytest.raises(ValidationError):
        services.create_reflection(
            acting_user=author, data={"title": "X", "authors": [AuthorInput(user=author), AuthorInput(user=author)]}
        )


def test_add_and_reorder_authors(author, other):
    reflection = services.create_reflection(acting_user=author, data={"title": "X"})
    guest = services.add_author(
        acting_user=author, reflection=reflection, guest_name="Guest", guest_affiliation="Uni"
    )
    member = services.add_author(acting_user=author, reflection=reflection, member=other)
    first = reflection.authorships.get(user=author)
    services.reorder_authors(
        acting_user=author, reflection=reflection, authorship_ids=[member.pk, guest.pk, first.pk]
    )
    assert [a.pk for a in reflection.authorships.order_by("position")] == [member.pk, guest.pk, first.pk]


def test_reorder_must_list_every_author_once(author):
    reflection = services.create_reflection(acting_user=author, data={"title": "X"})
    with pytest.raises(ValidationError):
        services.reorder_authors(acting_user=author, reflection=reflection, authorship_ids=[])


def test_co_author_may_edit_once_they_accept(author, other):
    reflection = services.create_reflection(
        acting_user=author, data={"title": "X", "authors": [AuthorInput(user=author), AuthorInput(user=other)]}
    )
    with pytest.raises(PermissionDenied):  # named, not yet agreed
        services.update_reflection(acting_user=other, reflection=reflection, data={"summary": "Too soon"})
    services.accept_authorship(acting_user=other, reflection=reflection)
    services.update_reflection(acting_user=other, reflection=reflection, data={"summary": "Co-written"})
    reflection.refresh_from_db()
    assert reflection.summary == "Co-written"


# --- series ---------------------------------------------------------------------------------


def _positions(series):
    return list(
        Reflection.objects.filter(series=series)
        .order_by("series_position")
        .values_list("title", "series_position")
    )


def test_new_posts_are_appended_in_order(author):
    series = SeriesFactory(created_by=author)
    for title in ("One", "Two", "Three"):
        services.create_reflection(
            acting_user=author, data={"title": title, "series": series, "series_position": None}
        )
    assert _positions(series) == [("One", 1), ("Two", 2), ("Three", 3)]


def test_append_goes_after_the_highest_position_even_with_gaps(author):
    series = SeriesFactory(created_by=author)
    ReflectionFactory(series=series, series_position=7, title="Seven")
    reflection = services.create_reflection(acting_user=author, data={"title": "Next", "series": series})
    assert reflection.series_position == 8


def test_append_locks_the_series_row(author):
    series = SeriesFactory(created_by=author)
    reflection = services.create_reflection(acting_user=author, data={"title": "Loose"})
    with CaptureQueriesContext(connection) as queries:
        services.set_reflection_series(acting_user=author, reflection=reflection, series=series)
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"].upper()]
    if connection.features.has_select_for_update:
        assert locks and "knowledge_series" in locks[0]
    else:  # SQLite: the IMMEDIATE transaction serialises writers instead
        assert reflection.series_position == 1


def test_series_editor_inserts_at_a_position_and_later_posts_move_down(author):
    series = SeriesFactory(created_by=author)
    for title in ("A", "B", "C"):
        services.create_reflection(acting_user=author, data={"title": title, "series": series})
    services.create_reflection(
        acting_user=author, data={"title": "New second", "series": series, "series_position": 2}
    )
    assert _positions(series) == [("A", 1), ("New second", 2), ("B", 3), ("C", 4)]


def test_moving_a_post_within_its_series_keeps_positions_unique(author):
    series = SeriesFactory(created_by=author)
    posts = [services.create_reflection(acting_user=author, data={"title": t, "series": series}) for t in "ABCD"]
    services.set_reflection_series(acting_user=author, reflection=posts[3], series=series, position=1)
    assert _positions(series) == [("D", 1), ("A", 2), ("B", 3), ("C", 4)]
    services.set_reflection_series(acting_user=author, reflection=posts[3], series=series, position=4)
    assert _positions(series) == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]


def test_leaving_a_series_closes_the_gap(author):
    series = SeriesFactory(created_by=author)
    posts = [services.create_reflection(acting_user=author, data={"title": t, "series": series}) for t in "ABC"]
    services.set_reflection_series(acting_user=author, reflection=posts[0], series=None)
    assert _positions(series) == [("B", 1), ("C", 2)]
    posts[0].refresh_from_db()
    assert posts[0].series_id is None and posts[0].series_position is None


def test_moving_to_another_series_appends_there(author):
    first, second = SeriesFactory(created_by=author), SeriesFactory(created_by=author)
    a = services.create_reflection(acting_user=author, data={"title": "A", "series": first})
    services.create_reflection(acting_user=author, data={"title": "B", "series": first})
    services.create_reflection(acting_user=author, data={"title": "X", "series": second})
    services.update_reflection(acting_user=author, reflection=a, data={"series": second, "series_position": None})
    assert _positions(first) == [("B", 1)]
    assert _positions(second) == [("X", 1), ("A", 2)]


def test_only_series_editors_choose_a_position(author, other):
    series = SeriesFactory(created_by=author)
    services.create_reflection(acting_user=author, data={"title": "A", "series": series})
    with pytest.raises(PermissionDenied):
        services.create_reflection(acting_user=other, data={"title": "B", "series": series, "series_position": 1})


def test_others_propose_a_post_which_the_editors_accept_or_decline(author, other, mailoutbox):
    series = SeriesFactory(created_by=author, title="Trans-local learning")
    services.create_reflection(acting_user=author, data={"title": "Editor's post", "series": series})
    other.email = "other@example.org"
    other.save()
    guest = services.create_reflection(acting_user=other, data={"title": "Guest post", "series": series})
    guest.refresh_from_db()
    assert guest.series_id is None and guest.series_position is None  # not "post 2" yet
    proposal = SeriesProposal.objects.get(reflection=guest)
    assert proposal.status == "pending" and proposal.series == series and proposal.proposed_by == other
    with pytest.raises(PermissionDenied):
        services.accept_series_proposal(acting_user=other, proposal=proposal)
    services.accept_series_proposal(acting_user=author, proposal=proposal)
    guest.refresh_from_db()
    assert (guest.series_id, guest.series_position) == (series.pk, 2)
    # The editor was told of the proposal; the proposer is told of the decision.
    assert [mail.to for mail in mailoutbox] == [[author.email], ["other@example.org"]]
    assert "proposes the reflection “Guest post”" in mailoutbox[0].body
    assert "accepted your post “Guest post”" in mailoutbox[1].body
    with pytest.raises(ValidationError):
        services.decline_series_proposal(acting_user=author, proposal=proposal)  # already answered

    second = services.create_reflection(acting_user=other, data={"title": "Another", "series": series})
    declined = services.decline_series_proposal(
        acting_user=author, proposal=SeriesProposal.objects.get(reflection=second)
    )
    second.refresh_from_db()
    assert declined.status == "declined" and second.series_id is None
    assert "declined your post “Another”" in mailoutbox[-1].body


def test_saving_a_proposed_post_again_keeps_one_proposal_and_leaving_withdraws_it(author, other):
    series = SeriesFactory(created_by=author)
    post = services.create_reflection(acting_user=other, data={"title": "Guest post", "series": series})
    services.update_reflection(acting_user=other, reflection=post, data={"series": series, "body": "More."})
    assert SeriesProposal.objects.filter(reflection=post, status="pending").count() == 1
    services.update_reflection(acting_user=other, reflection=post, data={"series": None})
    assert not SeriesProposal.objects.filter(reflection=post, status="pending").exists()


def test_failed_write_leaves_nothing_behind(author):
    with pytest.raises(ValidationError):
        services.create_reflection(acting_user=author, data={"title": "X", "authors": []})
    assert not Reflection.objects.exists()


def test_series_title_is_required_and_slug_unique(author):
    services.create_series(acting_user=author, data={"title": "Trans-local learning"})
    again = services.create_series(acting_user=author, data={"title": "Trans-local learning"})
    assert again.slug == "trans-local-learning-2"
    with pytest.raises(ValidationError):
        services.create_series(acting_user=author, data={"title": ""})


def test_only_the_series_creator_or_staff_edit_a_series(author, other, staff):
    series = services.create_series(acting_user=author, data={"title": "S"})
    with pytest.raises(PermissionDenied):
        services.update_series(acting_user=other, series=series, data={"title": "Hijacked"})
    services.update_series(acting_user=staff, series=series, data={"title": "Renamed"})
    series.refresh_from_db()
    assert series.title == "Renamed"


def test_case_links_to_methods_and_terms(author):
    method = MethodFactory()
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Housing")
    case = services.create_case(
        acting_user=author, data={"title": "Linked", "methods": [method], "general_issues": [issue]}
    )
    assert list(case.methods.all()) == [method] and list(case.general_issues.all()) == [issue]


def test_unpublish_by_other_member_is_refused(author, other):
    case = CaseFactory(created_by=author)
    with pytest.raises(PermissionDenied):
        services.unpublish_case(acting_user=other, case=case, reason="Off topic.")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_get_distinct_positions():
    """Two transactions append to one series at the same time; the row lock makes the second
    wait for the first, so both posts get their own position."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    writer = UserFactory()
    series = SeriesFactory(created_by=writer)
    posts = [services.create_reflection(acting_user=writer, data={"title": f"Post {i}"}) for i in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def append(reflection):
        try:
            barrier.wait()
            with transaction.atomic():
                services.set_reflection_series(acting_user=writer, reflection=reflection, series=series)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(p,)) for p in posts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(Reflection.objects.filter(series=series).values_list("series_position", flat=True)) == [
        1,
        2,
    ]


# --- featuring ------------------------------------------------------------------------------


def test_staff_features_a_case_and_it_is_reindexed(staff, indexed):
    case = CaseFactory()
    before = content_version()
    services.set_case_featured(acting_user=staff, case=case, featured=True)
    assert Case.objects.get(pk=case.pk).featured
    assert indexed == [(Case, case.pk)] and content_version() == before + 1


def test_staff_stops_featuring_a_case(staff):
    case = CaseFactory(featured=True)
    services.set_case_featured(acting_user=staff, case=case, featured=False)
    assert not Case.objects.get(pk=case.pk).featured


@pytest.mark.parametrize("who", ["author", "coordinator"])
def test_only_staff_feature_cases(request, hub, who):
    user = request.getfixturevalue(who)
    case = CaseFactory(created_by=request.getfixturevalue("author"), hub=hub)
    with pytest.raises(PermissionDenied):
        services.set_case_featured(acting_user=user, case=case, featured=True)
    assert not Case.objects.get(pk=case.pk).featured


def test_featuring_is_not_an_edit_of_the_case(staff):
    case = CaseFactory()
    updated_at = Case.objects.get(pk=case.pk).updated_at
    services.set_case_featured(acting_user=staff, case=case, featured=True)
    assert Case.objects.get(pk=case.pk).updated_at == updated_at
