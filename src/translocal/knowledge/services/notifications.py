"""E-mails the knowledge commons sends, always after the write that causes them has committed
(core.side_effects), in the recipient's language, with links built on settings.SITE_URL."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from translocal.core.side_effects import after_commit
from translocal.places.selectors import hub_coordinators

from ..models import Authorship, SeriesProposal


def _mail(member: Any, template: str, context: dict[str, Any]) -> None:
    """Send ``knowledge/email/<template>.txt`` (subject from ``<template>_subject.txt``) to
    ``member`` in their preferred language (the site's default when they chose none)."""
    language = getattr(member, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        send_mail(
            subject=render_to_string(f"knowledge/email/{template}_subject.txt", context).strip(),
            message=render_to_string(f"knowledge/email/{template}.txt", context),
            from_email=None,
            recipient_list=[member.email],
        )


def authorship_requested_after_commit(authorship: Authorship) -> None:
    """Once the write commits, tell the member named in `authorship` (pending) who named them
    and where to accept or decline. Nothing is sent when the request was answered or removed
    in the meantime, or when the member has no e-mail address."""
    pk = authorship.pk
    def send() -> None:
        send_authorship_request(pk)

    after_commit(("authorship-requested", pk), send)


def send_authorship_request(authorship_id: int) -> bool:
    """Send the e-mail for one pending request; returns whether one was sent."""
    authorship = (
        Authorship.objects.filter(pk=authorship_id, status=Authorship.Status.PENDING)
        .select_related("reflection", "user", "invited_by")
        .first()
    )
    if authorship is None or authorship.user is None or not authorship.user.email:
        return False
    member = authorship.user
    context = {
        "member": member,
        "inviter": authorship.invited_by.name if authorship.invited_by else "",
        "title": authorship.reflection.title,
        "requests_link": f"{settings.SITE_URL}{reverse('knowledge:authorship-requests')}",
        "reflection_link": f"{settings.SITE_URL}{authorship.reflection.get_absolute_url()}",
    }
    _mail(member, "authorship_request", context)
    return True


def series_proposal_decided_after_commit(proposal: SeriesProposal) -> None:
    """Once the decision commits, tell the proposer whether the series' editors accepted the
    post they proposed."""
    pk = proposal.pk

    def send() -> None:
        send_series_proposal_decision(pk)

    after_commit(("series-proposal-decided", pk), send)


def send_series_proposal_decision(proposal_id: int) -> bool:
    proposal = (
        SeriesProposal.objects.filter(pk=proposal_id)
        .exclude(status=SeriesProposal.Status.PENDING)
        .select_related("series", "reflection", "proposed_by")
        .first()
    )
    if proposal is None or proposal.proposed_by is None or not proposal.proposed_by.email:
        return False
    member = proposal.proposed_by
    context = {
        "member": member,
        "accepted": proposal.status == SeriesProposal.Status.ACCEPTED,
        "series": proposal.series.title,
        "title": proposal.reflection.title,
        "reflection_link": f"{settings.SITE_URL}{proposal.reflection.get_absolute_url()}",
        "series_link": f"{settings.SITE_URL}{proposal.series.get_absolute_url()}",
    }
    _mail(member, "series_proposal_decided", context)
    return True


def series_post_proposed_after_commit(proposal: SeriesProposal) -> None:
    """Once the proposal commits, tell the series' editors (its creator and the coordinators of
    its hub, not the proposer) that a post waits for their decision on the series page."""
    pk = proposal.pk

    def send() -> None:
        send_series_post_proposed(pk)

    after_commit(("series-post-proposed", pk), send)


def send_series_post_proposed(proposal_id: int) -> int:
    """E-mail each editor of the series of a pending proposal, in their own language; returns
    how many e-mails were sent (none once the proposal has been answered or withdrawn)."""
    proposal = (
        SeriesProposal.objects.filter(pk=proposal_id, status=SeriesProposal.Status.PENDING)
        .select_related("series", "series__created_by", "reflection", "proposed_by")
        .first()
    )
    if proposal is None:
        return 0
    series = proposal.series
    editors = {u.pk: u for u in hub_coordinators(hub_id=series.hub_id)} if series.hub_id else {}
    if series.created_by is not None and series.created_by.is_active:
        editors.setdefault(series.created_by.pk, series.created_by)
    if proposal.proposed_by_id is not None:
        editors.pop(proposal.proposed_by_id, None)
    sent = 0
    for editor in editors.values():
        if not editor.email:
            continue
        context = {
            "member": editor,
            "proposer": proposal.proposed_by.name if proposal.proposed_by else "",
            "series": series.title,
            "title": proposal.reflection.title,
            "series_link": f"{settings.SITE_URL}{series.get_absolute_url()}",
            "reflection_link": f"{settings.SITE_URL}{proposal.reflection.get_absolute_url()}",
        }
        _mail(editor, "series_post_proposed", context)
        sent += 1
    return sent
