"""Writes of what an exchange records: attendance per session (marked by a host from the
check-in page, by the delegate's code) and its media links and documents.

Attendance per session is optional: an exchange whose hosts never mark it shows no counts."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit

from .. import permissions
from ..models import Exchange, MediaItem, Registration, Session, SessionAttendance
from . import common
from .registrations import normalise_code

MARK_ATTENDANCE = register_action("exchange.session_attendance", gettext_lazy("marked someone present at a session of"))
EDIT_MEDIA = register_action("exchange.edit_media", gettext_lazy("changed the media and documents of"))
#: The largest document accepted, in bytes, and the kinds of file (by extension).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = (".pdf", ".odt", ".docx", ".ods", ".xlsx", ".odp", ".pptx", ".txt", ".png", ".jpg", ".jpeg")


def mark_session_attendance(*, acting_user: User, exchange: Exchange, session: Session, code: str) -> Registration:
    """A host marks the accepted delegate whose code is ``code`` present at ``session`` of
    ``exchange``; a delegate not yet checked in to the exchange is checked in at the same time.
    Raises PermissionDenied (not an organiser) and ValidationError (the session is not of this
    exchange; no accepted delegate has the code; already marked present at this session).
    One transaction with the registration's row locked; one audit row."""
    if not permissions.can_check_in(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can check people in."))
    if session.exchange_id != exchange.pk:
        raise ValidationError({"session": _("Choose a session of this exchange.")})
    wanted = normalise_code(code)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().filter(exchange=exchange, check_in_code=wanted).first()
            if wanted
            else None
        )
        if registration is None:
            raise ValidationError(
                {"code": _("No delegate of this exchange has the code “%(code)s”.") % {"code": wanted}}
            )
        if registration.status != Registration.Status.ACCEPTED:
            raise ValidationError(
                {
                    "code": _("%(name)s is not accepted for this exchange (%(status)s).")
                    % {"name": registration.display_name, "status": registration.get_status_display()}
                }
            )
        now = timezone.now()
        try:
            with transaction.atomic():  # the unique constraint decides a race between two hosts
                SessionAttendance.objects.create(
                    session=session, registration=registration, marked_by=acting_user, marked_at=now
                )
        except IntegrityError:
            raise ValidationError(
                {
                    "code": _("%(name)s is already marked present at “%(session)s”.")
                    % {"name": registration.display_name, "session": session.title}
                }
            ) from None
        if registration.checked_in_at is None:
            registration.checked_in_at = now
            registration.checked_in_by = acting_user
            registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
            record(
                acting_user=acting_user,
                action=common.CHECK_IN,
                target=exchange,
                hub=exchange.hub,
                details={"registration": registration.pk},
            )
        record(
            acting_user=acting_user,
            action=MARK_ATTENDANCE,
            target=exchange,
            hub=exchange.hub,
            details={"registration": registration.pk, "session": session.pk},
        )
        content_changed_after_commit()  # the programme shows the session's count
    return registration


def _check_document(document: Any) -> None:
    name = (getattr(document, "name", "") or "").lower()
    if not name.endswith(DOCUMENT_EXTENSIONS):
        raise ValidationError(
            {"document": _("Upload a PDF, office document, text file or image (PNG or JPEG).")}
        )
    if (getattr(document, "size", 0) or 0) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("Upload a document of at most 20 MB.")})


def add_media_item(*, acting_user: User, exchange: Exchange, data: Mapping[str, Any]) -> MediaItem:
    """An organiser adds a link or a document to ``exchange``: ``data`` has ``title``,
    ``kind`` (MediaItem.Kind), ``session`` (optional, of this exchange) and exactly one of
    ``url`` and ``document`` (an uploaded file: PDF, office document, text or image, at most
    20 MB). Raises PermissionDenied and ValidationError."""
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can do that."))
    title = common.require_text(data.get("title"), "title", _("Give the link or document a title."))
    url = (data.get("url") or "").strip()
    document = data.get("document") or None
    if bool(url) == bool(document):
        raise ValidationError({"url": _("Give a link or upload a document (one of the two).")})
    if document is not None:
        _check_document(document)
    session = data.get("session")
    if session is not None and session.exchange_id != exchange.pk:
        raise ValidationError({"session": _("Choose a session of this exchange.")})
    kind = data.get("kind") or MediaItem.Kind.OTHER
    if kind not in MediaItem.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of link or document it is.")})
    with transaction.atomic():
        last = MediaItem.objects.filter(exchange=exchange).order_by("-position").values_list("position", flat=True)
        item = MediaItem(
            exchange=exchange,
            session=session,
            kind=kind,
            title=title,
            url=url,
            position=(last.first() or 0) + 1,
            added_by=acting_user,
        )
        if document is not None:
            item.document = document
        item.save()
        record(
            acting_user=acting_user,
            action=EDIT_MEDIA,
            target=exchange,
            hub=exchange.hub,
            details={"added": item.pk, "title": title},
        )
        content_changed_after_commit()
    return item


def delete_media_item(*, acting_user: User, item: MediaItem) -> None:
    """An organiser removes a link or document (the file leaves the storage after commit)."""
    exchange = item.exchange
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can do that."))
    document = item.document.name if item.document else ""
    storage = item.document.storage if item.document else None
    with transaction.atomic():
        record(
            acting_user=acting_user,
            action=EDIT_MEDIA,
            target=exchange,
            hub=exchange.hub,
            details={"removed": item.pk, "title": item.title},
        )
        item.delete()
        if storage is not None and document:
            transaction.on_commit(lambda: storage.delete(document))
        content_changed_after_commit()
