"""Nobody sees another person's page parts from a cache.

Two members and an anonymous reader fetch the same pages in turn, each after the others, so
every fragment and page cache entry one of them filled is there for the next: each signed-in
page must carry its reader's own header, drafts, edit and translate buttons and CSRF token, and
none of another's; the anonymous reader gets none of them.
"""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    HubMembershipFactory,
    MethodFactory,
    PlaceFactory,
    ReflectionFactory,
    TermFactory,
    UserFactory,
)
from translocal.knowledge.models import Status
from translocal.sdg.models import Suggestion
from translocal.search.services import index_instances
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCOUNT_NAV = re.compile(r'<nav class="account-nav".*?</nav>', re.DOTALL)


def _person(name: str, place, hub) -> dict:
    user = UserFactory(display_name=name, place=place)
    HubMembershipFactory(hub=hub, user=user)
    first = name.split()[0]
    draft = {"created_by": user, "status": Status.DRAFT, "published_at": None}
    drafts = [
        CaseFactory(**draft, title=f"Tidal draft case of {first}"),
        ReflectionFactory(**draft, title=f"Tidal draft note of {first}"),
        MethodFactory(**draft, title=f"Tidal draft method of {first}"),
    ]
    case = CaseFactory(created_by=user, place=place, title=f"Tidal gardens of {first}", featured=True)
    reflection = ReflectionFactory(created_by=user, title=f"Tidal notes of {first}")
    AuthorshipFactory(reflection=reflection, user=user)
    reflection.places.add(place)
    index_instances([*drafts[:1], case])
    index_instances([drafts[1], reflection])
    return {
        "user": user,
        "name": name,
        "drafts": [d.title for d in drafts],
        "own_urls": [case.get_absolute_url() + "edit/", case.get_absolute_url() + "translations/",
                     reflection.get_absolute_url() + "edit/"],
        "pages": [case.get_absolute_url(), reflection.get_absolute_url(), user.get_absolute_url()],
    }


@pytest.fixture
def people():
    place = PlaceFactory()
    hub = HubFactory(place=place)
    ana = _person("Ana Okafor", place, hub)
    ben = _person("Ben Lindqvist", place, hub)
    shared = ["/", "/cases/", "/methods/", "/reflections/", "/search/?q=tidal", place.get_absolute_url(),
              hub.get_absolute_url()]
    return ana, ben, [*shared, *ana["pages"], *ben["pages"]]


def _check(body: str, reader: dict | None, other: dict, csrf_secret: str | None, url: str) -> None:
    nav = ACCOUNT_NAV.search(body)
    assert nav, url
    if reader is None:
        assert "Sign in" in nav.group(0), url
    else:
        assert reader["name"] in nav.group(0), url
    assert other["name"] not in nav.group(0), url
    for title in other["drafts"]:
        assert title not in body, (url, title)
    for link in other["own_urls"]:
        assert f'href="{link}' not in body, (url, link)
    tokens = TOKEN.findall(body)
    if csrf_secret is None:  # a reader without a CSRF cookie got no token in a page
        assert tokens == [], url
    for token in tokens:
        assert _unmask_cipher_token(token) == csrf_secret, url


def test_no_reader_ever_gets_another_readers_personal_parts_from_a_cache(people):
    ana, ben, urls = people
    clients = {"anonymous": Client(), "ana": Client(), "ben": Client()}
    clients["ana"].force_login(ana["user"])
    clients["ben"].force_login(ben["user"])
    readers = {"anonymous": (None, ana), "ana": (ana, ben), "ben": (ben, ana)}
    seen_own = {"ana": set(), "ben": set()}
    # Each page in turn by each reader, in both orders, so each reads what the others cached.
    for order in (("anonymous", "ana", "ben"), ("ben", "ana", "anonymous"), ("ana", "anonymous", "ben")):
        for url in urls:
            for who in order:
                response = clients[who].get(url)
                assert response.status_code == 200, (who, url)
                body = response.content.decode()
                reader, other = readers[who]
                cookie = clients[who].cookies.get("csrftoken")
                secret = cookie.value if cookie is not None and cookie.value else None
                _check(body, reader, other, secret, f"{who} {url}")
                if who == "anonymous":  # nobody's drafts or buttons either
                    _check(body, None, ben, secret, f"{who} {url}")
                else:
                    seen_own[who] |= {t for t in reader["drafts"] if t in body}
                    seen_own[who] |= {u for u in reader["own_urls"] if f'href="{u}' in body}
    # The checks could fail: each member did see their own drafts and buttons on these pages.
    for who, person in (("ana", ana), ("ben", ben)):
        assert seen_own[who] == {*person["drafts"], *person["own_urls"]}, who


def test_an_editors_suggested_goals_never_reach_another_reader_through_the_cached_body(client):
    """The suggested goals of an entry are a per-viewer section (its editors', with their CSRF
    token in the confirm form) inside the body of the page, which is a fragment shared by all."""
    author = UserFactory(display_name="Ana Okafor")
    case = CaseFactory(created_by=author, title="Tidal gardens of Ana")
    goal = TermFactory(vocabulary=Vocabulary.SDG, slug="6", label="Clean water and sanitation")
    Suggestion.objects.create(kind="case", object_id=case.pk, term=goal, score=0.7, model_name="test")
    editor = Client()
    editor.force_login(author)
    editor.get("/")  # the CSRF cookie
    assert "Suggested goals" in editor.get(case.get_absolute_url()).content.decode()
    reader = Client()
    reader.force_login(UserFactory(display_name="Ben Lindqvist"))
    for who in (client, reader):
        body = who.get(case.get_absolute_url()).content.decode()
        assert "Tidal gardens of Ana" in body
        assert "Suggested goals" not in body
        assert "csrfmiddlewaretoken" not in body or who is reader
    assert "Suggested goals" in editor.get(case.get_absolute_url()).content.decode()  # still theirs
