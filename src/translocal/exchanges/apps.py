from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "translocal.exchanges"
    label = "exchanges"
    verbose_name = _("Trans-local exchanges")

    def ready(self) -> None:
        from translocal.accounts.lifecycle import register_deletion_handler

        from . import lineage, search_indexes  # noqa: F401 - registers what this app puts in search
        from .account_deletion import ORDER, release_registrations_of_deleted_account

        # A deleted member's open registrations are cancelled (places go to the waiting list);
        # the others stay as by a "Former member".
        register_deletion_handler("exchanges", release_registrations_of_deleted_account, order=ORDER)
        # A commitment can become a co-production process (core.lineage).
        lineage.register()
        # Commitments take SDG tags and suggestions and appear in local SDG reports.
        from . import sdg_localisation

        sdg_localisation.register()

        # Partners' logos (core.images) are seen by whoever may see their exchange.
        from translocal.core.images.registry import register_owner

        from .services.partners import LOGO_OWNER_KIND, logo_access

        register_owner(LOGO_OWNER_KIND, logo_access)
