"""Processes as something other apps' items can become (core.lineage): a commitment taken
home from an exchange becomes a co-production process, once the process's coordinators
confirm it (``accountability.services.decide_lineage``). Registered from ``apps.py``."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.core import lineage
from translocal.places.selectors import coordinated_hub_ids

from .selectors import visible_processes

PROCESS = "coproduction.process"


def _choices(viewer: Any) -> list[tuple[int, str]]:
    """The processes a person may say their commitment became: those they may see."""
    return list(visible_processes(viewer).order_by("title", "id").values_list("pk", "title"))


def _decides(viewer: Any, hub_id: int) -> bool:
    """As ``permissions.can_manage_process`` (staff and the hub's coordinators), from the
    coordinated hubs ``visible_processes`` has read already (no query)."""
    if not (viewer.is_authenticated and viewer.is_active):
        return False
    return bool(viewer.is_staff or viewer.is_superuser) or hub_id in coordinated_hub_ids(viewer)


def _visible(ids: Iterable[int], viewer: Any) -> dict[int, lineage.Linked]:
    found = visible_processes(viewer).filter(pk__in=list(ids)).select_related("hub").order_by("id")
    return {
        p.pk: lineage.Linked(kind=PROCESS, pk=p.pk, title=p.title, url=p.get_absolute_url(), context=p.hub.name,
                             decides=_decides(viewer, p.hub_id))
        for p in found
    }


def register() -> None:
    lineage.register_target(lineage.Target(kind=PROCESS, label=_("Co-production process"), choices=_choices,
                                           visible=_visible))
