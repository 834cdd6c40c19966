"""Reads for the co-production feeds (``coproduction.feeds``): the newest items an anonymous
reader may see, each list one query whatever the size of the process."""

from __future__ import annotations

from django.db.models import QuerySet

from .accountability.models import Result
from .initiatives.models import Initiative
from .initiatives.selectors import listed_initiatives
from .meetings.models import Meeting
from .models import Process, Proposal
from .selectors import listed_proposals

#: Items in a feed: enough for a reader who checks weekly, few enough to build fast.
FEED_SIZE = 30


def _with_process(items: QuerySet, process: Process) -> list:
    rows = list(items[:FEED_SIZE])
    for row in rows:
        row.process = process
    return rows


def proposals_for_feed(*, process: Process) -> list[Proposal]:
    """The newest listed proposals (neither hidden nor withdrawn) with their authors."""
    return _with_process(listed_proposals(process=process).select_related("author").order_by("-created_at", "-id"),
                         process)


def results_for_feed(*, process: Process) -> list[Result]:
    """The process's results, the most recently changed first (progress updates move them)."""
    return _with_process(Result.objects.filter(process=process).order_by("-updated_at", "-id"), process)


def meetings_for_feed(*, process: Process) -> list[Meeting]:
    """The process's meetings, the latest announced first."""
    return _with_process(Meeting.objects.filter(process=process).order_by("-created_at", "-id"), process)


def initiatives_for_feed(*, process: Process) -> list[Initiative]:
    """The newest listed initiatives (neither hidden nor withdrawn) with their authors."""
    return _with_process(
        listed_initiatives(process=process).select_related("author").order_by("-created_at", "-id"), process
    )


def hub_processes_for_feed(*, hub_id: int) -> list[Process]:
    """The hub's published public processes, newest first."""
    return list(
        Process.objects.filter(hub_id=hub_id, is_published=True, access=Process.Access.PUBLIC)
        .order_by("-created_at", "-id")[:FEED_SIZE]
    )
