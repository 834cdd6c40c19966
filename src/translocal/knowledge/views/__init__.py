"""Pages of the knowledge commons. Thin: parse, call a selector or service, render.

Creating, editing, publishing and unpublishing a case or a method (and moderating a
reflection) are the shared entry_* views of common.py; urls.py passes the kind."""

from .cases import case_detail, case_list
from .common import (
    entry_create,
    entry_edit,
    entry_lift_moderation,
    entry_publish,
    entry_translate,
    entry_unpublish,
    pick,
    preview,
)
from .methods import method_detail, method_list
from .reflections import (
    authorship_accept,
    authorship_decline,
    authorship_requests,
    reflection_create,
    reflection_detail,
    reflection_edit,
    reflection_list,
)
from .series import series_create, series_detail, series_edit, series_list, series_proposal_answer

__all__ = [
    "authorship_accept",
    "authorship_decline",
    "authorship_requests",
    "case_detail",
    "case_list",
    "entry_create",
    "entry_edit",
    "entry_lift_moderation",
    "entry_publish",
    "entry_translate",
    "entry_unpublish",
    "method_detail",
    "method_list",
    "pick",
    "preview",
    "reflection_create",
    "reflection_detail",
    "reflection_edit",
    "reflection_list",
    "series_create",
    "series_detail",
    "series_edit",
    "series_list",
    "series_proposal_answer",
]
