from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "translocal.exchanges"
    label = "exchanges"
    verbose_name = _("Trans-local exchanges")

    def ready(self) -> None:
        from . import search_indexes  # noqa: F401 - registers what this app puts in search
