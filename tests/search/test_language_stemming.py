"""Stemming by the entry's language: on PostgreSQL each entry's vector is built in its
language's text search configuration and a query is read in all of them; on SQLite FTS5
folds diacritics (and stems every language with Porter's English rules)."""

import pytest
from django.db import connection

from tests.factories import CaseFactory
from translocal.search.backends.postgresql import SIMPLE_CONFIG, config_for
from translocal.search.selectors import search
from translocal.search.services import index_instance

pytestmark = pytest.mark.django_db


def _titles(query: str) -> list[str]:
    return [hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in search(query=query, user=None).hits]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL text search configurations")


@pytest.mark.postgres_only
def test_a_spanish_inflected_form_finds_a_spanish_case(postgres):
    case = CaseFactory(
        title="Presupuesto participativo de Sevilla", original_language="es",
        body_html="Las vecinas decidieron el presupuesto municipal en asambleas de barrio.",
    )
    index_instance(case)
    assert _titles("presupuestos") == [case.title]
    assert _titles("asamblea decidió") == [case.title]  # "asambleas", "decidieron"


@pytest.mark.postgres_only
def test_a_swedish_and_an_english_case_each_stem_in_their_own_language(postgres):
    swedish = CaseFactory(title="Medborgarbudget i Göteborg", original_language="sv",
                          body_html="Invånarna röstade om förslagen till stadsdelarna.")
    english = CaseFactory(title="Neighbourhood budgets in Leeds", original_language="en",
                          body_html="Residents voted on the proposals for the wards.")
    for case in (swedish, english):
        index_instance(case)
    assert _titles("förslag") == [swedish.title]  # "förslagen"
    assert _titles("proposal") == [english.title]  # "proposals"
    assert _titles("goteborg") == [swedish.title]  # accents folded


@pytest.mark.postgres_only
def test_catalan_is_stemmed_where_postgresql_has_a_catalan_stemmer(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'catalan'")
        has_catalan = cursor.fetchone() is not None
        cursor.execute("SELECT to_tsvector(%s::regconfig, 'pressupostos participatius')", [config_for("ca")])
        vector = cursor.fetchone()[0]
    if has_catalan:
        assert "pressupostos" not in vector  # stemmed
    else:
        assert "'pressupostos'" in vector  # a copy of simple: as written


def test_languages_without_a_stemmer_and_entries_without_a_language_get_sensible_configurations():
    assert config_for("es") == "translocal_search_es"
    assert config_for("pt-BR") == "translocal_search_pt"
    assert config_for("") == config_for("en") == "translocal_search"
    assert config_for("sw") == SIMPLE_CONFIG


def test_sqlite_and_postgresql_fold_diacritics(db):
    case = CaseFactory(title="Política de vivienda en Málaga", original_language="es")
    index_instance(case)
    assert _titles("politica malaga") == [case.title]
