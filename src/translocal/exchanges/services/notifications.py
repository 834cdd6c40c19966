"""E-mails about a person's registration, sent once the write that causes them has committed
(core.side_effects), in the recipient's language, with links built on settings.SITE_URL.
The e-mail says the registration's state when it is sent (re-read by primary key), so two
changes in one transaction send one message, about the last."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from translocal.core.side_effects import after_commit

from ..models import Registration


def registration_changed_after_commit(registration: Registration, *, promoted: bool = False) -> None:
    pk = registration.pk

    def send() -> None:
        send_registration_update(pk, promoted=promoted)

    after_commit(("exchange-registration-mail", pk), send)


def send_registration_update(registration_id: int, *, promoted: bool = False) -> bool:
    """Tell the person where their registration stands; returns whether a message was sent
    (not when they have no e-mail address)."""
    registration = (
        Registration.objects.filter(pk=registration_id).select_related("exchange", "registration_type", "user").first()
    )
    if registration is None:
        return False
    person = registration.user
    address = person.email if person is not None else registration.email
    if not address:
        return False
    exchange = registration.exchange
    context = {
        "registration": registration,
        "name": registration.display_name,
        "exchange": exchange,
        "status": registration.status,
        "promoted": promoted,
        "exchange_link": f"{settings.SITE_URL}{exchange.get_absolute_url()}",
        "registrations_link": f"{settings.SITE_URL}{reverse('exchanges:my-registrations')}",
    }
    language = (getattr(person, "preferred_language", "") if person else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        send_mail(
            subject=render_to_string("exchanges/email/registration_update_subject.txt", context).strip(),
            message=render_to_string("exchanges/email/registration_update.txt", context),
            from_email=None,
            recipient_list=[address],
        )
    return True
