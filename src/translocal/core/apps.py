from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "translocal.core"
    label = "core"

    def ready(self) -> None:
        from .contributions import register_nav

        register_nav(_("Home"), "core:home", order=0, prefixes=("home",))
        # Every app's contributions.py registers its page sections and navigation links.
        autodiscover_modules("contributions")
