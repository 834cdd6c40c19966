"""Keyset ("cursor") pagination: pages cost the same at row 10 and row 100,000, and no
COUNT(*) over the whole table is needed to render them.

A cursor is ``base64url(json(["after" | "before", [value, ...]]))``: one value per term of the
list's ordering, datetimes as ``{"dt": iso}`` and dates as ``{"d": iso}``. It arrives in the
query string, so anyone can forge one: every cursor is checked here, once, before it reaches a
query (its size and shape, then each value against the type, range and length of the model
field it seeks on). A cursor that fails a check raises ``InvalidCursor``, a ``BadRequest``:
Django answers it with the 400 page (core.views.bad_request), which says what went wrong and
links to the list's first page, so no list view has to catch it.
"""

import base64
import binascii
import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import BadRequest, FieldDoesNotExist
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext

#: The longest encoded cursor accepted, in characters. Ours stay under 600 (a 320-character
#: title and an id); the bound also keeps JSON's recursion limit out of reach.
MAX_CURSOR_LENGTH = 2000
#: The most values a cursor may carry (orderings have two or three terms).
MAX_CURSOR_VALUES = 8
#: Text values longer than this are refused when the field sets no max_length.
MAX_TEXT_VALUE = 1000
DIRECTIONS = ("after", "before")
_INT64 = (-(2**63), 2**63 - 1)


class InvalidCursor(BadRequest, ValueError):
    """A ``cursor`` query parameter this site did not make, or that does not fit the list.

    ``reason`` says which check failed (for the page's details and the logs); the page itself
    shows ``message``, written for people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return gettext(
            "This page link is not valid: it may have been cut short or changed. "
            "Start again from the first page of the list."
        )


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def encode_cursor(direction: str, values: list[Any]) -> str:
    raw = json.dumps([direction, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, list[Any]]:
    """The direction and the raw JSON values of ``cursor``, its shape checked: at most
    MAX_CURSOR_LENGTH characters of base64url, a JSON ``[direction, [scalar, ...]]`` with at
    most MAX_CURSOR_VALUES values, each a string, number or ``{"dt"|"d": iso string}``.
    Raises InvalidCursor. The values are checked against a list's fields by ``parse_cursor``."""
    if not isinstance(cursor, str) or not cursor:
        raise InvalidCursor("empty cursor")
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor(f"cursor longer than {MAX_CURSOR_LENGTH} characters")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        decoded = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error, RecursionError) as exc:
        raise InvalidCursor("cursor is not base64url-encoded JSON") from exc
    if not (isinstance(decoded, list) and len(decoded) == 2):
        raise InvalidCursor("cursor is not a [direction, values] pair")
    direction, values = decoded
    if direction not in DIRECTIONS:
        raise InvalidCursor("cursor direction is not 'after' or 'before'")
    if not isinstance(values, list) or len(values) > MAX_CURSOR_VALUES:
        raise InvalidCursor(f"cursor values are not a list of at most {MAX_CURSOR_VALUES}")
    for value in values:
        if isinstance(value, dict):
            (key, text), *rest = value.items() or [(None, None)]
            if rest or key not in ("dt", "d") or not isinstance(text, str):
                raise InvalidCursor("cursor holds an object that is not a date or a datetime")
        elif value is None or isinstance(value, list):
            raise InvalidCursor("cursor holds an empty or nested value")
    return direction, values


def _field_for(model: type[models.Model], term: str) -> models.Field | None:
    """The model field an ordering term seeks on (following ``__`` relations), or None for an
    annotation."""
    current: Any = model
    found: Any = None
    for part in term.lstrip("-").split("__"):
        if current is None:
            return None
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        current = found.related_model if found.is_relation else None
    if found is not None and found.is_relation:
        found = getattr(found, "target_field", None)
    return found if isinstance(found, models.Field) else None


def _check_datetime(raw: Any, term: str) -> dt.datetime:
    if not (isinstance(raw, dict) and isinstance(raw.get("dt"), str)):
        raise InvalidCursor(f"{term}: expected a datetime")
    try:
        value = dt.datetime.fromisoformat(raw["dt"])
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidCursor(f"{term}: datetime without a time zone")
        value.astimezone(dt.UTC)  # the database stores UTC; year 1 at +05:00 does not fit
    except (ValueError, OverflowError) as exc:
        raise InvalidCursor(f"{term}: not a valid datetime") from exc
    return value


def _check_date(raw: Any, term: str) -> dt.date:
    if not (isinstance(raw, dict) and isinstance(raw.get("d"), str)):
        raise InvalidCursor(f"{term}: expected a date")
    try:
        return dt.date.fromisoformat(raw["d"])
    except ValueError as exc:
        raise InvalidCursor(f"{term}: not a valid date") from exc


def _check_integer(raw: Any, term: str, internal_type: str) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise InvalidCursor(f"{term}: expected an integer")
    low, high = connection.ops.integer_field_range(internal_type)
    low = _INT64[0] if low is None else max(low, _INT64[0])
    high = _INT64[1] if high is None else min(high, _INT64[1])
    if not low <= raw <= high:
        raise InvalidCursor(f"{term}: integer out of range")
    return raw


def _check_text(raw: Any, term: str, max_length: int | None) -> str:
    if not isinstance(raw, str):
        raise InvalidCursor(f"{term}: expected text")
    if len(raw) > (max_length or MAX_TEXT_VALUE):
        raise InvalidCursor(f"{term}: text longer than the field allows")
    if "\x00" in raw:
        raise InvalidCursor(f"{term}: text with a NUL character")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates, which JSON can carry
        raise InvalidCursor(f"{term}: text that is not valid Unicode") from exc
    return raw


