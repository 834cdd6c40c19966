"""Writes for co-production spaces: the site, the Django admin, the demo and commands call these.

Each takes the acting user, checks permission first, runs in one transaction, writes an audit
row for what coordinators and staff do, and leaves caches and the search index to follow after
commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core.caching import (
    area_version_name,
    content_changed_after_commit,
    content_changed_with_this_write,
)
from translocal.core.side_effects import after_commit
from translocal.core.slugs import save_with_slug
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.places.models import Hub, Place
from translocal.places.permissions import can_create_hub
from translocal.places.selectors import is_hub_coordinator
from translocal.search.services import index_instances, sync_after_commit

from . import counters, permissions
from .models import (
    AnswerState,
    Comment,
    Feature,
    Initiative,
    Meeting,
    Phase,
    Poll,
    Process,
    ProcessRole,
    Proposal,
    ProposalEvent,
    Report,
    Result,
    Support,
)
from .selectors import (
    COMMENT_TARGETS,
    comment_target,
    comment_versions,
    item_version_name,
    process_version_name,
    section_version_name,
)
from .translations.services import reader_language, text_edited

SET_PROCESS_ROLE = register_action("process.set_role", gettext_lazy("gave a role in a process to"))
REMOVE_PROCESS_ROLE = register_action("process.remove_role", gettext_lazy("removed a role in a process from"))
ANSWER_PROPOSAL = register_action("proposal.answer", gettext_lazy("answered the proposal"))
REPORT = register_action("coproduction.report", gettext_lazy("reported"))
HIDE = register_action("coproduction.hide", gettext_lazy("hid"))
UNHIDE = register_action("coproduction.unhide", gettext_lazy("made visible again"))
COMMENT_LIMITS = {"body": MAX_DESCRIPTION_LENGTH}

#: Numbers of supports recorded on a proposal's timeline when reached (once each).
SUPPORT_MILESTONES = (10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000)
PROPOSAL_TEXT_LIMITS = {"body": MAX_DESCRIPTION_LENGTH}

PROCESS_FIELDS = (
    "title", "summary", "description", "access", "is_published", "place", "supports_per_person", "support_threshold",
)

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)


def can_create_process(user: User, hub: Hub) -> bool:
    """Coordinators of the hub and staff open processes in it."""
    return bool(user.is_authenticated and user.is_active and (can_create_hub(user) or is_hub_coordinator(user, hub.pk)))


@transaction.atomic
def create_process(
    *,
    acting_user: User,
    hub: Hub,
    title: str,
    summary: str = "",
    description: str = "",
    access: str = Process.Access.PUBLIC,
    is_published: bool = False,
    place: Place | None = None,
    supports_per_person: int | None = None,
    support_threshold: int | None = None,
) -> Process:
    """A new process in ``hub`` (a unique slug from the title). PermissionDenied unless the acting
    user coordinates the hub or is staff; ValidationError for a bad field."""
    if not can_create_process(acting_user, hub):
        raise PermissionDenied(_("Only the hub's coordinators can start a process in it."))
    process = Process(
        hub=hub, title=title.strip(), summary=summary.strip(), description=description, access=access,
        is_published=is_published, place=place, supports_per_person=supports_per_person,
        support_threshold=support_threshold, created_by=acting_user, original_language=reader_language(),
    )
    process.full_clean(exclude=["slug"])
    save_with_slug(process, process.title)
    record(acting_user=acting_user, action=audit_actions.CREATE, target=process, hub=hub)
    sync_after_commit(process)
    content_changed_after_commit(AREA_VERSION)
    return process


@transaction.atomic
def update_process(*, acting_user: User, process: Process, data: dict[str, Any]) -> Process:
    """Change the fields named in ``data`` (a subset of PROCESS_FIELDS; others: ValueError)."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    unknown = set(data) - set(PROCESS_FIELDS)
    if unknown:
        raise ValueError(f"Not process fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(process, name, value)
    process.full_clean(exclude=["slug"])
    process.save()
    text_edited(process, data)
    record(acting_user=acting_user, action=audit_actions.EDIT, target=process, hub=process.hub,
           details={"fields": sorted(data)})
    sync_after_commit(process)
    if {"access", "is_published"} & set(data):
        # Who may find its items changed with the process: re-index them once committed.
        pk = process.pk

        def reindex_proposals() -> None:
            for model in (Proposal, Poll, Result, Meeting, Initiative):
                index_instances(model._default_manager.filter(process_id=pk))

        after_commit(("coproduction.reindex-proposals", pk), reindex_proposals)
    content_changed_after_commit(AREA_VERSION)
    return process


@transaction.atomic
def add_phase(
    *,
    acting_user: User,
    process: Process,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    features: set[str] | frozenset[str] = frozenset(),
    description: str = "",
) -> Phase:
    """Append a phase to the process (positions follow the order of addition).
    ValidationError when it ends before it starts or a feature is unknown."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    unknown = set(features) - set(Feature.values)
    if unknown:
        raise ValidationError(_("Unknown features: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})
    # Lock the process so two phases added at once do not take the same position.
    Process.objects.select_for_update().filter(pk=process.pk).first()
    last = Phase.objects.filter(process=process).aggregate(last=Max("position"))["last"]
    phase = Phase(
        process=process, position=(last or 0) + 1, name=name.strip(), description=description,
        starts_at=starts_at, ends_at=ends_at, **{feature: feature in features for feature in Feature.values},
    )
    phase.full_clean()
    phase.save()
    record(acting_user=acting_user, action=audit_actions.EDIT, target=process, hub=process.hub,
           details={"phase_added": phase.name})
    content_changed_after_commit(AREA_VERSION)
    return phase


PHASE_FIELDS = ("name", "description", "starts_at", "ends_at", *Feature.values)


@transaction.atomic
def update_phase(*, acting_user: User, phase: Phase, data: dict[str, Any]) -> Phase:
    """Change a phase's name, description, dates or feature switches (keys of PHASE_FIELDS;
    others: ValueError). What participants may do follows at once. ValidationError when it
    would end before it starts."""
    process = phase.process
    permissions.check(permissions.can_manage_process(acting_user, process))
    unknown = set(data) - set(PHASE_FIELDS)
    if unknown:
        raise ValueError(f"Not phase fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(phase, name, value)
    if phase.ends_at <= phase.starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})
    phase.full_clean()
    phase.save()
    record(acting_user=acting_user, action=audit_actions.EDIT, target=process, hub=process.hub,
           details={"phase": phase.name, "fields": sorted(data)})
    content_changed_after_commit(AREA_VERSION)
    return phase


@transaction.atomic
def set_process_role(*, acting_user: User, process: Process, user: User, role: str) -> ProcessRole:
    """Invite ``user`` to the process or make them one of its moderators (replacing the role they had)."""
    permissions.check(permissions.can_manage_process(acting_user, process))
    if role not in ProcessRole.Role.values:
        raise ValidationError(_("Choose invited or moderator."))
    try:
        with transaction.atomic():
            entry, _created = ProcessRole.objects.update_or_create(process=process, user=user, defaults={"role": role})
    except IntegrityError:  # a concurrent writer created it first
        entry = ProcessRole.objects.get(process=process, user=user)
        entry.role = role
        entry.save(update_fields=["role"])
    record(acting_user=acting_user, action=SET_PROCESS_ROLE, target=user, hub=process.hub,
           details={"process": process.slug, "role": role})
    content_changed_after_commit(AREA_VERSION)
    return entry


@transaction.atomic
def remove_process_role(*, acting_user: User, process: Process, user: User) -> None:
    permissions.check(permissions.can_manage_process(acting_user, process))
    deleted, _rows = ProcessRole.objects.filter(process=process, user=user).delete()
    if deleted:
        record(acting_user=acting_user, action=REMOVE_PROCESS_ROLE, target=user, hub=process.hub,
               details={"process": process.slug})
        content_changed_after_commit(AREA_VERSION)


# --- Proposals --------------------------------------------------------------------------------


def _process_figures_changed(process: Process) -> None:
    """After commit, move only the process's own version (its pages' counts), not the site's."""
    content_changed_after_commit(process_version_name(process.slug))


