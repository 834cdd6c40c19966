"""Building blocks shared by importers. They keep everything an import looks up (terms, places,
slugs) in memory, so a record costs no lookup queries and M2M links are written in bulk."""

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models

from translocal.core.import_report import ImportReport
from translocal.core.locales import country_code
from translocal.core.locales import country_name as iso_name
from translocal.core.markup import html_to_text, truncate_words
from translocal.core.slugs import SlugAllocator
from translocal.places.models import Place
from translocal.places.services import get_or_create_place, merge_places, update_place_from_import
from translocal.taxonomy.models import Term
from translocal.taxonomy.selectors import TermResolver, term_resolvers
from translocal.taxonomy.services import ensure_term


class Terms:
    """All vocabularies resolved in memory; unknown values become new terms (counted in the
    report), never free text."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.resolvers: dict[str, TermResolver] = term_resolvers()

    def one(self, vocabulary: str, value: object) -> Term | None:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, dict | list | tuple):
            raise ValueError(f"expected one {vocabulary} value, got {type(value).__name__}")
        text = str(value).strip()
        if not text:
            return None
        term, created = ensure_term(resolver=self.resolvers[vocabulary], value=text)
        if created:
            self.report.new_terms[vocabulary] += 1
        return term

    def many(self, vocabulary: str, values: object) -> list[Term]:
        if values is None or values == "":
            return []
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list | tuple):
            raise ValueError(f"expected a list of {vocabulary} values, got {values!r}")
        found = (self.one(vocabulary, value) for value in values)
        return list({term.pk: term for term in found if term is not None}.values())


_DMS = re.compile(
    r"""^\s*(?P<deg>-?\d+(?:\.\d+)?)\s*°\s*(?:(?P<min>\d+(?:\.\d+)?)\s*['′]\s*)?"""
    r"""(?:(?P<sec>\d+(?:\.\d+)?)\s*(?:"|″|'')\s*)?(?P<hem>[NSEW])?\s*$""",
    re.IGNORECASE,
)


def parse_coordinate(value: object, limit: int) -> float | None:
    """Decimal degrees from ``64° 8' 7.2168" N`` or a number. Participedia writes 0° 0' 0" for
    "unknown", so exactly zero is read as unknown (no real case sits on the null island)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"unreadable coordinate {value!r}")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError as exc:
            raise ValueError("coordinate out of range") from exc
    else:
        text = str(value).strip()
        match = _DMS.match(text)
        if match:
            number = float(match["deg"]) + float(match["min"] or 0) / 60 + float(match["sec"] or 0) / 3600
            if (match["hem"] or "").upper() in {"S", "W"}:
                number = -number
        else:
            try:
                number = float(Decimal(text))
            except InvalidOperation as exc:
                raise ValueError(f"unreadable coordinate {text!r}") from exc
    if number == 0:
        return None
    if not math.isfinite(number) or abs(number) > limit:
        raise ValueError(f"coordinate {value!r} is out of range")
    return round(number, 6)


#: Two places of one name in one country are the same place unless their coordinates are
#: further apart than this (km): far enough for a city and its own region's centroid, near
#: enough to keep Portland (Oregon) and Portland (Maine) apart.
SAME_PLACE_KM = 60.0
_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,6}\s+|\s+\d{4,6}$")


def clean_place_name(name: str) -> str:
    """A place name without the postcode an address field left in it ("11011 Berlin",
    "D-10117 Berlin", "Porto Alegre 90010")."""
    name = " ".join((name or "").split())
    cleaned = _POSTCODE.sub("", name).strip(" ,")
    return cleaned or name


def place_match_name(name: str) -> str:
    """The form two names of one place share: postcode stripped, case and accents folded,
    punctuation as spaces ("Porto  Alegre", "porto-alegre" and "Pôrto Alegre" all match)."""
    folded = unicodedata.normalize("NFKD", clean_place_name(name).casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _coordinates(place: Place) -> tuple[float, float] | None:
    if place.latitude is None or place.longitude is None:
        return None
    return (place.latitude, place.longitude)


def _far_apart(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    return a is not None and b is not None and distance_km(a, b) > SAME_PLACE_KM


class Places:
    """Find-or-create places from (city, province, country), matched the way a person would:
    by normalised name (place_match_name) and country, and by coordinates when both sides
    have them (SAME_PLACE_KM). The region only breaks a tie: Participedia writes a city's
    region in several ways ("Catalonia", "Cataluña", "Barcelona"), so it cannot tell places
    apart. A place known only by its country is a place of kind "country".

    On start, places that already match each other (from an earlier import, or the demo's
    "Barcelona" next to an imported one) are merged through places.services.merge_places,
    keeping the one a hub or a person chose (else the oldest); ``merged`` counts them, and
    ``folded`` holds the other spellings ("11011 Berlin", "Barcelona, Cataluña") matched to an
    existing place instead of creating one."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[Place]] = {}
        self.slugs = SlugAllocator(Place)
        self.created = 0
        self.merged = 0
        self.corrected = 0
        #: spellings of a place that were matched to a place written another way (not created)
        self.folded: set[tuple[str, str, str]] = set()
        places = list(Place.objects.annotate(hub_total=models.Count("hubs")).order_by("pk"))
        for place in places:
            self.by_key.setdefault(self._key(place.name, place.country), []).append(place)
        self._merge_existing()
        self._correct_existing()

    @staticmethod
    def _key(name: str, country: str) -> tuple[str, str]:
        return (place_match_name(name), country.upper())

    def _merge_existing(self) -> None:
        for key, group in list(self.by_key.items()):
            if len(group) < 2:
                continue
            # The place people chose (a hub's, one with a description) wins, then the oldest.
            ranked = sorted(group, key=lambda p: (-getattr(p, "hub_total", 0), not p.description, p.pk))
            kept: list[tuple[Place, list[Place]]] = []
            for place in ranked:
                home = next(
                    (k for k in kept if not _far_apart(_coordinates(k[0]), _coordinates(place))), None
                )
                if home is None:
                    kept.append((place, []))
                else:
                    home[1].append(place)
            for keep, duplicates in kept:
                if duplicates:
                    self.merged += merge_places(acting_user=None, keep=keep, duplicates=duplicates)
                    keep.refresh_from_db()
            self.by_key[key] = [keep for keep, _ in kept]

    def _correct_existing(self) -> None:
        """Names with a postcode lose it; a place named as its whole country is a country."""
        for places in self.by_key.values():
            for place in places:
                fields: dict[str, object] = {}
                name = clean_place_name(place.name)
                if name != place.name and not Place.objects.filter(
                    name=name, region=place.region, country=place.country
                ).exists():
                    fields["name"] = name
                if (
                    place.kind == Place.Kind.REGION and not place.region
                    and place_match_name(place.name) == place_match_name(iso_name(place.country))
                ):
                    fields["kind"] = Place.Kind.COUNTRY
                if fields:
                    update_place_from_import(acting_user=None, place=place, fields=fields)
                    self.corrected += 1

    def _find(self, key: tuple[str, str], region: str, coordinates: tuple[float, float] | None) -> Place | None:
        candidates = [p for p in self.by_key.get(key, []) if not _far_apart(_coordinates(p), coordinates)]
        if not candidates:
            return None
        if coordinates is not None:
            located = [p for p in candidates if _coordinates(p) is not None]
            if located:
                return min(located, key=lambda p: distance_km(_coordinates(p) or coordinates, coordinates))
        same_region = [p for p in candidates if place_match_name(p.region) == place_match_name(region)]
        return (same_region or candidates)[0]

    def find_or_create(
        self, *, city: str, province: str, country_name: str, latitude: float | None, longitude: float | None
    ) -> Place | None:
        city, province = clean_place_name(city or ""), (province or "").strip()
        country_name = (country_name or "").strip()
        code = country_code(country_name) if country_name else None
        if not code:
            return None
        if city:
            name, region, kind = city, province, Place.Kind.CITY
        elif province:
            name, region, kind = clean_place_name(province), "", Place.Kind.REGION
        else:
            name, region, kind, latitude, longitude = iso_name(code), "", Place.Kind.COUNTRY, None, None
        coordinates = (latitude, longitude) if latitude is not None and longitude is not None else None
        key = self._key(name, code)
        place = self._find(key, region, coordinates)
        spelling = (name.casefold(), region.casefold())
        if place is not None and spelling != (place.name.casefold(), place.region.casefold()):
            self.folded.add((*spelling, code))
        if place is not None and (_coordinates(place) is not None or coordinates is None):
            return place
        # New, or known without coordinates that this record has: the places service writes it
        # (and keeps search in step); it finds a place created since this import started too.
        if place is not None:
            name, region = place.name, place.region
        slug_text = f"{name} {code}" if place is None and self._name_taken(name) else name
        try:
            found, created = get_or_create_place(
                acting_user=None, name=name[:200], region=region[:200], country=code, kind=kind,
                latitude=latitude, longitude=longitude, slug_text=slug_text,
            )
        except (DatabaseError, ValidationError):
            return place
        if place is None:
            self.by_key.setdefault(key, []).append(found)
        else:
            place.latitude, place.longitude = found.latitude, found.longitude
        self.slugs.taken.add(found.slug)
        self.created += created
        return found

    def _name_taken(self, name: str) -> bool:
        return self.slugs.base_taken(name)


def write_m2m(
    model: type[models.Model], field_name: str, links: Mapping[int, Sequence[models.Model]],
    *, replace: Iterable[int],
) -> set[int]:
    """Make the links of many objects in one relation equal ``links`` (objects in ``replace``
    but not in ``links`` lose theirs): one SELECT of the current rows, then one DELETE and one
    bulk INSERT of the differences, instead of .set() per object. A re-import that changes
    nothing writes nothing. Returns the ids of objects whose links changed."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.ManyToManyField) or field.remote_field.through is None:
        raise TypeError(f"{model.__name__}.{field_name} is not a many-to-many field")
    through = field.remote_field.through
    source = f"{field.m2m_field_name()}_id"
    target = f"{field.m2m_reverse_field_name()}_id"
    ids = list(replace)
    current: dict[tuple[int, int], int] = {}
    if ids:
        rows = through._default_manager.filter(**{f"{source}__in": ids}).values_list("pk", source, target)
        current = {(obj_id, other_id): pk for pk, obj_id, other_id in rows}
    wanted = {(obj_id, other.pk) for obj_id, others in links.items() for other in others}
    stale = [pk for pair, pk in current.items() if pair not in wanted]
    missing = sorted(wanted - current.keys())
    if stale:
        through._default_manager.filter(pk__in=stale).delete()
    if missing:
        through._default_manager.bulk_create(
            [through(**{source: obj_id, target: other_id}) for obj_id, other_id in missing], batch_size=1000
        )
    return {pair[0] for pair in missing} | {pair[0] for pair, pk in current.items() if pair not in wanted}


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regex alternative for many phrases, factored by common prefixes. Python's re tries a
    plain alternation phrase by phrase at every position; the trie tries one branch per character,
    which makes matching hundreds of method names in a thousand texts take milliseconds."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S | re.I)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>\s*", re.I)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])(?=\s|$)")


def drop_empty_paragraphs(body_html: str) -> str:
    return _EMPTY_PARAGRAPH.sub("", body_html).strip()


_EDITORIAL = re.compile(
    r"^\s*<(?:em|i)>|^\s*note\b|this (?:case study|article|entry)|vitalizing democracy|translation of", re.I
)


def summary_from_html(body_html: str, words: int = 60) -> str:
    """The first real paragraph (not an editor's note, which Participedia sets in italics or
    words as "this case study..."), as plain text of about ``words`` words."""
    for paragraph in _PARAGRAPH.findall(body_html):
        text = html_to_text(paragraph)
        if len(text.split()) >= 12 and not _EDITORIAL.search(paragraph[:200]):
            return truncate_words(text, words)
    return truncate_words(html_to_text(body_html), words)


def text_to_html(text: str, headings: Sequence[str] = ()) -> str:
    """HTML from exported plain text (tags stripped, entities kept). Line breaks end paragraphs;
    ``headings`` are section titles expected in this order, each found after the previous one
    (exports glue them to the neighbouring words, so they are found by position, not by line).
    The result still goes through sanitize_html."""
    text = text or ""
    cuts: list[tuple[int, str]] = []
    position = 0
    for heading in headings:
        found = text.find(heading, position)
        if found >= 0:
            cuts.append((found, heading))
            position = found + len(heading)
    sections: list[tuple[str, str]] = []
    previous_end, previous_heading = 0, ""
    for found, heading in cuts:
        sections.append((previous_heading, text[previous_end:found]))
        previous_end, previous_heading = found + len(heading), heading
    sections.append((previous_heading, text[previous_end:]))
    out = []
    for heading, body in sections:
        paragraphs = [p.strip() for p in re.split(r"\s*\n\s*", body) if p.strip()]
        if heading and paragraphs:
            out.append(f"<h2>{html.escape(heading)}</h2>")
        for paragraph in paragraphs:
            # Unescape first so entities already in the export are not escaped twice; the export
            # left a space where each link was, before punctuation too.
            tidy = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(html.unescape(paragraph).split()))
            out.append(f"<p>{html.escape(tidy, quote=False)}</p>")
    return "\n".join(out)
