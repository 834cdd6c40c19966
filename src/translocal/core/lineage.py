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

A link is **proposed** by the source's owner and **confirmed** or **refused** by the people of
the target (a process's coordinators: their app's service checks the permission and calls
``decide``). Until confirmed it shows only to the source's owner and those
people, and never on the target's pages; a refused link stays, with its reason, for the owner
to read, until they choose another target or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from .models import Lineage
from .side_effects import after_commit

State = Lineage.State


@dataclass(frozen=True)
class Linked:
    """One end of a link as a viewer may see it."""

    kind: str
    pk: int
    title: str
    url: str
    #: A line of context, such as the exchange a commitment was made at (may be empty).
    context: str = ""
    #: Of a target: whether the viewer is one of the people who decide on links to it.
    decides: bool = False
    #: Of what a source became (``targets_of``): the link's id, state and a refusal's reason.
    link_id: int = 0
    state: str = State.CONFIRMED
    reason: str = ""

    @property
    def proposed(self) -> bool:
        return self.state == State.PROPOSED

    @property
    def refused(self) -> bool:
        return self.state == State.REFUSED


@dataclass(frozen=True)
class Target:
    """``choices(viewer)``: (id, title) pairs the viewer may link to; ``visible(ids, viewer)``:
    id -> Linked for those of ``ids`` the viewer may see, ``decides`` set on those whose links
    the viewer confirms or refuses (one query)."""

    kind: str
    label: str | Promise
    choices: Callable[[Any], list[tuple[int, str]]]
    visible: Callable[[Iterable[int], Any], dict[int, Linked]]


@dataclass(frozen=True)
class Source:
    """``visible(ids, viewer)``: the Linked items among ``ids`` (a queryset of ids) the viewer
    may see, in a stable order (one query). ``described(ids, viewer)``: id -> Linked for all of
    ``ids``, as the people deciding on their links are shown them (one query; the owner put
    them before those people by proposing the link). ``decided(link_id)``: tells the owner,
    after the commit, what was decided."""

    kind: str
    label: str | Promise
    visible: Callable[[QuerySet, Any], list[Linked]]
    described: Callable[[Iterable[int], Any], dict[int, Linked]]
    decided: Callable[[int], None] | None = None


@dataclass(frozen=True)
class Decision:
    """A link to one target as the people deciding on it see it (``links_to``)."""

    pk: int
    state: str
    reason: str
    source: Linked
    source_label: str | Promise

    @property
    def proposed(self) -> bool:
        return self.state == State.PROPOSED


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


def set_target(*, source_kind: str, source_id: int, target_kind: str, target_id: int | None) -> bool:
    """Record (or with None, remove) what ``source`` became of ``target_kind``: a new or
    changed target is *proposed* (any decision on the old one is dropped; the audit log keeps
    it); the same target again is left as it stands. The caller checked the permission
    (``may_link``) and runs this inside its own transaction. Returns whether anything changed."""
    rows = Lineage.objects.filter(source_kind=source_kind, source_id=source_id, target_kind=target_kind)
    if target_id is None:
        return bool(rows.delete()[0])
    if rows.filter(target_id=target_id).exists():
        return False
    if not rows.update(target_id=target_id, state=State.PROPOSED, reason="", decided_by=None, decided_at=None):
        Lineage.objects.create(
            source_kind=source_kind, source_id=source_id, target_kind=target_kind, target_id=target_id
        )
    return True


def target_ids(*, source_kind: str, source_ids: Iterable[int], target_kind: str) -> dict[int, int]:
    """source id -> the id it became of ``target_kind`` (one query), whoever looks: for the
    owner's own forms. Pages showing the target use ``targets_of``."""
    ids = list(source_ids)
    if not ids:
        return {}
    rows = Lineage.objects.filter(source_kind=source_kind, source_id__in=ids, target_kind=target_kind)
    return dict(rows.values_list("source_id", "target_id"))


