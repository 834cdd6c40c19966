"""Being named a co-author needs the named member's consent (issue 9 §5: tom named helen with
`authors-0-username=helen` and the reflection went public as "By Helen Marsh", on her profile,
without her consent). Pending and declined authors appear in no byline, profile, search text
or list; guests stay as they are; whoever creates the entry is accepted at once."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import PlaceFactory, SeriesFactory, UserFactory
from translocal.knowledge import permissions, selectors, services
from translocal.knowledge.models import Authorship, Reflection, Status
from translocal.search.models import SearchEntry

pytestmark = pytest.mark.django_db

PENDING, ACCEPTED, DECLINED = Authorship.Status.PENDING, Authorship.Status.ACCEPTED, Authorship.Status.DECLINED


@pytest.fixture
def tom():
    return UserFactory(username="tom", display_name="Tom Byrne")


@pytest.fixture
def helen():
    return UserFactory(username="helen", display_name="Helen Marsh")


def _form(**extra):
    data = {
        "title": "What Oldham taught us",
        "original_language": "en",
        "body": "Notes from the assembly.",
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20",
        "action": "publish",
    }
    data.update(extra)
    return data


def _text(response) -> str:
    """The page's text, tags removed (linked and plain bylines read alike)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.fixture
def published_with_helen_named(client, tom, helen):
    """Tom publishes a reflection naming himself and Helen, in a series and about a place."""
    series = SeriesFactory(title="Trans-local learning", created_by=tom)
    place = PlaceFactory(name="Oldham", slug="oldham")
    client.force_login(tom)
    response = client.post(
        reverse("knowledge:reflection-create"),
        _form(
            **{
                "authors-0-username": "tom",
                "authors-1-username": "helen",
                "series": str(series.pk),
                "places": [str(place.pk)],
            }
        ),
    )
    assert response.status_code == 302, _text(response)[:3000]
    client.logout()
    return Reflection.objects.get(title="What Oldham taught us"), series, place


def test_issue_example_naming_only_helen_is_refused_with_a_form_error(client, tom, helen):
    client.force_login(tom)
    response = client.post(reverse("knowledge:reflection-create"), _form(**{"authors-0-username": "helen"}))
    assert response.status_code == 200
    assert "at least one author who has agreed to be named" in _text(response)
    assert "Notes from the assembly." in _text(response)  # nothing typed is lost
    assert not Reflection.objects.exists()


def test_the_named_member_is_pending_and_the_creator_accepted(published_with_helen_named, tom, helen):
    reflection, _, _ = published_with_helen_named
    statuses = dict(reflection.authorships.values_list("user__username", "status"))
    assert statuses == {"tom": ACCEPTED, "helen": PENDING}
    assert reflection.authorships.get(user=helen).invited_by == tom
    assert [a.name for a in reflection.byline] == ["Tom Byrne"]


def test_a_pending_author_is_in_no_public_place(client, published_with_helen_named, helen):
    reflection, series, place = published_with_helen_named
    pages = {
        "home": reverse("core:home"),
        "list": reverse("knowledge:reflection-list"),
        "detail": reflection.get_absolute_url(),
        "series": series.get_absolute_url(),
        "place": place.get_absolute_url(),
        "profile": reverse("accounts:profile", args=["helen"]),
    }
    for name, url in pages.items():
        body = _text(client.get(url))
        assert "Helen Marsh" not in body or name == "profile", name
        if name not in ("profile", "place"):  # the place page lists titles without bylines
            assert "By Tom Byrne" in body, name
    assert "What Oldham taught us" not in _text(client.get(pages["profile"]))
    entry = SearchEntry.objects.get(kind="reflection", object_id=reflection.pk)
    assert "Helen" not in f"{entry.title} {entry.summary} {entry.body} {entry.keywords}"
    assert "Tom Byrne" in entry.keywords
    search = _text(client.get(reverse("search:search"), {"q": "Helen Marsh"}))
    assert "What Oldham taught us" not in search


def test_once_she_accepts_she_is_everywhere(client, published_with_helen_named, helen):
    reflection, series, place = published_with_helen_named
    client.get(reverse("core:home"))  # warm the caches with the old byline
    services.accept_authorship(acting_user=helen, reflection=reflection)
    for url in (
        reverse("core:home"),
        reverse("knowledge:reflection-list"),
        reflection.get_absolute_url(),
        series.get_absolute_url(),
    ):
        assert "By Tom Byrne and Helen Marsh" in _text(client.get(url)), url
    assert "What Oldham taught us" in _text(client.get(reverse("accounts:profile", args=["helen"])))
    entry = SearchEntry.objects.get(kind="reflection", object_id=reflection.pk)
    assert "Helen Marsh" in entry.keywords
    assert permissions.can_edit(helen, Reflection.objects.get(pk=reflection.pk))


