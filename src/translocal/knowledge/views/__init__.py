"""Pages of the knowledge commons. Thin: parse, call a selector or service, render."""

from .cases import case_create, case_detail, case_edit, case_list, case_publish, case_unpublish
from .methods import method_create, method_detail, method_edit, method_list, method_publish, method_unpublish
from .reflections import (
    reflection_create,
    reflection_detail,
    reflection_edit,
    reflection_list,
    reflection_publish,
    reflection_unpublish,
)
from .series import series_create, series_detail, series_edit, series_list

__all__ = [
    "case_create",
    "case_detail",
    "case_edit",
    "case_list",
    "case_publish",
    "case_unpublish",
    "method_create",
    "method_detail",
    "method_edit",
    "method_list",
    "method_publish",
    "method_unpublish",
    "reflection_create",
    "reflection_detail",
    "reflection_edit",
    "reflection_list",
    "reflection_publish",
    "reflection_unpublish",
    "series_create",
    "series_detail",
    "series_edit",
    "series_list",
]