def targets_of(
    *,
    source_kind: str,
    source_ids: Iterable[int],
    target_kind: str,
    viewer: Any,
    owned: Iterable[int] = (),
    confirmed_only: bool = False,
) -> dict[int, Linked]:
    """source id -> what it became (with the link's ``state``), for the targets ``viewer`` may
    see: confirmed links; proposed ones only to the owner of the source (its id in ``owned``)
    and to those who decide on the target; refused ones, with the reason, only to the owner.
    ``confirmed_only``: a copy leaving the network (a report) shows confirmed links alone. Two
    queries when any of the sources is linked (the links, then the targets through their app),
    one otherwise."""
    found = _targets.get(target_kind)
    ids = list(source_ids)
    if found is None or not ids:
        return {}
    rows = Lineage.objects.filter(source_kind=source_kind, source_id__in=ids, target_kind=target_kind)
    if confirmed_only:
        rows = rows.filter(state=State.CONFIRMED)
    links = list(rows.values_list("pk", "source_id", "target_id", "state", "reason"))
    if not links:
        return {}
    mine = set(owned)
    visible = found.visible({target_id for _pk, _source, target_id, _state, _reason in links}, viewer)
    shown: dict[int, Linked] = {}
    for pk, source, target_id, state, reason in links:
        item = visible.get(target_id)
        if item is None:
            continue
        if state == State.PROPOSED and not (source in mine or item.decides):
            continue
        if state == State.REFUSED and source not in mine:
            continue
        shown[source] = replace(item, link_id=pk, state=state, reason=reason if state == State.REFUSED else "")
    return shown


def sources_of(*, target_kind: str, target_id: int, viewer: Any) -> list[tuple[Source, list[Linked]]]:
    """What became ``target`` (confirmed links only), by registered source kind, as ``viewer``
    may see it: one query per source kind (the links join as a subquery); kinds with nothing visible are left out."""
    found: list[tuple[Source, list[Linked]]] = []
    for kind, source in sorted(_sources.items()):
        ids = Lineage.objects.filter(
            source_kind=kind, target_kind=target_kind, target_id=target_id, state=State.CONFIRMED
        ).values("source_id")
        items = source.visible(ids, viewer)
        if items:
            found.append((source, items))
    return found


def forget_sources(*, source_kind: str, source_ids: Iterable[int] | QuerySet) -> None:
    """Remove the links of sources about to be deleted (their app calls it before it deletes
    them; ``source_ids`` may be a subquery)."""
    Lineage.objects.filter(source_kind=source_kind, source_id__in=source_ids).delete()


def links_to(*, target_kind: str, target_id: int, viewer: Any) -> list[Decision]:
    """Every link to ``target`` with its source as the people deciding are shown it, for their
    page: the proposed ones first (oldest first), then the decided ones (latest decision first).
    The caller checked that ``viewer`` is one of those people. One query for the links and one
    per source kind linked."""
    rows = list(
        Lineage.objects.filter(target_kind=target_kind, target_id=target_id)
        .order_by("created_at", "id")
        .values_list("pk", "source_kind", "source_id", "state", "reason", "decided_at")
    )
    by_kind: dict[str, set[int]] = {}
    for row in rows:
        by_kind.setdefault(row[1], set()).add(row[2])
    described: dict[str, dict[int, Linked]] = {}
    for kind, ids in by_kind.items():
        source = _sources.get(kind)
        described[kind] = source.described(ids, viewer) if source is not None else {}
    proposed: list[Decision] = []
    decided: list[tuple[Any, Decision]] = []
    for pk, kind, source_id, state, reason, decided_at in rows:
        item = described[kind].get(source_id)
        if item is None:
            continue
        decision = Decision(pk=pk, state=state, reason=reason, source=item, source_label=_sources[kind].label)
        if state == State.PROPOSED:
            proposed.append(decision)
        else:
            decided.append((decided_at, decision))
    decided.sort(key=lambda pair: (pair[0] is not None, pair[0]), reverse=True)
    return proposed + [decision for _at, decision in decided]


def decide(
    *, link_id: int, target_kind: str, target_id: int, confirm: bool, reason: str, decided_by_id: int | None
) -> Lineage | None:
    """Confirm or refuse link ``link_id`` to ``target`` (None when there is no such link). The
    caller checked that the acting person decides on the target, runs this inside its
    transaction and records it in the audit log; the source's app tells its owner after the
    commit. Deciding again (a refused link confirmed after all) is allowed."""
    link = (
        Lineage.objects.select_for_update()
        .filter(pk=link_id, target_kind=target_kind, target_id=target_id)
        .first()
    )
    if link is None:
        return None
    link.state = State.CONFIRMED if confirm else State.REFUSED
    link.reason = "" if confirm else reason.strip()
    link.decided_by_id = decided_by_id
    link.decided_at = timezone.now()
    link.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    source = _sources.get(link.source_kind)
    if source is not None and source.decided is not None:
        tell = source.decided
        after_commit(("lineage-decided", link.pk), lambda: tell(link.pk))
    return link

