"""Who may do what in co-production spaces: one predicate per action, asked by views,
services and templates alike (and later the API), so no endpoint can forget a check.

What a person may do follows two things:

- their **role** in the process (``standing``): anonymous, resident (signed in), member of
  the process's hub, moderator (a ProcessRole), coordinator of the hub, staff. An
  ``invited`` ProcessRole lets a resident into an invited-only process;
- the **active phase** (``selectors.current_phase``): each participation feature (propose,
  comment, support, poll_vote, budget_vote, meeting_registration, initiative_signing) is open
  only while the phase running now switches it on.

Access: a *public* process is read by anyone and open to every signed-in resident; a
*members* process is read and used by the hub's members; an *invited* process by those with
a ProcessRole. Coordinators of the hub and staff always see and manage (an unpublished process
is theirs alone, with its moderators). Managers take part under the same phase rules as
everyone else: a phase that is closed is closed for all.

Predicates take ``(user, process)`` or ``(user, object)``; the fetch-and-check helpers at the
end raise Http404 for what the person may not see and PermissionDenied for what they may not do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeGuard

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser
from translocal.places.models import HubMembership

from . import selectors
from .budgets import selectors as budget_selectors
from .budgets.models import Budget, BudgetProject
from .models import Comment, Feature, Poll, Process, ProcessRole, Proposal
from .polls import selectors as poll_selectors


class Role(IntEnum):
    """A person's role in one process, weakest first (each includes what the ones before allow,
    access rules aside)."""

    ANONYMOUS = 0
    RESIDENT = 1
    MEMBER = 2
    MODERATOR = 3
    COORDINATOR = 4
    STAFF = 5


@dataclass(frozen=True)
class Standing:
    role: Role
    invited: bool = False


def _signed_in(user: AnyUser) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def standing(user: AnyUser, process: Process) -> Standing:
    """The user's role in ``process`` (at most one query, remembered on the user object)."""
    if not _signed_in(user):
        return Standing(Role.ANONYMOUS)
    if user.is_staff or user.is_superuser:
        return Standing(Role.STAFF)
    hub_role, process_role = selectors.roles_in_process(user, process)
    if hub_role == HubMembership.Role.COORDINATOR:
        return Standing(Role.COORDINATOR)
    if process_role == ProcessRole.Role.MODERATOR:
        return Standing(Role.MODERATOR, invited=True)
    invited = process_role == ProcessRole.Role.INVITED
    if hub_role == HubMembership.Role.MEMBER:
        return Standing(Role.MEMBER, invited=invited)
    return Standing(Role.RESIDENT, invited=invited)


# --- The process ------------------------------------------------------------------------------


def can_manage_process(user: AnyUser, process: Process) -> bool:
    """Edit the process and its phases, publish it, name moderators and invite, answer
    proposals: the hub's coordinators and staff."""
    return standing(user, process).role >= Role.COORDINATOR


def can_moderate_process(user: AnyUser, process: Process) -> bool:
    """Hide and unhide what people wrote in the process: its moderators, the hub's coordinators, staff."""
    return standing(user, process).role >= Role.MODERATOR


def can_view_process(user: AnyUser, process: Process) -> bool:
    who = standing(user, process)
    if who.role >= Role.MODERATOR:
        return True
    if not process.is_published:
        return False
    if process.access == Process.Access.PUBLIC:
        return True
    if process.access == Process.Access.MEMBERS:
        return who.role >= Role.MEMBER or who.invited
    return who.invited


def can_take_part(user: AnyUser, process: Process) -> bool:
    """Signed in, let in by the access rule (whatever the phase), and not blocked in the hub by
    its coordinators (``is_blocked``)."""
    return (
        _signed_in(user) and process.is_published and can_view_process(user, process)
        and not is_blocked(user, process)
    )


