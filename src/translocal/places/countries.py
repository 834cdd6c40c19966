"""ISO 3166 country names and lookups, from pycountry (installed data, no network)."""

from functools import cache

import pycountry


@cache
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return str(getattr(country, "common_name", None) or country.name) if country else code


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries), key=lambda c: c[1])


@cache
def country_code(name: str) -> str | None:
    """ISO alpha-2 code for a country name as people write it ("United Kingdom", "Catalonia"→None)."""
    if not name:
        return None
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(name.strip())[0].alpha_2
        except LookupError:
            return None