def test_she_sees_the_request_and_declines_it(client, published_with_helen_named, helen):
    reflection, _, _ = published_with_helen_named
    client.force_login(helen)
    page = _text(client.get(reverse("knowledge:authorship-requests")))
    assert "What Oldham taught us" in page and "Tom Byrne named you as an author." in page
    assert reverse("knowledge:authorship-decline", args=[reflection.slug]) in client.get(
        reverse("knowledge:authorship-requests")
    ).content.decode()
    response = client.post(reverse("knowledge:authorship-decline", args=[reflection.slug]))
    assert response.status_code == 302
    assert reflection.authorships.get(user=helen).status == DECLINED
    assert "Nobody is waiting for your answer." in _text(client.get(reverse("knowledge:authorship-requests")))
    page = _text(client.get(reflection.get_absolute_url()))  # she is signed in: her name is in the header
    assert "By Tom Byrne ·" in page and "About the authors Tom Byrne Organisations" in page
    assert not permissions.can_edit(helen, Reflection.objects.get(pk=reflection.pk))


def test_she_accepts_from_the_requests_page(client, published_with_helen_named, helen):
    reflection, _, _ = published_with_helen_named
    client.force_login(helen)
    response = client.post(reverse("knowledge:authorship-accept", args=[reflection.slug]), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert reflection.authorships.get(user=helen).status == ACCEPTED


def test_answering_is_post_only_and_for_the_named_member_only(client, published_with_helen_named, tom):
    reflection, _, _ = published_with_helen_named
    client.force_login(UserFactory())
    url = reverse("knowledge:authorship-accept", args=[reflection.slug])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.accept_authorship(acting_user=UserFactory(), reflection=reflection)


def test_a_pending_author_may_read_the_draft_but_not_edit_it(tom, helen):
    reflection = services.create_reflection(
        acting_user=tom,
        data={"title": "Draft together", "authors": [services.AuthorInput(user=tom), services.AuthorInput(user=helen)]},
    )
    assert reflection.status == Status.DRAFT
    assert permissions.can_view(helen, reflection) and not permissions.can_edit(helen, reflection)
    services.decline_authorship(acting_user=helen, reflection=reflection)
    assert not permissions.can_view(helen, Reflection.objects.get(pk=reflection.pk))


def test_an_edit_keeps_the_answers_given(tom, helen):
    kai = UserFactory(username="kai")
    reflection = services.create_reflection(
        acting_user=tom,
        data={"title": "Kept", "authors": [services.AuthorInput(user=tom), services.AuthorInput(user=helen)]},
    )
    services.decline_authorship(acting_user=helen, reflection=reflection)
    services.update_reflection(
        acting_user=tom,
        reflection=reflection,
        data={
            "authors": [
                services.AuthorInput(user=helen),
                services.AuthorInput(user=tom),
                services.AuthorInput(user=kai),
            ]
        },
    )
    statuses = dict(reflection.authorships.values_list("user__username", "status"))
    assert statuses == {"helen": DECLINED, "tom": ACCEPTED, "kai": PENDING}


def test_guests_stay_as_they_are(tom):
    reflection = services.create_reflection(
        acting_user=tom,
        data={
            "title": "With a guest",
            "publish": True,
            "authors": [
                services.AuthorInput(user=tom),
                services.AuthorInput(guest_name="Amani Otieno", guest_affiliation="Kisumu"),
            ],
        },
    )
    assert [(a.name, a.status) for a in reflection.authorships.all()] == [
        ("Tom Byrne", ACCEPTED),
        ("Amani Otieno", ACCEPTED),
    ]
    assert [a.name for a in Reflection.objects.get(pk=reflection.pk).byline] == ["Tom Byrne", "Amani Otieno"]


def test_add_author_asks_the_member(tom, helen):
    reflection = services.create_reflection(acting_user=tom, data={"title": "Added"})
    added = services.add_author(acting_user=tom, reflection=reflection, member=helen)
    assert added.status == PENDING


def test_the_last_accepted_author_cannot_withdraw(tom, helen):
    reflection = services.create_reflection(
        acting_user=tom,
        data={"title": "Alone", "authors": [services.AuthorInput(user=tom), services.AuthorInput(user=helen)]},
    )
    with pytest.raises(ValidationError):
        services.decline_authorship(acting_user=tom, reflection=reflection)
    services.accept_authorship(acting_user=helen, reflection=reflection)
    services.decline_authorship(acting_user=tom, reflection=reflection)
    assert [a.name for a in Reflection.objects.get(pk=reflection.pk).byline] == ["Helen Marsh"]


def test_staff_naming_only_others_is_refused(helen):
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError):
        services.create_reflection(
            acting_user=staff, data={"title": "Ghost", "authors": [services.AuthorInput(user=helen)]}
        )


def test_requests_page_query_count_is_exact(client, published_with_helen_named, helen, django_assert_num_queries):
    client.force_login(helen)
    with django_assert_num_queries(3):  # session, user, the requests
        response = client.get(reverse("knowledge:authorship-requests"))
    assert response.status_code == 200


