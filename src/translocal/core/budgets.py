"""Per-member budgets for expensive work, kept in the database so that every worker process
and app server counts against the same figure.

One member must not be able to keep a CPU busy for everyone else (issue 9 §1): rendering
Markdown is linear but its constant is not small (a 100,000-character body of ``[`` takes about
a second on our 2-core reference machine), so each member may have at most
``RENDER_BUDGET_CHARACTERS`` characters rendered per ``RENDER_BUDGET_SECONDS`` window. A writer
of long reflections saving often stays far below it; a script posting pathological bodies
meets it after a few posts, and is answered with a clear form error (status 429) that keeps
what was typed.

    spend(key=f"render:{user.pk}", amount=len(body), limit=..., window_seconds=...)

Raises BudgetExceeded (a ValidationError with code "rate_limited") when the amount does not fit
what is left; nothing is counted then. Fixed windows: at a window's edge a member may spend up
to twice the limit within a short time, which bounds the work all the same.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import UsageCounter

RATE_LIMITED = "rate_limited"


class BudgetExceeded(ValidationError):
    """The work asked for does not fit what is left of the budget in this window."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code=RATE_LIMITED)
        self.retry_after = retry_after


def spend(*, key: str, amount: int, limit: int, window_seconds: int, message: str = "") -> int:
    """Count `amount` against `key`'s budget of `limit` per `window_seconds`; return what is left.
    Raises BudgetExceeded, counting nothing, when it does not fit. Runs in its own short
    transaction (an F() increment guarded by the limit: concurrent spends never exceed it)."""
    now = int(time.time())
    window = now - now % window_seconds
    retry_after = window + window_seconds - now
    refused = BudgetExceeded(message or str(_("Try again in a few minutes.")), retry_after=retry_after)
    if amount > limit:
        raise refused
    with transaction.atomic():
        counted = UsageCounter.objects.filter(key=key, window=window, used__lte=limit - amount).update(
            used=F("used") + amount
        )
        if not counted:
            try:
                with transaction.atomic():
                    UsageCounter.objects.create(key=key, window=window, used=amount)
            except IntegrityError:
                raise refused from None  # the window's row exists: the amount did not fit
            UsageCounter.objects.filter(key=key, window__lt=window).delete()
    used = UsageCounter.objects.filter(key=key, window=window).values_list("used", flat=True).first() or amount
    return max(limit - used, 0)


def spend_rendering(user: object, characters: int) -> None:
    """Charge `characters` of Markdown rendering to a member (staff are not limited).
    Raises BudgetExceeded with a message for the form."""
    if getattr(user, "is_staff", False) or not getattr(user, "pk", None):
        return
    limit = settings.RENDER_BUDGET_CHARACTERS
    minutes = max(settings.RENDER_BUDGET_SECONDS // 60, 1)
    spend(
        key=f"render:{user.pk}",  # type: ignore[attr-defined]
        amount=characters,
        limit=limit,
        window_seconds=settings.RENDER_BUDGET_SECONDS,
        message=str(
            _(
                "You have saved a great deal of text in the last few minutes (more than %(limit)s "
                "characters in %(minutes)s minutes). Wait a few minutes, then save again: what you "
                "typed is kept below."
            )
            % {"limit": f"{limit:,}", "minutes": minutes}
        ),
    )
