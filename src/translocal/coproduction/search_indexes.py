"""What co-production spaces put in search: processes, proposals, polls, results, meetings and
initiatives. Only what everyone may see is public: what belongs to a published public process,
and of proposals and initiatives only those neither hidden nor withdrawn (members-only and
invited processes never reach the index; ``services.update_process`` re-indexes all of a
process's items when its access or publication changes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from translocal.core.markup import truncate_words
from translocal.search.registry import SearchDocument, register
from translocal.search.semantic import register_embedding

from .models import Initiative, Meeting, Poll, Process, Proposal, Result


def _public_process(process: Process) -> bool:
    return process.is_published and process.access == Process.Access.PUBLIC


def proposal_document(proposal: Proposal) -> SearchDocument:
    process = proposal.process
    place = process.place or process.hub.place
    return SearchDocument(
        title=proposal.title,
        url=proposal.get_absolute_url(),
        is_public=_public_process(process) and not proposal.is_hidden and proposal.withdrawn_at is None,
        body=proposal.body,
        summary=truncate_words(proposal.body, 50),
        keywords=" ".join([process.title, process.hub.name, *place.all_names]),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
        published_at=proposal.created_at,
    )


def process_document(process: Process) -> SearchDocument:
    place = process.place or process.hub.place
    return SearchDocument(
        title=process.title,
        url=process.get_absolute_url(),
        is_public=_public_process(process),
        body=process.description,
        summary=process.summary or truncate_words(process.description, 50),
        keywords=" ".join([process.hub.name, *place.all_names]),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
        published_at=process.created_at,
    )


def poll_document(poll: Poll) -> SearchDocument:
    """A poll is found by its question and description, only when its process is public."""
    process = poll.process
    place = process.place or process.hub.place
    return SearchDocument(
        title=poll.question,
        url=poll.get_absolute_url(),
        is_public=_public_process(process),
        body=poll.description,
        summary=truncate_words(poll.description, 50),
        keywords=" ".join([process.title, process.hub.name, *place.all_names]),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
        published_at=poll.created_at,
    )


def _process_item_document(
    item: Result | Meeting | Initiative, *, title: str, body: str, is_public: bool, extra_keywords: str = ""
) -> SearchDocument:
    """The document of an item of a process: found by its title and text, with the process,
    hub and place as keywords and the process's place (else the hub's) as its place facet."""
    process = item.process
    place = process.place or process.hub.place
    return SearchDocument(
        title=title,
        url=item.get_absolute_url(),
        is_public=is_public,
        body=body,
        summary=truncate_words(body, 50),
        keywords=" ".join(filter(None, [process.title, process.hub.name, *place.all_names, extra_keywords])),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
        published_at=item.created_at,
    )


def result_document(result: Result) -> SearchDocument:
    """A result is found by its title and description, only when its process is public."""
    return _process_item_document(
        result, title=result.title, body=result.description, is_public=_public_process(result.process)
    )


def meeting_document(meeting: Meeting) -> SearchDocument:
    """A meeting is found by its title, description, minutes and location, only when its process
    is public."""
    body = "\n\n".join(filter(None, [meeting.description, meeting.minutes]))
    return _process_item_document(
        meeting, title=meeting.title, body=body, is_public=_public_process(meeting.process),
        extra_keywords=meeting.location,
    )


def initiative_document(initiative: Initiative) -> SearchDocument:
    """An initiative is found by its title and text, only when its process is public and it is
    neither withdrawn nor hidden (by a moderator, or with everything its author wrote when they
    were blocked)."""
    return _process_item_document(
        initiative, title=initiative.title, body=initiative.body,
        is_public=_public_process(initiative.process) and not initiative.is_hidden
        and initiative.withdrawn_at is None,
    )


# Processes and results get a vector too: "Who else tried this?" on a process page, and the
# related entries of other places (translocal.intelligence).
register_embedding("process")
register_embedding("result")

register(
    Proposal,
    kind="proposal",
    label=_("Proposal"),
    plural=_("Proposals"),
    document=proposal_document,
    select_related=("process", "process__hub", "process__hub__place", "process__place"),
)
register(
    Process,
    kind="process",
    label=_("Process"),
    plural=_("Processes"),
    document=process_document,
    select_related=("hub", "hub__place", "place"),
)
register(
    Poll,
    kind="poll",
    label=_("Poll"),
    plural=_("Polls"),
    document=poll_document,
    select_related=("process", "process__hub", "process__hub__place", "process__place"),
)

_PROCESS_ITEM_RELATED = ("process", "process__hub", "process__hub__place", "process__place")
register(
    Result,
    kind="result",
    label=_("Result"),
    plural=_("Results"),
    document=result_document,
    select_related=_PROCESS_ITEM_RELATED,
)
register(
    Meeting,
    kind="meeting",
    label=_("Meeting"),
    plural=_("Meetings"),
    document=meeting_document,
    select_related=_PROCESS_ITEM_RELATED,
)
register(
    Initiative,
    kind="initiative",
    label=_("Initiative"),
    plural=_("Initiatives"),
    document=initiative_document,
    select_related=_PROCESS_ITEM_RELATED,
)
