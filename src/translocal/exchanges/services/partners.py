"""Partners and funders of an exchange, with their logos (core.images, the one upload path).

Organisers add and remove them. A logo is decoded and re-encoded by the form before the
service runs, its files written before the transaction; the row names the exchange as the
image's owner, so whoever may see the exchange may see the logo (apps.py registers that)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import content_changed_after_commit
from translocal.core.images import services as images
from translocal.core.images.processing import ProcessedImage
from translocal.core.images.registry import Access

from .. import permissions
from ..models import Exchange, Partner
from . import common

EDIT_PARTNERS = register_action("exchange.edit_partners", gettext_lazy("changed the partners and funders of"))
#: The owner kind of the logos (core.Image rows) of an exchange's partners.
LOGO_OWNER_KIND = "exchanges.exchange"


def add_partner(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], logo: ProcessedImage | None = None
) -> Partner:
    """An organiser adds a partner or funder: ``data`` has ``name``, ``role`` (Partner.Role) and
    ``url`` (optional); ``logo`` is an upload the form processed. The logo's alternative text
    is the partner's name. Raises PermissionDenied and ValidationError."""
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can do that."))
    name = common.require_text(data.get("name"), "name", _("Enter the name of the partner or funder"))
    role = data.get("role") or Partner.Role.PARTNER
    if role not in Partner.Role.values:
        role = Partner.Role.PARTNER
    if logo is not None:
        images.write_files(logo)  # before the transaction: file I/O holds no database lock
    with transaction.atomic():
        last = Partner.objects.filter(exchange=exchange).order_by("-position").values_list("position", flat=True)
        partner = Partner(
            exchange=exchange,
            role=role,
            name=name,
            url=(data.get("url") or "").strip(),
            position=(last.first() or 0) + 1,
            added_by=acting_user,
        )
        if logo is not None:
            partner.logo = images.create_image(
                processed=logo, alt_text=name, owner_kind=LOGO_OWNER_KIND, owner_id=exchange.pk,
                uploaded_by=acting_user,
            )
        partner.save()
        record(
            acting_user=acting_user, action=EDIT_PARTNERS, target=exchange, hub=exchange.hub,
            details={"added": partner.pk, "name": name, "role": role},
        )
        content_changed_after_commit()
    return partner


def delete_partner(*, acting_user: User, partner: Partner) -> None:
    """An organiser removes a partner or funder; its logo goes with it (the file after commit)."""
    exchange = partner.exchange
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can do that."))
    with transaction.atomic():
        record(
            acting_user=acting_user, action=EDIT_PARTNERS, target=exchange, hub=exchange.hub,
            details={"removed": partner.pk, "name": partner.name},
        )
        logo = partner.logo
        partner.delete()
        if logo is not None:
            images.delete_images([logo])
        content_changed_after_commit()


def logo_access(viewer: Any, owner_ids: list[int]) -> dict[int, Access]:
    """Who may see the logos of these exchanges (core.images.registry): anyone for a shown
    public exchange, else those who may see the exchange."""
    anonymous = AnonymousUser()
    answers: dict[int, Access] = {}
    for exchange in Exchange.objects.filter(pk__in=owner_ids):
        if permissions.can_view_exchange(anonymous, exchange):
            answers[exchange.pk] = Access.PUBLIC
        elif viewer is not None and permissions.can_view_exchange(viewer, exchange):
            answers[exchange.pk] = Access.RESTRICTED
    return answers
