"""The audit log, reachable from the apps below it.

``translocal.audit`` sits above ``core``, ``search`` and ``taxonomy`` (it knows users and
hubs), so those apps cannot import its ``record``. They call ``record_action`` here instead;
the audit app registers its writer when it starts (``AuditConfig.ready``), as a search
document or a page section is registered. The row is written in the caller's transaction,
exactly as ``translocal.audit.services.record`` writes it (same arguments, same checks: an
action name nobody registered raises ``ValueError``).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Recorder = Callable[..., Any]

_recorder: Recorder | None = None


def register_recorder(recorder: Recorder) -> None:
    """Make ``recorder`` (keyword arguments acting_user, action, target, reason, details)
    the writer of audit rows. Registering again replaces it."""
    global _recorder
    _recorder = recorder


def record_action(
    *, acting_user: Any, action: str, target: Any, reason: str = "", details: dict[str, Any] | None = None
) -> Any:
    """Write one audit row through the registered recorder and return what it returns.

    Raises ImproperlyConfigured when no recorder is registered (the audit app is not
    installed): an action that must be logged is never silently left out."""
    if _recorder is None:
        raise ImproperlyConfigured("No audit recorder is registered: add translocal.audit to INSTALLED_APPS.")
    return _recorder(acting_user=acting_user, action=action, target=target, reason=reason, details=details)
