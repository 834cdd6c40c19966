"""Keyset ("cursor") pagination: pages cost the same at row 10 and row 100,000, and no
COUNT(*) over the whole table is needed to render them."""

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet


class InvalidCursor(ValueError):
    pass


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


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return dt.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        raise InvalidCursor("bad cursor value")
    return value


def encode_cursor(direction: str, values: list[Any]) -> str:
    raw = json.dumps([direction, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, list[Any]]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        direction, values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if direction not in {"after", "before"} or not isinstance(values, list):
            raise InvalidCursor("bad cursor")
        return direction, [_decode_value(v) for v in values]
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise InvalidCursor("This page link is not valid any more; start from the first page.") from exc


def _seek(ordering: tuple[str, ...], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (or before) `values` in `ordering`, as a lexicographic OR-chain."""
    if len(values) != len(ordering):
        raise InvalidCursor("bad cursor length")
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
    """One page of `queryset` in `ordering` (must end in a unique field such as "-id")."""
    names = [term.lstrip("-") for term in ordering]
    direction, values = decode_cursor(cursor) if cursor else ("after", [])
    forward = direction == "after"
    qs = queryset
    if values:
        qs = qs.filter(_seek(ordering, values, forward))
    qs = qs.order_by(*(ordering if forward else _reverse(ordering)))
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()

    def key(obj: Any) -> list[Any]:
        return [getattr(obj, name) for name in names]

    page = Page(items=rows)
    if rows:
        if (forward and has_more) or (not forward and values):
            page.next_cursor = encode_cursor("after", key(rows[-1]))
        if (forward and values) or (not forward and has_more):
            page.previous_cursor = encode_cursor("before", key(rows[0]))
    return page
