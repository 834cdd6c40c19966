from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "translocal.core"
    label = "core"

    def ready(self) -> None:
        from .contributions import register_nav
        from .planner_statistics import optimize_sqlite

        # Once per migrate (sent for each app; this one is ours): SQLite's planner statistics.
        post_migrate.connect(optimize_sqlite, sender=self, dispatch_uid="translocal.core.optimize_sqlite")

        register_nav(_("Home"), "core:home", order=0, prefixes=("home",))
        # Every app's contributions.py registers its page sections and navigation links.
        autodiscover_modules("contributions")
