"""Processes as something other apps' items can become (core.lineage): a commitment taken
home from an exchange becomes a co-production process. Registered from ``apps.py``."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.core import lineage

from .selectors import visible_processes

PROCESS = "coproduction.process"


def _choices(viewer: Any) -> list[tuple[int, str]]:
    """The processes a person may say their commitment became: those they may see."""
    return list(visible_processes(viewer).order_by("title", "id").values_list("pk", "title"))


def _visible(ids: Iterable[int], viewer: Any) -> dict[int, lineage.Linked]:
    found = visible_processes(viewer).filter(pk__in=list(ids)).select_related("hub").order_by("id")
    return {
        p.pk: lineage.Linked(kind=PROCESS, pk=p.pk, title=p.title, url=p.get_absolute_url(), context=p.hub.name)
        for p in found
    }


def register() -> None:
    lineage.register_target(lineage.Target(kind=PROCESS, label=_("Co-production process"), choices=_choices,
                                           visible=_visible))