def _item_figures_changed(process: Process, kind: str, pk: int, *sections: str) -> None:
    """In this transaction, move only the versions of the item a frequent write touched (a
    support: its proposal's page) and of the lists ``sections`` whose keys it changes: every
    other page of the process, and of the site, stays cached."""
    content_changed_with_this_write(
        item_version_name(kind, pk), *(section_version_name(process.slug, section) for section in sections)
    )


def _locked(proposal: Proposal) -> Proposal:
    """The proposal's row as it is now, locked until the transaction ends (its process kept)."""
    fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
    fresh.process = proposal.process
    return fresh


def _clean_proposal(proposal: Proposal) -> None:
    proposal.title = proposal.title.strip()
    proposal.body = proposal.body.strip()
    errors = {}
    if not proposal.title:
        errors["title"] = _("Enter a title for your proposal.")
    if not proposal.body:
        errors["body"] = _("Describe your proposal.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(proposal, PROPOSAL_TEXT_LIMITS)
    proposal.full_clean(exclude=["process", "author"])


@transaction.atomic
def create_proposal(*, acting_user: User, process: Process, title: str, body: str) -> Proposal:
    """A new proposal by the acting user. PermissionDenied unless proposing is open to them in
    the running phase; ValidationError({field: ...}) for an empty or too long title or text."""
    permissions.check(
        permissions.can_propose(acting_user, process), _("Proposals cannot be made in this process now.")
    )
    proposal = Proposal(
        process=process, author=acting_user, title=title, body=body, original_language=reader_language()
    )
    _clean_proposal(proposal)
    proposal.save()
    ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.SUBMITTED)
    sync_after_commit(proposal)
    _process_figures_changed(process)
    return proposal


