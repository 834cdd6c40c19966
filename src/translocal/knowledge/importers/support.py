"""Building blocks shared by importers. They keep everything an import looks up (terms, places,
slugs) in memory, so a record costs no lookup queries and M2M links are written in bulk."""

import html
import math
import re
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
from translocal.places.services import get_or_create_place
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


class Places:
    """Find-or-create places from (city, province, country) with an in-memory index."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str, str], Place] = {}
        for place in Place.objects.all():
            self.by_key[self._key(place.name, place.region, place.country)] = place
        self.slugs = SlugAllocator(Place)
        self.created = 0

    @staticmethod
    def _key(name: str, region: str, country: str) -> tuple[str, str, str]:
        return (name.strip().casefold(), region.strip().casefold(), country.upper())

    def find_or_create(
        self, *, city: str, province: str, country_name: str, latitude: float | None, longitude: float | None
    ) -> Place | None:
        city, province = (city or "").strip(), (province or "").strip()
        country_name = (country_name or "").strip()
        code = country_code(country_name) if country_name else None
        if not code:
            return None
        if city:
            name, region, kind = city, province, Place.Kind.CITY
        elif province:
            name, region, kind = province, "", Place.Kind.REGION
        else:
            name, region, kind, latitude, longitude = iso_name(code), "", Place.Kind.REGION, None, None
        key = self._key(name, region, code)
        place = self.by_key.get(key)
        if place is not None and (place.latitude is not None or latitude is None or longitude is None):
            return place
        # New, or known without coordinates that this record has: the places service writes it
        # (and keeps search in step); it finds a place created since this import started too.
        slug_text = f"{name} {code}" if place is None and self._name_taken(name) else name
        try:
            place, created = get_or_create_place(
                acting_user=None, name=name[:200], region=region[:200], country=code, kind=kind,
                latitude=latitude, longitude=longitude, slug_text=slug_text,
            )
        except (DatabaseError, ValidationError):
            return None
        self.by_key[key] = place
        self.slugs.taken.add(place.slug)
        self.created += created
        return place

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
