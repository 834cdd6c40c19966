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
from django.utils.translation import gettext, gettext_noop

from translocal.core.import_report import Message, message

#: Imported text without a max_length of its own (bodies, descriptions) is refused past this,
#: in characters: the same order as the limit on text typed into forms.
MAX_IMPORTED_TEXT = 200_000
MAX_URL_LENGTH = 2000
MAX_LINK_TITLE = 300
MAX_LINKS = 100
#: Below this coherence charset-normalizer's guess is not trusted and the file is refused.
MAX_CHAOS = 0.2

_url = URLValidator(schemes=["http", "https"])


def read_text(path: Path, *, notes: list[Any] | None = None) -> str:
    """The text of ``path``: UTF-8 (with or without a BOM), else the encoding charset-normalizer
    detects with confidence (a line saying which is added to ``notes``). Raises ValidationError
    naming the file when it cannot be read or decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(gettext("%(path)s cannot be read: %(error)s") % {
            "path": path, "error": exc.strerror or exc}) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        from charset_normalizer import from_bytes

        best = _likeliest(from_bytes(data))
        if best is None or best.chaos > MAX_CHAOS:
            guess = gettext(" (it looks most like %(encoding)s)") % {"encoding": best.encoding} if best else ""
            raise ValidationError(gettext(
                "%(file)s is not UTF-8 and its encoding could not be detected%(guess)s: byte %(byte)s is not "
                "valid UTF-8. Save the file as UTF-8 and import it again."
            ) % {"file": path.name, "guess": guess, "byte": utf8_error.start}) from utf8_error
        if notes is not None:
            notes.append(message(gettext_noop("%(file)s is not UTF-8: read as %(encoding)s"),
                                 file=path.name, encoding=best.encoding))
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


def check_links(value: Any, name: str, note: Callable[[Any], None]) -> list[dict[str, str]]:
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
        note(message(gettext_noop("%(field)s: link that is not an http(s) URL left out"), field=name))
    if len(value) > MAX_LINKS:
        note(message(gettext_noop("%(field)s: links past the first %(n)s left out"), field=name, n=MAX_LINKS))
    return links


def _bad(msgid: str, name: str, value: Any) -> Message:
    return message(msgid, field=name, value=_short(value))


def check_fields(
    model: type[models.Model], fields: dict[str, Any], *, note: Callable[[Any], None]
) -> dict[str, Any]:
    """``fields`` (model field name -> value) held to ``model``'s fields, the same way on every
    database. Over-long text is cut (``note`` is told which field); a value that cannot be
    stored raises ValueError naming the field and the value, so the record is reported."""
    checked: dict[str, Any] = {}
    for name, value in fields.items():
        model_field: Any = model._meta.get_field(name)
        if value is None:
            if not model_field.null:
                raise ValueError(message(gettext_noop("%(field)s is missing"), field=name))
        elif isinstance(model_field, models.BooleanField):
            if not isinstance(value, bool):
                raise ValueError(_bad(gettext_noop("%(field)s %(value)s is not yes or no"), name, value))
        elif isinstance(model_field, models.IntegerField) and not model_field.is_relation:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(_bad(gettext_noop("%(field)s %(value)s is not a whole number"), name, value))
            low, high = _integer_range(model_field)
            if not low <= value <= high:
                raise ValueError(message(gettext_noop("%(field)s %(value)s is out of range (%(low)s to %(high)s)"),
                                         field=name, value=_short(value), low=low, high=high))
        elif isinstance(model_field, models.FloatField):
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(_bad(gettext_noop("%(field)s %(value)s is not a finite number"), name, value))
        elif isinstance(model_field, models.DateTimeField):
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                raise ValueError(
                    _bad(gettext_noop("%(field)s %(value)s is not a date and time with a time zone"), name, value))
            try:
                value.astimezone(dt.UTC)
            except OverflowError as exc:
                raise ValueError(_bad(gettext_noop("%(field)s %(value)s is out of range"), name, value)) from exc
        elif isinstance(model_field, models.DateField):
            if not isinstance(value, dt.date):
                raise ValueError(_bad(gettext_noop("%(field)s %(value)s is not a date"), name, value))
        elif isinstance(model_field, models.JSONField) and name.endswith("links"):
            value = check_links(value, name, note)
        elif isinstance(model_field, models.CharField | models.TextField):
            if not isinstance(value, str):
                raise ValueError(_bad(gettext_noop("%(field)s %(value)s is not text"), name, value))
            value = clean_string(value)
            if model_field.choices and value and value not in {str(key) for key, _label in model_field.flatchoices}:
                raise ValueError(
                    _bad(gettext_noop("%(field)s %(value)s is not one of the allowed values"), name, value))
            if isinstance(model_field, models.URLField) and value:
                try:
                    _url(value)
                except ValidationError as exc:
                    raise ValueError(
                        _bad(gettext_noop("%(field)s %(value)s is not an http(s) URL"), name, value)) from exc
            limit = model_field.max_length
            if isinstance(model_field, models.CharField) and limit and len(value) > limit:
                note(message(gettext_noop("%(field)s longer than %(n)s characters, cut"), field=name, n=limit))
                value = value[: limit - 1].rstrip() + "…"
            elif isinstance(model_field, models.TextField):
                bound = limit or MAX_IMPORTED_TEXT
                if len(value) > MAX_IMPORTED_TEXT:
                    raise ValueError(message(gettext_noop("%(field)s is %(n)s characters long; the limit is %(limit)s"),
                                             field=name, n=f"{len(value):,}", limit=f"{MAX_IMPORTED_TEXT:,}"))
                if len(value) > bound:
                    note(message(gettext_noop("%(field)s longer than %(n)s characters, cut"), field=name, n=bound))
                    value = value[: bound - 1].rstrip() + "…"
        checked[name] = value
    return checked
