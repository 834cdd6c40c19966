"""Reads of co-production spaces, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.types import AnyUser
from translocal.core import raw_rows
from translocal.core.pagination import Page, keyset_page
from translocal.core.prepared import PreparedQuery
from translocal.places.models import Hub, HubMembership
from translocal.places.selectors import coordinated_hub_ids

from .blocking.models import HubBlock
from .models import Comment, Participation, Phase, Process, ProcessRole, Proposal, ProposalEvent, Support
from .translations.translatable import joined_in_reader_language, listed_in_reader_language

PAGE_SIZE = 24
_CURRENT = "_current_phase"
_PHASES = "_phase_list"


def phases_of(process: Process) -> list[Phase]:
    """The phases of ``process`` in order: from ``prefetch_related("phases")`` when there, else one
    query, remembered on the instance."""
    cached = getattr(process, _PHASES, None)
    if cached is not None:
        return cached
    prefetched = getattr(process, "_prefetched_objects_cache", {}).get("phases")
    phases = (
        sorted(prefetched, key=lambda p: p.position) if prefetched is not None
        else list(Phase.objects.filter(process_id=process.pk).order_by("position"))
    )
    for phase in phases:
        phase.process = process
    setattr(process, _PHASES, phases)
    return phases


def current_phase(process: Process, *, now: dt.datetime | None = None) -> Phase | None:
    """The phase running now (started, not ended); when phases overlap, the one that started last.
    None between phases, before the first and after the last. Remembered on the instance for
    ``now`` omitted (one answer per request)."""
    if now is None and hasattr(process, _CURRENT):
        return getattr(process, _CURRENT)
    moment = now or timezone.now()
    running = [p for p in phases_of(process) if p.starts_at <= moment < p.ends_at]
    phase = max(running, key=lambda p: (p.starts_at, p.position)) if running else None
    if now is None:
        setattr(process, _CURRENT, phase)
    return phase


def running_phase_id(*, slug: str) -> int | None:
    """The id of the phase of process ``slug`` running now, by the same rule as ``current_phase``
    (one query): part of the cache key of the process's pages, which change when a phase starts
    or ends though nobody wrote anything."""
    using = router.db_for_read(Phase)
    connection = connections[using]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Plain SQL: every cached page of a process asks, and compiling the ORM's query cost more
    # than the database's answer.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ph.id FROM {Phase._meta.db_table} ph JOIN {Process._meta.db_table} r ON r.id = ph.process_id"  # noqa: S608
            " WHERE r.slug = %s AND ph.starts_at <= %s AND ph.ends_at > %s"
            " ORDER BY ph.starts_at DESC, ph.position DESC LIMIT 1",
            [slug, now, now],
        )
        row = cursor.fetchone()
    return row[0] if row is not None else None


def forget_current_phase(process: Process) -> None:
    """Drop what was remembered (after phases change, or in tests that move the clock)."""
    for attr in (_CURRENT, _PHASES):
        if hasattr(process, attr):
            delattr(process, attr)


# --- Who is who in a process ------------------------------------------------------------------


def hub_role_of(user: AnyUser, hub_id: int) -> str | None:
    """The user's HubMembership role in hub ``hub_id`` (None: not a member), read with whether
    they are blocked there in one query per hub, both remembered on the user object."""
    if not user.is_authenticated:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_coproduction_hub_roles", {})
    if hub_id not in cache:
        blocks: dict[int, bool] = user.__dict__.setdefault("_coproduction_hub_blocks", {})
        row = (
            Hub.objects.filter(pk=hub_id)
            .annotate(
                member_role=Subquery(
                    HubMembership.objects.filter(hub_id=OuterRef("pk"), user_id=user.pk).values("role")[:1]
                ),
                blocked=Exists(HubBlock.objects.filter(hub_id=OuterRef("pk"), user_id=user.pk)),
            )
            .values_list("member_role", "blocked")
            .first()
        )
        cache[hub_id], blocks[hub_id] = row if row is not None else (None, False)
    return cache[hub_id]


def is_blocked_in_hub(user: AnyUser, hub_id: int) -> bool:
    """Whether the hub's coordinators blocked ``user`` there (read with their hub role: no query
    once ``hub_role_of`` asked)."""
    if not user.is_authenticated:
        return False
    hub_role_of(user, hub_id)
    return bool(user.__dict__["_coproduction_hub_blocks"].get(hub_id, False))


def _roles_sql() -> str:
    membership, block, role = HubMembership._meta, HubBlock._meta, ProcessRole._meta
    return (
        f"SELECT (SELECT role FROM {membership.db_table} WHERE hub_id = %s AND user_id = %s),"  # noqa: S608
        f" EXISTS (SELECT 1 FROM {block.db_table} WHERE hub_id = %s AND user_id = %s),"
        f" (SELECT role FROM {role.db_table} WHERE process_id = %s AND user_id = %s)"
    )


def roles_in_process(user: AnyUser, process: Process) -> tuple[str | None, str | None]:
    """The user's hub role in the process's hub and their ProcessRole in it (None: none), read
    with whether they are blocked in the hub in one query (each at most one row: unique per
    person), remembered on the user (``hub_role_of`` and ``is_blocked_in_hub`` answer from it).
    Plain SQL: every signed-in request of a process asks, and the ORM spent longer compiling
    this than the database answering it."""
    if not user.is_authenticated or process.pk is None:
        return None, None
    hubs: dict[int, str | None] = user.__dict__.setdefault("_coproduction_hub_roles", {})
    blocks: dict[int, bool] = user.__dict__.setdefault("_coproduction_hub_blocks", {})
    roles: dict[int, str | None] = user.__dict__.setdefault("_coproduction_process_roles", {})
    hub_id = process.hub_id
    if hub_id not in hubs or process.pk not in roles:
        with connections[router.db_for_read(ProcessRole)].cursor() as cursor:
            cursor.execute(_roles_sql(), [hub_id, user.pk, hub_id, user.pk, process.pk, user.pk])
            hub_role, blocked, process_role = cursor.fetchone()
        hubs[hub_id], blocks[hub_id], roles[process.pk] = hub_role, bool(blocked), process_role
    return hubs[hub_id], roles[process.pk]


def forget_roles(user: AnyUser) -> None:
    for attr in ("_coproduction_hub_roles", "_coproduction_hub_blocks", "_coproduction_process_roles",
                 "_coordinated_hub_ids"):
        user.__dict__.pop(attr, None)


# --- Pages ------------------------------------------------------------------------------------


def visible_processes(user: AnyUser) -> QuerySet[Process]:
    """The processes ``user`` may see, as ``permissions.can_view_process`` decides one by one:
    published public ones for everyone; for a signed-in person also the published processes of
    their hubs and those they were invited to, the processes they moderate and everything in the
    hubs they coordinate, published or not; staff see all."""
    base = Process.objects.all()
    if user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser):
        return base
    public = Q(is_published=True, access=Process.Access.PUBLIC)
    if not (user.is_authenticated and user.is_active):
        return base.filter(public)
    member_hubs = HubMembership.objects.filter(user_id=user.pk).values("hub_id")
    invited = ProcessRole.objects.filter(user_id=user.pk).values("process_id")
    moderating = ProcessRole.objects.filter(user_id=user.pk, role=ProcessRole.Role.MODERATOR).values("process_id")
    return base.filter(
        public
        | Q(is_published=True, access=Process.Access.MEMBERS, hub_id__in=member_hubs)
        | Q(is_published=True, pk__in=invited)
        | Q(pk__in=moderating)
        | Q(hub_id__in=list(coordinated_hub_ids(user)))
    )


def _shaped(queryset: QuerySet[Process]) -> QuerySet[Process]:
    """Processes as lists show them: with their hub, place and phases, and their titles and
    summaries in the reader's language."""
    return (
        listed_in_reader_language(queryset, ("title", "summary"))
        .select_related("hub", "hub__place", "place")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("position")))
    )


