"""Translations of an organisation's name and description: provenance (the organisation is the
original; who translated, from which version), the outdated flag after an edit of the original,
what a reader is shown in their language, search showing the organisation once, and query
counts unchanged by the language."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import OrganisationFactory, UserFactory
from translocal.places import services
from translocal.places.models import OrganisationTranslation, organisation_text_hash
from translocal.search.selectors import search

pytestmark = pytest.mark.django_db

SPANISH = {"name": "Asamblea vecinal del barrio", "description": "Los **vecinos** deciden los presupuestos."}


@pytest.fixture
def creator():
    return UserFactory(display_name="Ana Torres")


@pytest.fixture
def organisation(creator):
    return OrganisationFactory(
        created_by=creator, name="Neighbourhood assembly", description="**Residents** decide the budget.",
        original_language="en",
    )


def _translate(organisation, user, language="es", data=None, **kwargs):
    return services.save_organisation_translation(
        acting_user=user, organisation=organisation, language=language, data=data or SPANISH, **kwargs
    )


def test_a_translation_records_who_made_it_and_from_which_version_of_the_original(organisation, creator):
    saved = _translate(organisation, creator)
    organisation.refresh_from_db()
    assert (saved.language, saved.name, saved.translator, saved.machine_translator) == (
        "es", SPANISH["name"], creator, ""
    )
    assert saved.source_version == organisation.version
    assert saved.source_hash == organisation_text_hash(organisation.name, organisation.description)
    assert not saved.is_outdated
    assert organisation.name == "Neighbourhood assembly" and organisation.original_language == "en"
    assert _translate(organisation, creator, machine_translator="DeepL").machine_translator == "DeepL"
    assert OrganisationTranslation.objects.count() == 1  # replaced, one per language


def test_an_edit_of_the_name_or_description_marks_translations_outdated_and_other_edits_do_not(
    organisation, creator
):
    spanish = _translate(organisation, creator)
    services.update_organisation(acting_user=creator, organisation=organisation, data={"website": "https://a.example"})
    spanish.refresh_from_db()
    assert not spanish.is_outdated
    services.update_organisation(acting_user=creator, organisation=organisation, data={"description": "Changed."})
    spanish.refresh_from_db()
    assert spanish.is_outdated
    # Translating again brings it up to date with the original as it is now.
    again = _translate(organisation, creator, data={**SPANISH, "version": spanish.version})
    organisation.refresh_from_db()
    assert not again.is_outdated and again.source_version == organisation.version


def test_only_its_creator_and_staff_translate_it_into_another_interface_language(organisation, creator):
    with pytest.raises(PermissionDenied):
        _translate(organisation, UserFactory())
    _translate(organisation, UserFactory(is_staff=True), "ca", {"name": "Assemblea veïnal"})
    refusals = [("en", SPANISH, "language"), ("xx", SPANISH, "language"), ("sv", {"name": " "}, "name")]
    for language, data, field in refusals:
        with pytest.raises(ValidationError) as refused:
            _translate(organisation, creator, language, data)
        assert field in refused.value.message_dict
    assert list(OrganisationTranslation.objects.values_list("language", flat=True)) == ["ca"]


def _page(client, organisation, language, query=""):
    return client.get(organisation.get_absolute_url() + query, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_reader_sees_their_language_with_a_notice_and_the_original_a_click_away(client, organisation, creator):
    assert SPANISH["name"] not in _page(client, organisation, "es")  # cached now, for anonymous readers
    _translate(organisation, creator)
    spanish = _page(client, organisation, "es")
    assert '<h1 lang="es">Asamblea vecinal del barrio</h1>' in spanish
    assert "<strong>vecinos</strong>" in spanish and "<strong>Residents</strong>" not in spanish
    assert "Traducido del inglés por Ana Torres." in spanish
    assert 'href="?lang=orig"' in spanish and "Leer el original" in spanish
    assert "puede estar desactualizada" not in spanish

    original = _page(client, organisation, "es", "?lang=orig")
    assert '<h1 lang="en">Neighbourhood assembly</h1>' in original and SPANISH["name"] not in original
    assert 'href="?lang=es"' in original
    english = _page(client, organisation, "en")
    assert '<h1 lang="en">Neighbourhood assembly</h1>' in english
    assert SPANISH["name"] not in english and "?lang=orig" not in english

    services.update_organisation(acting_user=creator, organisation=organisation, data={"name": "Assembly"})
    assert "puede estar desactualizada" in _page(client, organisation, "es")


def test_the_translation_form_saves_and_shows_its_errors(client, organisation, creator):
    client.force_login(creator)
    assert reverse("places:organisation-translate", args=[organisation.slug, "ca"]) in _page(
        client, organisation, "en"
    )
    url = reverse("places:organisation-translate", args=[organisation.slug, "ca"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ca").content.decode()
    assert "Neighbourhood assembly" in page and 'lang="ca"' in page
    errors = client.post(url, {"name": "", "description": ""}, HTTP_ACCEPT_LANGUAGE="ca")
    assert errors.status_code == 200 and 'class="error-summary"' in errors.content.decode()
    done = client.post(url, {"name": "Assemblea veïnal", "description": "Text"})
    assert done.status_code == 302 and done["Location"].endswith("?lang=ca")
    assert OrganisationTranslation.objects.get(organisation=organisation, language="ca").name == "Assemblea veïnal"
    assert client.get(reverse("places:organisation-translate", args=[organisation.slug, "en"])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert reverse("places:organisation-translate", args=[organisation.slug, "ca"]) not in _page(
        client, organisation, "en"
    )


def test_search_shows_the_organisation_once_in_the_reader_s_language(organisation, creator):
    with translation.override("es"):
        _translate(organisation, creator, data={"name": "Asamblea vecinal", "description": "Asamblea del barrio."})
    spanish_hits = search(query="asamblea", user=None).hits
    assert [hit.url for hit in spanish_hits] == [organisation.get_absolute_url() + "?lang=es"]
    with translation.override("es"):
        both = search(query="assembly OR asamblea", user=None)
    assert len(both.hits) == 1
    kinds = next(g for g in both.facets if g.name == "type")
    assert [(o.value, o.count) for o in kinds.options] == [("organisation", 1)]


def _count(client, url, language):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return len(queries)


def test_the_organisation_page_costs_the_same_queries_in_every_language(client, organisation, creator):
    url = organisation.get_absolute_url()
    without = {language: _count(client, url, language) for language in ("en", "es")}
    _translate(organisation, creator)
    with_one = {language: _count(client, url, language) for language in ("en", "es")}
    # Cold cache, anonymous: the organisation (its translation joined), hubs, people and sections.
    assert without["en"] == without["es"] == with_one["en"] == with_one["es"] == 5
    assert _count(client, url + "?lang=orig", "es") == 5


def test_the_translation_form_costs_a_fixed_number_of_queries(client, organisation, creator):
    client.force_login(creator)
    url = reverse("places:organisation-translate", args=[organisation.slug, "es"])
    # Session, user, the organisation, its translation into that language (none or one).
    assert _count(client, url, "es") == 4
    _translate(organisation, creator)
    assert _count(client, url, "es") == 4



def test_an_unpublished_or_deleted_organisation_s_translations_leave_search_with_it(organisation, creator):
    _translate(organisation, creator, data={"name": "Asamblea vecinal", "description": ""})
    assert len(search(query="asamblea", user=None).hits) == 1
    staff = UserFactory(is_staff=True)
    services.unpublish_organisation(acting_user=staff, organisation=organisation, reason="Spam.")
    assert search(query="asamblea", user=None).hits == []
    services.publish_organisation(acting_user=staff, organisation=organisation)
    assert len(search(query="asamblea", user=None).hits) == 1
    services.delete_organisation(acting_user=staff, organisation=organisation)  # its translations go with it
    assert search(query="asamblea", user=None).hits == []
    assert not OrganisationTranslation.objects.exists()