def is_blocked(user: AnyUser, process: Process) -> bool:
    """The hub's coordinators blocked ``user`` in the process's hub: they read, but take part in
    none of its processes. Coordinators and staff are never blocked (no query: it was read with
    the hub role)."""
    return standing(user, process).role < Role.COORDINATOR and selectors.is_blocked_in_hub(user, process.hub_id)


def feature_open(process: Process, feature: str) -> bool:
    """Whether the phase running now switches ``feature`` on."""
    phase = selectors.current_phase(process)
    return phase is not None and phase.allows(feature)


def _may(user: AnyUser, process: Process, feature: str) -> bool:
    return feature_open(process, feature) and can_take_part(user, process)


def can_propose(user: AnyUser, process: Process) -> bool:
    return _may(user, process, Feature.PROPOSE)


def can_comment(user: AnyUser, process: Process) -> bool:
    return _may(user, process, Feature.COMMENT)


def can_support_in(user: AnyUser, process: Process) -> bool:
    """Supporting is open in the process for this person (a given proposal may still refuse:
    see ``can_support``)."""
    return _may(user, process, Feature.SUPPORT)


def can_vote_in_poll(user: AnyUser, process: Process) -> bool:
    return _may(user, process, Feature.POLL_VOTE)


def can_vote_in_budget(user: AnyUser, process: Process) -> bool:
    return _may(user, process, Feature.BUDGET_VOTE)


def can_register_for_meeting(user: AnyUser, process: Process) -> bool:
    return _may(user, process, Feature.MEETING_REGISTRATION)


def can_sign_initiative(user: AnyUser, process: Process) -> bool:
    return _may(user, process, Feature.INITIATIVE_SIGNING)


def can_see_results(user: AnyUser, process: Process) -> bool:
    """Results (budget outcomes, a process's results) show once a phase that switches results
    on is running or over; managers see them at any time. A poll's counts follow the poll's own
    rule instead (``can_see_poll_results``)."""
    if not can_view_process(user, process):
        return False
    if can_manage_process(user, process):
        return True
    now = timezone.now()
    return any(phase.results and phase.starts_at <= now for phase in selectors.phases_of(process))


# --- Fetch and check --------------------------------------------------------------------------


def get_process_for_view(*, user: AnyUser, slug: str) -> Process:
    """The process ``slug`` with its phases; Http404 when missing or not visible to ``user``
    (one answer for both, so a private process's existence does not leak)."""
    process = selectors.process_by_slug(slug=slug)
    if not can_view_process(user, process):
        raise Http404("No such process")
    return process


def check(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied (with a message a person can act on) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message or _("You cannot do this in this process now."))


# --- Proposals --------------------------------------------------------------------------------


def _is_author(user: AnyUser, item: Any) -> bool:
    """``item`` (a proposal, an initiative) was written by ``user``."""
    return _signed_in(user) and item.author_id is not None and item.author_id == user.pk


def can_view_content(user: AnyUser, item: Any) -> bool:
    """What people write in a process (a proposal, comment or initiative: anything with
    ``process``, ``author_id`` and ``is_hidden``) is seen by whoever sees the process; once a
    moderator hid it, by its author and the process's moderators only. The one rule the
    ``can_view_*`` predicates of written content share."""
    if not can_view_process(user, item.process):
        return False
    if not item.is_hidden:
        return True
    own = _signed_in(user) and item.author_id is not None and item.author_id == user.pk
    return own or can_moderate_process(user, item.process)


def can_view_proposal(user: AnyUser, proposal: Proposal) -> bool:
    return can_view_content(user, proposal)


def unchanged_since_backed(user: AnyUser, item: Any, *, backers: int) -> bool:
    """The author may still change ``item`` (a proposal or an initiative): they take part in its
    process, no one has backed it yet (``backers``: its supports or its signatures), it has no
    official answer and is neither withdrawn nor hidden. What people backed must stay what they
    read."""
    return (
        _is_author(user, item)
        and can_take_part(user, item.process)
        and backers == 0
        and not item.answer_state
        and item.withdrawn_at is None
        and not item.is_hidden
    )


