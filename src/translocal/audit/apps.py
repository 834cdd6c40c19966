from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "translocal.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # The apps below this one (taxonomy) write their audit rows through core.audit_hook.
        from translocal.core.audit_hook import register_recorder

        from .services import record

        register_recorder(record)
