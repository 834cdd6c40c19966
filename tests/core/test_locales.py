"""One rule for naming countries and languages, used by every app (core.locales)."""

import pytest

from translocal.core.locales import country_code, country_name, language_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("en", "English"),
        ("EN", "English"),
        ("de", "German"),
        ("pt-br", "Brazilian Portuguese"),  # Django's table knows regional variants
        ("pt-BR", "Brazilian Portuguese"),
        ("pt_BR", "Brazilian Portuguese"),
        ("en-ZA", "English"),  # unknown region: the base language
        ("el", "Greek"),  # Django's name, not ISO 639's "Modern Greek (1453-)"
        ("sw", "Swahili"),
        ("zu", "Zulu"),  # not in Django's table: ISO 639
        ("zh", "Chinese"),
        ("fil", "Filipino"),  # a three-letter code
        ("ne", "Nepali"),
        ("xx", "xx"),  # unknown: the code itself
        ("", ""),
    ],
)
def test_language_name(code, name):
    assert language_name(code) == name


def test_search_and_case_facets_name_languages_alike():
    """They used to disagree (pycountry in search, Django's table in the case facets)."""
    from translocal.search.backends import base

    assert base.language_name is language_name
    assert language_name("el") == "Greek"


@pytest.mark.parametrize(
    ("code", "name"),
    [("KE", "Kenya"), ("ke", "Kenya"), ("GB", "United Kingdom"), ("BO", "Bolivia"), ("ZZ", "ZZ"), ("", "")],
)
def test_country_name(code, name):
    assert country_name(code) == name


@pytest.mark.parametrize(
    ("name", "code"),
    [("United Kingdom", "GB"), ("Kenya", "KE"), ("kenya", "KE"), ("Catalonia", None), ("", None)],
)
def test_country_code(name, code):
    assert country_code(name) == code


def test_the_language_filter_in_templates():
    from django.template import Context, Template

    assert Template("{{ code|language_name }} {{ c|country_name }}").render(Context({"code": "zu", "c": "KE"})) == (
        "Zulu Kenya"
    )