@transaction.atomic
def update_proposal(*, acting_user: User, proposal: Proposal, title: str, body: str) -> Proposal:
    """Change the title and text. Refused (PermissionDenied) once anyone supports it, as it is
    answered, withdrawn or hidden: the row is locked and checked as it is now, so a support
    that arrives first wins."""
    current = _locked(proposal)
    permissions.check(
        permissions.can_edit_proposal(acting_user, current),
        _("This proposal can no longer be changed: people have supported it, or it was answered or withdrawn."),
    )
    current.title, current.body = title, body
    _clean_proposal(current)
    current.save(update_fields=["title", "body", "updated_at"])
    text_edited(current, ("title", "body"))
    sync_after_commit(current)
    return current


@transaction.atomic
def withdraw_proposal(*, acting_user: User, proposal: Proposal) -> Proposal:
    """The author takes the proposal back: it leaves lists and search, its page says so, its
    supports stay counted on it (and in the supporters' allowances)."""
    current = _locked(proposal)
    permissions.check(permissions.can_withdraw_proposal(acting_user, current))
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at", "updated_at"])
    ProposalEvent.objects.create(proposal=current, kind=ProposalEvent.Kind.WITHDRAWN)
    sync_after_commit(current)
    _process_figures_changed(current.process)
    return current


@dataclass(frozen=True)
class Supports:
    """What a support or its withdrawal left: whether the person supports the proposal now, its
    count, whether it has reached its process's threshold, and how many more proposals the
    person may support there (None: no limit). Enough to answer them without reading again."""

    supported: bool
    count: int
    threshold_reached: bool
    supports_left: int | None


def _supports_left(process: Process, used: int | None) -> int | None:
    if process.supports_per_person is None:
        return None
    return max(0, process.supports_per_person - (used or 0))


def _record_milestones(proposal: Proposal, count: int) -> bool:
    """Timeline events for the milestone ``count`` reached and the process's threshold (each
    once: the partial unique constraint on events decides); whether the threshold is reached.
    No query unless ``count`` is a milestone or crosses the threshold."""
    threshold = proposal.process.support_threshold
    reached = proposal.threshold_reached_at is not None
    if threshold and count >= threshold and not reached:
        reached = True
        if Proposal.objects.filter(pk=proposal.pk, threshold_reached_at__isnull=True).update(
            threshold_reached_at=timezone.now()
        ):
            ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.THRESHOLD, value=threshold)
    if count in SUPPORT_MILESTONES:
        ProposalEvent.objects.bulk_create(
            [ProposalEvent(proposal=proposal, kind=ProposalEvent.Kind.MILESTONE, value=count)], ignore_conflicts=True
        )
    return reached


