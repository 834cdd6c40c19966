"""Slugs for every kind of entry (cases, methods, reflections, series, places, hubs,
organisations), made in one place.

A slug is the readable part of an entry's address: ``/cases/<slug>/``. It must be unique for
its model, readable in the entry's own script (``allow_unicode``: "Débat citoyen" ->
"débat-citoyen", "Кисуму" -> "кисуму"), and it must never be a word a route uses where a slug
goes: ``/cases/new/`` is matched before ``/cases/<slug>/``, so a case with the slug "new"
could never be opened. Those words are read from the URLconf (``reserved_slugs``), so a new
route reserves its word without editing this module.

Uniqueness: ``unique_slug`` reads the taken slugs sharing the base in one query; two writers
racing for the same title still meet the column's unique constraint, and ``save_with_slug``
then takes the next free slug and tries again, in a savepoint, a few times.
"""

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.text import slugify
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)

#: Room kept at the end of a base for a "-<n>" suffix.
SUFFIX_ROOM = 8
#: How many times save_with_slug takes a new slug after losing a race for one.
SAVE_ATTEMPTS = 5
#: The URL parameter names a slug fills.
SLUG_PARAMETERS = frozenset({"slug"})

_PARAM = object()  # a path segment taken by a URL parameter that is not a slug


def _segments(pattern: Any) -> list[Any]:
    """A route's path segments: literal text, a parameter's name (as ``("param", name)``)."""
    regex = pattern.regex.pattern
    out: list[Any] = []
    for piece in regex.lstrip("^").rstrip("$").replace("\\Z", "").split("/"):
        if not piece:
            continue
        group = re.search(r"\(\?P<(\w+)>", piece)
        if group:
            out.append(("param", group.group(1)))
        else:
            out.append(piece.replace("\\", ""))
    return out


def _routes(patterns: Iterable[Any], prefix: list[Any]) -> Iterator[list[Any]]:
    for entry in patterns:
        segments = prefix + _segments(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, segments)
        elif isinstance(entry, URLPattern):
            yield segments


def _same_shape(a: list[Any], b: list[Any]) -> bool:
    """Two route prefixes that match the same addresses: equal literals, parameters anywhere
    a parameter is."""
    return len(a) == len(b) and all(
        (isinstance(x, tuple) and isinstance(y, tuple)) or x == y for x, y in zip(a, b, strict=True)
    )


@cache
def reserved_slugs(urlconf: str | None = None) -> frozenset[str]:
    """Every literal path segment that sits where a slug could go: for each route with a
    ``<slug>`` parameter at position i, the literal segment at position i of every route that
    agrees with it before i (today "new", as in /cases/new/ beside /cases/<slug>/).

    Read once per process from the URLconf (``urlconf``, the project's when None)."""
    routes = list(_routes(get_resolver(urlconf).url_patterns, []))
    reserved: set[str] = set()
    for route in routes:
        for i, segment in enumerate(route):
            if not (isinstance(segment, tuple) and segment[1] in SLUG_PARAMETERS):
                continue
            for other in routes:
                if len(other) > i and isinstance(other[i], str) and _same_shape(other[:i], route[:i]):
                    reserved.add(other[i].lower())
    return frozenset(reserved)


def slug_base(text: str, *, max_length: int, fallback: str) -> str:
    """The readable slug of ``text`` (Unicode letters kept, lower case, hyphens), cut to leave
    SUFFIX_ROOM characters under ``max_length``; ``fallback`` when nothing readable is left."""
    base = slugify(text or "", allow_unicode=True)[: max_length - SUFFIX_ROOM].strip("-")
    return base or slugify(fallback, allow_unicode=True)[: max_length - SUFFIX_ROOM] or "entry"


def first_free(base: str, taken: Collection[str], *, reserved: Collection[str] | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``, ... : the first that is neither taken nor reserved."""
    reserved = reserved_slugs() if reserved is None else reserved
    slug, n = base, 2
    while slug in taken or slug in reserved:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _max_length(model: type[models.Model]) -> int:
    return getattr(model._meta.get_field("slug"), "max_length", None) or 50


def unique_slug(model: type[models.Model], text: str, *, exclude_pk: Any = None) -> str:
    """A slug for ``text`` that no other row of ``model`` has and no route uses: one query
    (the slugs sharing the base). ``exclude_pk``: the row being renamed."""
    base = slug_base(text, max_length=_max_length(model), fallback=model._meta.model_name or "entry")
    taken_qs = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken_qs = taken_qs.exclude(pk=exclude_pk)
    return first_free(base, set(taken_qs.values_list("slug", flat=True)))


def check_chosen_slug(model: type[models.Model], slug: str, *, exclude_pk: Any = None) -> str:
    """A slug a person typed (the Django admin), checked and returned stripped: it must be
    a slug (letters, digits, hyphens, underscores), not a word a route uses where a slug goes
    ("new"), and not another row's. Raises ValidationError({"slug": ...}) saying which."""
    slug = (slug or "").strip()
    if not slug or slugify(slug, allow_unicode=True) != slug:
        raise ValidationError({"slug": _("Use only lower-case letters, digits and hyphens, such as “my-case”.")})
    if slug.lower() in reserved_slugs():
        raise ValidationError({
            "slug": _("“%(slug)s” is part of the site's addresses and cannot be a slug: choose another.")
            % {"slug": slug}
        })
    if len(slug) > _max_length(model):
        raise ValidationError({"slug": _("A slug has at most %(max)d characters.") % {"max": _max_length(model)}})
    taken = model._default_manager.filter(slug=slug)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"slug": _("“%(slug)s” is already used by another entry.") % {"slug": slug}})
    return slug


def save_with_slug(instance: M, text: str, *, save: Callable[[], None] | None = None) -> M:
    """Give ``instance`` a unique slug for ``text`` and save it (``save``, instance.save()
    by default), taking the next free slug when a concurrent writer took this one first.

    Each attempt runs in a savepoint, so a lost race leaves the caller's transaction usable.
    Raises the last IntegrityError if it is not about the slug or SAVE_ATTEMPTS are spent."""
    model = type(instance)
    save = save or instance.save
    for attempt in range(SAVE_ATTEMPTS):
        slug = unique_slug(model, text, exclude_pk=instance.pk)
        setattr(instance, "slug", slug)  # noqa: B010 - M is any model with a slug field
        try:
            with transaction.atomic():
                save()
            return instance
        except IntegrityError:
            clash = model._default_manager.filter(slug=slug).exclude(pk=instance.pk).exists()
            if not clash or attempt == SAVE_ATTEMPTS - 1:
                raise
    return instance  # pragma: no cover - the loop returns or raises


class SlugAllocator:
    """Unique slugs for many new rows of one model without a query per row (importers): the
    taken slugs are read once and the allocated ones remembered."""

    def __init__(self, model: type[models.Model], max_length: int | None = None) -> None:
        self.max_length = max_length or _max_length(model)
        self.taken: set[str] = set(model._default_manager.values_list("slug", flat=True))

    def allocate(self, text: str, fallback: str) -> str:
        slug = first_free(slug_base(text, max_length=self.max_length, fallback=fallback), self.taken)
        self.taken.add(slug)
        return slug

    def base_taken(self, text: str) -> bool:
        """Whether ``text``'s plain slug is already used (callers then add a qualifier)."""
        return slug_base(text, max_length=self.max_length, fallback="") in self.taken
