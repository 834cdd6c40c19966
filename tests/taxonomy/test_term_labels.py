"""Terms in the reader's language: Term.labels ({language: label}) shown wherever terms show
(cards, case pages, facets of the case list and of search), English when a language has none,
and no query more than in English."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import CaseFactory, TermFactory, UserFactory
from translocal.core.locales import in_language
from translocal.knowledge import selectors
from translocal.search.selectors import search
from translocal.search.services import index_instance
from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.services import load_vocabularies, save_term

pytestmark = pytest.mark.django_db

HOUSING = {"es": "Vivienda", "ca": "Habitatge", "sv": "Bostäder"}


@pytest.fixture
def housing():
    return TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, slug="t-housing", label="Housing", labels=HOUSING)


def test_a_term_shows_the_label_of_the_active_language_else_the_english_one(housing):
    with translation.override("es"):
        assert housing.display_label == "Vivienda" and str(housing) == "Vivienda"
    with translation.override("sv"):
        assert housing.display_label == "Bostäder"
    with translation.override("fr"):
        assert housing.display_label == "Housing"
    with translation.override("en"):
        assert housing.display_label == "Housing"


def test_in_language_tries_the_full_code_then_the_base_language():
    labels = {"pt-br": "Moradia", "pt": "Habitação"}
    assert in_language(labels, "Housing", "pt-BR") == "Moradia"
    assert in_language(labels, "Housing", "pt-PT") == "Habitação"
    assert in_language({}, "Housing", "es") == "Housing"


def test_the_vocabulary_file_s_labels_are_loaded_and_merged_over_an_editor_s(tmp_path):
    path = tmp_path / "vocabularies.json"
    term = {"slug": "t-housing", "label": "Housing", "labels": {"es": "Vivienda"}}
    path.write_text(json.dumps({"vocabularies": {"general_issue": [term]}}), encoding="utf-8")
    load_vocabularies(path=path)
    stored = Term.objects.get(vocabulary=Vocabulary.GENERAL_ISSUE, slug="t-housing")
    assert stored.labels == {"es": "Vivienda"}

    Term.objects.filter(pk=stored.pk).update(labels={"es": "Casa", "fr": "Logement"})
    load_vocabularies(path=path)
    assert Term.objects.get(pk=stored.pk).labels == {"es": "Vivienda", "fr": "Logement"}


def test_save_term_refuses_labels_that_are_not_texts_by_language(housing):
    staff = UserFactory(is_staff=True)
    with pytest.raises(ValidationError) as caught:
        save_term(acting_user=staff, term=housing, data={"labels": ["Vivienda"]})
    assert "labels" in caught.value.message_dict
    saved = save_term(acting_user=staff, term=housing, data={"labels": {" ES ": " Vivienda ", "ca": " "}})
    assert saved.labels == {"es": "Vivienda"}


def _issue_options(language):
    with translation.override(language):
        result = selectors.case_list(filters={}, cursor=None)
    facet = next(f for f in result.facets if f.name == "issue")
    return [(o.value, o.label, o.count) for o in facet.options]


def test_case_list_facets_show_terms_in_the_reader_s_language_in_as_many_queries(housing):
    energy = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, slug="t-energy", label="Energy",
                        labels={"es": "Energía"})
    untranslated = TermFactory(vocabulary=Vocabulary.GENERAL_ISSUE, slug="t-water", label="Water")
    for term in (housing, energy, untranslated):
        CaseFactory().general_issues.add(term)

    with CaptureQueriesContext(connection) as english:
        english_options = _issue_options("en")
    assert english_options == [("t-energy", "Energy", 1), ("t-housing", "Housing", 1), ("t-water", "Water", 1)]
    with CaptureQueriesContext(connection) as spanish:
        # Ties are ordered by the label the reader reads.
        spanish_options = _issue_options("es")
    assert spanish_options == [("t-energy", "Energía", 1), ("t-housing", "Vivienda", 1), ("t-water", "Water", 1)]
    assert len(spanish) == len(english)


def test_case_cards_and_pages_show_terms_in_the_reader_s_language(client, housing):
    case = CaseFactory(title="Housing co-operative")
    case.general_issues.add(housing)
    listing = client.get(reverse("knowledge:case-list"), HTTP_ACCEPT_LANGUAGE="ca").content.decode()
    assert "Habitatge" in listing
    page = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Bostäder" in page


def test_search_facets_show_terms_in_the_reader_s_language_and_find_them_by_it(housing):
    case = CaseFactory(title="Housing co-operative")
    case.general_issues.add(housing)
    index_instance(case)

    with translation.override("es"):
        results = search(query="vivienda", user=None)
    assert [hit.title_html for hit in results.hits] == ["Housing co-operative"]
    group = next(g for g in results.facets if g.name == "general_issue")
    assert [(o.value, o.label) for o in group.options] == [("t-housing", "Vivienda")]