def test_no_template_reads_the_raw_author_list():
    """The class: bylines come from Reflection.byline (accepted authors only), never from
    ``authorships.all``, in every template of the project."""
    from pathlib import Path

    import translocal

    root = Path(translocal.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if "authorships" in p.read_text()]
    assert offenders == []


def test_the_database_refuses_a_pending_guest():
    from django.db import IntegrityError

    from tests.factories import ReflectionFactory

    with pytest.raises(IntegrityError):
        Authorship.objects.create(reflection=ReflectionFactory(), guest_name="Amani", status=PENDING)


def test_selector_lists_only_unanswered_requests(published_with_helen_named, helen, tom):
    reflection, _, _ = published_with_helen_named
    assert [a.reflection.title for a in selectors.pending_authorships_for(user=helen)] == ["What Oldham taught us"]
    assert selectors.pending_authorships_for(user=tom) == []


def test_the_reflection_page_asks_her(client, published_with_helen_named, helen, django_assert_num_queries):
    reflection, _, _ = published_with_helen_named
    client.force_login(helen)
    body = client.get(reflection.get_absolute_url()).content.decode()
    assert "You are named as an author" in body
    assert reverse("knowledge:authorship-accept", args=[reflection.slug]) in body
    services.accept_authorship(acting_user=helen, reflection=reflection)
    assert "You are named as an author" not in client.get(reflection.get_absolute_url()).content.decode()


def test_admin_inline_asks_named_members_and_accepts_guests(client, helen):
    staff = UserFactory(is_staff=True, is_superuser=True)
    from tests.factories import ReflectionFactory

    reflection = ReflectionFactory(created_by=staff)
    client.force_login(staff)
    url = reverse("admin:knowledge_reflection_change", args=[reflection.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update({
        "title": reflection.title, "slug": reflection.slug, "body_format": "markdown", "original_language": "en",
        "authorships-TOTAL_FORMS": "2", "authorships-INITIAL_FORMS": "0",
        "authorships-MIN_NUM_FORMS": "0", "authorships-MAX_NUM_FORMS": "1000",
        "authorships-0-position": "0", "authorships-0-user": str(helen.pk),
        "authorships-1-position": "1", "authorships-1-guest_name": "Amani Otieno",
    })
    data = {k: v for k, v in data.items() if k not in ("created_by", "hub", "series")}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statuses = {a.name: a.status for a in reflection.authorships.all()}
    assert statuses == {"Helen Marsh": PENDING, "Amani Otieno": ACCEPTED}


# --- Telling the named member -----------------------------------------------------------------


def test_the_named_member_is_told_by_e_mail_once_the_reflection_is_saved(published_with_helen_named, mailoutbox):
    reflection, _, _ = published_with_helen_named
    assert [message.to for message in mailoutbox] == [["helen@example.org"]]  # not tom, who named himself
    body = mailoutbox[0].body
    assert "Tom Byrne named you as an author of the reflection “What Oldham taught us”" in body
    assert f"http://127.0.0.1:8000{reverse('knowledge:authorship-requests')}" in body
    assert mailoutbox[0].subject == "You have been named as an author of “What Oldham taught us”"


def test_saving_the_authors_again_does_not_ask_twice(published_with_helen_named, tom, helen, mailoutbox):
    reflection, _, _ = published_with_helen_named
    services.set_authors(
        acting_user=tom, reflection=reflection,
        authors=[services.AuthorInput(user=tom), services.AuthorInput(user=helen),
                 services.AuthorInput(guest_name="A guest", guest_affiliation="Oldham Council")],
    )
    assert len(mailoutbox) == 1  # the first request only; guests have no account to write to


def test_no_e_mail_when_the_write_is_rolled_back(tom, helen, mailoutbox):
    from django.db import transaction

    reflection = services.create_reflection(acting_user=tom, data={"title": "Draft"})
    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_author(acting_user=tom, reflection=reflection, member=helen)
        raise RuntimeError("rolled back")
    assert mailoutbox == []
    services.add_author(acting_user=tom, reflection=reflection, member=helen)
    assert [message.to for message in mailoutbox] == [["helen@example.org"]]


def test_her_own_profile_shows_the_requests_waiting_for_her_and_no_one_else_sees_them(
    published_with_helen_named, client, tom, helen
):
    reflection, _, _ = published_with_helen_named
    profile = reverse("accounts:profile", args=["helen"])
    client.force_login(helen)
    text = _text(client.get(profile))
    assert "You have been named as an author" in text and "What Oldham taught us" in text
    assert f'href="{reverse("knowledge:authorship-requests")}"' in client.get(profile).content.decode()
    client.force_login(tom)
    assert "You have been named as an author" not in _text(client.get(profile))
    client.logout()
    assert "You have been named as an author" not in _text(client.get(profile))
    client.force_login(helen)
    services.accept_authorship(acting_user=helen, reflection=reflection)
    assert "You have been named as an author" not in _text(client.get(profile))
