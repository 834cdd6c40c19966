"""The knowledge commons joins SDG localisation: cases, methods and reflections take tags and
suggestions, and local reports list them (registry.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from translocal.knowledge import permissions as knowledge_permissions
from translocal.knowledge import selectors as knowledge_selectors
from translocal.knowledge import services as knowledge_services

from .registry import ReportSource, Taggable, register_report_source, register_taggable


def _getter(queryset: Any):  # noqa: ANN202
    def get(object_id: int) -> Any | None:
        return queryset().filter(pk=object_id).first()

    return get


def _add_tags(*, acting_user: Any, obj: Any, terms: Any) -> None:
    knowledge_services.add_sdg_tags(acting_user=acting_user, entry=obj, terms=terms)


def register_knowledge() -> None:
    for kind, queryset in (
        ("case", knowledge_selectors.case_header_queryset),
        ("method", knowledge_selectors.method_header_queryset),
        ("reflection", knowledge_selectors.reflection_header_queryset),
    ):
        register_taggable(
            Taggable(kind=kind, get=_getter(queryset), can_tag=knowledge_permissions.can_edit, add_tags=_add_tags)
        )
    register_report_source(
        ReportSource(
            key="knowledge",
            labels={"case": _("Cases"), "method": _("Methods"), "reflection": _("Reflections")},
            fetch=knowledge_selectors.sdg_tagged_entries,
            order=10,
        )
    )
