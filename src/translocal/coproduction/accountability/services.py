"""Writes of results (accountability): coordinators and staff record what a process decided to
do, post dated progress updates, link the proposals and comments each result came from, and
confirm or refuse the commitments from exchanges that people say became the process.

Each takes the acting user, checks ``permissions.can_manage_results`` first, runs in one
transaction, writes an audit row and moves the site's content version after commit (the
process page sums progress; proposal pages show the trace)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.coproduction.apps import CONTENT_AREA
from translocal.core import lineage
from translocal.core.caching import area_version_name, content_changed_after_commit
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.search.services import sync_after_commit

from .. import permissions
from ..lineage import PROCESS
from ..models import Comment, Process, ProgressUpdate, Proposal, Result, ResultLink
from ..translations.services import reader_language, text_edited

#: The content area this module's public writes move (core.caching).
AREA_VERSION = area_version_name(CONTENT_AREA)

CREATE_RESULT = register_action("result.create", gettext_lazy("recorded the result"))
EDIT_RESULT = register_action("result.edit", gettext_lazy("edited the result"))
UPDATE_PROGRESS = register_action("result.progress", gettext_lazy("posted progress on the result"))
LINK_RESULT = register_action("result.link", gettext_lazy("linked a source to the result"))
UNLINK_RESULT = register_action("result.unlink", gettext_lazy("unlinked a source from the result"))
CONFIRM_LINEAGE = register_action("lineage.confirm", gettext_lazy("confirmed that a commitment became the process"))
REFUSE_LINEAGE = register_action("lineage.refuse", gettext_lazy("refused that a commitment became the process"))

RESULT_FIELDS = ("title", "description", "status", "progress", "starts_on", "ends_on")


def _clean_result(result: Result) -> None:
    result.title = result.title.strip()
    errors: dict[str, str] = {}
    if not result.title:
        errors["title"] = _("Enter a title for the result.")
    if result.status not in Result.Status.values:
        errors["status"] = _("Choose a status.")
    if not 0 <= result.progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if result.starts_on and result.ends_on and result.ends_on < result.starts_on:
        errors["ends_on"] = _("The end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)
    check_text_lengths(result, {"description": MAX_DESCRIPTION_LENGTH})
    result.full_clean(exclude=["process", "created_by"])


@transaction.atomic
def create_result(
    *,
    acting_user: User,
    process: Process,
    title: str,
    description: str = "",
    status: str = Result.Status.PLANNED,
    progress: int = 0,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Result:
    """A new result of ``process``. PermissionDenied unless the acting user manages the
    process's results; ValidationError({field: ...}) for an empty title, a status that is not
    one of Result.Status, progress outside 0..100 or an end before the start."""
    permissions.check(permissions.can_manage_results(acting_user, process))
    result = Result(
        process=process, title=title, description=description.strip(), status=status, progress=progress,
        starts_on=starts_on, ends_on=ends_on, created_by=acting_user, original_language=reader_language(),
    )
    _clean_result(result)
    result.save()
    record(acting_user=acting_user, action=CREATE_RESULT, target=result, hub=process.hub)
    sync_after_commit(result)
    content_changed_after_commit(AREA_VERSION)
    return result


@transaction.atomic
def update_result(*, acting_user: User, result: Result, data: dict[str, Any]) -> Result:
    """Change the fields named in ``data`` (keys of RESULT_FIELDS; others: ValueError)."""
    permissions.check(permissions.can_edit_result(acting_user, result))
    unknown = set(data) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"Not result fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(result, name, value.strip() if isinstance(value, str) else value)
    _clean_result(result)
    result.save()
    text_edited(result, data)
    record(acting_user=acting_user, action=EDIT_RESULT, target=result, hub=result.process.hub,
           details={"fields": sorted(data)})
    sync_after_commit(result)
    content_changed_after_commit(AREA_VERSION)
    return result


@transaction.atomic
def add_progress_update(
    *, acting_user: User, result: Result, on: dt.date, progress: int, status: str, text: str
) -> ProgressUpdate:
    """A dated progress update. The result takes the progress and status of its latest update
    (by date, then by when it was written): an update dated before the latest one adds to the
    history without moving the result back. ValidationError({field: ...}) for an empty text,
    progress outside 0..100 or an unknown status."""
    permissions.check(permissions.can_edit_result(acting_user, result))
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = _("Say what was done: residents read it on the result and on its proposals.")
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if status not in Result.Status.values:
        errors["status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    # The result's row is locked so two updates posted at once leave it at the latest of them.
    current = Result.objects.select_for_update().get(pk=result.pk)
    update = ProgressUpdate(result=current, on=on, progress=progress, status=status, text=text, created_by=acting_user)
    check_text_lengths(update, {"text": MAX_DESCRIPTION_LENGTH})
    update.save()
    latest = ProgressUpdate.objects.filter(result=current).order_by("-on", "-id").first()
    assert latest is not None  # noqa: S101 - the update was just saved
    Result.objects.filter(pk=current.pk).update(progress=latest.progress, status=latest.status)
    result.progress, result.status = latest.progress, latest.status
    record(acting_user=acting_user, action=UPDATE_PROGRESS, target=current, hub=result.process.hub,
           details={"on": on, "progress": progress, "status": status})
    content_changed_after_commit(AREA_VERSION)
    return update


def _link(acting_user: User, result: Result, **source: Any) -> ResultLink:
    permissions.check(permissions.can_edit_result(acting_user, result))
    try:
        with transaction.atomic():
            link = ResultLink.objects.create(result=result, process_id=result.process_id, **source)
    except IntegrityError:
        raise ValidationError(_("This is already linked to the result.")) from None
    record(acting_user=acting_user, action=LINK_RESULT, target=result, hub=result.process.hub,
           details={name: value.pk for name, value in source.items()})
    content_changed_after_commit(AREA_VERSION)
    return link


@transaction.atomic
def link_proposal(*, acting_user: User, result: Result, proposal: Proposal) -> ResultLink:
    """Record that ``result`` came from ``proposal`` (of the same process): the proposal's
    timeline then shows the result and its progress updates. ValidationError for a proposal
    of another process, a withdrawn or hidden one, or one linked already."""
    if proposal.process_id != result.process_id:
        raise ValidationError({"proposal": _("Choose a proposal of this process.")})
    if proposal.is_hidden or proposal.withdrawn_at is not None:
        raise ValidationError({"proposal": _("This proposal was withdrawn or hidden: it cannot be linked.")})
    return _link(acting_user, result, proposal=proposal)


@transaction.atomic
def link_comment(*, acting_user: User, result: Result, comment: Comment) -> ResultLink:
    """Record that ``result`` came from ``comment`` (of the same process; not hidden or deleted)."""
    if comment.process_id != result.process_id:
        raise ValidationError({"comment": _("Choose a comment in this process.")})
    if comment.is_hidden or comment.deleted_at is not None:
        raise ValidationError({"comment": _("This comment was deleted or hidden: it cannot be linked.")})
    return _link(acting_user, result, comment=comment)


@transaction.atomic
def unlink(*, acting_user: User, result: Result, link_id: int) -> None:
    """Remove one source from the result (nothing happens for a link it does not have)."""
    permissions.check(permissions.can_edit_result(acting_user, result))
    deleted, _rows = ResultLink.objects.filter(result=result, pk=link_id).delete()
    if deleted:
        record(acting_user=acting_user, action=UNLINK_RESULT, target=result, hub=result.process.hub,
               details={"link": link_id})
        content_changed_after_commit(AREA_VERSION)


@transaction.atomic
def decide_lineage(*, acting_user: User, process: Process, link_id: int, confirm: bool, reason: str = "") -> None:
    """Confirm (or refuse, with a reason the delegate reads) that the commitment of link
    ``link_id`` became ``process``: only a confirmed one shows on the process's result pages.
    PermissionDenied unless the acting user coordinates the process's hub (or is staff);
    ValidationError for a refusal without a reason or a link that is not this process's. The
    delegate is told by e-mail after the commit (by the commitment's app)."""
    permissions.check(permissions.can_decide_lineage(acting_user, process),
                      _("Only the coordinators of this process can confirm what became it."))
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise ValidationError({"reason": _("Say why it did not become this process: the delegate reads it.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Use at most %(limit)d characters.") % {"limit": 2000}})
    link = lineage.decide(link_id=link_id, target_kind=PROCESS, target_id=process.pk, confirm=confirm,
                          reason=reason, decided_by_id=acting_user.pk)
    if link is None:
        raise ValidationError(_("This link is not one of this process's: it may have been withdrawn."))
    record(acting_user=acting_user, action=CONFIRM_LINEAGE if confirm else REFUSE_LINEAGE, target=process,
           hub=process.hub, reason=reason,
           details={"link": link.pk, "source_kind": link.source_kind, "source_id": link.source_id})
    # Result pages (cached for anonymous readers) and the exchanges' impact pages show it.
    content_changed_after_commit()


@transaction.atomic
def tag_result_with_sdgs(*, acting_user: User, result: Result, terms: Any, replace: bool = False) -> Result:
    """Add SDG goals or targets to a result's public tags (``replace``: exactly ``terms``).
    PermissionDenied unless the acting user may edit the result; ValidationError for a term of
    another vocabulary."""
    from ..services import check_sdg_terms

    terms = list(terms)
    check_sdg_terms(terms)
    permissions.check(permissions.can_edit_result(acting_user, result))
    if replace:
        result.sdgs.set(terms)
    else:
        result.sdgs.add(*terms)
    record(acting_user=acting_user, action=EDIT_RESULT, target=result, hub=result.process.hub,
           details={"fields": ["sdgs"]})
    sync_after_commit(result)
    content_changed_after_commit(AREA_VERSION)
    return result