def process_page(*, user: AnyUser, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    """One page of the processes ``user`` may see, newest first (three queries)."""
    return keyset_page(
        _shaped(visible_processes(user)), ordering=("-created_at", "-id"), cursor=cursor, size=size
    )


def process_by_slug(*, slug: str) -> Process:
    """The process with its hub, place and phases (two queries); Http404 when there is none.
    Callers check ``permissions.can_view_process`` (or use ``permissions.get_process_for_view``)."""
    process = joined_in_reader_language(_shaped(Process.objects.filter(slug=slug))).first()
    if process is None:
        raise Http404("No such process")
    return process


def public_processes_in_hub(*, hub_id: int, limit: int = 10) -> list[Process]:
    """Published public processes of a hub, newest first, with their phases (two queries, the
    first prepared once per process and language: core.prepared)."""
    return _in_hub(hub_id, limit=limit)


def public_processes_in_place(*, place_id: int, limit: int = 10) -> list[Process]:
    """Published public processes about a place (or run by one of its hubs), newest first, with
    their phases (two queries, the first prepared once per process and language)."""
    return _in_place(place_id, limit=limit)


def latest_public_processes(*, limit: int = 5) -> list[Process]:
    """Published public processes, newest first, with their phases (two queries, the first
    prepared once per process and language)."""
    return _latest(limit=limit)


_PUBLIC = Q(is_published=True, access=Process.Access.PUBLIC)
_in_hub = PreparedQuery(
    Process, lambda hub_id, *, limit: _shaped(Process.objects.filter(_PUBLIC, hub_id=hub_id))[:limit]
)
_in_place = PreparedQuery(
    Process,
    lambda place_id, *, limit: _shaped(
        Process.objects.filter(_PUBLIC, Q(place_id=place_id) | Q(place__isnull=True, hub__place_id=place_id))
    )[:limit],
)
_latest = PreparedQuery(Process, lambda *, limit: _shaped(Process.objects.filter(_PUBLIC))[:limit])


def process_version_name(slug: str) -> str:
    """The name of the content version that moves when only a process's live figures change
    (supports): pages of that process are cached under it as well as the site version, so a
    support invalidates them and nothing else."""
    return "process:" + hashlib.blake2b(slug.encode(), digest_size=8).hexdigest()


#: The sections of a process whose figures move often, each with a version of its own.
PROPOSALS, COMMENTS, BUDGETS, INITIATIVES, POLLS = "proposals", "comments", "budgets", "initiatives", "polls"


def section_version_name(slug: str, section: str) -> str:
    """The version of one section's lists in a process (the proposal list's counts, the budgets'
    ballot counts on the process page, ...): the frequent writes (a support, a ballot, a
    signature, a comment) move it and the version of the item they touch
    (``item_version_name``), never the process's or the site's, so every other page stays
    cached. Pages read it beside the process version, which every other write of the process
    still moves."""
    return f"{process_version_name(slug)}:{section}"


def item_version_name(kind: str, pk: int) -> str:
    """The version of one item's pages (``kind`` "proposal", "budget", "initiative", "poll")."""
    return f"coproduction-{kind}:{pk}"


def item_versions(slug: str, kind: str, pk: object) -> list[str]:
    """What an item's page is keyed on: its process's version and its own."""
    return [process_version_name(slug), item_version_name(kind, int(pk))]  # type: ignore[call-overload]


def section_versions(slug: str, *sections: str) -> list[str]:
    """What a page listing a section's items is keyed on: its process's version and the sections'."""
    return [process_version_name(slug), *(section_version_name(slug, section) for section in sections)]


# --- Proposals --------------------------------------------------------------------------------

PROPOSAL_ORDERS = {
    "supported": ("-support_count", "-id"),
    "newest": ("-created_at", "-id"),
    "random": ("shuffle", "id"),
}
#: A prime above any id the table will reach in practice; (id * f(seed) + seed) mod P is a fixed
#: permutation of ids per seed (f(seed) in 1..P-1), so "random" pages like any other keyset list.
_SHUFFLE_PRIME = 2_147_483_629
_SHUFFLE_FACTOR = 1_103_515_245


def _proposal_rows() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("author", "process")


def listed_proposals(*, process: Process) -> QuerySet[Proposal]:
    """What lists, search and feeds show of a process: not hidden, not withdrawn."""
    return Proposal.objects.filter(process=process, is_hidden=False, withdrawn_at__isnull=True)


def proposal_page(
    *,
    process: Process,
    order: str = "supported",
    cursor: str | None = None,
    seed: int = 0,
    answer: str = "",
    threshold: bool = False,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the process's listed proposals (one query). ``order``: a key of
    PROPOSAL_ORDERS (unknown: most supported); ``seed`` fixes the random order; ``answer``
    keeps one answer state ("none": not answered yet); ``threshold`` keeps those that reached it."""
    queryset = listed_in_reader_language(listed_proposals(process=process), ("title", "body")).select_related("author")
    if answer == "none":
        queryset = queryset.filter(answer_state="")
    elif answer:
        queryset = queryset.filter(answer_state=answer)
    if threshold:
        queryset = queryset.filter(threshold_reached_at__isnull=False)
    ordering = PROPOSAL_ORDERS.get(order, PROPOSAL_ORDERS["supported"])
    if order == "random":
        # A multiplier drawn from the seed: each seed gives another permutation of the ids.
        factor = 1 + (seed * _SHUFFLE_FACTOR + 12_345) % (_SHUFFLE_PRIME - 1)
        queryset = queryset.annotate(
            shuffle=ExpressionWrapper(
                (F("id") * Value(factor) + Value(seed % _SHUFFLE_PRIME)) % _SHUFFLE_PRIME,
                output_field=IntegerField(),
            )
        )
    page = keyset_page(queryset, ordering=ordering, cursor=cursor, size=size)
    for proposal in page.items:
        proposal.process = process  # links and predicates need it: no query per row
    return page


def proposal_in_process(*, process: Process, pk: int) -> Proposal:
    """Proposal ``pk`` of ``process`` with its author (one query); Http404 otherwise. The
    proposal's ``process`` is the instance given (its phases stay loaded)."""
    proposal = joined_in_reader_language(
        Proposal.objects.select_related("author").filter(process=process, pk=pk)
    ).first()
    if proposal is None:
        raise Http404("No such proposal")
    proposal.process = process
    return proposal


@functools.cache
def _support_read_sql(using: str, signed_in: bool) -> str:
    """The statement of ``proposal_for_support``: the proposal, its process and the phase running
    at the moment given (``current_phase``'s rule: started, not ended, the one that started last;
    NULLs when none runs), and for a signed-in person their hub role, block and process role, as
    ``_roles_sql`` reads them."""
    quote = connections[using].ops.quote_name
    membership, block, role = HubMembership._meta, HubBlock._meta, ProcessRole._meta
    roles = (
        f", (SELECT role FROM {membership.db_table} WHERE hub_id = r.hub_id AND user_id = %s),"  # noqa: S608
        f" EXISTS (SELECT 1 FROM {block.db_table} WHERE hub_id = r.hub_id AND user_id = %s),"
        f" (SELECT role FROM {role.db_table} WHERE process_id = r.id AND user_id = %s)"
        if signed_in else ""
    )
    return (
        f"SELECT {raw_rows.columns(Proposal, 'p', using)}, {raw_rows.columns(Process, 'r', using)},"  # noqa: S608
        f" {raw_rows.columns(Phase, 'ph', using)}{roles}"
        f" FROM {Proposal._meta.db_table} p JOIN {Process._meta.db_table} r ON r.id = p.process_id"
        f" LEFT JOIN {Phase._meta.db_table} ph ON ph.process_id = r.id AND ph.starts_at <= %s AND ph.ends_at > %s"
        f" WHERE r.{quote('slug')} = %s AND p.id = %s ORDER BY ph.starts_at DESC, ph.position DESC LIMIT 1"
    )


def proposal_for_support(*, slug: str, pk: int, user: AnyUser) -> Proposal:
    """Proposal ``pk`` of process ``slug`` with its process and the phase running now (as
    ``current_phase`` answers it; the other phases are not read: ``phases_of`` reads them when
    asked), and the person's roles in it remembered on ``user`` as ``roles_in_process`` does,
    in one query; Http404 when either is missing. For the support buttons' writes, the hottest
    write of a supports phase: plain SQL, as compiling the ORM's queries cost several times
    what the database took (bench/supports.py). Callers check who may see and support it
    (``permissions``)."""
    using = router.db_for_read(Proposal)
    connection = connections[using]
    signed_in = bool(user.is_authenticated)
    params: list[Any] = [user.pk] * 3 if signed_in else []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(_support_read_sql(using, signed_in), [*params, now, now, slug, pk])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such proposal")
    proposal = raw_rows.instance(Proposal, row, 0, using)
    start = raw_rows.width(Proposal)
    process = raw_rows.instance(Process, row, start, using)
    start += raw_rows.width(Process)
    phase = raw_rows.instance(Phase, row, start, using) if row[start] is not None else None
    if phase is not None:
        phase.process = process
    setattr(process, _CURRENT, phase)
    proposal.process = process
    if signed_in:
        hub_role, blocked, process_role = row[start + raw_rows.width(Phase):]
        user.__dict__.setdefault("_coproduction_hub_roles", {})[process.hub_id] = hub_role
        user.__dict__.setdefault("_coproduction_hub_blocks", {})[process.hub_id] = bool(blocked)
        user.__dict__.setdefault("_coproduction_process_roles", {})[process.pk] = process_role
    return proposal


def timeline(*, proposal: Proposal) -> list[ProposalEvent]:
    """The proposal's public timeline, oldest first (one query)."""
    return list(proposal.events.order_by("created_at", "id"))


def supported_ids(*, user: AnyUser, proposal_ids: list[int]) -> set[int]:
    """Which of ``proposal_ids`` ``user`` supports (one query; none for anonymous visitors)."""
    if not user.is_authenticated or not proposal_ids:
        return set()
    return set(
        Support.objects.filter(user_id=user.pk, proposal_id__in=proposal_ids).values_list("proposal_id", flat=True)
    )


def supports_left(*, user: AnyUser, process: Process) -> int | None:
    """How many more proposals ``user`` may support in ``process`` (None: no limit; one query)."""
    if process.supports_per_person is None:
        return None
    if not user.is_authenticated:
        return process.supports_per_person
    used = (
        Participation.objects.filter(process=process, user_id=user.pk).values_list("supports_used", flat=True).first()
    )
    return max(0, process.supports_per_person - (used or 0))


def proposals_of_author(*, author: AnyUser, viewer: AnyUser, limit: int = 20) -> list[Proposal]:
    """"What happened to my proposals": the author's proposals, newest first, with their process
    (one query, prepared: core.prepared). Others see only those of public published processes that are not hidden; the
    author sees all of theirs."""
    if not author.is_authenticated:
        return []
    own = bool(viewer.is_authenticated and viewer.pk == author.pk)
    return _proposals_of_author(author.pk, own=own, limit=limit)


def _author_proposals(author_id: int, *, own: bool, limit: int) -> QuerySet[Proposal]:
    queryset = Proposal.objects.filter(author_id=author_id).select_related("process", "process__hub")
    if not own:
        queryset = queryset.filter(
            is_hidden=False, process__is_published=True, process__access=Process.Access.PUBLIC
        )
    return queryset.order_by("-created_at", "-id")[:limit]


#: Prepared once per process, language and (own, limit): core.prepared.
_proposals_of_author = PreparedQuery(Proposal, _author_proposals)


# --- Comments ---------------------------------------------------------------------------------

COMMENT_PAGE_SIZE = 20


@dataclass(frozen=True)
class HiddenComments:
    """Which comments a moderator hid stay in a reader's lists (marked as hidden): every one
    (``everyone``, for the process's moderators), the reader's own (``author_id``), or none (the
    default: anonymous readers and the page cache never see one).
    ``permissions.hidden_comments_for`` decides."""

    author_id: int | None = None
    everyone: bool = False

    def visible(self, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.everyone:
            return queryset
        if self.author_id is not None:
            return queryset.filter(Q(is_hidden=False) | Q(author_id=self.author_id))
        return queryset.filter(is_hidden=False)


NO_HIDDEN_COMMENTS = HiddenComments()


def comments_on(target: Any, *, hidden: HiddenComments = NO_HIDDEN_COMMENTS) -> QuerySet[Comment]:
    """The comments under ``target`` a reader sees (hidden ones only as ``hidden`` allows)."""
    content_type = ContentType.objects.get_for_model(target)
    return hidden.visible(Comment.objects.filter(target_type=content_type, target_id=target.pk))


def comment_page(
    *, target: Any, cursor: str | None = None, size: int = COMMENT_PAGE_SIZE,
    hidden: HiddenComments = NO_HIDDEN_COMMENTS,
) -> Page:
    """One page of the top-level comments on ``target``, oldest first, with their authors (one
    query, whatever the number of comments; replies are counted on the row and loaded on demand).
    A deleted comment stays in the list only while it has replies; a hidden one only for those
    ``hidden`` names (its author, the moderators)."""
    queryset = (
        comments_on(target, hidden=hidden)
        .filter(parent__isnull=True)
        .exclude(deleted_at__isnull=False, reply_count=0)
        .select_related("author")
    )
    return _with_process(keyset_page(queryset, ordering=("id",), cursor=cursor, size=size), target.process)


def reply_page(
    *, comment: Comment, cursor: str | None = None, size: int = COMMENT_PAGE_SIZE,
    hidden: HiddenComments = NO_HIDDEN_COMMENTS,
) -> Page:
    """One page of the replies to ``comment``, oldest first (one query)."""
    queryset = (
        hidden.visible(Comment.objects.filter(parent=comment))
        .exclude(deleted_at__isnull=False, reply_count=0)
        .select_related("author")
    )
    return _with_process(keyset_page(queryset, ordering=("id",), cursor=cursor, size=size), comment.process)


def _with_process(page: Page, process: Process) -> Page:
    for comment in page.items:
        comment.process = process
    return page


def comment_in_process(*, process: Process, pk: int) -> Comment:
    """Comment ``pk`` of ``process`` (one query); Http404 otherwise."""
    comment = Comment.objects.select_related("author").filter(process=process, pk=pk).first()
    if comment is None:
        raise Http404("No such comment")
    comment.process = process
    return comment


#: The models people may comment on: each has a ``process`` foreign key, and may have a
#: ``comment_count`` the services keep (meetings, polls, results and budget projects add
#: themselves with ``register_comment_target``).
COMMENT_TARGETS: set[type[models.Model]] = set()
#: Per target model: the versions a comment on one of its items moves (``comment_versions``).
_COMMENT_VERSIONS: dict[type[models.Model], Callable[[Any], list[str]]] = {}


def register_comment_target(
    model: type[models.Model], *, versions: Callable[[Any], list[str]] | None = None
) -> None:
    """Let people comment on ``model`` (which must have a ``process`` foreign key, and the
    methods ``comments_url()`` and ``comment_create_url()`` the comment templates link to).

    ``versions(target)``: the content versions of the pages that show a comment on ``target``
    or its comment count; by default the item's own (``item_version_name(model name, pk)``),
    which its pages read beside their process's (``item_versions``)."""
    model._meta.get_field("process")  # FieldDoesNotExist for a model outside any process
    kind = str(model._meta.model_name)
    COMMENT_TARGETS.add(model)
    _COMMENT_VERSIONS[model] = versions or (lambda target: [item_version_name(kind, target.pk)])


def comment_versions(target: Any) -> list[str]:
    """What a comment on ``target`` (added, edited, deleted, hidden) moves: the pages of that one
    item and the lists that show its comment count, and the replies of its process
    (``COMMENTS``); every other page of the process, and of the site, stays cached."""
    return [*_COMMENT_VERSIONS[type(target)](target), section_version_name(target.process.slug, COMMENTS)]


# A comment on a proposal moves its page only: the proposal lists show no comment count and
# sort by none, so they stay cached through a busy discussion.
register_comment_target(Proposal)


def comment_target(comment: Comment) -> Any:
    """What ``comment`` is on (one query), with its process; Http404 for a model nobody
    registered as a comment target (or a target gone)."""
    model = ContentType.objects.get_for_id(comment.target_type_id).model_class()
    if model not in COMMENT_TARGETS:
        raise Http404("Comments on this kind of item are not shown")
    assert model is not None  # noqa: S101 - narrowed for the type checker by the registry test
    target = model._default_manager.filter(pk=comment.target_id).first()
    if target is None:
        raise Http404("The item of this comment is gone")
    setattr(target, "process", comment.process)  # noqa: B010 - every registered target has one
    return target


# --- SDG localisation (translocal.sdg's local reports) ------------------------------------------


def _sdg_terms_prefetch() -> Prefetch:
    from translocal.taxonomy.models import Term

    return Prefetch("sdgs", queryset=Term.objects.order_by("position", "slug"))


def public_processes_q(prefix: str = "") -> Q:
    """Processes everyone may see: published and open to the public (members-only and invited
    processes, and drafts, never reach a shared page)."""
    return Q(**{f"{prefix}is_published": True, f"{prefix}access": Process.Access.PUBLIC})


def sdg_tagged_items(*, place: Any = None, hub: Any = None) -> dict[str, list[Any]]:
    """Search kind ("process", "result") -> the public processes and results that carry an SDG
    goal or target, with their tags: for a place, the processes about it or run by its hubs
    and their results; for a hub, its own. Four queries (each kind and its tags' prefetch),
    whatever the number of items; none for a kind with no tagged item."""
    from .accountability.models import Result

    if (place is None) == (hub is None):
        raise ValueError("Give a place or a hub.")
    scope = Q(place=place) | Q(hub__place=place) if place is not None else Q(hub=hub)
    processes = (
        Process.objects.filter(scope, public_processes_q(), sdgs__isnull=False)
        .distinct()
        .prefetch_related(_sdg_terms_prefetch())
        .only("pk", "title", "slug", "summary")
        .order_by("title", "pk")
    )
    result_scope = Q(process__place=place) | Q(process__hub__place=place) if place is not None else Q(process__hub=hub)
    results = (
        Result.objects.filter(result_scope, public_processes_q("process__"), sdgs__isnull=False)
        .distinct()
        .select_related("process")
        .prefetch_related(_sdg_terms_prefetch())
        .only("pk", "title", "status", "progress", "process__slug", "process__title")
        .order_by("title", "pk")
    )
    found = list(results)
    for result in found:
        note = _("%(status)s, %(progress)s%% done") % {
            "status": result.get_status_display(), "progress": result.progress,
        }
        result.sdg_report_note = note  # type: ignore[attr-defined]
    return {"process": list(processes), "result": found}
