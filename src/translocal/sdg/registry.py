"""The registration point through which content joins SDG localisation: what can be tagged
(and so receive suggestions), and what a local report lists. Knowledge's cases, methods and
reflections are registered by sources.py; a later pillar (lessons, commitments, proposals,
results) registers its own from its ``AppConfig.ready()`` through
``translocal.sdg.services.register_taggable`` and ``register_report_source``.

Objects handed over must have ``title``, ``get_absolute_url()`` and an ``sdgs`` many-to-many
of SDG terms (their confirmed, public tags); an ``sdg_report_note`` string, when set, is shown
under the item in the report (a result's progress, a commitment's follow-ups).

Co-production (processes, results) and exchanges (commitments with their follow-ups) register
themselves this way from their ``AppConfig.ready()`` (their ``sdg_localisation`` modules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Taggable:
    """A search kind whose objects take SDG tags.

    - ``get(object_id)``: the object, whatever its status, or None;
    - ``can_tag(user, obj)``: whether the user may confirm or reject its suggestions;
    - ``add_tags(acting_user=, obj=, terms=)``: the pillar's own service adding public tags."""

    kind: str
    get: Callable[[int], Any | None]
    can_tag: Callable[[Any, Any], bool]
    add_tags: Callable[..., None]


@dataclass(frozen=True)
class ReportSource:
    """Published tagged objects for a local report: ``fetch(place=, hub=)`` returns
    kind -> objects (their ``sdgs`` prefetched) in a fixed number of queries; ``labels`` names
    each kind it returns (plural, translatable)."""

    key: str
    labels: dict[str, str | Promise]
    fetch: Callable[..., dict[str, list[Any]]]
    #: Where its kinds come in a goal's section and in the totals (lower first).
    order: int = 100


_taggables: dict[str, Taggable] = {}
_sources: dict[str, ReportSource] = {}


def register_taggable(taggable: Taggable) -> None:
    _taggables[taggable.kind] = taggable


def taggable(kind: str) -> Taggable | None:
    return _taggables.get(kind)


def register_report_source(source: ReportSource) -> None:
    _sources[source.key] = source


def report_sources() -> Iterable[ReportSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))