def support_proposal(*, acting_user: User, proposal: Proposal) -> Supports:
    """The acting user supports the proposal; returns its count and their allowance left.

    Correct under concurrency, each step decided by the database in one statement
    (``counters``): the Support row is unique per (person, proposal), the person's allowance in
    the process is a conditional upsert of their Participation row (it never passes the limit,
    whoever else writes at the same moment), and the proposal's count moves only while it is
    neither withdrawn nor hidden, all or nothing. On PostgreSQL an ordinary support (no refusal,
    not the one that reaches the threshold; a milestone's event is in it) is one statement that
    commits by itself (``counters.support_at_once``: four round trips fewer than the transaction, the
    hottest write of a supports phase); every other support, and every support on SQLite,
    takes the transaction (``_support_in_transaction``). Raises PermissionDenied when
    supporting is closed to them (or the proposal was withdrawn or hidden meanwhile),
    ValidationError when they already support it or have no support left (and then nothing is
    written)."""
    process = proposal.process
    permissions.check(permissions.can_support(acting_user, proposal), _support_refused())
    done = counters.support_at_once(
        proposal_id=proposal.pk, process_id=process.pk, user_id=acting_user.pk, limit=process.supports_per_person,
        threshold=process.support_threshold, milestones=SUPPORT_MILESTONES,
        version=item_version_name("proposal", proposal.pk),
    )
    if done is not None:
        count, used = done
        return Supports(
            supported=True, count=count, threshold_reached=proposal.threshold_reached_at is not None,
            supports_left=_supports_left(process, used),
        )
    return _support_in_transaction(acting_user, proposal)


def _support_refused() -> str:
    return _("Supporting is not open for this proposal now.")


@transaction.atomic
def _support_in_transaction(acting_user: User, proposal: Proposal) -> Supports:
    """``support_proposal`` as a transaction of four statements, each deciding one step: the
    count first (it locks the proposal's row, the order ``counters.support_at_once`` locks in),
    then the support row, then the allowance; a refusal at any step raises and rolls back the
    steps before it. Then the milestone and threshold events, and the version bumps."""
    process = proposal.process
    count = counters.move_support_count(proposal_id=proposal.pk, step=+1, open_only=True)
    if count is None:  # withdrawn or hidden since it was read: nothing is written
        raise PermissionDenied(_support_refused())
    if not counters.insert_support(proposal_id=proposal.pk, process_id=process.pk, user_id=acting_user.pk):
        raise ValidationError(_("You already support this proposal."))
    used = counters.take_allowance(
        process_id=process.pk, user_id=acting_user.pk, limit=process.supports_per_person
    )
    if used is None:
        raise ValidationError(
            _("You have used all %(n)d of your supports in this process. Take one back to support another.")
            % {"n": process.supports_per_person}
        )
    reached = _record_milestones(proposal, count)
    # The lists and profiles show the count live (live_counts): a support moves the proposal's
    # own page only. The support that makes it reach the threshold (once in its life) changes
    # what the others show too (the badge on its list, results and its author's profile, the
    # threshold filter): it moves the co-production pages' version after commit.
    _item_figures_changed(process, "proposal", proposal.pk)
    if reached and proposal.threshold_reached_at is None:
        content_changed_after_commit(AREA_VERSION)
    return Supports(supported=True, count=count, threshold_reached=reached, supports_left=_supports_left(process, used))


def withdraw_support(*, acting_user: User, proposal: Proposal) -> Supports:
    """The acting user takes their support back (while supporting is open); returns the new
    count and their allowance left. Milestones and "threshold reached" already on the timeline
    stay. On PostgreSQL one statement that commits by itself (``counters.withdraw_at_once``),
    else (and when it declines) a transaction. PermissionDenied when supporting is closed to
    them, ValidationError when they did not support it (nothing is written then)."""
    process = proposal.process
    permissions.check(permissions.can_support(acting_user, proposal), _support_refused())
    done = counters.withdraw_at_once(
        proposal_id=proposal.pk, process_id=process.pk, user_id=acting_user.pk,
        version=item_version_name("proposal", proposal.pk),
    )
    if done is None:
        done = _withdraw_in_transaction(acting_user, proposal)
    count, used = done
    return Supports(
        supported=False, count=count, threshold_reached=proposal.threshold_reached_at is not None,
        supports_left=_supports_left(process, used),
    )


@transaction.atomic
def _withdraw_in_transaction(acting_user: User, proposal: Proposal) -> tuple[int, int | None]:
    """``withdraw_support`` as a transaction: the count first (it locks the proposal's row, the
    order ``counters`` locks in), then the support row and the allowance; (the new count, the
    supports used)."""
    count = counters.move_support_count(proposal_id=proposal.pk, step=-1, open_only=False)
    deleted, _rows = Support.objects.filter(proposal=proposal, user=acting_user).delete()
    if not deleted:  # the count's step rolls back with the transaction
        raise ValidationError(_("You do not support this proposal."))
    used = counters.return_allowance(process_id=proposal.process_id, user_id=acting_user.pk)
    _item_figures_changed(proposal.process, "proposal", proposal.pk)  # the lists show the count live
    return count or 0, used


