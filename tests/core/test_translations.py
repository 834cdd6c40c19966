"""Core's translation machinery: the pieces every app with translated content shares."""

import hashlib
import json

import pytest
from django.utils import translation

from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from translocal.core import translations as core
from translocal.knowledge.models import CaseTranslation
from translocal.knowledge.models import text_hash as entry_text_hash
from translocal.places.models import Organisation, OrganisationTranslation, organisation_text_hash


def test_text_hash_is_the_sha256_of_the_texts_in_order_so_stored_hashes_stay_valid():
    expected = hashlib.sha256(json.dumps(["Título", "", "Cuerpo"], ensure_ascii=False).encode()).hexdigest()
    assert core.text_hash("Título", None, "Cuerpo") == expected
    assert entry_text_hash("Título", "", "Cuerpo") == expected
    assert organisation_text_hash("Nombre", "Texto") == core.text_hash("Nombre", "Texto")
    assert core.text_hash("a", "b") != core.text_hash("b", "a")


def test_every_translation_model_is_cores():
    assert issubclass(CaseTranslation, core.Translation)
    assert issubclass(OrganisationTranslation, core.Translation)
    assert OrganisationTranslation.translated_fields == ("name", "description")
    assert core.translation_model_of(Organisation) is OrganisationTranslation


def test_wanted_language_reads_orig_an_interface_language_or_the_active_one():
    with translation.override("ca"):
        assert core.wanted_language("orig") == ("ca", True)
        assert core.wanted_language("es") == ("es", False)
        assert core.wanted_language("xx") == ("ca", False)
        assert core.wanted_language(None) == ("ca", False)


@pytest.mark.django_db
def test_reading_shows_the_translation_unless_the_original_is_asked_for(django_assert_num_queries):
    author = UserFactory()
    organisation = OrganisationFactory(name="Neighbourhood Trust", description="Housing.", created_by=author)
    OrganisationTranslation.objects.create(
        organisation=organisation, language="es", name="Fideicomiso vecinal", description="Vivienda.",
        translator=author, source_version=organisation.version,
        source_hash=OrganisationTranslation.source_hash_of(organisation),
    )
    with django_assert_num_queries(1):
        row = core.with_reader_translation(Organisation.objects.filter(pk=organisation.pk), "es").get()
        reading = core.reading_of(row, ("name", "description"))
        assert reading.name == "Fideicomiso vecinal"
        assert reading.translation.translator == author
    assert reading.language == "es"
    original = core.reading_of(row, ("name", "description"), original_asked=True)
    assert (original.name, original.language, original.available.language) == ("Neighbourhood Trust", "en", "es")


@pytest.mark.django_db
def test_mark_outdated_marks_only_translations_of_another_text():
    case = CaseFactory(title="Budget", summary="", body="Text")
    current = CaseTranslation.objects.create(
        entry=case, language="es", title="Presupuesto", source_version=1,
        source_hash=CaseTranslation.source_hash_of(case),
    )
    behind = CaseTranslation.objects.create(
        entry=case, language="ca", title="Pressupost", source_version=1, source_hash=core.text_hash("Old", "", ""),
    )
    assert core.mark_outdated(case) == 1
    current.refresh_from_db()
    behind.refresh_from_db()
    assert (current.is_outdated, behind.is_outdated) == (False, True)


@pytest.mark.django_db
def test_translated_values_give_a_list_its_rows_names_in_one_query(django_assert_num_queries):
    translated, plain = OrganisationFactory(name="Alpha"), OrganisationFactory(name="Beta")
    OrganisationTranslation.objects.create(
        organisation=translated, language="es", name="Alfa", source_version=1, source_hash="x",
    )
    with django_assert_num_queries(1):
        rows = {
            row.pk: core.translated_value(row, "name")
            for row in core.with_translated_values(Organisation.objects.all(), ("name",), "es")
        }
    assert rows == {translated.pk: "Alfa", plain.pk: "Beta"}
