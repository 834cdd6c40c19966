"""Reads of results, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q
from django.http import Http404

from ..models import Comment, Process, ProgressUpdate, Proposal, ProposalEvent, Result, ResultLink
from ..translations.translatable import joined_in_reader_language, listed_in_reader_language


@dataclass(frozen=True)
class ProcessProgress:
    """The results of a process summed up: how many, how many in each status, and their mean
    progress in percent (each result counts once, whatever its size; None without results)."""

    total: int
    planned: int
    in_progress: int
    completed: int
    discontinued: int
    mean_progress: int | None


def process_progress(*, process: Process) -> ProcessProgress:
    """One aggregate query. The mean leaves discontinued results out (work that stopped is not
    progress still to come), and is rounded to a whole percent."""
    status = Result.Status
    figures = Result.objects.filter(process=process).aggregate(
        total=Count("id"),
        planned=Count("id", filter=Q(status=status.PLANNED)),
        in_progress=Count("id", filter=Q(status=status.IN_PROGRESS)),
        completed=Count("id", filter=Q(status=status.COMPLETED)),
        discontinued=Count("id", filter=Q(status=status.DISCONTINUED)),
        mean=Avg("progress", filter=~Q(status=status.DISCONTINUED)),
    )
    mean = figures.pop("mean")
    return ProcessProgress(**figures, mean_progress=None if mean is None else round(mean))


def results_of(*, process: Process) -> list[Result]:
    """The process's results, oldest first, each with its number of linked proposals (listed
    ones: not hidden, not withdrawn) as ``proposal_total`` (one query). Results are few per
    process (tens), so the list is whole."""
    results: list[Result] = list(
        listed_in_reader_language(Result.objects.filter(process=process), ("title",))
        .annotate(
            proposal_total=Count(
                "links",
                filter=Q(links__proposal__is_hidden=False, links__proposal__withdrawn_at__isnull=True),
            )
        )
        .order_by("id")
    )
    for result in results:
        result.process = process
    return results


def result_in_process(*, process: Process, pk: int) -> Result:
    """Result ``pk`` of ``process`` (one query); Http404 otherwise."""
    result = joined_in_reader_language(Result.objects.filter(process=process, pk=pk)).first()
    if result is None:
        raise Http404("No such result")
    result.process = process
    return result


def updates_of(*, result: Result) -> list[ProgressUpdate]:
    """The result's progress updates, newest first (one query)."""
    return list(result.updates.order_by("-on", "-id"))


@dataclass(frozen=True)
class Sources:
    """What a result came from: the proposals (listed ones only) and comments (not hidden,
    not deleted), each list in the order they were linked, and the link ids to unlink them."""

    proposals: list[tuple[int, Proposal]]
    comments: list[tuple[int, Comment]]


def sources_of(*, result: Result) -> Sources:
    """One query: the links with their proposal or comment (and its author), so a proposal that
    was hidden or withdrawn later, or a comment hidden or deleted, drops out of the list."""
    links = (
        ResultLink.objects.filter(result=result)
        .select_related("proposal", "proposal__author", "comment", "comment__author")
        .order_by("id")
    )
    proposals: list[tuple[int, Proposal]] = []
    comments: list[tuple[int, Comment]] = []
    for link in links:
        if link.proposal is not None:
            if link.proposal.is_hidden or link.proposal.withdrawn_at is not None:
                continue
            link.proposal.process = result.process
            proposals.append((link.pk, link.proposal))
        elif link.comment is not None:
            if link.comment.is_hidden or link.comment.deleted_at is not None:
                continue
            link.comment.process = result.process
            comments.append((link.pk, link.comment))
    return Sources(proposals=proposals, comments=comments)


def with_proposals(comments: list[Comment]) -> list[Comment]:
    """Give each of ``comments`` ``on_proposal``: the proposal it is on, or None for a comment
    on something else (one query; none when there are no comments)."""
    if not comments:
        return comments
    proposal_type = ContentType.objects.get_for_model(Proposal)
    ids = {c.target_id for c in comments if c.target_type_id == proposal_type.pk}
    found = {p.pk: p for p in Proposal.objects.filter(pk__in=ids)} if ids else {}
    for comment in comments:
        on = found.get(comment.target_id) if comment.target_type_id == proposal_type.pk else None
        if on is not None:
            on.process = comment.process
        comment.on_proposal = on  # type: ignore[attr-defined]
    return comments


# --- The trace from a proposal ----------------------------------------------------------------


@dataclass(frozen=True)
class TraceStep:
    """One step of a proposal's timeline, whatever it comes from: one of its own events, the
    result it became (``result``), or a progress update of that result (``update``)."""

    at: Any  # a datetime or a date; ``sort_key`` makes them comparable
    sort_key: tuple
    event: ProposalEvent | None = None
    result: Result | None = None
    update: ProgressUpdate | None = None


def proposal_trace(*, proposal: Proposal, events: list[ProposalEvent]) -> list[TraceStep]:
    """The proposal's whole timeline, oldest first: its own ``events`` (already read), the
    results it was linked to (when it was linked) and each of their progress updates (on their
    date). Two queries: the links with their results, the updates of those results."""
    links = list(
        ResultLink.objects.filter(proposal=proposal).select_related("result").order_by("created_at", "id")
    )
    steps = [TraceStep(at=e.created_at, sort_key=(e.created_at.date(), 0, e.created_at, e.pk), event=e)
             for e in events]
    if links:
        results = {link.result_id: link.result for link in links}
        for result in results.values():
            result.process = proposal.process
        for link in links:
            at = link.created_at
            steps.append(TraceStep(at=at, sort_key=(at.date(), 1, at, link.pk), result=link.result))
        for update in ProgressUpdate.objects.filter(result_id__in=list(results)).order_by("on", "id"):
            update.result = results[update.result_id]
            key = (update.on, 2, update.created_at, update.pk)
            steps.append(TraceStep(at=update.on, sort_key=key, update=update))
    return sorted(steps, key=lambda step: step.sort_key)


def results_of_proposals(*, proposal_ids: list[int]) -> dict[int, list[Result]]:
    """The results each proposal became, by proposal id (one query; none for no ids)."""
    if not proposal_ids:
        return {}
    by_proposal: dict[int, list[Result]] = {}
    links = ResultLink.objects.filter(proposal_id__in=proposal_ids).select_related("result", "result__process")
    for link in links.order_by("result_id"):
        by_proposal.setdefault(link.proposal_id, []).append(link.result)  # type: ignore[arg-type]
    return by_proposal


def with_results(proposals: list[Proposal]) -> list[Proposal]:
    """Give each proposal ``became``, the results it was linked to (one query)."""
    found = results_of_proposals(proposal_ids=[p.pk for p in proposals])
    for proposal in proposals:
        proposal.became = found.get(proposal.pk, [])  # type: ignore[attr-defined]
    return proposals


def proposal_by_number(*, process: Process, number: int) -> Proposal | None:
    """Proposal ``number`` (its id) of ``process``, or None (one query)."""
    proposal = Proposal.objects.filter(process=process, pk=number).first()
    if proposal is not None:
        proposal.process = process
    return proposal


def comment_by_number(*, process: Process, number: int) -> Comment | None:
    """Comment ``number`` (its id) of ``process``, or None (one query)."""
    comment = Comment.objects.filter(process=process, pk=number).first()
    if comment is not None:
        comment.process = process
    return comment
