"""What can be searched, declared by the apps that own it.

Search knows no domain. Each app describes how one of its models becomes a `SearchDocument`
(title, body, facets, who may see it) in its own ``search_indexes.py``, imported from its
``AppConfig.ready()``; a new pillar adds itself to search without touching this package, in
the spirit of Wagtail's ``search_fields``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from translocal.core.dates import DateMeaning, LabelledDate

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: ``label`` in English, ``labels`` in other languages
    ({language code: label}); the search page shows the reader's."""

    value: str
    label: str
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class SearchDocument:
    """The searchable view of one object. ``is_public`` False means it is never indexed for
    everyone; ``owner_id`` (optional) is the one account that may still find a non-public item
    (reserved for private item types; knowledge drafts leave it None and are not indexed)."""

    title: str
    url: str
    is_public: bool
    body: str = ""
    summary: str = ""
    keywords: str = ""
    language: str = ""
    country: str = ""
    place_id: int | None = None
    place_name: str = ""
    published_at: dt.datetime | None = None
    #: The one date the result shows, labelled with its meaning (core.dates): None shows none;
    #: by default ``published_at``, labelled "Published".
    date: LabelledDate | None | Literal["published"] = "published"
    boost: float = 0.0
    owner_id: int | None = None
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: The object this document stands for, when it is not itself ("case:12" for a translation
    #: of case 12); empty means "<kind>:<object id>".
    group: str = ""

    def __post_init__(self) -> None:
        if self.date == "published":
            self.date = LabelledDate.of(DateMeaning.PUBLISHED, self.published_at)


@dataclass(frozen=True)
class Facet:
    """A dimension results can be filtered by (a query parameter of the search page)."""

    name: str
    label: str | Promise
    position: int = 100


@dataclass(frozen=True)
class Registration:
    model: type[Model]
    kind: str
    label: str | Promise
    plural: str | Promise
    #: Builds the document of one instance of ``model`` (typed per model by ``register``).
    document: Callable[[Any], SearchDocument]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    queryset: Callable[[], QuerySet] | None = None
    #: True for an object no one but its owners has ever been able to see (a draft never
    #: published): a write to it leaves every shared cached page valid.
    never_public: Callable[[Any], bool] | None = None
    #: The foreign key to the object whose document this one repeats (a translation's
    #: ``entry``): whoever re-indexes that object for a change of its labels re-indexes this too.
    follows: str = ""

    def all_objects(self) -> QuerySet:
        """Everything that may be indexed (shaped by ``shape`` when read)."""
        return self.queryset() if self.queryset else self.model._default_manager.all()

    def prefetch_lookups(self) -> list:
        """The prefetch lookups; a callable item builds a fresh ``Prefetch`` each time."""
        return [item() if callable(item) else item for item in self.prefetch_related]

    def shape(self, queryset: QuerySet) -> QuerySet:
        """Add the select/prefetch hints, skipping lookups the queryset already has."""
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        already = queryset._prefetch_related_lookups  # type: ignore[attr-defined]  # real, private: not in the stubs
        present = {getattr(item, "prefetch_to", item) for item in already}
        lookups = [
            item for item in self.prefetch_lookups() if getattr(item, "prefetch_to", item) not in present
        ]
        return queryset.prefetch_related(*lookups) if lookups else queryset


# Facets every document has, whatever its app: the type of item, its country and language.
TYPE_FACET = Facet("type", _("Type"), 0)
COUNTRY_FACET = Facet("country", _("Country"), 30)
LANGUAGE_FACET = Facet("language", _("Language"), 50)

_registrations: dict[type[Model], Registration] = {}
_by_kind: dict[str, Registration] = {}
_facets: dict[str, Facet] = {f.name: f for f in (TYPE_FACET, COUNTRY_FACET, LANGUAGE_FACET)}


def register(
    model: type[M],
    *,
    kind: str,
    label: str | Promise,
    document: Callable[[M], SearchDocument],
    plural: str | Promise = "",
    select_related: Iterable[str] = (),
    prefetch_related: Iterable = (),
    queryset: Callable[[], QuerySet] | None = None,
    never_public: Callable[[M], bool] | None = None,
    follows: str = "",
) -> Registration:
    """Make ``model`` searchable as ``kind``. Registering the same model again replaces it
    (so module reloads in development are harmless); two models may not share a kind.
    ``never_public(obj)`` says an object has never been visible beyond its owners (see
    search.services.sync_after_commit); without it every write counts as public."""
    existing = _by_kind.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"Search kind {kind!r} is already registered for {existing.model.__name__}.")
    registration = Registration(
        model=model,
        kind=kind,
        label=label,
        plural=plural or f"{label}s",
        document=document,
        select_related=tuple(select_related),
        prefetch_related=tuple(prefetch_related),
        queryset=queryset,
        never_public=never_public,
        follows=follows,
    )
    _registrations[model] = registration
    _by_kind[kind] = registration
    return registration


def register_facet(name: str, label: str | Promise, position: int = 100) -> Facet:
    """Declare a facet an app's documents fill in (e.g. "general_issue")."""
    facet = Facet(name, label, position)
    _facets[name] = facet
    return facet


def registration_for(model_or_instance: type[Model] | Model) -> Registration | None:
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    model = model._meta.concrete_model or model  # proxies share the concrete model's registration
    return _registrations.get(model)


def followers_of(model: type[Model]) -> list[Registration]:
    """The registrations whose documents repeat ``model``'s (``follows`` points at it)."""
    return [
        r for r in _registrations.values()
        if r.follows and r.model._meta.get_field(r.follows).related_model is model
    ]


def registration_for_kind(kind: str) -> Registration | None:
    return _by_kind.get(kind)


def registrations() -> list[Registration]:
    return list(_registrations.values())


def facets() -> list[Facet]:
    return sorted(_facets.values(), key=lambda f: (f.position, f.name))
