"""What meetings and initiatives do when an account is deleted (an ``accounts.lifecycle``
deletion handler, registered in ``apps.py``): the person's registrations and signatures go with
the account, and every count they were part of follows in the deletion's transaction (a count
left behind would no longer match its rows). A place they held goes to the first on that
meeting's waiting list, told by e-mail after the commit. An initiative that reached its
threshold keeps that step."""

from django.db.models import F

from translocal.accounts.lifecycle import AccountDeletion

from ..initiatives.models import Initiative, Signature
from . import services
from .models import Meeting, MeetingRegistration


def release_places_and_signatures(deletion: AccountDeletion) -> None:
    """Adds ``meeting_registrations`` and ``initiative_signatures`` to ``deletion.counts``."""
    user = deletion.user
    signed = list(Signature.objects.filter(user=user).order_by("initiative_id").values_list("initiative_id", flat=True))
    if signed:
        Initiative.objects.filter(pk__in=signed, signature_count__gt=0).update(signature_count=F("signature_count") - 1)
        Signature.objects.filter(user=user).delete()
        deletion.add("initiative_signatures", len(signed))
    registrations = MeetingRegistration.objects.filter(user=user)
    held = list(registrations.filter(status=MeetingRegistration.Status.REGISTERED).values_list("meeting_id", flat=True))
    total = registrations.count()
    meetings = list(Meeting.objects.select_for_update().filter(pk__in=held).select_related("process", "process__hub"))
    registrations.delete()
    for meeting in meetings:
        services.PLACES.release_place(meeting)
        services.promote_from_waitlist(meeting=meeting, acting_user=None)
    if total:
        deletion.add("meeting_registrations", total)
