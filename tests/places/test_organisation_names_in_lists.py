"""Organisation names in the reader's language wherever a list or card names them (the
organisation list, a case's organisers, a place's and a hub's organisations, people's cards),
marked with the language they are in, at the same queries in every language; and the
organisation form's original language."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseFactory, HubFactory, OrganisationFactory, PlaceFactory, UserFactory
from translocal.places import services
from translocal.places.models import Organisation

pytestmark = pytest.mark.django_db

SPANISH = {"name": "Asamblea vecinal", "description": "Los vecinos deciden el presupuesto."}


@pytest.fixture
def place():
    return PlaceFactory(name="Gracia")


@pytest.fixture
def organisation(place):
    creator = UserFactory()
    organisation = OrganisationFactory(
        created_by=creator, name="Neighbourhood assembly", description="Residents decide the budget.",
        original_language="en", place=place,
    )
    services.save_organisation_translation(
        acting_user=creator, organisation=organisation, language="es", data=SPANISH
    )
    return organisation


@pytest.fixture
def pages(organisation, place):
    hub = HubFactory(place=place)
    hub.organisations.add(organisation)
    case = CaseFactory(place=place)
    case.organisations.add(organisation)
    UserFactory(organisation=organisation)
    return {
        "organisation list": reverse("places:organisation-list"),
        "place": place.get_absolute_url(),
        "hub": hub.get_absolute_url(),
        "case": case.get_absolute_url(),
        "people": reverse("accounts:people-list"),
    }


def _get(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_list_names_the_organisation_in_the_reader_s_language(client, pages):
    for name, url in pages.items():
        cache.clear()
        spanish, english = _get(client, url, "es"), _get(client, url, "en")
        assert "Asamblea vecinal" in spanish and "Neighbourhood assembly" not in spanish, name
        assert "Neighbourhood assembly" in english and "Asamblea vecinal" not in english, name
    cache.clear()
    listing = _get(client, pages["organisation list"], "es")
    assert 'lang="es">Asamblea vecinal</a>' in listing
    assert '<p class="card__summary" lang="es">Los vecinos deciden el presupuesto.</p>' in listing
    assert 'lang="en">Neighbourhood assembly</a>' in _get(client, pages["organisation list"], "en")
    assert 'lang="es">Asamblea vecinal</a>' in _get(client, pages["case"], "es")  # the organisers


def test_a_reader_in_a_language_without_a_translation_gets_the_original(client, pages):
    catalan = _get(client, pages["organisation list"], "ca")
    assert 'lang="en">Neighbourhood assembly</a>' in catalan and "Asamblea" not in catalan


def _count(client, url, language):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        _get(client, url, language)
    return len(queries)


def test_the_lists_cost_the_same_queries_in_every_language(client, pages, place):
    # A second organisation without a translation: a list mixes both.
    OrganisationFactory(name="Youth council", place=place)
    counts = {name: [_count(client, url, language) for language in ("en", "es")] for name, url in pages.items()}
    # Exact, cold cache, anonymous; the names are correlated subqueries of the lists' own queries.
    # The organisation list also counts its two facets and its total, the people list its total (issue 15).
    # The hub has no member here: the ids of its list's rows (one query) find no row to load.
    # The case page reads the case, its terms and its other relations in three plain statements
    # (knowledge.selectors.case_page), its organisers' names among them.
    assert counts == {"organisation list": [5, 5], "place": [10, 10], "hub": [8, 8], "case": [5, 5], "people": [4, 4]}


def test_the_organisation_form_stores_the_original_language(client, organisation):
    client.force_login(organisation.created_by)
    url = reverse("places:organisation-edit", args=[organisation.slug])
    form = _get(client, url, "es")
    assert '<option value="en" selected>Inglés</option>' in form and "Original language" not in form
    data = {
        "name": "Neighbourhood assembly", "description": "Residents decide the budget.", "kind": "other",
        "original_language": "ca", "version": 1,
    }
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.original_language == "ca"
    # The text did not change, so its Spanish translation is not outdated.
    assert not organisation.translations.get(language="es").is_outdated
    refused = client.post(url, {**data, "original_language": "xx", "version": organisation.version})
    assert refused.status_code == 200 and 'href="#id_original_language"' in refused.content.decode()


def test_the_service_refuses_an_unknown_original_language(organisation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.update_organisation(
            acting_user=organisation.created_by, organisation=organisation, data={"original_language": "xx"}
        )
    assert "original_language" in refused.value.message_dict
    assert Organisation.objects.get(pk=organisation.pk).original_language == "en"
