"""Partners and funders of an exchange, with their logos (core.images, the one upload path).

Organisers add, change, reorder and remove them. A logo is decoded and re-encoded by the form
before the service runs, its files written before the transaction; the row names the exchange
as the image's owner, so whoever may see the exchange may see the logo (apps.py registers
that). The logo's alternative text is the partner's name unless the organisers give one.

Order: partners are shown by role (partners, then funders), each group by ``position``. Every
write that changes positions (adding, moving, changing the role) first locks the exchange's row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's write lock does the same), then renumbers the
exchange's partners 1..n under that lock, so two organisers moving partners at once are taken
in turn and never leave two partners on one place."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
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
from translocal.core.models import Image

from .. import permissions
from ..models import Exchange, Partner
from . import common

EDIT_PARTNERS = register_action("exchange.edit_partners", gettext_lazy("changed the partners and funders of"))
#: The owner kind of the logos (core.Image rows) of an exchange's partners.
LOGO_OWNER_KIND = "exchanges.exchange"


UP, DOWN = "up", "down"


def _require_organiser(acting_user: User, exchange: Exchange) -> None:
    if not permissions.can_edit_exchange(acting_user, exchange):
        raise PermissionDenied(_("Only the organisers of this exchange can do that."))


def _role(value: Any) -> str:
    return value if value in Partner.Role.values else Partner.Role.PARTNER


def _alt_text(data: Mapping[str, Any], name: str) -> str:
    return images.clean_alt_text((data.get("alt_text") or "").strip() or name)


def _lock_order(exchange: Exchange) -> list[Partner]:
    """Lock the exchange's row (every write of positions does first) and read its partners in
    their shown order: by role, then position."""
    Exchange.objects.select_for_update().filter(pk=exchange.pk).values_list("pk", flat=True).get()
    return list(Partner.objects.filter(exchange=exchange).order_by("role", "position", "id"))


def _renumber(partners: list[Partner]) -> None:
    """Store ``partners``' order as positions 1..n (under the exchange's lock), writing only
    the rows whose position changed."""
    changed = []
    for number, partner in enumerate(partners, start=1):
        if partner.position != number:
            partner.position = number
            changed.append(partner)
    if changed:
        Partner.objects.bulk_update(changed, ["position"])


def add_partner(
    *, acting_user: User, exchange: Exchange, data: Mapping[str, Any], logo: ProcessedImage | None = None
) -> Partner:
    """An organiser adds a partner or funder, last of its role: ``data`` has ``name``, ``role``
    (Partner.Role), ``url`` and ``alt_text`` (optional: the logo's alternative text, empty for
    the name); ``logo`` is an upload the form processed. Raises PermissionDenied and ValidationError."""
    _require_organiser(acting_user, exchange)
    name = common.require_text(data.get("name"), "name", _("Enter the name of the partner or funder"))
    role = _role(data.get("role") or Partner.Role.PARTNER)
    alt_text = _alt_text(data, name)
    # The logo's files are stored before the transaction (file I/O holds no database lock)
    # and deleted again when it fails.
    with images.files_stored(logo), transaction.atomic():
        order = _lock_order(exchange)
        partner = Partner(
            exchange=exchange,
            role=role,
            name=name,
            url=(data.get("url") or "").strip(),
            position=len(order) + 1,
            added_by=acting_user,
        )
        if logo is not None:
            partner.logo = images.create_image(
                processed=logo, alt_text=alt_text, owner_kind=LOGO_OWNER_KIND, owner_id=exchange.pk,
                uploaded_by=acting_user,
            )
        partner.save()
        order.append(partner)
        _renumber(sorted(order, key=lambda p: (p.role, p.position, p.pk)))
        record(
            acting_user=acting_user, action=EDIT_PARTNERS, target=exchange, hub=exchange.hub,
            details={"added": partner.pk, "name": name, "role": role},
        )
        content_changed_after_commit()
    return partner


def update_partner(
    *, acting_user: User, partner: Partner, data: Mapping[str, Any], logo: ProcessedImage | None = None
) -> Partner:
    """An organiser changes a partner or funder: ``data`` as for ``add_partner``; ``logo``, a
    new upload, replaces the old logo (whose files go after the commit). A partner that changes
    role goes last among its new role. Raises PermissionDenied and ValidationError."""
    exchange = partner.exchange
    _require_organiser(acting_user, exchange)
    name = common.require_text(data.get("name"), "name", _("Enter the name of the partner or funder"))
    role = _role(data.get("role") or partner.role)
    alt_text = _alt_text(data, name)
    with images.files_stored(logo), transaction.atomic():
        order = _lock_order(exchange)
        current = next((p for p in order if p.pk == partner.pk), None)
        if current is None:
            raise ValidationError(_("This partner or funder was removed meanwhile."))
        before = {"name": current.name, "role": current.role, "url": current.url}
        old_logo: Image | None = current.logo
        current.name, current.url = name, (data.get("url") or "").strip()
        common.check_lengths(current, ("name", "url"))
        if role != current.role:
            current.role = role
            current.position = len(order) + 1
        if logo is not None:
            current.logo = images.create_image(
                processed=logo, alt_text=alt_text, owner_kind=LOGO_OWNER_KIND, owner_id=exchange.pk,
                uploaded_by=acting_user,
            )
        elif old_logo is not None and old_logo.alt_text != alt_text:
            images.set_alt_text(old_logo, alt_text)
        current.save(update_fields=["name", "role", "url", "logo", "position"])
        if logo is not None and old_logo is not None:
            images.delete_images([old_logo])
        _renumber(sorted(order, key=lambda p: (p.role, p.position, p.pk)))
        record(
            acting_user=acting_user, action=EDIT_PARTNERS, target=exchange, hub=exchange.hub,
            details={"changed": current.pk, "from": before,
                     "to": {"name": name, "role": role, "url": current.url}, "new_logo": logo is not None},
        )
        content_changed_after_commit()
    return current


def move_partner(*, acting_user: User, partner: Partner, direction: str) -> bool:
    """An organiser moves a partner or funder one place up or down among those of its role
    (``UP`` or ``DOWN``), as they see it now, whatever another organiser moved a moment before.
    Returns False when it is first (last) already. Raises PermissionDenied and ValueError."""
    if direction not in (UP, DOWN):
        raise ValueError(f"Not a direction: {direction!r}")
    exchange = partner.exchange
    _require_organiser(acting_user, exchange)
    with transaction.atomic():
        order = _lock_order(exchange)
        index = next((i for i, p in enumerate(order) if p.pk == partner.pk), None)
        if index is None:
            return False
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(order) or order[other].role != order[index].role:
            return False
        order[index], order[other] = order[other], order[index]
        _renumber(order)
        record(
            acting_user=acting_user, action=EDIT_PARTNERS, target=exchange, hub=exchange.hub,
            details={"moved": partner.pk, "direction": direction},
        )
        content_changed_after_commit()
    return True


def delete_partner(*, acting_user: User, partner: Partner) -> None:
    """An organiser removes a partner or funder; its logo goes with it (the file after commit)."""
    exchange = partner.exchange
    _require_organiser(acting_user, exchange)
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