def can_edit_proposal(user: AnyUser, proposal: Proposal) -> bool:
    """The author, while no one has supported it (``unchanged_since_backed``)."""
    return unchanged_since_backed(user, proposal, backers=proposal.support_count)


def can_withdraw_proposal(user: AnyUser, proposal: Proposal) -> bool:
    return _is_author(user, proposal) and proposal.withdrawn_at is None and can_take_part(user, proposal.process)


def can_support(user: AnyUser, proposal: Proposal) -> bool:
    """Support (or take back a support of) this proposal: supporting is open in the running
    phase and the proposal is neither withdrawn nor hidden. The per-person limit is the
    service's to enforce (under a lock)."""
    return (
        can_support_in(user, proposal.process) and proposal.withdrawn_at is None and not proposal.is_hidden
    )


def can_answer_proposal(user: AnyUser, proposal: Proposal) -> bool:
    """The official answer: the hub's coordinators and staff, whatever the phase."""
    return can_manage_process(user, proposal.process) and proposal.withdrawn_at is None


def get_proposal_for_view(*, user: AnyUser, slug: str, pk: int) -> Proposal:
    """The proposal ``pk`` of process ``slug``; Http404 when either is missing or not visible."""
    process = get_process_for_view(user=user, slug=slug)
    proposal = selectors.proposal_in_process(process=process, pk=pk)
    if not can_view_proposal(user, proposal):
        raise Http404("No such proposal")
    return proposal


def get_proposal_for_support(*, user: AnyUser, slug: str, pk: int) -> Proposal:
    """As ``get_proposal_for_view`` for the support buttons, the hottest write: the proposal
    with its process, its phases and the person's roles in one query and no translation joined
    (the support box shows no text);
    Http404 when either is missing or not visible (one answer for all)."""
    proposal = selectors.proposal_for_support(slug=slug, pk=pk, user=user)
    if not can_view_proposal(user, proposal):  # the process's visibility first
        raise Http404("No such proposal")
    return proposal


# --- Comments and moderation ------------------------------------------------------------------


def can_view_comment(user: AnyUser, comment: Comment) -> bool:
    return can_view_content(user, comment)


def hidden_comments_for(user: AnyUser, process: Process) -> selectors.HiddenComments:
    """The hidden comments ``user`` still sees in comment lists, marked "Hidden by a moderator"
    (``can_view_content``): all of them for the process's moderators, their own for a signed-in
    person, none for anyone else."""
    if can_moderate_process(user, process):
        return selectors.HiddenComments(everyone=True)
    if _signed_in(user):
        return selectors.HiddenComments(author_id=user.pk)
    return selectors.NO_HIDDEN_COMMENTS


def can_comment_on(user: AnyUser, target: Any) -> bool:
    """Comment on (or reply under) ``target`` (a registered comment target: a proposal, later a
    meeting, poll, result or budget project): commenting is open in the running phase and the
    target is neither hidden nor withdrawn (when it can be)."""
    return (
        can_comment(user, target.process)
        and not getattr(target, "is_hidden", False)
        and getattr(target, "withdrawn_at", None) is None
    )


def can_reply(user: AnyUser, comment: Comment) -> bool:
    return can_comment(user, comment.process) and not comment.is_hidden and comment.deleted_at is None


def can_edit_comment(user: AnyUser, comment: Comment) -> bool:
    """The author edits or deletes their own comment while they may take part in the process
    (not once a moderator hid it)."""
    return (
        _signed_in(user)
        and comment.author_id == user.pk
        and comment.deleted_at is None
        and not comment.is_hidden
        and can_take_part(user, comment.process)
    )


def can_delete_comment(user: AnyUser, comment: Comment) -> bool:
    return can_edit_comment(user, comment)


def can_report(user: AnyUser, process: Process) -> bool:
    """Anyone signed in who can see the process reports what is in it, whatever the phase."""
    return _signed_in(user) and can_view_process(user, process)


