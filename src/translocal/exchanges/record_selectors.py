"""Reads of what an exchange records: attendance per session and its media."""

from typing import Any

from django.db.models import Count

from .models import Exchange, MediaItem, Partner, Session


def present_at_session(*, exchange: Exchange, session_id: Any) -> Session | None:
    """The session of ``exchange`` whose id is ``session_id`` (text from the address or the
    form) with ``present_count``, for the check-in page; None for no or another id. One query."""
    text = str(session_id or "")
    if not text.isdigit():
        return None
    return (
        Session.objects.filter(exchange=exchange, pk=int(text)).annotate(present_count=Count("attendances")).first()
    )


def media_of(*, exchange: Exchange) -> list[MediaItem]:
    """The exchange's links and documents in their order, with the session each is about. One query."""
    return list(MediaItem.objects.filter(exchange=exchange).select_related("session").order_by("position", "id"))


def media_item_of(*, exchange: Exchange, item_id: int) -> MediaItem | None:
    return MediaItem.objects.filter(exchange=exchange, pk=item_id).select_related("exchange").first()


def partners_of(*, exchange: Exchange) -> list[Partner]:
    """The exchange's partners and funders in their order, with their logos. One query."""
    return list(Partner.objects.filter(exchange=exchange).select_related("logo").order_by("role", "position", "id"))


def partner_of(*, exchange: Exchange, partner_id: int) -> Partner | None:
    return Partner.objects.filter(exchange=exchange, pk=partner_id).select_related("exchange", "logo").first()
