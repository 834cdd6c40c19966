"""Reads for people pages, shaped so a page costs a fixed number of queries."""

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from translocal.core.listing import Facet, SortOption, facet, relevance_sort, search_filter, with_relevance
from translocal.core.locales import in_language
from translocal.core.pagination import Page, keyset_page, parse_cursor
from translocal.core.prepared import PreparedQuery
from translocal.places.selectors import with_listed_organisation
from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import fill_terms, term_labels

from .models import User

PAGE_SIZE: int = getattr(settings, "PAGE_SIZE", 24)


def _terms(name: str) -> Prefetch:
    return Prefetch(name, queryset=Term.objects.order_by("position", "label"))


def people() -> QuerySet[User]:
    """Active people with their place and, as ``listed_organisation``, their organisation when
    it is published (an unpublished one is not named on cards or profiles)."""
    return with_listed_organisation(User.objects.filter(is_active=True).select_related("place")).prefetch_related(
        _terms("roles")
    )


def people_with_expertise(*, terms: Iterable[Term], limit: int = 6) -> list[User]:
    """Active people whose expertise includes one of ``terms`` (themes, general issues), most
    matching terms first, with their place and expertise (two queries)."""
    ids = [term.pk for term in terms]
    return list(
        User.objects.filter(is_active=True, expertise__in=ids)
        .annotate(matching=Count("expertise", filter=Q(expertise__in=ids)))
        .select_related("place")
        .prefetch_related(_terms("expertise"))
        .order_by("-matching", "display_name", "id")[:limit]
    )


def people_page(*, cursor: str | None, role: str | None = None, size: int = PAGE_SIZE) -> Page:
    qs = people()
    if role:
        qs = qs.filter(roles__vocabulary=Vocabulary.ROLE, roles__slug=role)
    return keyset_page(qs, ordering=("display_name", "id"), cursor=cursor, size=size)


def profile_by_username(*, username: str) -> User:
    """The active person of a profile page with their place and listed organisation (one query,
    prepared once per process and language: core.prepared); ``with_profile_terms`` adds what
    the "About" block lists. Raises Http404 when there is no such active person."""
    found = _profile_by_username(username)
    if not found:
        raise Http404("No such person")
    return found[0]


_profile_by_username = PreparedQuery(
    User,
    lambda username: with_listed_organisation(User.objects.filter(is_active=True).select_related("place")).filter(
        username=username
    ),
)

#: The person's term fields the "About" block lists, each by position and label.
PROFILE_TERM_FIELDS: tuple[str, ...] = ("roles", "expertise", "languages")


def with_profile_terms(person: User) -> User:
    """The person with their roles, expertise and languages loaded, each by position and label,
    as ``prefetch_related`` leaves them (one query: taxonomy.selectors.fill_terms)."""
    fill_terms(person, PROFILE_TERM_FIELDS, order=("position", "label"))
    return person


def role_terms() -> list[Term]:
    return list(Term.objects.filter(vocabulary=Vocabulary.ROLE).order_by("position", "label"))


# --- Browsing the people list (core.listing) -------------------------------------------------

PEOPLE_SORTS: tuple[SortOption, ...] = (
    relevance_sort("display_name", "id"),
    SortOption("name", _("Name"), ("display_name", "id")),
    SortOption("newest", _("Newest members"), ("-date_joined", "-id")),
)
#: What the people list's search box looks in: names and areas of expertise.
PEOPLE_SEARCH_FIELDS: tuple[str, ...] = ("display_name", "first_name", "last_name", "expertise__label")


@dataclass
class PeopleBrowse:
    page: Page
    facets: list[Facet]
    total: int


def people_browse(
    *, search: str, roles: Sequence[str], sort: SortOption, cursor: str | None, size: int = PAGE_SIZE
) -> PeopleBrowse:
    """Active people whose name or expertise has every word of ``search`` and who hold one of
    ``roles`` (slugs; none: any), with the roles counted over the people the search finds.
    Queries: the role counts, the total, the page, the cards' roles: 4 whatever the number of
    people. Raises InvalidCursor (a 400) before any of them."""
    if cursor:
        parse_cursor(cursor, model=User, ordering=sort.ordering)
    base = search_filter(User.objects.filter(is_active=True), search, fields=PEOPLE_SEARCH_FIELDS)
    through = User.roles.through
    role_rows = (
        through.objects.filter(user__in=base.values("pk"), term__vocabulary=Vocabulary.ROLE)
        .values("term__slug", "term__label", "term__labels", "term__position")
        .annotate(n=Count("*"))
        .order_by("term__position", "term__label")
    )
    rows = [(r["term__slug"], in_language(r["term__labels"], r["term__label"]), r["n"]) for r in role_rows]
    matching = base
    if roles:
        matching = base.filter(
            pk__in=through.objects.filter(term__vocabulary=Vocabulary.ROLE, term__slug__in=roles).values("user_id")
        )
    total = matching.count()
    page_rows = with_relevance(people().filter(pk__in=matching.values("pk")), search, title="display_name")
    page = keyset_page(page_rows, ordering=sort.ordering, cursor=cursor, size=size)
    labels = functools.partial(term_labels, Vocabulary.ROLE)
    return PeopleBrowse(page, [facet("role", _("Role"), rows, roles, labels=labels)], total)