def can_hide(user: AnyUser, process: Process) -> bool:
    """Hide and unhide proposals, initiatives and comments of the process: its moderators, coordinators, staff."""
    return can_moderate_process(user, process)


# --- Polls ------------------------------------------------------------------------------------
#
# A poll is open in its own window (opens_at..closes_at) when it has one, else while the
# running phase switches "vote in polls" on; it is closed once its window has ended, or (no
# window) once every phase that switches voting on has ended.


def poll_open(poll: Poll, *, now: dt.datetime | None = None) -> bool:
    if poll.opens_at is not None and poll.closes_at is not None:
        moment = now or timezone.now()
        return poll.opens_at <= moment < poll.closes_at
    phase = selectors.current_phase(poll.process, now=now)
    return phase is not None and phase.poll_vote


def poll_closed(poll: Poll, *, now: dt.datetime | None = None) -> bool:
    moment = now or timezone.now()
    if poll.closes_at is not None:
        return moment >= poll.closes_at
    voting = [phase for phase in selectors.phases_of(poll.process) if phase.poll_vote]
    return bool(voting) and all(phase.ends_at <= moment for phase in voting)


def can_view_poll(user: AnyUser, poll: Poll) -> bool:
    return can_view_process(user, poll.process)


def can_vote(user: AnyUser, poll: Poll) -> bool:
    """Cast or change a ballot: the poll is open (its window, or the phase) and the person may
    take part in the process."""
    return poll_open(poll) and can_take_part(user, poll.process)


def can_create_poll(user: AnyUser, process: Process) -> bool:
    return can_manage_process(user, process)


def can_edit_poll(user: AnyUser, poll: Poll) -> bool:
    """Change the poll's rules: its process's managers, until the first ballot (the service
    checks again under the poll's row lock)."""
    return can_manage_process(user, poll.process) and poll.rules_frozen_at is None


def can_close_poll(user: AnyUser, poll: Poll) -> bool:
    """End the voting now (an audited action; the only change once ballots are cast)."""
    return can_manage_process(user, poll.process) and not poll_closed(poll)


def can_see_poll_results(user: AnyUser, poll: Poll) -> bool:
    """Anyone who sees the poll sees its results: live, or (``results_hidden_until_close``)
    once it is closed. Hidden results are hidden from everyone, organisers included, so
    nobody can steer a vote by what they saw early."""
    return can_view_poll(user, poll) and (not poll.results_hidden_until_close or poll_closed(poll))


def get_poll_for_view(*, user: AnyUser, slug: str, pk: int) -> Poll:
    """Poll ``pk`` of process ``slug`` with its options; Http404 when either is missing or not
    visible to ``user``."""
    process = get_process_for_view(user=user, slug=slug)
    poll = poll_selectors.poll_in_process(process=process, pk=pk)
    if not can_view_poll(user, poll):
        raise Http404("No such poll")
    return poll


# --- Participatory budgeting ------------------------------------------------------------------


def can_manage_budget(user: AnyUser, budget: Budget) -> bool:
    """Set up a budget, its projects and rules (until the first ballot freezes them): the hub's
    coordinators and staff."""
    return can_manage_process(user, budget.process)


def can_cast_ballot(user: AnyUser, budget: Budget) -> bool:
    """Cast or change one's ballot: budget voting is open in the running phase and no
    coordinator closed it early. The ballot's rules are the service's to check."""
    return budget.voting_closed_at is None and can_vote_in_budget(user, budget.process)


def budget_voting_ended(budget: Budget, *, now: dt.datetime | None = None) -> bool:
    """Voting in ``budget`` is over: a coordinator closed it, or every phase that switches
    budget voting on has ended. From then on the ballots no longer change and the outcome is
    computed once (``budget_services.count_ended_budgets``)."""
    if budget.voting_closed_at is not None:
        return True
    moment = now or timezone.now()
    voting = [phase for phase in selectors.phases_of(budget.process) if phase.budget_vote]
    return bool(voting) and all(phase.ends_at <= moment for phase in voting)


