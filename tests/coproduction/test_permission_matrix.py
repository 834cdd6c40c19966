"""The permission matrix: every URL and action of co-production spaces, for each role, in
each phase, for each kind of access. The expectations are written out here as a table, apart
from the predicates, so a change to a rule shows up as a failing cell."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from translocal.coproduction import permissions
from translocal.coproduction.models import Process

from .conftest import MOMENTS, PHASES, ROLES

pytestmark = pytest.mark.django_db

ACCESSES = [Process.Access.PUBLIC, Process.Access.MEMBERS, Process.Access.INVITED]

#: Who sees a published process, by access.
SEES = {
    Process.Access.PUBLIC: set(ROLES),
    Process.Access.MEMBERS: {"member", "invited", "moderator", "coordinator", "staff"},
    Process.Access.INVITED: {"invited", "moderator", "coordinator", "staff"},
}
#: The feature each participation predicate asks of the running phase.
FEATURE_ACTIONS = {
    "can_propose": "propose",
    "can_comment": "comment",
    "can_support_in": "support",
    "can_vote_in_poll": "poll_vote",
    "can_vote_in_budget": "budget_vote",
    "can_register_for_meeting": "meeting_registration",
    "can_sign_initiative": "initiative_signing",
}
MANAGERS = {"coordinator", "staff"}
MODERATORS = {"moderator", "coordinator", "staff"}


def expected(action: str, *, role: str, moment: str, access: str, published: bool = True) -> bool:
    sees = role in MODERATORS or (published and role in SEES[access])
    if action == "can_view_process":
        return sees
    if action == "can_manage_process":
        return role in MANAGERS
    if action == "can_moderate_process":
        return role in MODERATORS
    if action == "can_see_results":
        results_started = moment in ("results", "after")
        return sees and (role in MANAGERS or results_started)
    feature = FEATURE_ACTIONS[action]
    running = PHASES.get(moment, set())
    return published and sees and role != "anonymous" and feature in running


ACTIONS = ["can_view_process", "can_manage_process", "can_moderate_process", "can_see_results", *FEATURE_ACTIONS]


def _user(world, role):
    return world.people[role] or AnonymousUser()


def _client(world, role) -> Client:
    client = Client()
    if world.people[role] is not None:
        client.force_login(world.people[role])
    return client


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_actions_follow_role_phase_and_access(world, role, moment, access):
    process = world.process(moment=moment, access=access)
    user = _user(world, role)
    got = {action: getattr(permissions, action)(user, process) for action in ACTIONS}
    want = {action: expected(action, role=role, moment=moment, access=access) for action in ACTIONS}
    assert got == want


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_process_is_its_managers_and_moderators_alone(world, role, access):
    process = world.process(moment="proposals", access=access, is_published=False)
    user = _user(world, role)
    got = {action: getattr(permissions, action)(user, process) for action in ACTIONS}
    want = {
        action: expected(action, role=role, moment="proposals", access=access, published=False) for action in ACTIONS
    }
    assert got == want


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", ["before", "proposals", "after"])
@pytest.mark.parametrize("role", ROLES)
def test_process_pages_follow_the_same_predicates(world, role, moment, access):
    process = world.process(moment=moment, access=access, title="Matrix Process")
    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    detail = client.get(reverse("coproduction:process-detail", args=[process.slug]))
    assert detail.status_code == (200 if sees else 404)
    listing = client.get(reverse("coproduction:process-list"))
    assert listing.status_code == 200
    assert ("Matrix Process" in listing.content.decode()) is sees


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_an_unpublished_process_to_its_managers_and_moderators_only(world, role):
    world.process(title="Draft Process", is_published=False)
    body = _client(world, role).get(reverse("coproduction:process-list")).content.decode()
    assert ("Draft Process" in body) is (role in MODERATORS)


# --- Proposals --------------------------------------------------------------------------------

PROPOSAL_ACTIONS = ["can_view_proposal", "can_support", "can_edit_proposal", "can_withdraw_proposal",
                    "can_answer_proposal"]


def expected_on_proposal(action: str, *, role: str, moment: str, access: str) -> bool:
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    if action == "can_view_proposal":
        return sees
    if action == "can_support":
        return expected("can_support_in", role=role, moment=moment, access=access)
    if action == "can_answer_proposal":
        return role in MANAGERS
    return False  # editing and withdrawing are the author's alone (who holds none of these roles)


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_proposal_actions_follow_role_phase_and_access(world, role, moment, access):
    process = world.process(moment=moment, access=access)
    proposal = world.proposal(process)
    user = _user(world, role)
    got = {action: getattr(permissions, action)(user, proposal) for action in PROPOSAL_ACTIONS}
    want = {
        action: expected_on_proposal(action, role=role, moment=moment, access=access) for action in PROPOSAL_ACTIONS
    }
    assert got == want


def _status(*, role: str, sees: bool, allowed: bool, success: int = 200) -> int:
    """What a signed-in-only page answers: sign in first (302), 404 for what one may not see,
    403 for what one may not do."""
    if role == "anonymous":
        return 302
    if not sees:
        return 404
    return success if allowed else 403


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_proposal_urls_follow_the_same_predicates(world, role, moment, access):
    process = world.process(moment=moment, access=access)
    proposal = world.proposal(process, title="Matrix Proposal")
    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    args = [process.slug, proposal.pk]

    def want(action: str, success: int = 200) -> int:
        rule = expected_on_proposal if action in PROPOSAL_ACTIONS else expected
        allowed = rule(action, role=role, moment=moment, access=access)
        return _status(role=role, sees=sees, allowed=allowed, success=success)

    got = {
        "proposal-list": client.get(reverse("coproduction:proposal-list", args=[process.slug])).status_code,
        "proposal-detail": client.get(reverse("coproduction:proposal-detail", args=args)).status_code,
        "proposal-create": client.get(reverse("coproduction:proposal-create", args=[process.slug])).status_code,
        "proposal-edit": client.get(reverse("coproduction:proposal-edit", args=args)).status_code,
        "proposal-answer": client.get(reverse("coproduction:proposal-answer", args=args)).status_code,
        "proposal-withdraw": client.post(reverse("coproduction:proposal-withdraw", args=args)).status_code,
        "proposal-support": client.post(reverse("coproduction:proposal-support", args=args)).status_code,
    }
    supported_after_post = proposal.supports.exists()
    assert got == {
        "proposal-list": 200 if sees else 404,
        "proposal-detail": 200 if sees else 404,
        "proposal-create": want("can_propose"),
        "proposal-edit": want("can_edit_proposal"),
        "proposal-answer": want("can_answer_proposal"),
        "proposal-withdraw": want("can_withdraw_proposal", success=302),
        "proposal-support": want("can_support", success=302),
    }
    # The page shows the support button exactly when the predicate allows it.
    if sees:
        body = client.get(reverse("coproduction:proposal-detail", args=args)).content.decode()
        supported = expected_on_proposal("can_support", role=role, moment=moment, access=access)
        assert ("Take back my support" in body) is supported  # the POST above succeeded
    assert supported_after_post is expected_on_proposal("can_support", role=role, moment=moment, access=access)
    unsupport = client.post(reverse("coproduction:proposal-unsupport", args=args)).status_code
    assert unsupport == want("can_support", success=302)
    assert not proposal.supports.exists()


# --- Comments, reports and moderation ---------------------------------------------------------


def expected_on_comments(action: str, *, role: str, moment: str, access: str) -> bool:
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    if action in ("can_comment_on", "can_reply"):
        return expected("can_comment", role=role, moment=moment, access=access)
    if action == "can_report":
        return sees and role != "anonymous"
    if action == "can_hide":
        return role in MODERATORS
    return False  # editing and deleting a comment are its author's alone


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_comment_actions_and_urls_follow_role_phase_and_access(world, role, moment, access):
    from translocal.coproduction.models import Comment

    process = world.process(moment=moment, access=access)
    proposal = world.proposal(process)
    comment = Comment.objects.create(
        process=process, target_type=ContentType.objects.get_for_model(proposal), target_id=proposal.pk,
        author=world.author, body="A comment by the author",
    )
    type(proposal).objects.filter(pk=proposal.pk).update(comment_count=1)
    user = _user(world, role)
    rule = {"can_comment_on": proposal, "can_reply": comment, "can_edit_comment": comment,
            "can_delete_comment": comment, "can_report": process, "can_hide": process}
    got = {action: getattr(permissions, action)(user, subject) for action, subject in rule.items()}
    assert got == {action: expected_on_comments(action, role=role, moment=moment, access=access) for action in rule}

    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    slug = process.slug

    def want(action: str, success: int = 200) -> int:
        return _status(role=role, sees=sees, allowed=expected_on_comments(
            action, role=role, moment=moment, access=access), success=success)

    got_urls = {
        "comment-list": client.get(reverse("coproduction:comment-list", args=[slug, proposal.pk])).status_code,
        "comment-replies": client.get(reverse("coproduction:comment-replies", args=[slug, comment.pk])).status_code,
        "comment-edit": client.get(reverse("coproduction:comment-edit", args=[slug, comment.pk])).status_code,
        "comment-delete": client.post(reverse("coproduction:comment-delete", args=[slug, comment.pk])).status_code,
        "report": client.get(reverse("coproduction:report", args=[slug, "comment", comment.pk])).status_code,
        "moderate": client.post(
            reverse("coproduction:moderate", args=[slug, "comment", comment.pk]), {"action": "hide", "reason": "Test"}
        ).status_code,
    }
    assert got_urls == {
        "comment-list": 200 if sees else 404,
        "comment-replies": 200 if sees else 404,
        "comment-edit": want("can_edit_comment"),
        "comment-delete": want("can_delete_comment", success=302),
        "report": want("can_report"),
        "moderate": want("can_hide", success=302),
    }
    assert Comment.objects.get(pk=comment.pk).is_hidden is expected_on_comments(
        "can_hide", role=role, moment=moment, access=access)
    # Posting a comment: written exactly when the predicate allows it.
    before = Comment.objects.count()
    client.post(reverse("coproduction:comment-create", args=[slug, proposal.pk]), {"body": "Matrix comment"})
    assert (Comment.objects.count() == before + 1) is expected_on_comments(
        "can_comment_on", role=role, moment=moment, access=access)


# --- Results (accountability) -----------------------------------------------------------------

RESULT_ACTIONS = ["can_view_results", "can_manage_results", "can_view_result", "can_edit_result",
                  "can_decide_lineage"]


def expected_on_results(action: str, *, role: str, moment: str, access: str) -> bool:
    """Anyone who sees the process reads its results in every phase; managers write them."""
    if action in ("can_view_results", "can_view_result"):
        return expected("can_view_process", role=role, moment=moment, access=access)
    return role in MANAGERS
@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_result_actions_and_urls_follow_role_phase_and_access(world, role, moment, access):
    from translocal.coproduction.models import Result, ResultLink

    process = world.process(moment=moment, access=access)
    result = Result.objects.create(process=process, title="Matrix Result")
    link = ResultLink.objects.create(result=result, process=process, proposal=world.proposal(process))
    user = _user(world, role)
    subjects = {"can_view_results": process, "can_manage_results": process, "can_view_result": result,
                "can_edit_result": result, "can_decide_lineage": process}
    got = {action: getattr(permissions, action)(user, subject) for action, subject in subjects.items()}
    assert got == {action: expected_on_results(action, role=role, moment=moment, access=access)
                   for action in RESULT_ACTIONS}

    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    manages = expected_on_results("can_edit_result", role=role, moment=moment, access=access)
    args = [process.slug, result.pk]
    got_urls = {
        "result-list": client.get(reverse("coproduction:result-list", args=[process.slug])).status_code,
        "result-detail": client.get(reverse("coproduction:result-detail", args=args)).status_code,
        "result-create": client.get(reverse("coproduction:result-create", args=[process.slug])).status_code,
        "result-edit": client.get(reverse("coproduction:result-edit", args=args)).status_code,
        "result-progress": client.get(reverse("coproduction:result-progress", args=args)).status_code,
        "result-sources": client.get(reverse("coproduction:result-sources", args=args)).status_code,
        "result-unlink": client.post(reverse("coproduction:result-unlink", args=[*args, link.pk])).status_code,
        "process-lineage": client.get(reverse("coproduction:process-lineage", args=[process.slug])).status_code,
    }
    assert got_urls == {
        "result-list": 200 if sees else 404,
        "result-detail": 200 if sees else 404,
        "result-create": _status(role=role, sees=sees, allowed=manages),
        "result-edit": _status(role=role, sees=sees, allowed=manages),
        "result-progress": _status(role=role, sees=sees, allowed=manages),
        "result-sources": _status(role=role, sees=sees, allowed=manages),
        "result-unlink": _status(role=role, sees=sees, allowed=manages, success=302),
        "process-lineage": _status(role=role, sees=sees, allowed=manages),
    }
    assert ResultLink.objects.filter(pk=link.pk).exists() is not manages
    # Comments on the result follow the phase's comment feature, like every comment target.
    comments = expected("can_comment", role=role, moment=moment, access=access)
    assert client.get(result.comments_url()).status_code == (200 if sees else 404)
    posted = client.post(result.comment_create_url(), {"body": "Matrix comment on a result"}).status_code
    assert posted == _status(role=role, sees=sees, allowed=comments, success=302)
    from translocal.coproduction.models import Comment

    assert Comment.objects.filter(body="Matrix comment on a result").exists() is comments
    # Managers see the links to the forms on the result page; no one else does.
    if sees:
        body = client.get(reverse("coproduction:result-detail", args=args)).content.decode()
        assert ("Post a progress update" in body) is manages


# --- Polls ------------------------------------------------------------------------------------

POLL_ACTIONS = ["can_view_poll", "can_vote", "can_create_poll", "can_edit_poll", "can_close_poll",
                "can_see_poll_results"]


def expected_on_poll(action: str, *, role: str, moment: str, access: str, hidden: bool = False) -> bool:
    """A poll that follows the phases: open in "voting", closed once that phase has ended."""
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    closed = moment in ("results", "after")
    if action == "can_view_poll":
        return sees
    if action == "can_vote":
        return expected("can_vote_in_poll", role=role, moment=moment, access=access)
    if action in ("can_create_poll", "can_edit_poll"):
        return role in MANAGERS
    if action == "can_close_poll":
        return role in MANAGERS and not closed
    if action == "can_see_poll_results":
        return sees and (closed or not hidden)
    raise AssertionError(action)


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_poll_actions_and_urls_follow_role_phase_and_access(world, role, moment, access):
    from translocal.coproduction.models import Ballot, Comment, Poll
    from translocal.coproduction.polls import services as poll_services

    process = world.process(moment=moment, access=access)
    coordinator = world.people["coordinator"]
    poll = poll_services.create_poll(acting_user=coordinator, process=process, question="Matrix poll?",
                                     options=["Yes", "No"])
    hidden = poll_services.create_poll(acting_user=coordinator, process=process, question="Hidden poll?",
                                       options=["Yes", "No"], results_hidden_until_close=True)
    user = _user(world, role)
    assert {action: getattr(permissions, action)(user, poll if action != "can_create_poll" else process)
            for action in POLL_ACTIONS} == {
        action: expected_on_poll(action, role=role, moment=moment, access=access) for action in POLL_ACTIONS
    }
    assert permissions.can_see_poll_results(user, hidden) is expected_on_poll(
        "can_see_poll_results", role=role, moment=moment, access=access, hidden=True)

    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    yes = poll.options.get(position=1)

    def url(name: str, target: Poll = poll) -> str:
        return reverse(f"coproduction:{name}", args=[process.slug, target.pk])

    def want(action: str, success: int) -> int:
        return _status(role=role, sees=sees, allowed=expected_on_poll(action, role=role, moment=moment, access=access),
                       success=success)

    got = {
        "poll-detail": client.get(url("poll-detail")).status_code,
        "poll-results": client.get(url("poll-results")).status_code,
        "poll-comment-list": client.get(url("poll-comment-list")).status_code,
        "poll-create": client.get(reverse("coproduction:poll-create", args=[process.slug])).status_code,
        "poll-edit": client.get(url("poll-edit")).status_code,
        "poll-vote": client.post(url("poll-vote"), {"choice": str(yes.pk)}).status_code,
    }
    assert got == {
        "poll-create": want("can_create_poll", 200),
        "poll-edit": want("can_edit_poll", 200),
        "poll-detail": 200 if sees else 404,
        "poll-results": 200 if sees else 404,
        "poll-comment-list": 200 if sees else 404,
        "poll-vote": want("can_vote", 302),
    }
    assert Ballot.objects.filter(poll=poll).exists() is expected_on_poll("can_vote", role=role, moment=moment,
                                                                         access=access)
    if sees:  # the results page shows counts exactly when the predicate allows it
        shown = "<table" in client.get(url("poll-results", hidden)).content.decode()
        assert shown is expected_on_poll("can_see_poll_results", role=role, moment=moment, access=access, hidden=True)
        page = client.get(url("poll-detail")).content.decode()
        assert ('name="choice"' in page) is expected_on_poll("can_vote", role=role, moment=moment, access=access)
    before = Comment.objects.count()
    client.post(url("poll-comment-create"), {"body": "Matrix comment on a poll"})
    assert (Comment.objects.count() == before + 1) is expected("can_comment", role=role, moment=moment, access=access)
    assert client.post(url("poll-close")).status_code == want("can_close_poll", 302)
    closed = permissions.poll_closed(_reloaded(poll))
    assert closed is (moment in ("results", "after") or expected_on_poll(
        "can_close_poll", role=role, moment=moment, access=access))


def _reloaded(poll):
    from translocal.coproduction.models import Poll

    fresh = Poll.objects.get(pk=poll.pk)
    fresh.process = poll.process
    return fresh


# --- Participatory budgets --------------------------------------------------------------------

BUDGET_ACTIONS = {
    "can_manage_budget": lambda role, moment, access: role in MANAGERS,
    "can_cast_ballot": lambda role, moment, access: expected(
        "can_vote_in_budget", role=role, moment=moment, access=access),
    "can_see_budget_outcome": lambda role, moment, access: expected(
        "can_see_results", role=role, moment=moment, access=access),
    # Voting ends with the last phase that switches it on (the "voting" phase).
    "can_close_budget_voting": lambda role, moment, access: role in MANAGERS and moment not in ("results", "after"),
}


def _matrix_budget(world, process):
    from translocal.coproduction.budgets import services as budget_services

    budget = budget_services.create_budget(
        acting_user=world.people["coordinator"], process=process, title="Matrix budget", total=100
    )
    project = budget_services.add_project(acting_user=world.people["coordinator"], budget=budget, title="P", cost=10)
    return budget, project


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_budget_actions_and_urls_follow_role_phase_and_access(world, role, moment, access):
    from translocal.coproduction.budgets.models import BudgetBallot

    process = world.process(moment=moment, access=access)
    budget, project = _matrix_budget(world, process)
    user = _user(world, role)
    got = {action: getattr(permissions, action)(user, budget) for action in BUDGET_ACTIONS}
    assert got == {action: rule(role, moment, access) for action, rule in BUDGET_ACTIONS.items()}

    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    args = [process.slug, budget.pk]
    votes = BUDGET_ACTIONS["can_cast_ballot"](role, moment, access)
    outcome = BUDGET_ACTIONS["can_see_budget_outcome"](role, moment, access)
    got_urls = {
        "budget-detail": client.get(reverse("coproduction:budget-detail", args=args)).status_code,
        "budget-vote": client.post(
            reverse("coproduction:budget-vote", args=args), {"projects": [project.pk]}
        ).status_code,
        "budget-results": client.get(reverse("coproduction:budget-results", args=args)).status_code,
        "budget-pb": client.get(reverse("coproduction:budget-pb", args=args)).status_code,
        "budget-project": client.get(project.get_absolute_url()).status_code,
        "budget-project-comments": client.get(project.comments_url()).status_code,
    }
    closed = 404 if not sees else 403
    assert got_urls == {
        "budget-detail": 200 if sees else 404,
        "budget-vote": _status(role=role, sees=sees, allowed=votes, success=302),
        "budget-results": 200 if outcome else closed,
        "budget-pb": 200 if outcome else closed,
        "budget-project": 200 if sees else 404,
        "budget-project-comments": 200 if sees else 404,
    }
    # A comment on a project is written exactly when commenting is open to the person.
    from translocal.coproduction.models import Comment

    before = Comment.objects.count()
    client.post(project.comment_create_url(), {"body": "Matrix comment on a project"})
    assert (Comment.objects.count() == before + 1) is expected("can_comment", role=role, moment=moment, access=access)
    # A ballot is written exactly when the predicate allows it, and the page offers the form then.
    assert BudgetBallot.objects.filter(budget=budget).exists() is votes
    if sees:
        body = client.get(reverse("coproduction:budget-detail", args=args)).content.decode()
        assert ('name="projects"' in body) is votes
    # Setting the budget up: the managers' pages (open to them after the first ballot too, where
    # the forms refuse a change of rules).
    manages = BUDGET_ACTIONS["can_manage_budget"](role, moment, access)
    project_args = [process.slug, budget.pk, project.pk]
    setup = {
        "budget-create": reverse("coproduction:budget-create", args=[process.slug]),
        "budget-edit": reverse("coproduction:budget-edit", args=args),
        "budget-import": reverse("coproduction:budget-import", args=args),
        "budget-project-create": reverse("coproduction:budget-project-create", args=args),
        "budget-project-edit": reverse("coproduction:budget-project-edit", args=project_args),
        "budget-project-delete": reverse("coproduction:budget-project-delete", args=project_args),
    }
    got_setup = {name: client.get(url).status_code for name, url in setup.items()}
    assert got_setup == {name: _status(role=role, sees=sees, allowed=manages) for name in setup}
    # Closing the voting (last: it ends it).
    closes = BUDGET_ACTIONS["can_close_budget_voting"](role, moment, access)
    closed_now = client.post(reverse("coproduction:budget-close", args=args)).status_code
    assert closed_now == _status(role=role, sees=sees, allowed=closes, success=302)
    budget.refresh_from_db()
    assert (budget.voting_closed_at is not None) is closes


# --- Meetings ---------------------------------------------------------------------------------


def expected_on_meetings(action: str, *, role: str, moment: str, access: str, started: bool = False) -> bool:
    """Anyone who sees the process sees its meetings; registering follows the phase (and closes
    when the meeting starts); organisers edit, and write minutes once it has started."""
    if action == "can_view_meeting":
        return expected("can_view_process", role=role, moment=moment, access=access)
    if action == "can_register":
        return not started and expected("can_register_for_meeting", role=role, moment=moment, access=access)
    if action == "can_record_minutes":
        return started and role in MANAGERS
    return role in MANAGERS  # can_manage_meetings, can_edit_meeting


@pytest.mark.parametrize("started", [False, True])
@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_meeting_actions_and_urls_follow_role_phase_and_access(world, role, moment, access, started):
    import datetime as dt

    from django.utils import timezone

    from translocal.coproduction.meetings.models import Meeting, MeetingRegistration

    process = world.process(moment=moment, access=access)
    starts = timezone.now() + dt.timedelta(hours=-1 if started else 24)
    meeting = Meeting.objects.create(process=process, title="Matrix Meeting", location="Hall", starts_at=starts,
                                     ends_at=starts + dt.timedelta(hours=2), capacity=10)
    user = _user(world, role)
    subjects = {"can_view_meeting": meeting, "can_manage_meetings": process, "can_edit_meeting": meeting,
                "can_register": meeting, "can_record_minutes": meeting}
    got = {action: getattr(permissions, action)(user, subject) for action, subject in subjects.items()}
    assert got == {action: expected_on_meetings(action, role=role, moment=moment, access=access, started=started)
                   for action in subjects}

    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)

    def want(action: str, success: int = 200) -> int:
        allowed = expected_on_meetings(action, role=role, moment=moment, access=access, started=started)
        return _status(role=role, sees=sees, allowed=allowed, success=success)

    slug, args = process.slug, [process.slug, meeting.pk]
    got_urls = {
        "meeting-list": client.get(reverse("coproduction:meeting-list", args=[slug])).status_code,
        "meeting-detail": client.get(reverse("coproduction:meeting-detail", args=args)).status_code,
        "meeting-calendar": client.get(reverse("coproduction:meeting-calendar", args=[slug])).status_code,
        "meeting-comment-list": client.get(reverse("coproduction:meeting-comment-list", args=args)).status_code,
        "meeting-create": client.get(reverse("coproduction:meeting-create", args=[slug])).status_code,
        "meeting-edit": client.get(reverse("coproduction:meeting-edit", args=args)).status_code,
        "meeting-minutes": client.get(reverse("coproduction:meeting-minutes", args=args)).status_code,
        "meeting-register": client.post(reverse("coproduction:meeting-register", args=args)).status_code,
    }
    registered = MeetingRegistration.objects.filter(meeting=meeting, status="registered").exists()
    got_urls["meeting-cancel"] = client.post(reverse("coproduction:meeting-cancel", args=args)).status_code
    assert got_urls == {
        "meeting-list": 200 if sees else 404,
        "meeting-detail": 200 if sees else 404,
        "meeting-calendar": 200 if sees else 404,
        "meeting-comment-list": 200 if sees else 404,
        "meeting-create": want("can_manage_meetings"),
        "meeting-edit": want("can_edit_meeting"),
        "meeting-minutes": want("can_record_minutes"),
        "meeting-register": want("can_register", success=302),
        "meeting-cancel": want("can_register", success=302),
    }
    assert registered is expected_on_meetings("can_register", role=role, moment=moment, access=access,
                                              started=started)
    assert not MeetingRegistration.objects.filter(meeting=meeting, status="registered").exists()
    # Commenting on a meeting: written exactly when the predicate allows it.
    from translocal.coproduction.models import Comment

    client.post(reverse("coproduction:meeting-comment-create", args=args), {"body": "Matrix comment"})
    assert Comment.objects.filter(target_id=meeting.pk, body="Matrix comment").exists() is expected(
        "can_comment", role=role, moment=moment, access=access)


# --- Citizen initiatives ----------------------------------------------------------------------


def expected_on_initiatives(action: str, *, role: str, moment: str, access: str) -> bool:
    if action == "can_view_initiative":
        return expected("can_view_process", role=role, moment=moment, access=access)
    if action in ("can_start_initiative", "can_sign"):
        return expected("can_sign_initiative", role=role, moment=moment, access=access)
    if action in ("can_edit_initiative", "can_withdraw_initiative"):
        return False  # its author's alone (world.author holds none of the roles)
    return role in MANAGERS  # can_answer_initiative


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_initiative_actions_and_urls_follow_role_phase_and_access(world, role, moment, access):
    import datetime as dt

    from django.utils import timezone

    from translocal.coproduction.initiatives.models import Initiative, Signature

    process = world.process(moment=moment, access=access)
    initiative = Initiative.objects.create(
        process=process, author=world.author, title="Matrix Initiative", body="Text", signatures_needed=5,
        deadline=timezone.now() + dt.timedelta(days=3),
    )
    user = _user(world, role)
    subjects = {"can_view_initiative": initiative, "can_start_initiative": process, "can_sign": initiative,
                "can_answer_initiative": initiative, "can_edit_initiative": initiative,
                "can_withdraw_initiative": initiative}
    got = {action: getattr(permissions, action)(user, subject) for action, subject in subjects.items()}
    assert got == {action: expected_on_initiatives(action, role=role, moment=moment, access=access)
                   for action in subjects}

    client = _client(world, role)
    sees = expected("can_view_process", role=role, moment=moment, access=access)

    def want(action: str, success: int = 200) -> int:
        allowed = expected_on_initiatives(action, role=role, moment=moment, access=access)
        return _status(role=role, sees=sees, allowed=allowed, success=success)

    slug, args = process.slug, [process.slug, initiative.pk]
    got_urls = {
        "initiative-list": client.get(reverse("coproduction:initiative-list", args=[slug])).status_code,
        "initiative-hidden-list": client.get(
            reverse("coproduction:initiative-hidden-list", args=[slug])).status_code,
        "initiative-feed": client.get(reverse("coproduction:initiative-feed-rss", args=[slug])).status_code,
        "initiative-detail": client.get(reverse("coproduction:initiative-detail", args=args)).status_code,
        "initiative-create": client.get(reverse("coproduction:initiative-create", args=[slug])).status_code,
        "initiative-answer": client.get(reverse("coproduction:initiative-answer", args=args)).status_code,
        "initiative-edit": client.get(reverse("coproduction:initiative-edit", args=args)).status_code,
        "initiative-withdraw": client.post(reverse("coproduction:initiative-withdraw", args=args)).status_code,
        "report": client.get(reverse("coproduction:report", args=[slug, "initiative", initiative.pk])).status_code,
        "moderate": client.post(reverse("coproduction:moderate", args=[slug, "initiative", initiative.pk]),
                                {"action": "unhide"}).status_code,
        "initiative-sign": client.post(reverse("coproduction:initiative-sign", args=args)).status_code,
    }
    assert got_urls == {
        "initiative-list": 200 if sees else 404,
        "initiative-hidden-list": _status(role=role, sees=sees, allowed=role in MODERATORS),
        # a feed is read as an anonymous visitor would, whoever asks
        "initiative-feed": 200 if access == Process.Access.PUBLIC else 404,
        "initiative-detail": 200 if sees else 404,
        "initiative-create": want("can_start_initiative"),
        "initiative-answer": want("can_answer_initiative"),
        "initiative-edit": want("can_edit_initiative"),
        "initiative-withdraw": want("can_withdraw_initiative"),
        "report": _status(role=role, sees=sees, allowed=True),
        "moderate": _status(role=role, sees=sees, allowed=role in MODERATORS, success=302),
        "initiative-sign": want("can_sign", success=302),
    }
    assert Signature.objects.filter(initiative=initiative).exists() is expected_on_initiatives(
        "can_sign", role=role, moment=moment, access=access)
    # Comments on the initiative follow the phase's comment feature.
    from translocal.coproduction.models import Comment

    comments = expected("can_comment", role=role, moment=moment, access=access)
    assert client.get(initiative.comments_url()).status_code == (200 if sees else 404)
    posted = client.post(initiative.comment_create_url(), {"body": "Matrix comment on an initiative"}).status_code
    assert posted == _status(role=role, sees=sees, allowed=comments, success=302)
    assert Comment.objects.filter(body="Matrix comment on an initiative").exists() is comments


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_author_edits_until_signed_and_withdraws_until_answered_whatever_the_phase(world, moment):
    import datetime as dt

    from django.utils import timezone

    from translocal.coproduction.initiatives.models import Initiative

    process = world.process(moment=moment)
    initiative = Initiative.objects.create(
        process=process, author=world.author, title="Author's Initiative", body="Text", signatures_needed=5,
        deadline=timezone.now() + dt.timedelta(days=3),
    )
    client = _client(world, "resident")
    client.force_login(world.author)
    args = [process.slug, initiative.pk]
    assert (permissions.can_edit_initiative(world.author, initiative),
            permissions.can_withdraw_initiative(world.author, initiative)) == (True, True)
    assert client.get(reverse("coproduction:initiative-edit", args=args)).status_code == 200
    Initiative.objects.filter(pk=initiative.pk).update(signature_count=1)
    initiative.refresh_from_db()
    assert permissions.can_edit_initiative(world.author, initiative) is False
    assert client.get(reverse("coproduction:initiative-edit", args=args)).status_code == 403
    assert client.post(reverse("coproduction:initiative-withdraw", args=args)).status_code == 302
    initiative.refresh_from_db()
    assert permissions.can_withdraw_initiative(world.author, initiative) is False
    assert permissions.can_sign(world.people["resident"], initiative) is False


# --- Blocking a person in the hub -------------------------------------------------------------


@pytest.mark.parametrize("access", ACCESSES)
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("role", ["resident", "invited", "member", "moderator"])
def test_a_blocked_person_keeps_what_they_may_read_and_loses_every_action(world, role, moment, access):
    from translocal.coproduction.blocking.models import HubBlock

    process = world.process(moment=moment, access=access)
    person = world.people[role]
    HubBlock.objects.create(hub=world.hub, user=person, reason="Matrix")
    got = {action: getattr(permissions, action)(person, process) for action in ACTIONS}
    want = {action: expected(action, role=role, moment=moment, access=access) for action in ACTIONS}
    for action in FEATURE_ACTIONS:
        want[action] = False
    assert got == want
    client = _client(world, role)
    proposal = world.proposal(process)
    sees = expected("can_view_process", role=role, moment=moment, access=access)
    assert client.get(reverse("coproduction:proposal-detail", args=[process.slug, proposal.pk])).status_code == (
        200 if sees else 404)
    assert client.get(reverse("coproduction:proposal-create", args=[process.slug])).status_code == (
        403 if sees else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_blocking_urls_follow_the_same_predicate(world, role):
    client = _client(world, role)
    allowed = permissions.can_block_in_hub(_user(world, role), world.hub)
    assert allowed is (role in MANAGERS)
    got = {
        "hub-blocks": client.get(reverse("coproduction:hub-blocks", args=[world.hub.slug])).status_code,
        "hub-unblock": client.post(reverse("coproduction:hub-unblock", args=[world.hub.slug, world.author.pk]))
        .status_code,
    }
    anonymous = role == "anonymous"
    assert got == {
        "hub-blocks": 302 if anonymous else 200 if allowed else 403,
        "hub-unblock": 302 if anonymous or allowed else 403,
    }
