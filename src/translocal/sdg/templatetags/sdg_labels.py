"""``{{ term|sdg_concise }}``: our concise label of a goal or target term ("11.3 Inclusive,
participatory planning"), or of its slug; the official title stays ``term.display_label``."""

from typing import Any

from django import template

from translocal.sdg.labels import concise_label

register = template.Library()


@register.filter
def sdg_concise(term: Any) -> str:
    slug = term if isinstance(term, str) else getattr(term, "slug", "")
    return concise_label(slug) if slug else ""


@register.filter
def sdg_anchor(code: str) -> str:
    """The fragment of a target on its goal's page ("11.3" -> "target-11-3")."""
    return "target-" + str(code).replace(".", "-")


@register.filter
def sdg_goal_number(code: str) -> int:
    """The goal of a goal or target code ("11.3" -> 11)."""
    head = str(code).split(".")[0]
    return int(head) if head.isdigit() else 0
