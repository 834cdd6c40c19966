"""What co-production spaces put in search: proposals and processes. Only what everyone may
see is public: proposals of published public processes that are neither hidden nor withdrawn."""

from __future__ import annotations

from translocal.core.markup import truncate_words
from translocal.search.registry import SearchDocument, register

from .models import Poll, Process, Proposal


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
        keywords=" ".join([process.title, process.hub.name, place.name]),
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
        keywords=" ".join([process.hub.name, place.name]),
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
        keywords=" ".join([process.title, process.hub.name, place.name]),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
        published_at=poll.created_at,
    )


def _never_public_process(process: Process) -> bool:
    return not _public_process(process)


register(
    Proposal,
    kind="proposal",
    label="Proposal",
    document=proposal_document,
    select_related=("process", "process__hub", "process__hub__place", "process__place"),
)
register(
    Process,
    kind="process",
    label="Process",
    document=process_document,
    select_related=("hub", "hub__place", "place"),
)
register(
    Poll,
    kind="poll",
    label="Poll",
    document=poll_document,
    select_related=("process", "process__hub", "process__hub__place", "process__place"),
)
