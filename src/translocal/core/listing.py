"""What every list page shares (cases, methods, reflections, series, organisations, places,
people): a search text, a sort kept in the URL, the chosen filters as chips that each remove one,
"Clear all", and the number of results. The template is ``core/_list_controls.html``; the
filter panel around a list's own facets is ``core/_filter_panel.html``.

The pattern is GOV.UK's "filter a list" (selected filters above the results, each a link that
removes it; a "Clear filters" link) and Decidim's result count and order selector. Everything is
a link or a GET form, so it works without JavaScript, and every state has its own URL, which the
anonymous page cache and the cached list fragments key on.

Lists are keyset-paginated (core.pagination): each sort is one ordering ending in the primary
key, so the order is total and stable from page to page; a page link carries its sort.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .pagination import valid_cursor

SEARCH_PARAM = "q"
SORT_PARAM = "sort"
CURSOR_PARAM = "cursor"
RELEVANCE = "relevance"
#: Longer search texts are cut (a title is at most 320 characters; nobody types more).
MAX_SEARCH_LENGTH = 200
#: Words of a search text used (each must match); the rest are ignored.
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class SortOption:
    """One way to order a list. ``ordering`` ends in a unique field (keyset pagination);
    a term may name an annotation the selector adds (``relevance``)."""

    value: str
    label: str | Promise
    ordering: tuple[str, ...]
    needs_search: bool = False


def relevance_sort(*then: str) -> SortOption:
    """Best match first (see ``with_relevance``), then ``then`` (ending in a unique field)."""
    return SortOption(RELEVANCE, _("Relevance"), ("-relevance", *then), needs_search=True)


def search_text(params: Mapping[str, Any]) -> str:
    """The search text of a query string, its spaces collapsed and its length bounded."""
    raw = params.get(SEARCH_PARAM) or ""
    return " ".join(str(raw).split())[:MAX_SEARCH_LENGTH]


def chosen_sort(params: Mapping[str, Any], options: Sequence[SortOption], *, searching: bool) -> SortOption:
    """The sort asked for in the query string if it is one of ``options`` (relevance only while
    searching); otherwise the first available one: put relevance first and the default next."""
    available = [option for option in options if searching or not option.needs_search]
    wanted = params.get(SORT_PARAM)
    return next((option for option in available if option.value == wanted), available[0])


def search_filter(queryset: QuerySet, text: str, *, fields: Sequence[str]) -> QuerySet:
    """Rows in which every word of ``text`` occurs (in any case) in one of ``fields``; fields
    that follow relations are matched in a subquery, so no row repeats. No text: the queryset."""
    words = text.split()[:MAX_SEARCH_WORDS]
    if not words:
        return queryset
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    if any("__" in name for name in fields):
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def with_relevance(queryset: QuerySet, text: str, *, title: str) -> QuerySet:
    """``relevance`` for the relevance sort: 3 when the ``title`` field is the search text,
    2 when it starts with it, 1 when it contains it, 0 otherwise (the words found apart or in
    another field). Only the page's query needs it, not the counts."""
    if not text:
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    return queryset.annotate(
        relevance=SqlCase(
            When(**{f"{title}__iexact": text}, then=Value(3)),
            When(**{f"{title}__istartswith": text}, then=Value(2)),
            When(**{f"{title}__icontains": text}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


@dataclass(frozen=True)
class Chip:
    """One chosen filter: ``group`` is the filter's name ("Country"), ``label`` its value
    ("Kenya"), ``remove_url`` the same list without it."""

    group: str | Promise
    label: str | Promise
    remove_url: str


@dataclass(frozen=True)
class Chosen:
    """A filter value chosen in the query string, as a list names it."""

    param: str
    value: str
    group: str | Promise
    label: str | Promise


@dataclass
class ListControls:
    """What ``core/_list_controls.html`` shows above a list's results."""

    path: str
    total: int
    count_text: str
    sorts: list[SortOption]
    sort: SortOption
    search: str
    chips: list[Chip] = field(default_factory=list)
    clear_url: str = ""
    #: The query string's parameters the sort form carries along (filters and search).
    carried: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_filtered(self) -> bool:
        return bool(self.chips)


def _url(path: str, query: QueryDict) -> str:
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def url_without(path: str, params: QueryDict, param: str, value: str | None = None) -> str:
    """``path`` with the query string minus one value of ``param`` (all of them when ``value``
    is None) and minus the page cursor (the first page of the new list)."""
    query = params.copy()
    query.pop(CURSOR_PARAM, None)
    if value is None:
        query.pop(param, None)
    else:
        query.setlist(param, [v for v in query.getlist(param) if v != value])
    return _url(path, query)


def list_controls(
    params: QueryDict,
    *,
    path: str,
    total: int,
    count_text: str,
    sorts: Sequence[SortOption],
    sort: SortOption,
    chosen: Iterable[Chosen] = (),
) -> ListControls:
    """The controls of one list page: a chip for the search text and for each ``chosen`` filter
    value, "Clear all" back to the unfiltered list (in the same sort, unless it was relevance)."""
    text = search_text(params)
    chips = []
    if text:
        chips.append(Chip(_("Search"), f"“{text}”", url_without(path, params, SEARCH_PARAM)))
    chips += [Chip(c.group, c.label, url_without(path, params, c.param, c.value)) for c in chosen]
    clear = QueryDict(mutable=True)
    if params.get(SORT_PARAM) == sort.value and not sort.needs_search:
        clear[SORT_PARAM] = sort.value
    carried = [
        (key, value)
        for key, values in params.lists()
        if key not in (SORT_PARAM, CURSOR_PARAM)
        for value in values
        if value
    ]
    return ListControls(
        path=path,
        total=total,
        count_text=count_text,
        sorts=[option for option in sorts if text or not option.needs_search],
        sort=sort,
        search=text,
        chips=chips,
        clear_url=_url(path, clear),
        carried=carried,
    )


def count_text(total: int, message: str) -> str:
    """``message`` (``ngettext("%(count)s case", "%(count)s cases", total)``, written out in the
    caller so makemessages finds it) with ``total`` grouped in the reader's language
    ("1,234 cases", "1.234 casos")."""
    return message % {"count": intcomma(total)}


#: Options of a facet shown before its "Show N more" disclosure.
FACET_VISIBLE_OPTIONS = 8
#: Values of one filter read from a query string (more are ignored).
MAX_FILTER_VALUES = 20


@dataclass
class FacetOption:
    value: str
    label: str | Promise
    count: int | None = None
    selected: bool = False


@dataclass
class Facet:
    """One filter of a list (core/_filter_panel.html): checkboxes named ``name``, commonest
    first; ``shown`` then ``more`` in a disclosure (a chosen option is never hidden)."""

    name: str
    label: str | Promise
    options: list[FacetOption] = field(default_factory=list)
    visible: int = FACET_VISIBLE_OPTIONS

    @property
    def shown(self) -> list[FacetOption]:
        return self.options[: self.visible] + [o for o in self.options[self.visible :] if o.selected]

    @property
    def more(self) -> list[FacetOption]:
        return [o for o in self.options[self.visible :] if not o.selected]


def chosen_values(params: QueryDict | Mapping[str, Any], name: str) -> list[str]:
    """The distinct non-empty values of ``name`` in a query string, at most MAX_FILTER_VALUES."""
    raw = params.getlist(name) if isinstance(params, QueryDict) else params.get(name, [])
    values = [str(v).strip() for v in raw if v and str(v).strip()]
    return list(dict.fromkeys(values))[:MAX_FILTER_VALUES]


def facet(
    name: str,
    label: str | Promise,
    rows: Iterable[tuple[str, Any, int | None]],
    chosen: Sequence[str],
    *,
    labels: Callable[[list[str]], Mapping[str, Any]] | None = None,
    limit: int | None = None,
) -> Facet:
    """A facet from ``(value, label, count)`` rows, the first ``limit`` of them (when given)
    and every chosen one beyond. A chosen value no row names (nothing
    matches it now) is kept with a count of 0, so its chip and box still show, under the label
    ``labels(missing values)`` gives it (a country's name, a term's label in the reader's
    language: called only when a chosen value is missing, at most once); the value itself
    only when nothing names it (a value that was never one)."""
    options = [FacetOption(value, text, n, value in chosen) for value, text, n in rows]
    if limit is not None:
        options = options[:limit] + [o for o in options[limit:] if o.selected]
    known = {o.value for o in options}
    missing = [value for value in chosen if value not in known]
    named = labels(missing) if labels and missing else {}
    options += [FacetOption(value, named.get(value, value), 0, True) for value in missing]
    return Facet(name, label, options)


def labelled_by(labeller: Callable[[str], Any]) -> Callable[[list[str]], dict[str, Any]]:
    """``facet``'s ``labels`` from a function of one value that needs no query (a country's
    name, a choice's label)."""
    return lambda values: {value: labeller(value) for value in values}


def chosen_of(facets: Iterable[Any]) -> list[Chosen]:
    """A ``Chosen`` for each selected option of ``facets`` (anything with name, label and
    options of value, label and selected), for ``list_controls``."""
    return [Chosen(f.name, o.value, f.label, o.label) for f in facets for o in f.options if o.selected]


@dataclass(frozen=True)
class BrowseRequest:
    """What a list page was asked for: the search text, the sort, the validated cursor and the
    chosen values of each filter the list has (``browse_request``)."""

    search: str
    sort: SortOption
    cursor: str | None
    filters: dict[str, list[str]]


def browse_request(request: HttpRequest, sorts: Sequence[SortOption], filters: Iterable[str] = ()) -> BrowseRequest:
    """Read a list's query string. Raises InvalidCursor (a 400) for a cursor not of ours."""
    search = search_text(request.GET)
    return BrowseRequest(
        search=search,
        sort=chosen_sort(request.GET, sorts, searching=bool(search)),
        cursor=valid_cursor(request),
        filters={name: chosen_values(request.GET, name) for name in filters},
    )


def result_controls(
    request: HttpRequest,
    asked: BrowseRequest,
    result: Any,
    *,
    sorts: Sequence[SortOption],
    count_message: Callable[[int], str],
) -> ListControls:
    """``list_controls`` for ``result`` (anything with ``total`` and ``facets``), its count
    written with ``count_message(total)``: an ``ngettext("%(count)s case", ...)`` the caller
    writes out, so makemessages finds it."""
    return list_controls(
        request.GET,
        path=request.path,
        total=result.total,
        count_text=count_text(result.total, count_message(result.total)),
        sorts=sorts,
        sort=asked.sort,
        chosen=chosen_of(result.facets),
    )


def query_with(params: QueryDict | None, **changes: Any) -> str:
    """The query string ``params`` (a request's GET, or None) with some parameters replaced (None
    or "" removes one), not yet escaped for HTML: what ``{% query_with %}`` writes before
    escaping, and core.list_html's page links."""
    query: QueryDict = params.copy() if params is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()