@transaction.atomic
def answer_proposal(*, acting_user: User, proposal: Proposal, state: str, text: str) -> Proposal:
    """The official answer (evaluating, accepted, rejected, in progress) with an explanation;
    each answer is a step of the proposal's timeline and an audit row."""
    current = _locked(proposal)
    permissions.check(permissions.can_answer_proposal(acting_user, current))
    if state not in AnswerState.values:
        raise ValidationError({"state": _("Choose an answer.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Explain the answer: residents read it on the proposal.")})
    current.answer_state, current.answer_text, current.answered_at = state, text, timezone.now()
    check_text_lengths(current, {"answer_text": MAX_DESCRIPTION_LENGTH})
    current.save(update_fields=["answer_state", "answer_text", "answered_at", "updated_at"])
    ProposalEvent.objects.create(proposal=current, kind=ProposalEvent.Kind.ANSWERED, answer_state=state, text=text)
    record(acting_user=acting_user, action=ANSWER_PROPOSAL, target=current, hub=current.process.hub,
           details={"state": state})
    sync_after_commit(current)
    return current


# --- Comments ---------------------------------------------------------------------------------


def _comments_changed(comment: Comment, target: Any, *, shown_elsewhere: bool = False) -> None:
    """A comment moves the versions of its target's pages and of the lists that show its count
    (``selectors.comment_versions``: one proposal, poll, meeting, result, initiative or budget),
    in this transaction: every other page of the process stays cached. An edit, deletion or
    hiding (``shown_elsewhere``) also moves the process's version after commit: a result's page
    may quote the comment among what it came from."""
    content_changed_with_this_write(*comment_versions(target))
    if shown_elsewhere:
        _process_figures_changed(comment.process)


def _count_comment(target: Any, comment: Comment, step: int) -> None:
    """Move the counts a visible comment adds to (its target's, its parent's) by ``step``."""
    model = type(target)
    if any(field.name == "comment_count" for field in model._meta.concrete_fields):
        model._default_manager.filter(pk=target.pk).update(comment_count=F("comment_count") + step)
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + step)


@transaction.atomic
def add_comment(*, acting_user: User, target: Any, body: str, parent: Comment | None = None) -> Comment:
    """A comment on ``target``, a registered comment target (selectors.register_comment_target)
    with its ``process`` (a reply when ``parent`` is given: a comment on the same target).
    PermissionDenied when commenting is closed to the acting user; ValidationError for an empty
    or too long text or a parent from elsewhere."""
    if type(target) not in COMMENT_TARGETS:
        raise ValueError(f"{type(target).__name__} is not a comment target: register_comment_target() it")
    process = target.process
    permissions.check(permissions.can_comment_on(acting_user, target), _("Comments are closed here now."))
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if parent.target_type_id != content_type.pk or parent.target_id != target.pk:
            raise ValidationError(_("You can only reply to a comment on the same item."))
        permissions.check(permissions.can_reply(acting_user, parent), _("This comment can no longer be answered."))
    comment = Comment(
        process=process, target_type=content_type, target_id=target.pk, parent=parent, author=acting_user,
        body=body.strip(),
    )
    if not comment.body:
        raise ValidationError({"body": _("Write your comment.")})
    check_text_lengths(comment, COMMENT_LIMITS)
    comment.save()
    _count_comment(target, comment, +1)
    _comments_changed(comment, target)
    return comment


@transaction.atomic
def edit_comment(*, acting_user: User, comment: Comment, body: str, target: Any = None) -> Comment:
    """The author changes their comment's text. ``target``: what it is on, when the caller has it
    (else one query)."""
    permissions.check(permissions.can_edit_comment(acting_user, comment))
    comment.body = body.strip()
    if not comment.body:
        raise ValidationError({"body": _("Write your comment.")})
    check_text_lengths(comment, COMMENT_LIMITS)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    _comments_changed(comment, target if target is not None else _comment_target(comment), shown_elsewhere=True)
    return comment


