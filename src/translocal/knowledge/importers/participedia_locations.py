"""Where a case without location fields took place, read from what its text states.

Participedia's 2016 texts carry no location fields (only the 2018 records do), but most titles
and many texts say where: "Fernald Citizens Advisory Board (Fernald, Ohio, USA)", a "Where:"
section, "Participatory Budgeting in Porto Alegre". Only strict readings count (an exact
country name, or a city or region the 2018 records place in exactly one country), so a title
that merely mentions a word like "Georgia" or "Victoria" in passing is left unplaced rather
than placed wrongly.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pycountry

from translocal.core.markup import html_to_text

from .support import place_match_name

# Country names as the texts write them that ISO's table does not hold.
_COUNTRY_ALIASES = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states of america": "US",
    "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB", "the netherlands": "NL", "holland": "NL", "south korea": "KR",
    "korea": "KR", "russia": "RU", "vietnam": "VN", "iran": "IR", "bolivia": "BO", "venezuela": "VE",
    "tanzania": "TZ", "taiwan": "TW", "brasil": "BR", "deutschland": "DE", "españa": "ES", "italia": "IT",
}
_PARENTHESES = re.compile(r"\(([^()]{2,80})\)\s*$")
_WHERE = re.compile(
    r"<h[2-6][^>]*>\s*(?:<[^>]+>\s*)*(?:where|location)\s*:?\s*(?:<[^>]+>\s*)*</h[2-6]>\s*<p>(.*?)</p>", re.I | re.S
)
_WORDS = re.compile(r"[\w'’.-]+(?:\s+[\w'’.-]+){0,3}")


@dataclass(frozen=True)
class Location:
    city: str
    region: str
    country: str  # a name country_code reads, or an ISO code


def strict_country(name: str) -> str | None:
    """The ISO code of a country named exactly (or by a common alias), else None: no fuzzy
    matching, which reads "Ohio" or "U.S." as some other country."""
    text = " ".join((name or "").split()).strip(" .,;")
    if not text:
        return None
    alias = _COUNTRY_ALIASES.get(text.casefold()) or _COUNTRY_ALIASES.get(text.casefold().rstrip("."))
    if alias:
        return alias if len(text) > 3 or text.isupper() else None
    if len(text) <= 3:
        return None  # "in", "it", "be" are ISO codes too
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


class Gazetteer:
    """City and region names the 2018 records place in exactly one country (built from
    ``(city, province, country code)`` triples); a name found in two countries is left out."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]) -> None:
        seen: dict[str, set[tuple[str, str, str]]] = {}
        for city, province, code in triples:
            if not code:
                continue
            if city:
                seen.setdefault(place_match_name(city), set()).add((city, province, code))
            if province:
                seen.setdefault(place_match_name(province), set()).add(("", province, code))
        self.names: dict[str, tuple[str, str, str]] = {
            key: next(iter(values)) for key, values in seen.items()
            if key and len(key) >= 4 and len({code for *_, code in values}) == 1 and len(values) == 1
        }

    def find(self, text: str) -> tuple[str, str, str] | None:
        """The longest known name in ``text`` (whole words), as (city, region, country code)."""
        words = place_match_name(text).split()
        best: tuple[str, str, str] | None = None
        best_length = 0
        for size in (4, 3, 2, 1):
            for start in range(len(words) - size + 1):
                found = self.names.get(" ".join(words[start:start + size]))
                if found and size > best_length:
                    best, best_length = found, size
            if best:
                return best
        return None


def _from_parts(text: str, gazetteer: Gazetteer | None) -> Location | None:
    """"Fernald, Ohio, USA" / "Denmark" / "Porto Alegre, Brazil"."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None
    code = strict_country(parts[-1])
    if code:
        rest = parts[:-1]
        city = rest[0] if rest else ""
        region = rest[1] if len(rest) > 1 else ""
        return Location(city=city, region=region, country=code)
    if gazetteer:
        found = gazetteer.find(text)
        if found:
            return Location(*found)
    return None


def location_from_text(
    title: str, body_html: str, *, gazetteer: Gazetteer | None = None, countries: Mapping[str, str] | None = None
) -> Location | None:
    """The place a text names, read in this order: the title's closing parentheses
    ("(Fernald, Ohio, USA)"), a "Where:"/"Location:" section, a city or region of the gazetteer
    in the title, then an exact country name in the title. None when none says."""
    match = _PARENTHESES.search(title)
    if match:
        found = _from_parts(match[1], gazetteer)
        if found:
            return found
    where = _WHERE.search(body_html or "")
    if where:
        found = _from_parts(html_to_text(where[1])[:200], gazetteer)
        if found:
            return found
    if gazetteer:
        found_name = gazetteer.find(title)
        if found_name:
            return Location(*found_name)
    for phrase in re.split(r"[,:;()\-–—]| in | of | and ", title):
        code = strict_country(phrase)
        if code:
            return Location(city="", region="", country=code)
    for word_group in _WORDS.findall(title):
        words = word_group.split()
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                code = strict_country(" ".join(words[start:start + size]))
                if code and len(" ".join(words[start:start + size])) > 3:
                    return Location(city="", region="", country=code)
    return None
