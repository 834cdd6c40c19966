"""What an importer checks before it writes, so that one bad record is reported ("row 12
(method 5071): number_of_participants ... is out of range") while the rest imports, and an
unreadable file is refused before anything is written.

The checks are the same on SQLite and PostgreSQL: SQLite stores an over-long string or a
64-bit integer that PostgreSQL refuses, and both refuse a Python integer past 64 bits
(OverflowError on SQLite), so nothing here relies on the database to refuse a value.

- files: ``read_text`` decodes UTF-8, or detects the encoding (charset-normalizer) and says so;
  an undecodable file raises ValidationError naming the file and the best guess.
- strings: ``clean_strings`` removes NUL characters (PostgreSQL refuses them in text) and lone
  surrogates (which JSON can carry and no database stores), everywhere in a loaded structure.
- fields: ``check_fields`` holds every value to its model field: integers within the portable
  range of the field type (PostgreSQL's), text within max_length (cut, with a note), choices
  among the field's choices, dates and datetimes within what the database stores, link lists
  as ``[{"url": http(s) URL, "title": text}]``.
"""

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

#: Imported text without a max_length of its own (bodies, descriptions) is refused past this,
#: in characters: the same order as the limit on text typed into forms.
MAX_IMPORTED_TEXT = 200_000
MAX_URL_LENGTH = 2000
MAX_LINK_TITLE = 300
MAX_LINKS = 100
#: Below this coherence charset-normalizer's guess is not trusted and the file is refused.
MAX_CHAOS = 0.2

_url = URLValidator(schemes=["http", "https"])


def read_text(path: Path, *, notes: list[str] | None = None) -> str:
    """The text of ``path``: UTF-8 (with or without a BOM), else the encoding charset-normalizer
    detects with confidence (a line saying which is added to ``notes``). Raises ValidationError
    naming the file when it cannot be read or decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        from charset_normalizer import from_bytes

        best = _likeliest(from_bytes(data))
        if best is None or best.chaos > MAX_CHAOS:
            guess = f" (it looks most like {best.encoding})" if best is not None else ""
            raise ValidationError(
                f"{path.name} is not UTF-8 and its encoding could not be detected{guess}: "
                f"byte {utf8_error.start} is not valid UTF-8. Save the file as UTF-8 and import it again."
            ) from utf8_error
        if notes is not None:
            notes.append(f"{path.name} is not UTF-8: read as {best.encoding}")
        return str(best)


#: When several encodings decode a file equally cleanly, the commonest legacy encodings of
#: spreadsheet exports win, in this order (a short Western European text decodes without a
#: flaw in cp1250, cp1252 and cp1257 alike; only the words tell them apart).
PREFERRED_ENCODINGS = ("utf_8", "cp1252", "latin_1", "cp1251", "cp1250", "mac_roman")


def _likeliest(matches: Any) -> Any:
    """Of charset-normalizer's matches, those with the least "chaos" (mess detected in the
    decoded text), then the first of PREFERRED_ENCODINGS among them, else the detector's pick."""
    matches = list(matches)
    if not matches:
        return None
    least = min(match.chaos for match in matches)
    cleanest = [match for match in matches if match.chaos <= least]
    for encoding in PREFERRED_ENCODINGS:
        for match in cleanest:
            if match.encoding == encoding:
                return match
    return cleanest[0]


def clean_string(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    return text


def clean_strings(value: Any) -> Any:
    """``value`` (a structure loaded from JSON or CSV) with every string cleaned: NUL removed,
    lone surrogates replaced. Keys too."""
    if isinstance(value, str):
        return clean_string(value)
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    if isinstance(value, dict):
        return {clean_string(str(key)): clean_strings(item) for key, item in value.items()}
    return value


def _short(value: Any, limit: int = 40) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _integer_range(model_field: models.Field) -> tuple[int, int]:
    """The range PostgreSQL (and Django's portable default) gives this integer field type."""
    return BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type(), (-(2**63), 2**63 - 1))