@transaction.atomic
def delete_comment(*, acting_user: User, comment: Comment) -> None:
    """The author deletes their comment: its text goes, its place in the thread stays while it
    has replies."""
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    current.process = comment.process
    permissions.check(permissions.can_delete_comment(acting_user, current))
    current.deleted_at, current.body = timezone.now(), ""
    current.save(update_fields=["deleted_at", "body"])
    target = _comment_target(current)
    _count_comment(target, current, -1)
    _comments_changed(current, target, shown_elsewhere=True)


def _comment_target(comment: Comment) -> Any:
    return comment_target(comment)


# --- Reports and moderation -------------------------------------------------------------------

Moderated = Proposal | Initiative | Comment


@transaction.atomic
def report(*, acting_user: User, target: Moderated, reason: str, details: str = "") -> Report:
    """Report a proposal, initiative or comment to the process's moderators (once per person and item; an
    audit row). ValidationError for an unknown reason or a second report."""
    process = target.process
    permissions.check(permissions.can_report(acting_user, process))
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose why you are reporting this.")})
    entry = Report(
        process=process, target_type=ContentType.objects.get_for_model(target), target_id=target.pk,
        reporter=acting_user, reason=reason, details=details.strip()[:2000],
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("You have already reported this. The moderators will look at it.")) from None
    record(acting_user=acting_user, action=REPORT, target=target, hub=process.hub, details={"reason": reason})
    return entry


def _set_hidden(*, acting_user: User, target: Moderated, hidden: bool, reason: str) -> None:
    process = target.process
    permissions.check(permissions.can_hide(acting_user, process))
    model = type(target)
    changed = model.objects.filter(pk=target.pk, is_hidden=not hidden).update(is_hidden=hidden)
    if not changed:
        return
    target.is_hidden = hidden
    on = _comment_target(target) if isinstance(target, Comment) else None
    if isinstance(target, Comment) and target.deleted_at is None:
        _count_comment(on, target, -1 if hidden else +1)
    content_type = ContentType.objects.get_for_model(target)
    if hidden:
        Report.objects.filter(target_type=content_type, target_id=target.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
    record(acting_user=acting_user, action=HIDE if hidden else UNHIDE, target=target, hub=process.hub,
           reason=reason)
    if isinstance(target, Proposal):
        sync_after_commit(target)  # leaves (or comes back to) search and every list
        _process_figures_changed(process)
    elif isinstance(target, Initiative):
        sync_after_commit(target)
        content_changed_after_commit(AREA_VERSION)
        _process_figures_changed(process)
    else:
        _comments_changed(target, on, shown_elsewhere=True)


@transaction.atomic
def hide(*, acting_user: User, target: Moderated, reason: str) -> None:
    """A moderator hides a proposal, initiative or comment: it leaves lists, search and feeds, its open
    reports are resolved, and an audit row says who, when and why. PermissionDenied for others;
    ValidationError without a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you hide it: the audit log keeps the reason.")})
    _set_hidden(acting_user=acting_user, target=target, hidden=True, reason=reason)


@transaction.atomic
def unhide(*, acting_user: User, target: Moderated, reason: str = "") -> None:
    _set_hidden(acting_user=acting_user, target=target, hidden=False, reason=reason)


# --- SDG tags (translocal.sdg) ------------------------------------------------------------------


def check_sdg_terms(terms: list[Any]) -> None:
    """ValidationError unless every term is a goal or target of the SDGs."""
    from translocal.taxonomy.models import Vocabulary

    if any(term.vocabulary != Vocabulary.SDG for term in terms):
        raise ValidationError(_("Only goals and targets of the SDGs can be added here."))


@transaction.atomic
def tag_process_with_sdgs(
    *, acting_user: User, process: Process, terms: Any, replace: bool = False
) -> Process:
    """Add SDG goals or targets to a process's public tags (``replace``: the tags become exactly
    ``terms``), e.g. when its coordinators confirm a suggested goal. PermissionDenied unless the
    acting user manages the process; ValidationError for a term of another vocabulary."""
    terms = list(terms)
    check_sdg_terms(terms)
    permissions.check(
        permissions.can_manage_process(acting_user, process),
        _("Only the hub's coordinators can change the goals of this process."),
    )
    if replace:
        process.sdgs.set(terms)
    else:
        process.sdgs.add(*terms)
    record(acting_user=acting_user, action=audit_actions.EDIT, target=process, hub=process.hub,
           details={"fields": ["sdgs"]})
    sync_after_commit(process)
    content_changed_after_commit(AREA_VERSION)
    return process
