"""Names of countries and languages, in English, from data installed with the project (no
network): the one place every app asks.

- Countries: ISO 3166-1 alpha-2 codes, named by pycountry (its ``common_name`` where it has one,
  so "Bolivia" rather than "Bolivia, Plurinational State of").
- Languages: BCP 47-style codes ("en", "pt-BR", "pt_br", "fil"), case-insensitive. Django's own
  language table first (the names its admin and language switcher use, including regional
  variants such as "Brazilian Portuguese"), then ISO 639 from pycountry for the many languages
  Django does not ship (two- or three-letter codes; "Zulu", "Filipino") with qualifiers such as
  "(macrolanguage)" dropped. A tag whose region is unknown falls back to its base language.

Every lookup returns the code itself when it knows no name (never raises), and "" for "".

What is stored or indexed uses the English names above; pages show ``localized_country_name``
and ``localized_language_name``: the same names in the active interface language (pycountry's
ISO 3166 and ISO 639 translations; Django's own for the languages it knows).
"""

import gettext
import re
from functools import cache

import pycountry
from django.conf import global_settings, settings
from django.conf.locale import LANG_INFO
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


@cache
def country_name(code: str) -> str:
    """"KE" -> "Kenya"; case-insensitive; an unknown code is returned as given."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@cache
def country_choices() -> list[tuple[str, str]]:
    """(alpha-2 code, name) for every ISO 3166 country, sorted by name."""
    return sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda c: c[1])


@cache
def country_code(name: str) -> str | None:
    """ISO alpha-2 code for a country name as people write it ("United Kingdom" -> "GB");
    None when no country matches ("Catalonia")."""
    if not name:
        return None
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(name.strip())[0].alpha_2
        except LookupError:
            return None


def _iso639_name(code: str) -> str | None:
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    else:
        return None
    if language is None:
        return None
    return _QUALIFIER.sub("", str(getattr(language, "common_name", None) or language.name))


@cache
def language_name(code: str) -> str:
    """"en" -> "English", "pt-BR" -> "Brazilian Portuguese", "zu" -> "Zulu", "el" -> "Greek";
    an unknown code is returned as given. See the module docstring for the rule."""
    if not code:
        return ""
    tag = code.strip().lower().replace("_", "-")
    base = tag.split("-")[0]
    for candidate in (tag, base):
        info = LANG_INFO.get(candidate)
        if info and "name" in info:
            return str(info["name"])
    return _iso639_name(base) or code


def _active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@cache
def _iso_catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def localized_country_name(code: str) -> str:
    """``country_name`` in the active interface language ("GB" -> "Reino Unido" in Spanish)."""
    return _localized_country_name(code.upper() if code else "", _active_language())


def country_name_in(code: str, language: str) -> str:
    """``localized_country_name`` in ``language`` (a base code: "es"), for a loop that looked
    up the active language once."""
    return _localized_country_name(code.upper() if code else "", language)


@cache
def _localized_country_name(code: str, language: str) -> str:
    english = country_name(code)
    if english == code or language == "en":
        return english
    return _iso_catalogue("iso3166-1", language).gettext(english)


def localized_language_name(code: str) -> str:
    """``language_name`` in the active interface language ("sw" -> "Suajili" in Spanish)."""
    return _localized_language_name(code or "", _active_language())


@cache
def _localized_language_name(code: str, language: str) -> str:
    english = language_name(code)
    if english == code or language == "en":
        return english
    tag = code.strip().lower().replace("_", "-")
    for candidate in (tag, tag.split("-")[0]):
        if candidate in LANG_INFO and "name" in LANG_INFO[candidate]:
            return capfirst(str(get_language_info(candidate)["name_translated"]))
    iso = pycountry.languages.get(alpha_2=tag.split("-")[0]) or pycountry.languages.get(alpha_3=tag.split("-")[0])
    if iso is None:
        return english
    return capfirst(_QUALIFIER.sub("", _iso_catalogue("iso639-3", language).gettext(iso.name)))


def content_language_choices() -> list[tuple[str, str]]:
    """(code, name) of the languages content can be written in (Django's table, no regional
    duplicates of the interface's), named and sorted in the active interface language: the
    choices of an "Original language" field, as a callable so a form renders them in the
    reader's language."""
    return sorted(
        ((code, localized_language_name(code)) for code, _name in global_settings.LANGUAGES),
        key=lambda choice: choice[1].casefold(),
    )


def in_language(translations: dict[str, str] | None, default: str, language: str | None = None) -> str:
    """The text of ``translations`` ({language code: text}) for ``language`` (default: the
    active one), trying the full code ("pt-br") then its base ("pt"); ``default`` (English)
    when there is none. What raw-SQL readers of Term.labels (facet counts) call too."""
    if not translations:
        return default
    code = (language or get_language() or "").lower()
    if not code:
        return default
    return translations.get(code) or translations.get(code.split("-")[0]) or default


#: Interface languages that write language names in lower case inside a sentence ("traducido
#: del inglés", "översatt från engelska"); English and German capitalise them.
_LOWER_CASE_LANGUAGE_NAMES = frozenset({"es", "ca", "sv", "fr", "it", "pt", "ro", "pl"})


def localized_language_name_in_text(code: str) -> str:
    """``localized_language_name`` as written inside a sentence of the active language:
    "inglés" in Spanish, "English" in English (the capitalised form starts a label)."""
    name = localized_language_name(code)
    active = (get_language() or "").split("-")[0].lower()
    return name.lower() if active in _LOWER_CASE_LANGUAGE_NAMES else name
