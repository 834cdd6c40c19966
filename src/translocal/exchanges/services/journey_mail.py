"""E-mails of learning journeys, sent after the write that causes them commits, in the
recipient's language, with signed links (journey_links)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from translocal.core.side_effects import after_commit

from .. import journey_links
from ..models import Commitment, Substantiation


def _language(user: object) -> str:
    return (getattr(user, "preferred_language", "") if user is not None else "") or settings.LANGUAGE_CODE


def substantiation_requested_after_commit(substantiation: Substantiation) -> None:
    pk = substantiation.pk

    def send() -> None:
        send_substantiation_request(pk)

    after_commit(("exchange-substantiation-mail", pk), send)


def send_substantiation_request(substantiation_id: int) -> bool:
    """Ask the verifier to confirm the outcome; False when the request is gone or answered."""
    substantiation = (
        Substantiation.objects.filter(pk=substantiation_id, answer="")
        .select_related("outcome", "outcome__exchange", "outcome__registration__user", "verifier")
        .first()
    )
    if substantiation is None:
        return False
    outcome = substantiation.outcome
    context = {
        "substantiation": substantiation,
        "outcome": outcome,
        "exchange": outcome.exchange,
        "delegate": outcome.registration.display_name,
        "link": journey_links.substantiation_url(
            substantiation_id=substantiation.pk, email=substantiation.verifier_email
        ),
    }
    with translation.override(_language(substantiation.verifier)):
        send_mail(
            subject=render_to_string("exchanges/email/substantiation_request_subject.txt", context).strip(),
            message=render_to_string("exchanges/email/substantiation_request.txt", context),
            from_email=None,
            recipient_list=[substantiation.verifier_email],
        )
    return True


def send_check_in(*, commitments: list[Commitment], milestone: int) -> bool:
    """One e-mail to a delegate about their open commitments of one exchange, ``milestone``
    months after it, each with its one-click follow-up link. ``commitments`` share a
    registration (loaded with its user and exchange)."""
    registration = commitments[0].registration
    person = registration.user
    if person is None or not person.email:
        return False
    context = {
        "name": registration.display_name,
        "exchange": registration.exchange,
        "milestone": milestone,
        "items": [
            (commitment, journey_links.follow_up_url(commitment_id=commitment.pk, user_id=person.pk))
            for commitment in commitments
        ],
    }
    with translation.override(_language(person)):
        send_mail(
            subject=render_to_string("exchanges/email/check_in_subject.txt", context).strip(),
            message=render_to_string("exchanges/email/check_in.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
    return True
