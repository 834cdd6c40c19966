"""Pages: status codes, hidden drafts, forms that keep input, POST-only moderation."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    CaseFactory,
    MethodFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    TermFactory,
    UserFactory,
)
from translocal.knowledge.models import Case, Method, Reflection, Status
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["case-list", "method-list", "reflection-list", "series-list"])
def test_list_pages_are_public(client, name):
    assert client.get(reverse(f"knowledge:{name}")).status_code == 200


@pytest.mark.parametrize("factory", [CaseFactory, MethodFactory, ReflectionFactory, SeriesFactory])
def test_detail_pages_are_public(client, factory):
    response = client.get(factory().get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("factory", [CaseFactory, MethodFactory, ReflectionFactory])
def test_drafts_are_not_found_for_others_but_shown_to_the_author(client, author, other, factory):
    draft = factory(created_by=author, status=Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(other)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(author)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and b"badge--draft" in response.content


def test_drafts_do_not_appear_in_lists(client, author):
    CaseFactory(title="Secret plan", created_by=author, status=Status.DRAFT, published_at=None)
    assert b"Secret plan" not in client.get(reverse("knowledge:case-list")).content


def test_author_sees_their_drafts_on_the_list_page(client, author):
    CaseFactory(title="Secret plan", created_by=author, status=Status.DRAFT, published_at=None)
    client.force_login(author)
    content = client.get(reverse("knowledge:case-list")).content.decode()
    assert "Your drafts" in content and "Secret plan" in content


def test_case_detail_shows_structured_facts_and_provenance(client):
    issue = TermFactory(
        vocabulary=Vocabulary.GENERAL_ISSUE, label="Electoral reform", slug="electoral-reform"
    )
    case = CaseFactory(
        source_name="Participedia",
        source_id="1",
        source_url="https://participedia.net/case/1",
        licence="CC BY-NC-SA 3.0",
        number_of_participants=160,
    )
    case.general_issues.add(issue)
    content = client.get(case.get_absolute_url()).content.decode()
    assert (
        "Issues and topics" in content
        and "Electoral reform" in content
        and "?issue=electoral-reform" in content
    )
    assert "160" in content and "CC BY-NC-SA 3.0" in content and "https://participedia.net/case/1" in content


def test_facet_filter_narrows_the_case_list(client):
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Energy", slug="energy")
    CaseFactory(title="Solar coop").general_issues.add(issue)
    CaseFactory(title="Library budget")
    content = client.get(reverse("knowledge:case-list"), {"issue": "energy"}).content.decode()
    assert "Solar coop" in content and "Library budget" not in content
    assert 'name="issue" value="energy" checked' in content


def test_htmx_facet_request_gets_the_results_fragment(client):
    CaseFactory(title="Solar coop")
    response = client.get(reverse("knowledge:case-list"), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200 and "Solar coop" in content
    assert "<html" not in content and 'id="list-browser"' in content


def test_bad_cursor_is_a_400_page_with_a_link_to_the_first_page(client):
    CaseFactory(title="Solar coop")
    response = client.get(reverse("knowledge:case-list"), {"cursor": "not-a-cursor"})
    assert response.status_code == 400 and b"Solar coop" not in response.content
    assert b"Go to the first page of the list" in response.content


def test_create_page_sends_visitors_to_sign_in(client):
    response = client.get(reverse("knowledge:case-create"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_member_creates_a_draft_case(client, author):
    issue = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, label="Health")
    client.force_login(author)
    response = client.post(
        reverse("knowledge:case-create"),
        {
            "title": "Kisumu health forum",
            "original_language": "en",
            "general_issues": [issue.pk],
            "links": "https://example.org Forum site",
            "action": "draft",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.status == Status.DRAFT and case.created_by == author
    assert case.links == [{"url": "https://example.org", "title": "Forum site"}]
    assert list(case.general_issues.all()) == [issue]


def test_save_and_publish_publishes(client, author):
    client.force_login(author)
    client.post(
        reverse("knowledge:method-create"),
        {"title": "World café", "original_language": "en", "action": "publish"},
    )
    method = Method.objects.get()
    assert method.status == Status.PUBLISHED and method.published_at


def test_form_errors_are_shown_and_input_kept(client, author):
    client.force_login(author)
    response = client.post(
        reverse("knowledge:case-create"),
        {
            "title": "",
            "summary": "Keep this summary",
            "original_language": "en",
            "start_date": "2021-05-02",
            "end_date": "2021-05-01",
            "links": "not a link",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert "There is a problem" in content and 'class="error-summary"' in content
    assert 'href="#id_title"' in content and "field--error" in content
    assert "The end date must be the same as or after the start date." in content
    assert "does not start with a web address" in content
    assert "Keep this summary" in content and 'value="2021-05-02"' in content


def test_other_member_cannot_open_the_edit_page(client, author, other):
    case = CaseFactory(created_by=author)
    client.force_login(other)
    assert client.get(reverse("knowledge:case-edit", args=[case.slug])).status_code == 403


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("case-edit", "get"),
        ("method-edit", "get"),
        ("reflection-edit", "get"),
        ("series-edit", "get"),
        ("case-publish", "post"),
        ("case-unpublish", "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in_before_any_change(client, author, name, method):
    """The same answer for a draft, a published entry and no entry at all: nothing leaks."""
    kind = name.split("-")[0]
    factory = {"case": CaseFactory, "method": MethodFactory, "reflection": ReflectionFactory}.get(kind)
    slug = factory(created_by=author).slug if factory else SeriesFactory().slug
    for target in (slug, "no-such-entry"):
        response = getattr(client, method)(reverse(f"knowledge:{name}", args=[target]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_author_edits_and_the_form_is_prefilled(client, author):
    case = CaseFactory(
        created_by=author, title="Original", links=[{"url": "https://a.example", "title": "A"}]
    )
    client.force_login(author)
    url = reverse("knowledge:case-edit", args=[case.slug])
    assert "https://a.example A" in client.get(url).content.decode()
    response = client.post(
        url, {"title": "Renamed", "original_language": "en", "links": "", "action": "save"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Renamed" and case.links == []


@pytest.mark.parametrize("kind", ["case", "method", "reflection"])
def test_moderation_changes_nothing_on_get(client, staff, kind):
    """GET on the takedown address only asks for the reason; lifting is POST-only."""
    factory = {"case": CaseFactory, "method": MethodFactory, "reflection": ReflectionFactory}[kind]
    entry = factory()
    client.force_login(staff)
    response = client.get(reverse(f"knowledge:{kind}-unpublish", args=[entry.slug]))
    assert response.status_code == 200 and b'name="reason"' in response.content
    entry.refresh_from_db()
    assert entry.status == Status.PUBLISHED
    taken_down = factory(status=Status.UNPUBLISHED)
    assert client.get(reverse(f"knowledge:{kind}-lift-moderation", args=[taken_down.slug])).status_code == 405


def test_moderation_needs_a_csrf_token(staff):
    case = CaseFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(reverse("knowledge:case-unpublish", args=[case.slug])).status_code == 403
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED


def test_hub_coordinator_unpublishes_and_the_page_disappears(client, author, coordinator, hub):
    case = CaseFactory(created_by=author, hub=hub)
    client.force_login(coordinator)
    assert b"Take down" in client.get(case.get_absolute_url()).content
    response = client.post(reverse("knowledge:case-unpublish", args=[case.slug]), {"reason": "Names a child."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.UNPUBLISHED
    client.logout()
    assert client.get(case.get_absolute_url()).status_code == 404


def test_other_member_cannot_unpublish(client, other):
    case = CaseFactory()
    client.force_login(other)
    assert client.post(reverse("knowledge:case-unpublish", args=[case.slug]), {"reason": "x"}).status_code == 403
    assert b"Take down" not in client.get(case.get_absolute_url()).content


def test_author_publishes_their_draft(client, author):
    reflection = ReflectionFactory(created_by=author, status=Status.DRAFT, published_at=None)
    client.force_login(author)
    client.post(reverse("knowledge:reflection-publish", args=[reflection.slug]))
    reflection.refresh_from_db()
    assert reflection.status == Status.PUBLISHED


def _reflection_post(**extra):
    data = {
        "title": "Learning from Kisumu",
        "original_language": "en",
        "body": "We **learned**.",
        "authors-TOTAL_FORMS": "3",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20",
        "authors-0-username": "author",
        "authors-0-ORDER": "2",
        "authors-1-guest_name": "Amani Otieno",
        "authors-1-guest_affiliation": "Kisumu youth forum",
        "authors-1-ORDER": "1",
        "action": "draft",
    }
    data.update(extra)
    return data


def test_reflection_with_guest_author_and_series(client, author):
    series = SeriesFactory(created_by=author)
    ReflectionFactory(series=series, series_position=1)
    client.force_login(author)
    response = client.post(reverse("knowledge:reflection-create"), _reflection_post(series=series.pk))
    assert response.status_code == 302
    reflection = Reflection.objects.get(title="Learning from Kisumu")
    assert [a.name for a in reflection.authorships.all()] == ["Amani Otieno", author.name]
    assert reflection.series == series and reflection.series_position == 2


def test_reflection_form_reports_unknown_usernames_and_keeps_input(client, author):
    client.force_login(author)
    response = client.post(
        reverse("knowledge:reflection-create"), _reflection_post(**{"authors-0-username": "nobody"})
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Reflection.objects.exists()
    assert (
        "No member has the name or username" in content and "Amani Otieno" in content and "We **learned**." in content
    )


def test_reflection_page_shows_series_position(client):
    series = SeriesFactory(title="Trans-local learning")
    ReflectionFactory(series=series, series_position=1, title="First")
    second = ReflectionFactory(series=series, series_position=2)
    content = client.get(second.get_absolute_url()).content.decode()
    assert "Post 2 of 2" in content and "Previous post: First" in content


def test_series_create_and_edit(client, author, other):
    client.force_login(author)
    response = client.post(
        reverse("knowledge:series-create"), {"title": "Trans-local learning", "description": "x"}
    )
    assert response.status_code == 302
    client.force_login(other)
    assert client.get(reverse("knowledge:series-edit", args=["trans-local-learning"])).status_code == 403


# --- case cards and facets ---------------------------------------------------------------


def _between(content: str, start: str, end: str) -> str:
    """The text after the first `start` up to the next `end`."""
    begin = content.index(start) + len(start)
    return content[begin : content.index(end, begin)]


def _card_meta(content: str, title: str) -> str:
    return _between(_between(content, f">{title}</a>", "</li>"), 'class="card__meta meta">', "</p>")


def test_case_card_of_a_placeless_stub_has_no_leading_separator(client):
    CaseFactory(title="Bare stub", place=None, location_name="", start_date=None, completeness="stub")
    content = client.get(reverse("knowledge:case-list")).content.decode()
    assert _card_meta(content, "Bare stub") == "<span>Stub</span>"


def test_case_card_joins_place_year_and_stub_with_separators(client):
    CaseFactory(
        title="Full card",
        place=PlaceFactory(name="Kisumu", country="KE"),
        start_date=dt.date(2019, 3, 1),
        completeness="stub",
    )
    meta = _card_meta(client.get(reverse("knowledge:case-list")).content.decode(), "Full card")
    assert meta == (
        'Kisumu, Kenya · <span class="labelled-date">Started <time datetime="2019-03-01">1 March 2019</time></span>'
        " · <span>Stub</span>"
    )


def test_case_card_does_not_repeat_a_country_level_place(client):
    CaseFactory(title="National dialogue", place=PlaceFactory(name="India", country="IN"), start_date=None)
    meta = _card_meta(client.get(reverse("knowledge:case-list")).content.decode(), "National dialogue")
    assert meta.startswith("India") and "India, India" not in meta


def test_a_case_card_without_any_meta_has_no_empty_paragraph(client):
    CaseFactory(title="Nothing known", place=None, location_name="", start_date=None, completeness="partial")
    content = client.get(reverse("knowledge:case-list")).content.decode()
    assert "card__meta" not in _between(content, ">Nothing known</a>", "</li>")


def test_long_facets_put_their_tail_in_a_native_disclosure(client):
    for i, code in enumerate(["GB", "KE", "ZA", "SE", "ES", "FR", "DE", "IT", "PT", "PL"]):
        place = PlaceFactory(country=code)
        CaseFactory.create_batch(10 - i, place=place)
    content = client.get(reverse("knowledge:case-list")).content.decode()
    fieldset = _between(content, "<legend>Country</legend>", "</fieldset>")
    head, tail = fieldset.split("<details>")
    assert head.count('type="checkbox"') == 8 and tail.count('type="checkbox"') == 2
    assert '<summary>Show 2 more <span class="visually-hidden">Country</span></summary>' in tail
    assert 'value="PL"' in tail and "(1)" in tail
    ids = [part.split('"')[0] for part in fieldset.split('id="')[1:]]
    assert len(ids) == len(set(ids)) == 10


def test_a_chosen_option_of_the_tail_is_shown_outside_the_disclosure(client):
    for i, code in enumerate(["GB", "KE", "ZA", "SE", "ES", "FR", "DE", "IT", "PT", "PL"]):
        CaseFactory.create_batch(10 - i, place=PlaceFactory(country=code))
    content = client.get(reverse("knowledge:case-list"), {"country": "PL"}).content.decode()
    fieldset = _between(content, "<legend>Country</legend>", "</fieldset>")
    head, tail = fieldset.split("<details>")
    assert 'value="PL" checked' in head and 'value="PL"' not in tail
    assert "Show 1 more" in tail


def test_staff_feature_cases_from_the_admin_through_the_service(client):
    case = CaseFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:knowledge_case_changelist"),
        {"action": "feature_selected", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).featured