def can_close_budget_voting(user: AnyUser, budget: Budget) -> bool:
    """End the voting now (audited): the process's managers, while it has not ended."""
    return can_manage_budget(user, budget) and not budget_voting_ended(budget)


def can_see_budget_outcome(user: AnyUser, budget: Budget) -> bool:
    """The outcome (both rules, the .pb export with its anonymous ballots) follows the process's
    results: once a results phase started, managers at any time."""
    return can_see_results(user, budget.process)


def get_budget_for_view(*, user: AnyUser, slug: str, pk: int) -> Budget:
    """Budget ``pk`` of process ``slug`` with its process; Http404 when either is missing or not
    visible to ``user``."""
    process = get_process_for_view(user=user, slug=slug)
    return budget_selectors.budget_in_process(process=process, pk=pk)


def get_budget_project_for_view(*, user: AnyUser, slug: str, budget: int, pk: int) -> BudgetProject:
    """Project ``pk`` of budget ``budget`` of process ``slug``; Http404 when any is missing or
    not visible to ``user``. People comment on it while the phase opens comments
    (``can_comment_on``)."""
    found = get_budget_for_view(user=user, slug=slug, pk=budget)
    return budget_selectors.project_in_budget(budget=found, pk=pk)


# --- Results (accountability) -----------------------------------------------------------------
#
# What a process did with what people said is never hidden behind a phase: anyone who may see
# the process reads its results, whatever phase runs (the ``results`` feature of a phase is for
# poll counts and budget outcomes, ``can_see_results``). Coordinators and staff write them.


def can_view_results(user: AnyUser, process: Process) -> bool:
    return can_view_process(user, process)


def can_manage_results(user: AnyUser, process: Process) -> bool:
    """Create and edit results, post progress updates, link proposals and comments: the hub's
    coordinators and staff, whatever the phase."""
    return can_manage_process(user, process)


def can_decide_lineage(user: AnyUser, process: Process) -> bool:
    """Confirm or refuse that a commitment taken home from an exchange became ``process``
    (core.lineage): the hub's coordinators and staff, whatever the phase."""
    return can_manage_process(user, process)


def can_view_result(user: AnyUser, result: Any) -> bool:
    return can_view_results(user, result.process)


def can_edit_result(user: AnyUser, result: Any) -> bool:
    return can_manage_results(user, result.process)


def get_result_for_view(*, user: AnyUser, slug: str, pk: int) -> Any:
    """Result ``pk`` of process ``slug``; Http404 when either is missing or not visible."""
    from .accountability import selectors as result_selectors

    process = get_process_for_view(user=user, slug=slug)
    result = result_selectors.result_in_process(process=process, pk=pk)
    if not can_view_result(user, result):
        raise Http404("No such result")
    return result


# --- Translations -----------------------------------------------------------------------------
#
# Whoever may edit an item translates it, and so do its process's moderators, the hub's
# coordinators and staff (a translation never changes the original, so a proposal that people
# supported can still be translated by them).


def can_translate_process(user: AnyUser, process: Process) -> bool:
    return can_manage_process(user, process) or can_moderate_process(user, process)


def can_translate_proposal(user: AnyUser, proposal: Proposal) -> bool:
    return can_view_proposal(user, proposal) and (
        can_edit_proposal(user, proposal) or can_moderate_process(user, proposal.process)
    )


def can_translate_poll(user: AnyUser, poll: Poll) -> bool:
    return can_edit_poll(user, poll) or can_moderate_process(user, poll.process)


def can_translate_result(user: AnyUser, result: Any) -> bool:
    return can_edit_result(user, result) or can_moderate_process(user, result.process)


# --- Meetings ---------------------------------------------------------------------------------
#
# Anyone who sees the process sees its meetings; registering follows the running phase (the
# ``meeting_registration`` feature) and closes when the meeting starts; coordinators and staff
# organise, and write the minutes and attendance once it has started.