def check_links(value: Any, name: str, note: Callable[[str], None]) -> list[dict[str, str]]:
    """A list of ``{"url", "title"}`` with http(s) URLs only; anything else is left out with a
    note. Raises ValueError when the value is not a list at all."""
    if not isinstance(value, list):
        raise ValueError(f"{name} is not a list of links")
    links: list[dict[str, str]] = []
    dropped = False
    for item in value[:MAX_LINKS]:
        url = item.get("url") if isinstance(item, dict) else None
        title = item.get("title", "") if isinstance(item, dict) else ""
        try:
            if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
                raise ValidationError("not a URL")
            _url(url)
        except ValidationError:
            dropped = True
            continue
        links.append({"url": url, "title": str(title)[:MAX_LINK_TITLE]})
    if dropped:
        note(f"{name}: link that is not an http(s) URL left out")
    if len(value) > MAX_LINKS:
        note(f"{name}: links past the first {MAX_LINKS} left out")
    return links


def check_fields(
    model: type[models.Model], fields: dict[str, Any], *, note: Callable[[str], None]
) -> dict[str, Any]:
    """``fields`` (model field name -> value) held to ``model``'s fields, the same way on every
    database. Over-long text is cut (``note`` is told which field); a value that cannot be
    stored raises ValueError naming the field and the value, so the record is reported."""
    checked: dict[str, Any] = {}
    for name, value in fields.items():
        model_field: Any = model._meta.get_field(name)
        if value is None:
            if not model_field.null:
                raise ValueError(f"{name} is missing")
        elif isinstance(model_field, models.BooleanField):
            if not isinstance(value, bool):
                raise ValueError(f"{name} {_short(value)} is not yes or no")
        elif isinstance(model_field, models.IntegerField) and not model_field.is_relation:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} {_short(value)} is not a whole number")
            low, high = _integer_range(model_field)
            if not low <= value <= high:
                raise ValueError(f"{name} {_short(value)} is out of range ({low} to {high})")
        elif isinstance(model_field, models.FloatField):
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"{name} {_short(value)} is not a finite number")
        elif isinstance(model_field, models.DateTimeField):
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                raise ValueError(f"{name} {_short(value)} is not a date and time with a time zone")
            try:
                value.astimezone(dt.UTC)
            except OverflowError as exc:
                raise ValueError(f"{name} {_short(value)} is out of range") from exc
        elif isinstance(model_field, models.DateField):
            if not isinstance(value, dt.date):
                raise ValueError(f"{name} {_short(value)} is not a date")
        elif isinstance(model_field, models.JSONField) and name.endswith("links"):
            value = check_links(value, name, note)
        elif isinstance(model_field, models.CharField | models.TextField):
            if not isinstance(value, str):
                raise ValueError(f"{name} {_short(value)} is not text")
            value = clean_string(value)
            if model_field.choices and value and value not in {str(key) for key, _label in model_field.flatchoices}:
                raise ValueError(f"{name} {_short(value)} is not one of the allowed values")
            if isinstance(model_field, models.URLField) and value:
                try:
                    _url(value)
                except ValidationError as exc:
                    raise ValueError(f"{name} {_short(value)} is not an http(s) URL") from exc
            limit = model_field.max_length
            if isinstance(model_field, models.CharField) and limit and len(value) > limit:
                note(f"{name} longer than {limit} characters, cut")
                value = value[: limit - 1].rstrip() + "…"
            elif isinstance(model_field, models.TextField):
                bound = limit or MAX_IMPORTED_TEXT
                if len(value) > MAX_IMPORTED_TEXT:
                    raise ValueError(f"{name} is {len(value):,} characters long; the limit is {MAX_IMPORTED_TEXT:,}")
                if len(value) > bound:
                    note(f"{name} longer than {bound} characters, cut")
                    value = value[: bound - 1].rstrip() + "…"
        checked[name] = value
    return checked
