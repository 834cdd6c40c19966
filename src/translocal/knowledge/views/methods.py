from typing import Any

from django.http import HttpRequest, HttpResponse

from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge.apps import CONTENT_AREA

from .. import selectors
from ..models import Method
from .common import METHOD, entry_detail, entry_list
from .facts import method_fact_groups


@cache_for_anonymous(area=CONTENT_AREA)
def method_list(request: HttpRequest) -> HttpResponse:
    return entry_list(request, METHOD, selectors.method_list)


@cache_for_anonymous(area=CONTENT_AREA)
def method_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The body of a published method (text, facts, cases using it, reflections) is a cached
    fragment; drafts are rendered directly."""
    return entry_detail(request, METHOD, slug, body_context=_method_body)


def _method_body(method: Method) -> dict[str, Any]:
    return {
        "method": method,
        "fact_groups": method_fact_groups(method),
        "cases": selectors.cases_using_method(method=method),
        "case_count": selectors.count_cases_using_method(method=method),
    }