def can_view_meeting(user: AnyUser, meeting: Any) -> bool:
    return can_view_process(user, meeting.process)


def can_manage_meetings(user: AnyUser, process: Process) -> bool:
    return can_manage_process(user, process)


def can_edit_meeting(user: AnyUser, meeting: Any) -> bool:
    return can_manage_process(user, meeting.process)


def can_register(user: AnyUser, meeting: Any) -> bool:
    """Register for (or leave) this meeting: registering is open in the running phase and the
    meeting has not started."""
    return can_register_for_meeting(user, meeting.process) and meeting.starts_at > timezone.now()


def can_record_minutes(user: AnyUser, meeting: Any) -> bool:
    """Minutes and attendance: the organisers, once the meeting has started."""
    return can_manage_process(user, meeting.process) and meeting.starts_at <= timezone.now()


def get_meeting_for_view(*, user: AnyUser, slug: str, pk: int) -> Any:
    """Meeting ``pk`` of process ``slug``; Http404 when either is missing or not visible."""
    from .meetings import selectors as meeting_selectors

    process = get_process_for_view(user=user, slug=slug)
    meeting = meeting_selectors.meeting_in_process(process=process, pk=pk)
    if not can_view_meeting(user, meeting):
        raise Http404("No such meeting")
    return meeting


# --- Citizen initiatives ----------------------------------------------------------------------
#
# Starting and signing follow the running phase (the ``initiative_signing`` feature); an
# initiative collects signatures until its deadline and stops once answered or withdrawn;
# coordinators and staff give the official answer, whatever the phase. Its author edits it until
# the first signature and may withdraw it; anyone signed in reports it and the process's
# moderators hide it (``can_report``, ``can_hide``), as for proposals and comments.


def can_view_initiative(user: AnyUser, initiative: Any) -> bool:
    return can_view_content(user, initiative)


def can_start_initiative(user: AnyUser, process: Process) -> bool:
    return can_sign_initiative(user, process)


def can_sign(user: AnyUser, initiative: Any) -> bool:
    """Sign this initiative: signing is open in the running phase, its deadline has not passed,
    it is neither hidden nor answered."""
    return (
        can_sign_initiative(user, initiative.process)
        and initiative.deadline > timezone.now()
        and not initiative.is_hidden
        and not initiative.answer_state
        and initiative.withdrawn_at is None
    )


def is_initiative_author(user: AnyUser, initiative: Any) -> bool:
    return _is_author(user, initiative)


def can_edit_initiative(user: AnyUser, initiative: Any) -> bool:
    """Its author, while no one has signed it (``unchanged_since_backed``; the service checks
    again under the initiative's row lock, which a signature also takes)."""
    return unchanged_since_backed(user, initiative, backers=initiative.signature_count)


def can_withdraw_initiative(user: AnyUser, initiative: Any) -> bool:
    """Its author, until it is answered (its signatures stay, it takes no more)."""
    return (
        _is_author(user, initiative)
        and initiative.withdrawn_at is None
        and not initiative.answer_state
        and can_take_part(user, initiative.process)
    )


def can_answer_initiative(user: AnyUser, initiative: Any) -> bool:
    return can_manage_process(user, initiative.process)


def get_initiative_for_view(*, user: AnyUser, slug: str, pk: int) -> Any:
    """Initiative ``pk`` of process ``slug``; Http404 when either is missing or not visible."""
    from .initiatives import selectors as initiative_selectors

    process = get_process_for_view(user=user, slug=slug)
    initiative = initiative_selectors.initiative_in_process(process=process, pk=pk)
    if not can_view_initiative(user, initiative):
        raise Http404("No such initiative")
    return initiative


# --- Blocking a person in a hub ---------------------------------------------------------------


def can_block_in_hub(user: AnyUser, hub: Any) -> bool:
    """Block and unblock people in the hub, and see who is blocked: its coordinators and staff."""
    if not _signed_in(user):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return selectors.hub_role_of(user, hub.pk) == HubMembership.Role.COORDINATOR
