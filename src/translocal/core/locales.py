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
"""

import re
from functools import cache

import pycountry
from django.conf.locale import LANG_INFO

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
