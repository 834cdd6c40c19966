"""What one thing became in another app: the registration point through which a commitment
taken home from an exchange records the co-production process it became, and a result of that
process lists the commitments it came from, while neither app imports the other.

- An app owning things that others may *become* registers a **target** kind
  (``register_target``): which of them a person may link to, and which of them a viewer may
  see (title and address).
- An app owning things that *become* something registers a **source** kind
  (``register_source``): given the ids linked to a target (a lazy subquery, so no extra
  query), the ones the viewer may see.

The links are rows of ``core.Lineage`` (kinds and ids, one target of each kind per source).
Each side filters through its own app's permissions, so a private item never reaches a page
that lists the other side, and nothing here counts items: a page can only show what a viewer
may see. A link whose other end was deleted simply drops out of every list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from .models import Lineage


@dataclass(frozen=True)
class Linked:
    """One end of a link as a viewer may see it."""

    kind: str
    pk: int
    title: str
    url: str
    #: A line of context, such as the exchange a commitment was made at (may be empty).
    context: str = ""


@dataclass(frozen=True)
class Target:
    """``choices(viewer)``: (id, title) pairs the viewer may link to; ``visible(ids, viewer)``:
    id -> Linked for those of ``ids`` the viewer may see (one query)."""

    kind: str
    label: str | Promise
    choices: Callable[[Any], list[tuple[int, str]]]
    visible: Callable[[Iterable[int], Any], dict[int, Linked]]


@dataclass(frozen=True)
class Source:
    """``visible(ids, viewer)``: the Linked items among ``ids`` (a queryset of ids) the viewer
    may see, in a stable order (one query)."""

    kind: str
    label: str | Promise
    visible: Callable[[QuerySet, Any], list[Linked]]


_targets: dict[str, Target] = {}
_sources: dict[str, Source] = {}


def register_target(target: Target) -> Target:
    _targets[target.kind] = target
    return target


def register_source(source: Source) -> Source:
    _sources[source.kind] = source
    return source


def target(kind: str) -> Target | None:
    return _targets.get(kind)


def link_choices(*, target_kind: str, viewer: Any) -> list[tuple[int, str]]:
    """What ``viewer`` may link to of ``target_kind`` (empty when no app registered it)."""
    found = _targets.get(target_kind)
    return found.choices(viewer) if found is not None else []


def may_link(*, target_kind: str, target_id: int, viewer: Any) -> bool:
    return any(pk == target_id for pk, _title in link_choices(target_kind=target_kind, viewer=viewer))


def set_target(*, source_kind: str, source_id: int, target_kind: str, target_id: int | None) -> None:
    """Record (or with None, remove) what ``source`` became of ``target_kind``. The caller
    checked the permission (``may_link``) and runs this inside its own transaction."""
    rows = Lineage.objects.filter(source_kind=source_kind, source_id=source_id, target_kind=target_kind)
    if target_id is None:
        rows.delete()
    elif not rows.update(target_id=target_id):
        Lineage.objects.create(
            source_kind=source_kind, source_id=source_id, target_kind=target_kind, target_id=target_id
        )


def target_ids(*, source_kind: str, source_ids: Iterable[int], target_kind: str) -> dict[int, int]:
    """source id -> the id it became of ``target_kind`` (one query), whoever looks: for the
    owner's own forms. Pages showing the target use ``targets_of``."""
    ids = list(source_ids)
    if not ids:
        return {}
    rows = Lineage.objects.filter(source_kind=source_kind, source_id__in=ids, target_kind=target_kind)
    return dict(rows.values_list("source_id", "target_id"))


def targets_of(*, source_kind: str, source_ids: Iterable[int], target_kind: str, viewer: Any) -> dict[int, Linked]:
    """source id -> what it became, for the targets ``viewer`` may see. Two queries when any
    of the sources is linked (the links, then the targets through their app), one otherwise."""
    found = _targets.get(target_kind)
    linked = target_ids(source_kind=source_kind, source_ids=source_ids, target_kind=target_kind)
    if found is None or not linked:
        return {}
    visible = found.visible(set(linked.values()), viewer)
    return {source: visible[pk] for source, pk in linked.items() if pk in visible}


def sources_of(*, target_kind: str, target_id: int, viewer: Any) -> list[tuple[Source, list[Linked]]]:
    """What became ``target``, by registered source kind, as ``viewer`` may see it: one query
    per source kind (the links join as a subquery); kinds with nothing visible are left out."""
    found: list[tuple[Source, list[Linked]]] = []
    for kind, source in sorted(_sources.items()):
        ids = Lineage.objects.filter(source_kind=kind, target_kind=target_kind, target_id=target_id).values(
            "source_id"
        )
        items = source.visible(ids, viewer)
        if items:
            found.append((source, items))
    return found


def forget_sources(*, source_kind: str, source_ids: Iterable[int] | QuerySet) -> None:
    """Remove the links of sources about to be deleted (their app calls it before it deletes
    them; ``source_ids`` may be a subquery)."""
    Lineage.objects.filter(source_kind=source_kind, source_id__in=source_ids).delete()