def _check_scalar(raw: Any, term: str) -> Any:
    """A value for an annotation or a field type without its own check: a finite JSON scalar."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, dict):
        raise InvalidCursor(f"{term}: unexpected value")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise InvalidCursor(f"{term}: number out of range")
    if isinstance(raw, int):
        return _check_integer(raw, term, "BigIntegerField")
    if isinstance(raw, str):
        return _check_text(raw, term, None)
    return raw


_INTEGER_TYPES = (models.IntegerField, models.AutoField, models.BigAutoField, models.SmallAutoField)
_TEXT_TYPES = (models.CharField, models.TextField)


def _check_value(model: type[models.Model], term: str, raw: Any) -> Any:
    model_field = _field_for(model, term)
    if isinstance(model_field, models.DateTimeField):
        return _check_datetime(raw, term)
    if isinstance(model_field, models.DateField):
        return _check_date(raw, term)
    if isinstance(model_field, _INTEGER_TYPES):
        return _check_integer(raw, term, model_field.get_internal_type())
    if isinstance(model_field, _TEXT_TYPES):
        return _check_text(raw, term, model_field.max_length)
    return _check_scalar(raw, term)


def parse_cursor(cursor: str, *, model: type[models.Model], ordering: tuple[str, ...]) -> tuple[str, list[Any]]:
    """``(direction, values)`` of a cursor for a list of ``model`` in ``ordering``: one value
    per ordering term, each of its field's type (int within the database's range, text within
    max_length, timezone-aware datetime, date) and never null. Raises InvalidCursor."""
    direction, raw_values = decode_cursor(cursor)
    if len(raw_values) != len(ordering):
        raise InvalidCursor(f"cursor has {len(raw_values)} values; this list needs {len(ordering)}")
    return direction, [_check_value(model, term, raw) for term, raw in zip(ordering, raw_values, strict=True)]


def _seek(ordering: tuple[str, ...], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (or before) `values` in `ordering`, as a lexicographic OR-chain."""
    condition = Q()
    for i, term in enumerate(ordering):
        name = term.lstrip("-")
        descending = term.startswith("-")
        op = "lt" if descending == forward else "gt"
        clause = Q(**{f"{name}__{op}": values[i]})
        for previous, value in zip(ordering[:i], values[:i], strict=False):
            clause &= Q(**{previous.lstrip("-"): value})
        condition |= clause
    return condition


def _reverse(ordering: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(term[1:] if term.startswith("-") else f"-{term}" for term in ordering)


def keyset_page(
    queryset: QuerySet, *, ordering: tuple[str, ...], cursor: str | None, size: int
) -> Page:
    """One page of `queryset` in `ordering` (must end in a unique field such as "-id", and
    name non-null fields). Raises InvalidCursor (a 400) for a cursor parse_cursor refuses."""
    names = [term.lstrip("-") for term in ordering]
    direction, values = parse_cursor(cursor, model=queryset.model, ordering=ordering) if cursor else ("after", [])
    forward = direction == "after"
    qs = queryset
    if values:
        qs = qs.filter(_seek(ordering, values, forward))
    qs = qs.order_by(*(ordering if forward else _reverse(ordering)))
    return page_of(list(qs[: size + 1]), names=names, forward=forward, after=values, size=size)


def page_of(rows: list[Any], *, names: list[str], forward: bool, after: list[Any], size: int) -> Page:
    """The page of ``rows``: up to ``size + 1`` rows read in the page's direction (the list's
    ordering when ``forward``, its reverse otherwise) from the cursor's ``after`` values (none on
    the first page), each with the attributes ``names`` the ordering's terms. What
    ``keyset_page`` does with the rows it read, for a list that reads its page another way."""
    has_more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()

    def key(obj: Any) -> list[Any]:
        return [getattr(obj, name) for name in names]

    page = Page(items=rows)
    if rows:
        if (forward and has_more) or (not forward and after):
            page.next_cursor = encode_cursor("after", key(rows[-1]))
        if (forward and after) or (not forward and has_more):
            page.previous_cursor = encode_cursor("before", key(rows[0]))
    return page


def seek_sql(terms: list[tuple[str, bool]], values: list[Any], forward: bool) -> tuple[str, list[Any]]:
    """``_seek`` in SQL, for a page read in plain SQL: rows strictly after (or before) ``values``
    in the ordering whose terms are ``terms`` ((SQL expression, descending) each; the values
    already as the database takes them), as the same lexicographic OR-chain, and its parameters."""
    branches, params = [], []
    for i, (expression, descending) in enumerate(terms):
        op = "<" if descending == forward else ">"
        equal = [f"{previous} = %s" for previous, _descending in terms[:i]]
        branches.append("(" + " AND ".join([*equal, f"{expression} {op} %s"]) + ")")
        params += [*values[:i], values[i]]
    return "(" + " OR ".join(branches) + ")", params


def valid_cursor(request: HttpRequest) -> str | None:
    """The page cursor of the query string (``?cursor=``), or None. Its shape is checked before
    any query (its values are checked against the list's fields when the page is read): a
    cursor that is not one of ours raises InvalidCursor, which Django answers with the 400 page."""
    cursor = request.GET.get("cursor") or None
    if cursor:
        decode_cursor(cursor)
    return cursor
