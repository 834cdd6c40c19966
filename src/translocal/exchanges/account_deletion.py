"""What exchanges do when an account is deleted (an ``accounts.lifecycle`` deletion handler,
registered in ``apps.py``), in the deletion's transaction:

- their open registrations (invited, applied, waitlisted; and accepted without check-in for an
  exchange that has not ended) are cancelled, and a place they held goes to the first person on
  the waiting list (told by e-mail after the commit), as if they had cancelled themselves;
- every registration of theirs stays, so counts and the record of an exchange stay true, as by
  a "Former member": no account, no name, no e-mail address, no learning goals;
- their learning journeys: private lessons, commitments (with their follow-ups and evidence
  documents) and outcomes are deleted; what they shared (public, or with the participants) stays,
  as by the Former member, so the exchange's impact record stays true;
- speakers linked to their account keep the name printed in the programme, unlinked;
- exchanges they created or organised stay (``created_by`` becomes empty; organisers' rows go).

Counts ``exchange_registrations_cancelled``, ``exchange_registrations_kept`` and
``journey_items_deleted`` for the audit row (when not zero)."""

from django.db.models import Q
from django.utils import timezone

from translocal.accounts.lifecycle import AccountDeletion
from translocal.core.side_effects import after_commit

from .lineage import forget as forget_became
from .models import (
    FORMER_MEMBER,
    Commitment,
    FollowUp,
    Lesson,
    Outcome,
    Privacy,
    Registration,
    RegistrationType,
    Speaker,
)
from .services.common import content_changed_after_commit
from .services.registrations import OPEN_STATUSES, promote_from_waitlist, release_place

#: After the checks of other apps (a refusal comes before any work).
ORDER = 60


def release_registrations_of_deleted_account(deletion: AccountDeletion) -> None:
    user = deletion.user
    today = timezone.localdate()
    open_now = Q(status__in=OPEN_STATUSES) | Q(
        status=Registration.Status.ACCEPTED, checked_in_at__isnull=True, exchange__ends_on__gte=today
    )
    type_ids = sorted(
        set(Registration.objects.filter(open_now, user=user).values_list("registration_type_id", flat=True))
    )
    cancelled = 0
    for type_id in type_ids:  # in primary-key order, as every service locks types one at a time
        registration_type = RegistrationType.objects.select_for_update().get(pk=type_id)
        rows = list(Registration.objects.select_for_update().filter(open_now, user=user, registration_type_id=type_id))
        held = sum(1 for r in rows if r.status == Registration.Status.ACCEPTED)
        Registration.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=Registration.Status.CANCELLED, waitlisted_at=None, updated_at=timezone.now()
        )
        cancelled += len(rows)
        for _ in range(held):
            release_place(registration_type)
        if held:
            promote_from_waitlist(registration_type=registration_type, acting_user=deletion.acting_user)
            content_changed_after_commit()
    journey_deleted = _delete_private_journey_items(user.pk)
    kept = Registration.objects.filter(user=user).update(
        user=None, name=FORMER_MEMBER, email="", learning_goals="", updated_at=timezone.now()
    )
    Speaker.objects.filter(user=user).update(user=None)
    if cancelled:
        deletion.add("exchange_registrations_cancelled", cancelled)
    if kept:
        deletion.add("exchange_registrations_kept", kept)
    if journey_deleted:
        deletion.add("journey_items_deleted", journey_deleted)
        content_changed_after_commit()


def _delete_private_journey_items(user_id: int) -> int:
    """Delete the person's private lessons, commitments and outcomes; their evidence documents
    leave the storage once the deletion commits. Returns how many items went."""
    private = {"registration__user_id": user_id, "privacy": Privacy.PRIVATE}
    documents = list(
        FollowUp.objects.filter(commitment__registration__user_id=user_id, commitment__privacy=Privacy.PRIVATE)
        .exclude(evidence_document="")
        .values_list("evidence_document", flat=True)
    )
    forget_became(Commitment.objects.filter(**private).values("pk"))
    deleted = 0
    for model in (Outcome, Commitment, Lesson):
        count, _by_model = model.objects.filter(**private).delete()
        deleted += _by_model.get(model._meta.label, 0)
    if documents:
        storage = FollowUp._meta.get_field("evidence_document").storage

        def remove() -> None:
            for name in documents:
                storage.delete(name)

        after_commit(("exchange-evidence-cleanup", user_id), remove)
    return deleted
