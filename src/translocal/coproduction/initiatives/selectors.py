"""Reads of initiatives, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from translocal.accounts.types import AnyUser
from translocal.core.pagination import Page, keyset_page

from ..models import Process
from .models import Initiative, Signature

PAGE_SIZE = 24


def listed_initiatives(*, process: Process) -> QuerySet[Initiative]:
    """What the list, search and feeds show of a process's initiatives: neither hidden nor
    withdrawn (as for proposals). A withdrawn one keeps its page, marked withdrawn."""
    return Initiative.objects.filter(process=process, is_hidden=False, withdrawn_at__isnull=True)


def _page(queryset: QuerySet[Initiative], process: Process, cursor: str | None, size: int) -> Page:
    page = keyset_page(queryset.select_related("author"), ordering=("-created_at", "-id"), cursor=cursor, size=size)
    for initiative in page.items:
        initiative.process = process
    return page


def initiative_page(*, process: Process, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of the process's listed initiatives (``listed_initiatives``), newest first, with
    their authors (one query)."""
    return _page(listed_initiatives(process=process), process, cursor, size)


def hidden_initiative_page(*, process: Process, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of the process's initiatives a moderator hid (withdrawn ones included), newest
    first, with their authors (one query). For the process's moderators only: the view checks."""
    return _page(Initiative.objects.filter(process=process, is_hidden=True), process, cursor, size)


def initiative_in_process(*, process: Process, pk: int) -> Initiative:
    """Initiative ``pk`` of ``process`` with its author (one query); Http404 otherwise."""
    initiative = Initiative.objects.select_related("author").filter(process=process, pk=pk).first()
    if initiative is None:
        raise Http404("No such initiative")
    initiative.process = process
    return initiative


def has_signed(*, user: AnyUser, initiative: Initiative) -> bool:
    """Whether ``user`` signed (no query for anonymous visitors, else one)."""
    if not user.is_authenticated:
        return False
    return Signature.objects.filter(initiative=initiative, user_id=user.pk).exists()
