from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoproductionConfig(AppConfig):
    name = "translocal.coproduction"
    label = "coproduction"
    verbose_name = _("Co-production spaces")

    def ready(self) -> None:
        from . import search_indexes  # noqa: F401 - registers what this app puts in search
