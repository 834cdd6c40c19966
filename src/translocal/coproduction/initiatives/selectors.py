"""Reads of initiatives, each shaped for one page with a fixed number of queries."""

from __future__ import annotations

from django.http import Http404

from translocal.accounts.types import AnyUser
from translocal.core.pagination import Page, keyset_page

from ..models import Process
from .models import Initiative, Signature

PAGE_SIZE = 24


def initiative_page(*, process: Process, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of the process's initiatives others may see (not hidden), newest first, with
    their authors (one query)."""
    queryset = Initiative.objects.filter(process=process, is_hidden=False).select_related("author")
    page = keyset_page(queryset, ordering=("-created_at", "-id"), cursor=cursor, size=size)
    for initiative in page.items:
        initiative.process = process
    return page


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
