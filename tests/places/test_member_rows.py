"""A hub page's people written in Python (places.member_rows) are the bytes of the templates:
a row is places/_member.html without role buttons, for people with and without a place, with a
display name, a full name or only a username, with characters to escape; the list around the
rows is the ``people`` partial of places/hub_detail.html, with and without coordinators,
members and people left out; in several interface languages."""

import pytest
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import HubFactory, HubMembershipFactory, PlaceFactory, UserFactory
from translocal.places import selectors
from translocal.places.member_rows import hub_people_html, member_row_html
from translocal.places.models import HubMembership
from translocal.places.selectors import MEMBER_LIST_FIELDS

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es", "ca", "sv"]


def _people(hub):
    somewhere = PlaceFactory(name="Saint-Denis <Île> & co")
    return [
        HubMembershipFactory(hub=hub, user=UserFactory(username="ana.b", display_name="Ana <B>", place=somewhere)),
        HubMembershipFactory(
            hub=hub, user=UserFactory(username="joe_2", display_name="", first_name="Joe", last_name="O'Neil")
        ),
        HubMembershipFactory(hub=hub, user=UserFactory(username="solo+1@x", display_name="", place=None)),
        HubMembershipFactory(
            hub=hub, user=UserFactory(username="first", display_name="", first_name="  Mo ", last_name="")
        ),
        HubMembershipFactory(hub=hub, user=UserFactory(username="Åsa", display_name="Åsa \"Q\""), role="coordinator"),
    ]


def _orm(ids):
    return HubMembership.objects.filter(pk__in=ids).select_related("user", "user__place").only(*MEMBER_LIST_FIELDS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_row_is_the_template_byte_for_byte(language):
    hub = HubFactory()
    people = _people(hub)
    template = get_template("places/_member.html")
    names = selectors.hub_member_names_by_id([m.pk for m in people])
    with translation.override(language):
        for membership in _orm([m.pk for m in people]):
            expected = template.render({"m": membership, "hub": hub, "can_change_roles": False})
            assert member_row_html(*names[membership.pk]) == expected, membership.pk


def test_the_names_read_are_the_orm_memberships(django_assert_num_queries):
    hub = HubFactory()
    people = _people(hub)
    ids = [m.pk for m in people] + [10**9]  # one without a membership
    with django_assert_num_queries(1):
        found = selectors.hub_member_names_by_id(ids)
    expected = {m.pk: (m.user.username, m.user.name, m.user.place and m.user.place.name) for m in _orm(ids)}
    assert found == expected
    assert len(found) == 5 and selectors.hub_member_names_by_id([]) == {}


def _partial(hub, coordinators, members):
    """The ``people`` partial as the view rendered it before hub_people_html, rows given."""
    listed = len(coordinators) + len(members)
    context = {
        "hub": hub,
        "coordinators": [mark_safe(row) for row in coordinators],  # noqa: S308 - as cached_pieces gives them
        "members": [mark_safe(row) for row in members],  # noqa: S308
        "rows": True,
        "listed_members": listed,
        "unlisted_members": max(0, hub.member_count - listed),
        "can_change_roles": False,
    }
    return render_to_string("places/hub_detail.html#people", context)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("shape", ["both", "no coordinators", "no members", "nobody", "more than listed"])
def test_the_people_list_is_the_partial_byte_for_byte(language, shape):
    hub = HubFactory()
    coordinators = ['<li class="person">\n  <a href="/a">Å &amp; B</a>\n  \n</li>\n']
    members = ['<li class="person">\n  <a href="/b">C</a>\n  \n</li>\n', '<li class="person">D</li>\n']
    if shape in ("no coordinators", "nobody"):
        coordinators = []
    if shape in ("no members", "nobody"):
        members = []
    hub.member_count = len(coordinators) + len(members) + (1234 if shape == "more than listed" else 0)
    with translation.override(language):
        expected = _partial(hub, coordinators, members)
        written = hub_people_html(
            hub_id=hub.pk, member_count=hub.member_count, coordinators=coordinators, members=members
        )
    assert written == expected


@pytest.mark.parametrize("language", ["en", "ca", "es", "sv"])
def test_the_hub_page_people_are_the_templates(client, language):
    """The whole section on a hub's page against the templates with the ORM's memberships."""
    hub = HubFactory()
    people = _people(hub)
    cache.clear()
    html = client.get(hub.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    hub.refresh_from_db()
    ordered = sorted(_orm([m.pk for m in people]), key=lambda m: (m.joined_at, m.pk))
    with translation.override(language):
        expected = render_to_string(
            "places/hub_detail.html#people",
            {
                "hub": hub,
                "coordinators": [m for m in ordered if m.role == "coordinator"],
                "members": [m for m in ordered if m.role == "member"],
                "listed_members": len(ordered),
                "unlisted_members": max(0, hub.member_count - len(ordered)),
                "can_change_roles": False,
            },
        )
    assert expected.strip() in html


def test_the_hub_page_lists_the_rows_escaped(client):
    hub = HubFactory()
    _people(hub)
    cache.clear()
    html = client.get(hub.get_absolute_url()).content.decode()
    href = reverse("accounts:profile", kwargs={"username": "ana.b"})
    assert f'<a class="person__name" href="{href}">Ana &lt;B&gt;</a>' in html
    assert "Saint-Denis &lt;Île&gt; &amp; co" in html
    assert "Joe O&#x27;Neil" in html and "Åsa &quot;Q&quot;" in html and ">Mo</a>" in html
