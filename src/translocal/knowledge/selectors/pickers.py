"""What the type-to-search pickers of the entry forms offer: a few matches for what was typed.

Each source lists only what the form would accept (published methods and cases, organisations
that may be chosen, places, active members), so a picker never offers a choice the form refuses.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from translocal.accounts.models import User
from translocal.places.models import Place
from translocal.places.selectors import organisations_for_choice

from ..models import Case, Method, Status

#: Matches shown for one search: enough to choose from, few enough to read out.
PICKER_LIMIT = 15
#: Fewer characters than this find nothing (one letter matches most of a long list).
PICKER_MIN_CHARS = 2


@dataclass(frozen=True)
class Pick:
    value: str
    label: str
    detail: str = ""


def _methods(q: str) -> list[Pick]:
    rows = Method.objects.filter(status=Status.PUBLISHED, title__icontains=q).order_by("title")
    return [Pick(str(m.pk), m.title) for m in rows.only("id", "title")[:PICKER_LIMIT]]


def _organisations(q: str) -> list[Pick]:
    rows = organisations_for_choice().filter(name__icontains=q).select_related("place").order_by("name")
    return [Pick(str(o.pk), o.name, o.place.name if o.place else "") for o in rows[:PICKER_LIMIT]]


def _places(q: str) -> list[Pick]:
    rows = (
        Place.objects.filter(Q(name__icontains=q) | Q(alternative_names__icontains=q))
        .order_by("name")
        .only("id", "name", "country")
    )
    return [Pick(str(p.pk), p.name, p.country_name) for p in rows[:PICKER_LIMIT]]


def _cases(q: str) -> list[Pick]:
    rows = (
        Case.objects.filter(status=Status.PUBLISHED, title__icontains=q)
        .select_related("place").order_by("title").only("id", "title", "place__name")
    )
    return [Pick(str(c.pk), c.title, c.place.name if c.place else "") for c in rows[:PICKER_LIMIT]]


def _people(q: str) -> list[Pick]:
    """Members by their name or username; the value is the username the authors form takes."""
    words = Q(username__icontains=q) | Q(display_name__icontains=q) | Q(first_name__icontains=q)
    words |= Q(last_name__icontains=q)
    rows = User.objects.filter(words, is_active=True).order_by("display_name", "username")
    return [Pick(u.username, u.name, "@" + u.username) for u in rows[:PICKER_LIMIT]]


PICKER_SOURCES: dict[str, Callable[[str], list[Pick]]] = {
    "methods": _methods,
    "organisations": _organisations,
    "places": _places,
    "cases": _cases,
    "people": _people,
}


def picker_matches(*, source: str, q: str) -> list[Pick]:
    """Up to PICKER_LIMIT matches of ``q`` in ``source`` (a key of PICKER_SOURCES)."""
    q = (q or "").strip()
    if len(q) < PICKER_MIN_CHARS:
        return []
    return PICKER_SOURCES[source](q)


def chosen_picks(queryset: QuerySet, values: list[str], label: Callable[[object], str]) -> list[Pick]:
    """The entries already chosen (for the form to show them ticked), in the queryset's order."""
    ids = [v for v in values if str(v).isdigit()]
    if not ids:
        return []
    return [Pick(str(obj.pk), label(obj)) for obj in queryset.filter(pk__in=ids)]
