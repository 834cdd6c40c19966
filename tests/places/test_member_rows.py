"""A hub page's person rows written in Python (places.member_rows) are the bytes of
places/_member.html without role buttons, for people with and without a place, with a display
name, a full name or only a username, with characters to escape, in every interface language."""

import pytest
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from tests.factories import HubFactory, HubMembershipFactory, PlaceFactory, UserFactory
from translocal.places import selectors
from translocal.places.member_rows import member_row_html
from translocal.places.models import HubMembership
from translocal.places.selectors import MEMBER_LIST_FIELDS

pytestmark = pytest.mark.django_db


def _people(hub):
    somewhere = PlaceFactory(name="Saint-Denis <Île> & co")
    return [
        HubMembershipFactory(hub=hub, user=UserFactory(username="ana.b", display_name="Ana <B>", place=somewhere)),
        HubMembershipFactory(
            hub=hub, user=UserFactory(username="joe_2", display_name="", first_name="Joe", last_name="O'Neil")
        ),
        HubMembershipFactory(hub=hub, user=UserFactory(username="solo+1@x", display_name="", place=None)),
        HubMembershipFactory(hub=hub, user=UserFactory(username="Åsa", display_name="Åsa \"Q\""), role="coordinator"),
    ]


@pytest.mark.parametrize("language", ["en", "es", "ca", "sv"])
def test_a_row_is_the_template_byte_for_byte(language):
    hub = HubFactory()
    people = _people(hub)
    template = get_template("places/_member.html")
    with translation.override(language):
        for pk, membership in selectors.hub_memberships_by_id([m.pk for m in people]).items():
            expected = template.render({"m": membership, "hub": hub, "can_change_roles": False})
            assert member_row_html(membership) == expected, pk


def test_the_hub_page_lists_the_rows_escaped(client):
    hub = HubFactory()
    _people(hub)
    cache.clear()
    html = client.get(hub.get_absolute_url()).content.decode()
    href = reverse("accounts:profile", kwargs={"username": "ana.b"})
    assert f'<a class="person__name" href="{href}">Ana &lt;B&gt;</a>' in html
    assert "Saint-Denis &lt;Île&gt; &amp; co" in html
    assert "Joe O&#x27;Neil" in html and "Åsa &quot;Q&quot;" in html


def _shown(m):
    place = m.user.place and m.user.place.name
    return (m.hub_id, m.role, m.joined_at, m.user.pk, m.user.username, m.user.name, place)


def test_the_memberships_read_are_the_orm_memberships(django_assert_num_queries):
    hub = HubFactory()
    people = _people(hub)
    ids = [m.pk for m in people] + [10**9]  # one without a membership
    with django_assert_num_queries(1):
        found = selectors.hub_memberships_by_id(ids)
        shown = {pk: _shown(m) for pk, m in found.items()}
    orm = (
        HubMembership.objects.filter(pk__in=ids).select_related("user", "user__place").only(*MEMBER_LIST_FIELDS)
    )
    assert shown == {m.pk: _shown(m) for m in orm}
    assert len(shown) == 4 and selectors.hub_memberships_by_id([]) == {}
