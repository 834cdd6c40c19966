from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge.apps import CONTENT_AREA

from .. import selectors
from ..models import Method
from .common import METHOD, browse_list, entry_detail
from .facts import method_fact_groups


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
def method_list(request: HttpRequest) -> HttpResponse:
    """Searchable, filtered by type of method and purpose (core.listing)."""
    return browse_list(
        request,
        name=METHOD.name,
        template=METHOD.list_template,
        sorts=selectors.METHOD_SORTS,
        browse=selectors.method_browse,
        count_message=lambda n: ngettext("%(count)s method", "%(count)s methods", n),
        filters=selectors.METHOD_FILTERS,
        model=Method,
    )


@cache_for_anonymous(area=CONTENT_AREA, signed_in=True)
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
