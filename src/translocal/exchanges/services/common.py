"""What the exchange services share: audit actions, text checks, and keeping search and the
cached pages in step after a write commits."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.audit.actions import register_action
from translocal.core.caching import content_changed_after_commit
from translocal.core.side_effects import after_commit
from translocal.search import services as search_services

from ..models import Exchange

CREATE_EXCHANGE = register_action("exchange.create", _("created the exchange"))
EDIT_EXCHANGE = register_action("exchange.edit", _("edited the exchange"))
PUBLISH_EXCHANGE = register_action("exchange.publish", _("published the exchange"))
CANCEL_EXCHANGE = register_action("exchange.cancel", _("cancelled the exchange"))
EDIT_AGENDA = register_action("exchange.edit_agenda", _("changed the agenda of"))
EDIT_REGISTRATION_TYPES = register_action("exchange.edit_registration_types", _("changed the registration types of"))
APPLY = register_action("exchange.apply", _("applied to"))
INVITE = register_action("exchange.invite", _("invited someone to"))
ANSWER_INVITATION = register_action("exchange.answer_invitation", _("answered an invitation to"))
ACCEPT = register_action("exchange.accept", _("accepted a registration for"))
WAITLIST = register_action("exchange.waitlist", _("put a registration on the waiting list of"))
DECLINE = register_action("exchange.decline", _("declined a registration for"))
CANCEL_REGISTRATION = register_action("exchange.cancel_registration", _("cancelled a registration for"))
PROMOTE = register_action("exchange.promote", _("moved someone up from the waiting list of"))
CLAIM = register_action("exchange.claim", _("claimed their guest registration for"))
CHECK_IN = register_action("exchange.check_in", _("checked someone in at"))


def exchange_changed(exchange: Exchange) -> None:
    """After the write commits: the exchange's search entry follows the database and the
    content version moves (cached pages show places left, the agenda, the status)."""
    search_services.sync_after_commit(exchange)
    content_changed_after_commit()


def exchange_visibility_changed(exchange: Exchange) -> None:
    """After a write that may change who sees the exchange (published, cancelled, edited): its
    public commitments' search entries follow it (in or out of search, with it)."""
    from ..models import Commitment, Privacy

    pk = exchange.pk

    def reindex() -> None:
        search_services.index_instances(Commitment.objects.filter(exchange_id=pk, privacy=Privacy.PUBLIC))

    after_commit(("exchanges.reindex-commitments", pk), reindex)


def require_text(value: Any, field: str, message: str) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError({field: message})
    return text


def check_lengths(instance: models.Model, fields: Iterable[str]) -> None:
    """Each CharField/TextField value within its max_length (ValidationError naming the field)."""
    for name in fields:
        field = instance._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        value = getattr(instance, name, "") or ""
        if limit and isinstance(value, str) and len(value) > limit:
            raise ValidationError(
                {
                    name: _("Use at most %(limit)d characters (you used %(count)d).")
                    % {"limit": limit, "count": len(value)}
                }
            )
