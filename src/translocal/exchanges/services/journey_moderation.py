"""Staff moderation of learning journeys from the Django admin: take an item off every shared
page (make it private: its owner and the organisers still see it), or remove a lesson,
commitment, outcome or follow-up that must not stay (abuse, personal data written by mistake).

Only staff with the model's change (make private) or delete permission act; each action is one
transaction with an audit row, and the cached pages follow after the commit. A removed
commitment takes its links to what it became (core.lineage) and the evidence documents of its
follow-ups with it; removing a follow-up leaves its commitment in the status of the latest
follow-up that remains (not started when none does)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit
from translocal.core.side_effects import after_commit
from translocal.search.services import sync_after_commit

from .. import lineage
from ..models import CLOSED_STATUSES, Commitment, CommitmentStatus, FollowUp, Lesson, Outcome, Privacy

MAKE_PRIVATE = register_action("journey.make_private", gettext_lazy("took off the shared pages the journey item"))
REMOVE_ITEM = register_action("journey.remove", gettext_lazy("removed the journey item"))
REMOVE_FOLLOW_UP = register_action("journey.remove_follow_up", gettext_lazy("removed a follow-up of"))

JourneyItem = Lesson | Commitment | Outcome


def _require(acting_user: User, action: str, model: type[models.Model]) -> None:
    opts = model._meta
    allowed = acting_user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
    if not (acting_user.is_active and acting_user.is_staff and allowed):
        raise PermissionDenied(_("Only staff allowed to moderate learning journeys can do this."))


def _remove_documents(follow_ups: Any) -> None:
    names = [name for name in follow_ups.exclude(evidence_document="").values_list("evidence_document", flat=True)]
    if not names:
        return
    storage = FollowUp._meta.get_field("evidence_document").storage

    def remove() -> None:
        for name in names:
            storage.delete(name)

    after_commit(("journey-evidence-removal", tuple(names)), remove)


@transaction.atomic
def make_journey_item_private(*, acting_user: User, item: JourneyItem, reason: str = "") -> JourneyItem:
    """Take ``item`` off every shared page (impact views, exports, sections, result pages)."""
    _require(acting_user, "change", type(item))
    if item.privacy != Privacy.PRIVATE:
        type(item).objects.filter(pk=item.pk).update(privacy=Privacy.PRIVATE, updated_at=timezone.now())
        item.privacy = Privacy.PRIVATE
        record(acting_user=acting_user, action=MAKE_PRIVATE, target=item, reason=reason,
               details={"kind": type(item)._meta.model_name})
        sync_after_commit(item)  # a commitment leaves search (and its vector the index)
        content_changed_after_commit()
    return item


@transaction.atomic
def remove_journey_item(*, acting_user: User, item: JourneyItem, reason: str = "") -> None:
    """Delete a lesson, commitment or outcome (a commitment with its follow-ups)."""
    _require(acting_user, "delete", type(item))
    if isinstance(item, Commitment):
        lineage.forget([item.pk])
        _remove_documents(FollowUp.objects.filter(commitment_id=item.pk))
    record(acting_user=acting_user, action=REMOVE_ITEM, target=item, reason=reason,
           details={"kind": type(item)._meta.model_name, "title": str(item)})
    sync_after_commit(item)
    item.delete()
    content_changed_after_commit()


@transaction.atomic
def remove_follow_up(*, acting_user: User, follow_up: FollowUp, reason: str = "") -> Commitment:
    """Delete a follow-up; its commitment takes the status of the latest one left."""
    _require(acting_user, "delete", FollowUp)
    commitment = Commitment.objects.select_for_update().get(pk=follow_up.commitment_id)
    _remove_documents(FollowUp.objects.filter(pk=follow_up.pk))
    follow_up.delete()
    latest = FollowUp.objects.filter(commitment=commitment).order_by("-id").first()
    commitment.status = latest.status if latest else CommitmentStatus.NOT_STARTED
    if commitment.status not in CLOSED_STATUSES:
        commitment.closed_at = None
    elif commitment.closed_at is None:
        commitment.closed_at = timezone.now()
    commitment.save(update_fields=["status", "closed_at", "updated_at"])
    record(acting_user=acting_user, action=REMOVE_FOLLOW_UP, target=commitment, reason=reason)
    content_changed_after_commit()
    return commitment
