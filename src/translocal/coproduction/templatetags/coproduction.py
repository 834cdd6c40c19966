"""Template access to the co-production predicates: templates ask the same questions views do."""

from typing import Any

from django import template

from .. import permissions, selectors
from ..live_counts import support_count_html
from ..models import Phase, Process

register = template.Library()


@register.simple_tag
def current_phase(process: Process) -> Phase | None:
    return selectors.current_phase(process)


@register.simple_tag
def may(action: str, user: Any, subject: Any) -> bool:
    """``{% may "can_propose" user process as allowed %}``: the answer of the predicate named
    ``action`` in coproduction.permissions. An unknown name is a template error, not False."""
    if not action.startswith("can_"):
        raise template.TemplateSyntaxError(f"{action!r} is not a permission predicate")
    predicate = getattr(permissions, action, None)
    if predicate is None:
        raise template.TemplateSyntaxError(f"No permission predicate {action!r}")
    return bool(predicate(user, subject))


@register.filter
def feature_open(process: Process, feature: str) -> bool:
    """Whether the running phase of ``process`` switches ``feature`` on (for everyone)."""
    return permissions.feature_open(process, feature)


@register.filter
def option_label(results: Any, option_id: int | None) -> str:
    """``{{ results|option_label:round.elected }}``: an option's label in a poll's results."""
    return results.label(option_id)


@register.simple_tag
def support_count(proposal: Any) -> str:
    """``{% support_count proposal %}``: "N supports", marked so that a page served from the
    anonymous page cache shows the count as it is now (coproduction.live_counts)."""
    return support_count_html(proposal.pk, proposal.support_count)
