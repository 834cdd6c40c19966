"""places.place_html: a place page's hubs and organisations and a hub page's organisations in
Python are their template partials, byte for byte, in English, Spanish, Catalan and Swedish,
with rows (a translated organisation name, a hub with and without a tagline, characters to
escape) and without."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import HubFactory, OrganisationFactory, PlaceFactory
from translocal.places import selectors
from translocal.places.models import OrganisationTranslation
from translocal.places.place_html import hub_organisations_html, place_hubs_html, place_organisations_html

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "ca", "sv")


def _place():
    place = PlaceFactory(name="L'Hospitalet & <Bellvitge>")
    hub = HubFactory(place=place, name="Hub <one> & co", tagline='Local "labs" & <more>', member_count=1234)
    HubFactory(place=place, name="Another hub", tagline="", member_count=1)
    for name in ("Zeta & <Z>", "Alpha"):
        organisation = OrganisationFactory(place=place, name=name)
        hub.organisations.add(organisation)
    OrganisationTranslation.objects.create(
        organisation=organisation, language="es", name="Alfa <es>", source_version=1, source_hash="0" * 64
    )
    OrganisationFactory(place=place, name="Hidden", is_published=False)
    return place, hub


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_place_page_lists_are_the_partials(language):
    place, _hub = _place()
    empty = PlaceFactory(name="Nowhere <x>")
    with translation.override(language):
        for subject in (place, empty):
            hubs = list(selectors.hubs_in_place(place=subject))
            organisations = selectors.organisations_in_place(place=subject)
            context = {"place": subject, "hubs": hubs, "organisations": organisations}
            assert place_hubs_html(subject, hubs) == render_to_string("places/place_detail.html#hubs", context)
            assert place_organisations_html(organisations) == render_to_string(
                "places/place_detail.html#organisations", context
            )
        assert len(hubs) == 0 and len(selectors.hubs_in_place(place=place)) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_hub_page_organisations_are_the_partial(language):
    _place_, hub = _place()
    with translation.override(language):
        for subject in (hub, HubFactory()):
            organisations = selectors.organisations_of_hub(hub=subject)
            expected = render_to_string("places/hub_detail.html#organisations", {"organisations": organisations})
            assert hub_organisations_html(organisations) == expected
    with translation.override("es"):
        assert "Alfa &lt;es&gt;" in hub_organisations_html(selectors.organisations_of_hub(hub=hub))


def test_the_place_page_shows_them(client):
    place, _hub = _place()
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Hub &lt;one&gt; &amp; co" in html and "Local &quot;labs&quot; &amp; &lt;more&gt;" in html
    assert "Zeta &amp; &lt;Z&gt;" in html and "Hidden" not in html
