"""A process world for co-production tests: one hub, people in every role, and a process
whose phases are laid out so that a chosen one is running now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import (
    HubFactory,
    HubMembershipFactory,
    PhaseFactory,
    ProcessFactory,
    ProposalFactory,
    UserFactory,
)
from translocal.accounts.models import User
from translocal.coproduction.models import Process, ProcessRole, Proposal
from translocal.places.models import Hub, HubMembership

#: The phases of the standard process, in order, with the features each switches on.
PHASES: dict[str, set[str]] = {
    "proposals": {"propose", "comment"},
    "support": {"support", "comment"},
    "voting": {"poll_vote", "budget_vote", "meeting_registration", "initiative_signing"},
    "results": {"results"},
}
#: What "now" can be: before the first phase, during one of them, after the last.
MOMENTS = ["before", *PHASES, "after"]
ROLES = ["anonymous", "resident", "invited", "member", "moderator", "coordinator", "staff"]
PHASE_DAYS = 10


@dataclass
class World:
    hub: Hub
    people: dict[str, User | None]
    author: User

    def proposal(self, process: Process, **fields) -> Proposal:
        """A proposal in ``process`` by a resident who holds none of the roles."""
        return ProposalFactory(process=process, author=self.author, **fields)

    def process(self, *, moment: str = "proposals", access: str = Process.Access.PUBLIC, **fields) -> Process:
        """A process of the hub whose phase ``moment`` runs now (or none, before/after)."""
        process = ProcessFactory(hub=self.hub, access=access, **fields)
        now = timezone.now()
        names = list(PHASES)
        if moment == "before":
            start = now + dt.timedelta(days=1)
        elif moment == "after":
            start = now - dt.timedelta(days=PHASE_DAYS * len(names) + 1)
        else:
            start = now - dt.timedelta(days=PHASE_DAYS * names.index(moment) + 1)
        for index, name in enumerate(names):
            begins = start + dt.timedelta(days=PHASE_DAYS * index)
            PhaseFactory(
                process=process, position=index + 1, name=name.title(), starts_at=begins,
                ends_at=begins + dt.timedelta(days=PHASE_DAYS), **{f: True for f in PHASES[name]},
            )
        for role, person in self.people.items():
            if role in ("invited", "moderator"):
                ProcessRole.objects.create(process=process, user=person, role=role)
        return process


@pytest.fixture
def world(db) -> World:
    hub = HubFactory(name="Greater Manchester Hub")
    people: dict[str, User | None] = {"anonymous": None}
    people["resident"] = UserFactory(username="resident")
    people["invited"] = UserFactory(username="invited")
    people["member"] = HubMembershipFactory(hub=hub, user=UserFactory(username="member")).user
    people["moderator"] = UserFactory(username="moderator")
    people["coordinator"] = HubMembershipFactory(
        hub=hub, user=UserFactory(username="coordinator"), role=HubMembership.Role.COORDINATOR
    ).user
    people["staff"] = UserFactory(username="staff", is_staff=True)
    return World(hub=hub, people=people, author=UserFactory(username="author"))
