"""Contributing to the commons: GOV.UK errors, the case form's sections and pickers, drafts
first and publishing as a step of its own, the body's preview, a series position refused
inside the form."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    OrganisationFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    UserFactory,
)
from translocal.knowledge.models import Case, Reflection, Status
from translocal.places.models import HubMembership

pytestmark = pytest.mark.django_db


def _case_post(**extra):
    data = {"title": "", "original_language": "en", "action": "draft"}
    data.update(extra)
    return data


# --- errors --------------------------------------------------------------------------------


def test_an_empty_case_form_names_the_title_and_links_to_it(client, author):
    client.force_login(author)
    response = client.post(reverse("knowledge:case-create"), _case_post())
    content = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert '<a href="#id_title">Enter a title</a>' in content
    assert "data-autofocus" in content
    assert "This field is required" not in content
    assert "---------" not in content


def test_no_select_of_the_entry_forms_shows_dashes(client, author):
    client.force_login(author)
    for name in ("knowledge:case-create", "knowledge:method-create", "knowledge:reflection-create"):
        content = client.get(reverse(name)).content.decode()
        assert "---------" not in content, name
        assert "Not chosen" in content, name


# --- the case form ---------------------------------------------------------------------------


def test_the_case_form_has_five_linked_sections_and_collapsed_groups(client, author):
    client.force_login(author)
    content = client.get(reverse("knowledge:case-create")).content.decode()
    headings = [
        "What happened", "Where and when", "Who took part and who organised it", "How it was decided", "What changed",
    ]
    for number, heading in enumerate(headings, 1):
        assert f'<a href="#section-{number}">{heading}</a>' in content
        assert f'id="section-{number}" tabindex="-1">{heading}</h2>' in content
    assert content.count('<details class="choice-group"') >= 17  # every vocabulary, collapsed
    assert 'data-filter-checkboxes aria-controls="id_specific_topics-options"' in content
    # Methods, organisations, the place and "part of" are pickers, not long selects.
    for name in ("methods", "organisations", "place", "is_component_of"):
        assert f'id="id_{name}" name="{name}-q"' in content, name
        assert f'aria-controls="id_{name}-listbox"' in content
    assert 'role="combobox"' in content and "data-hx-get=" in content and " hx-get=" not in content


def test_choosing_through_a_picker_saves_the_values(client, author):
    method = MethodFactory(title="Citizens' assembly")
    organisation = OrganisationFactory(name="Gothenburg city council")
    place = PlaceFactory(name="Gothenburg")
    larger = CaseFactory(title="Sweden's citizen dialogues")
    client.force_login(author)
    response = client.post(reverse("knowledge:case-create"), _case_post(
        title="Dialogue on the river", methods=[method.pk], organisations=[organisation.pk],
        place=place.pk, is_component_of=larger.pk,
    ))
    assert response.status_code == 302
    case = Case.objects.get(title="Dialogue on the river")
    assert list(case.methods.all()) == [method] and list(case.organisations.all()) == [organisation]
    assert case.place == place and case.is_component_of == larger
    # Its edit form shows them ticked, by name.
    content = client.get(reverse("knowledge:case-edit", args=[case.slug])).content.decode()
    assert f'name="methods" value="{method.pk}" id="id_methods-chosen-{method.pk}" checked' in content
    assert "Gothenburg city council</label>" in content


def test_a_picker_search_without_javascript_shows_matches_and_saves_nothing(client, author):
    MethodFactory(title="Participatory budgeting")
    MethodFactory(title="Photovoice")
    MethodFactory(title="Budget delegates", status=Status.DRAFT, published_at=None)
    client.force_login(author)
    response = client.post(
        reverse("knowledge:case-create"),
        _case_post(title="Kept title", pick="methods", **{"methods-q": "budget"}),
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert "Matches for “budget”: tick to choose" in content
    assert "Participatory budgeting" in content and "Photovoice" not in content
    assert "Budget delegates" not in content  # drafts are not offered
    assert 'value="Kept title"' in content and "error-summary" not in content


def test_enter_in_a_text_box_with_no_search_words_saves_the_draft(client, author):
    """Without JavaScript, Enter in a text box presses the form's first button, a picker's
    "Search": with nothing to search, that is a save."""
    client.force_login(author)
    response = client.post(reverse("knowledge:case-create"), _case_post(title="Saved by Enter", pick="is_component_of"))
    assert response.status_code == 302 and Case.objects.filter(title="Saved by Enter", status="draft").exists()


def test_picker_options_for_members_only_and_by_name(client, author, django_assert_num_queries):
    MethodFactory(title="Participatory budgeting")
    url = reverse("knowledge:pick", args=["methods"])
    assert client.get(url, {"field": "methods", "methods-q": "budget"}).status_code == 302  # sign in first
    client.force_login(author)
    with django_assert_num_queries(3):  # session, user, the matches
        response = client.get(url, {"field": "methods", "methods-q": "budget", "list": "id_methods-listbox"})
    content = response.content.decode()
    assert 'role="option" id="id_methods-listbox-1"' in content and "Participatory budgeting" in content
    assert client.get(url, {"field": "methods", "methods-q": "b"}).content.decode().strip() == ""  # too short
    assert client.get(reverse("knowledge:pick", args=["secrets"]), {"q": "ab"}).status_code == 404
    UserFactory(username="hs1984", display_name="Helen Sutton")
    people = client.get(reverse("knowledge:pick", args=["people"]), {"field": "authors-1-username",
                                                                       "authors-1-username": "sutton"})
    assert 'data-value="hs1984"' in people.content.decode() and "Helen Sutton" in people.content.decode()


def test_the_places_picker_offers_to_add_a_new_place(client, author):
    client.force_login(author)
    response = client.get(
        reverse("knowledge:pick", args=["places"]), {"field": "place", "place-q": "Vila Nova", "extra": "describe"}
    )
    assert "Add a new place: “Vila Nova”" in response.content.decode()


def test_a_co_author_can_be_named_by_name(client, author):
    UserFactory(username="hs1984", display_name="Helen Sutton")
    client.force_login(author)
    data = {
        "title": "With Helen", "original_language": "en", "body": "Text.", "action": "draft",
        "authors-TOTAL_FORMS": "2", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20", "authors-0-username": "author", "authors-1-username": "helen sutton",
    }
    assert client.post(reverse("knowledge:reflection-create"), data).status_code == 302
    reflection = Reflection.objects.get(title="With Helen")
    assert {a.user.username for a in reflection.authorships.all()} == {"author", "hs1984"}


# --- drafts first, publishing as a second step -------------------------------------------------


def test_save_as_draft_is_the_main_button(client, author):
    client.force_login(author)
    content = client.get(reverse("knowledge:case-create")).content.decode()
    draft = content.index('value="draft" class="button"')
    review = content.index('value="review" class="button button--secondary"')
    assert draft < review
    assert 'value="publish"' not in content


def _first_submit_button(html: str) -> dict[str, str]:
    """The attributes of the first submit button of the entry form: HTML's default button, the
    one Enter in a text box submits when no script intercepts it."""
    form = html[html.index('<form method="post" class="form entry-form"') :]
    tag = re.search(r'<button type="submit"([^>]*)>', form)
    assert tag is not None
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(1)))


def test_enter_in_a_text_box_saves_a_draft_not_a_preview(client, author):
    client.force_login(author)
    for name in ("knowledge:case-create", "knowledge:method-create", "knowledge:reflection-create"):
        html = client.get(reverse(name)).content.decode()
        first = _first_submit_button(html)
        assert (first["name"], first["value"]) == ("action", "draft"), name
        assert first["tabindex"] == "-1" and first["aria-hidden"] == "true"
        assert html.index('value="draft" class="visually-hidden"') < html.index('value="preview"')


def test_enter_in_the_form_of_a_published_entry_saves_it(client, author):
    case = CaseFactory(created_by=author)
    client.force_login(author)
    first = _first_submit_button(client.get(reverse("knowledge:case-edit", args=[case.slug])).content.decode())
    assert (first["name"], first["value"]) == ("action", "save")


def test_publishing_is_a_second_step_that_lists_what_is_missing(client, author):
    client.force_login(author)
    response = client.post(reverse("knowledge:case-create"), _case_post(title="Street trees", action="review"))
    case = Case.objects.get(title="Street trees")
    assert case.status == Status.DRAFT
    publish_url = reverse("knowledge:case-publish", args=[case.slug])
    assert response["Location"] == publish_url
    content = client.get(publish_url).content.decode()
    assert "What is still missing" in content
    assert "<li>Summary</li>" in content and "<li>Body</li>" in content
    assert "16 facts about the case are not given yet" not in content  # counted, not guessed
    assert "<li>Place</li>" in content and "<li>Methods used</li>" in content
    assert "fewer than 4 of the structured facts" in content
    assert Case.objects.get(pk=case.pk).status == Status.DRAFT  # looking does not publish
    assert client.post(publish_url).status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.PUBLISHED


def test_others_cannot_open_the_publish_step(client, author, other):
    case = CaseFactory(title="Hers", created_by=author, status=Status.DRAFT, published_at=None)
    client.force_login(other)
    assert client.get(reverse("knowledge:case-publish", args=[case.slug])).status_code == 404


def test_the_case_page_explains_its_completeness(client):
    case = CaseFactory(title="Thin", completeness="stub")
    content = client.get(case.get_absolute_url()).content.decode()
    assert "Description: Stub</summary>" in content
    assert "tells how fully the case is described, not how the initiative went" in content


def test_the_completeness_note_states_the_grading_rule():
    from translocal.knowledge.completeness import COMPLETE_AT, STUB_BELOW

    assert (STUB_BELOW, COMPLETE_AT) == (4, 10)  # the note on the page says these numbers


# --- preview ----------------------------------------------------------------------------------


def test_the_preview_uses_the_page_renderer_and_sanitiser(client, author):
    url = reverse("knowledge:preview")
    body = "We **learned**.\n\n<script>alert(1)</script><a href=\"javascript:alert(2)\">x</a>"
    assert client.post(url, {"body": body}).status_code == 302  # members only
    client.force_login(author)
    content = client.post(url, {"body": body}).content.decode()
    assert "<strong>learned</strong>" in content
    assert "<script" not in content and "javascript:" not in content
    assert client.get(url).status_code == 405


def test_the_preview_without_javascript_keeps_the_form(client, author):
    client.force_login(author)
    response = client.post(
        reverse("knowledge:reflection-create"),
        {"title": "", "body": "A *first* go", "original_language": "en", "action": "preview",
         "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
         "authors-MAX_NUM_FORMS": "20", "authors-0-username": "author"},
    )
    content = response.content.decode()
    assert response.status_code == 200 and not Reflection.objects.exists()
    assert "<em>first</em>" in content and "A *first* go</textarea>" in content
    assert "error-summary" not in content


# --- series position ----------------------------------------------------------------------------


def test_a_forbidden_series_position_is_an_error_in_the_form_and_the_text_is_kept(client, author):
    editor = UserFactory(username="editor")
    series = SeriesFactory(title="Trans-local learning", created_by=editor)
    ReflectionFactory(series=series, series_position=1, title="First")
    mine = ReflectionFactory(series=series, series_position=2, title="Mine", created_by=author)
    AuthorshipFactory(reflection=mine, user=author)
    client.force_login(author)
    edit = client.get(reverse("knowledge:reflection-edit", args=[mine.slug])).content.decode()
    assert edit  # the author may edit her post
    response = client.post(reverse("knowledge:reflection-edit", args=[mine.slug]), {
        "title": "Mine", "body": "My new paragraph.", "original_language": "en", "series": series.pk,
        "series_position": "1", "action": "save", "version": mine.version,
        "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20", "authors-0-username": "author",
    })
    content = response.content.decode()
    assert response.status_code == 200
    assert "Only the editors of “Trans-local learning” choose where a post goes in it." in content
    assert '<a href="#id_series_position">' in content
    assert "My new paragraph.</textarea>" in content
    mine.refresh_from_db()
    assert mine.series_position == 2 and mine.body != "My new paragraph."


# --- series: editors add posts, others propose ----------------------------------------------------


def test_a_newcomer_proposes_a_post_and_the_editor_accepts_it(client, author, mailoutbox):
    from translocal.knowledge.models import SeriesProposal

    editor = UserFactory(username="editor")
    series = SeriesFactory(title="Trans-local learning", created_by=editor)
    for position in range(1, 6):
        ReflectionFactory(series=series, series_position=position, title=f"Part {position}")
    author.email = "author@example.org"
    author.save()
    client.force_login(author)
    page = client.get(series.get_absolute_url()).content.decode()
    assert "Propose a post" in page and "Write the next post" not in page
    response = client.post(reverse("knowledge:reflection-create"), {
        "title": "Newcomer's post", "body": "Hello.", "original_language": "en", "series": series.pk,
        "action": "draft", "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0", "authors-MAX_NUM_FORMS": "20", "authors-0-username": "author",
    }, follow=True)
    assert "is proposed to the series “Trans-local learning”" in response.content.decode()
    post = Reflection.objects.get(title="Newcomer's post")
    client.post(reverse("knowledge:reflection-publish", args=[post.slug]))
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.series_id is None
    assert "Post 6 of 6" not in client.get(post.get_absolute_url()).content.decode()
    # Editing it again keeps the proposal (the form shows the proposed series).
    edit = client.get(reverse("knowledge:reflection-edit", args=[post.slug])).content.decode()
    assert "Proposed to “Trans-local learning”: waiting for its editors to accept it." in edit

    proposal = SeriesProposal.objects.get(reflection=post)
    answer = reverse("knowledge:series-proposal-answer", args=[series.slug, proposal.pk, "accept"])
    assert client.post(answer).status_code == 403  # only its editors

    client.force_login(editor)
    page = client.get(series.get_absolute_url()).content.decode()
    assert "Posts proposed for this series" in page and "Newcomer&#x27;s post" in page
    assert client.post(answer).status_code == 302
    assert "Post 6 of 6" in client.get(post.get_absolute_url()).content.decode()
    assert mailoutbox[-1].to == ["author@example.org"]
    assert "Posts proposed for this series" not in client.get(series.get_absolute_url()).content.decode()


def test_declining_tells_the_proposer_and_leaves_the_post_alone(client, author, mailoutbox):
    from translocal.knowledge.models import SeriesProposal

    editor = UserFactory(username="editor")
    series = SeriesFactory(title="Trans-local learning", created_by=editor)
    post = ReflectionFactory(title="Off topic", created_by=author)
    proposal = SeriesProposal.objects.create(series=series, reflection=post, proposed_by=author)
    author.email = "author@example.org"
    author.save()
    client.force_login(editor)
    response = client.post(
        reverse("knowledge:series-proposal-answer", args=[series.slug, proposal.pk, "decline"]), follow=True
    )
    assert "was declined; its author is told" in response.content.decode()
    post.refresh_from_db()
    assert post.series_id is None and mailoutbox[-1].to == ["author@example.org"]


def test_the_series_editors_are_told_of_a_proposed_post_in_their_language(client, author, mailoutbox):
    from translocal.knowledge.models import SeriesProposal

    hub = HubFactory()
    creator = UserFactory(username="creator", email="creator@example.org", preferred_language="es")
    coordinator = UserFactory(username="coord", email="coord@example.org")
    HubMembershipFactory(hub=hub, user=coordinator, role=HubMembership.Role.COORDINATOR)
    HubMembershipFactory(hub=hub, user=author, role=HubMembership.Role.MEMBER)  # a member edits nothing
    series = SeriesFactory(title="Trans-local learning", created_by=creator, hub=hub)
    client.force_login(author)
    client.post(reverse("knowledge:reflection-create"), {
        "title": "Newcomer's post", "body": "Hello.", "original_language": "en", "series": series.pk,
        "action": "draft", "authors-TOTAL_FORMS": "1", "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0", "authors-MAX_NUM_FORMS": "20", "authors-0-username": "author",
    })
    assert SeriesProposal.objects.filter(series=series, proposed_by=author).count() == 1
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"creator@example.org", "coord@example.org"}
    assert by_address["coord@example.org"].subject == "A post is proposed for “Trans-local learning”"
    assert series.get_absolute_url() in by_address["coord@example.org"].body
    assert "Newcomer's post" in by_address["coord@example.org"].body
    assert by_address["creator@example.org"].subject != by_address["coord@example.org"].subject  # in Spanish
