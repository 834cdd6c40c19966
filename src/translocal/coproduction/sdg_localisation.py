"""Co-production joins SDG localisation (translocal.sdg's registration point): processes and
results take goal and target tags and suggestions, confirmed by whoever manages them, and the
public ones appear in the local SDG reports of their place and hub."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.sdg.services import ReportSource, Taggable, register_report_source, register_taggable

from . import permissions, selectors, services
from .accountability import services as result_services


def _process(object_id: int) -> Any | None:
    from .models import Process

    return Process.objects.select_related("hub").filter(pk=object_id).first()


def _result(object_id: int) -> Any | None:
    from .models import Result

    return Result.objects.select_related("process", "process__hub").filter(pk=object_id).first()


def _tag_process(*, acting_user: Any, obj: Any, terms: Any) -> None:
    services.tag_process_with_sdgs(acting_user=acting_user, process=obj, terms=terms)


def _tag_result(*, acting_user: Any, obj: Any, terms: Any) -> None:
    result_services.tag_result_with_sdgs(acting_user=acting_user, result=obj, terms=terms)


def register() -> None:
    register_taggable(
        Taggable(kind="process", get=_process, can_tag=permissions.can_manage_process, add_tags=_tag_process)
    )
    register_taggable(
        Taggable(kind="result", get=_result, can_tag=permissions.can_edit_result, add_tags=_tag_result)
    )
    register_report_source(
        ReportSource(
            key="coproduction",
            labels={"process": _("Co-production processes"), "result": _("Results of processes")},
            fetch=selectors.sdg_tagged_items,
            order=20,
        )
    )
