from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from translocal.accounts.models import User, person_name
from translocal.accounts.types import AnyUser
from translocal.core.listing import Facet, SortOption, facet, labelled_by, relevance_sort, search_filter, with_relevance
from translocal.core.locales import localized_country_name
from translocal.core.meta import column
from translocal.core.pagination import Page, keyset_page, parse_cursor
from translocal.core.prepared import PreparedQuery
from translocal.core.raw_rows import prepared_cursor
from translocal.core.translations import ORIGINAL as ORIGINAL
from translocal.core.translations import READER_TRANSLATION as READER_TRANSLATION
from translocal.core.translations import Reading, reading_of, with_reader_translation, with_translated_values
from translocal.core.translations import wanted_language as wanted_language

from . import maps
from .map_counts import PlaceCount, place_counts
from .models import Hub, HubMembership, Organisation, OrganisationTranslation, Place

PAGE_SIZE: int = getattr(settings, "PAGE_SIZE", 24)


def coordinated_hub_ids(user: User) -> set[int]:
    """Ids of the hubs the user coordinates (empty for anonymous users)."""
    if not user.is_authenticated:
        return set()
    cache_attr = "_coordinated_hub_ids"
    if not hasattr(user, cache_attr):
        ids = HubMembership.objects.filter(user=user, role=HubMembership.Role.COORDINATOR).values_list(
            "hub_id", flat=True
        )
        setattr(user, cache_attr, set(ids))
    return getattr(user, cache_attr)


def is_hub_coordinator(user: User, hub_id: int | None) -> bool:
    return hub_id is not None and hub_id in coordinated_hub_ids(user)


def coordinated_hubs_listing(user: AnyUser, organisation: Organisation) -> list[Hub]:
    """The hubs that list `organisation` and that `user` coordinates, by name (no query when the
    user coordinates no hub)."""
    if not user.is_authenticated:
        return []
    ids = coordinated_hub_ids(user)
    if not ids:
        return []
    return list(organisation.hubs.filter(pk__in=ids).order_by("name", "id"))


def hubs_with_place() -> QuerySet[Hub]:
    return Hub.objects.select_related("place").order_by("name")


# --- Pages --------------------------------------------------------------------------------
# Every function returns a queryset shaped for one page: its query count does not grow with rows.


def place_list() -> QuerySet[Place]:
    """Places with how many hubs each has (annotated, so the list costs one query)."""
    return Place.objects.annotate(hub_count=Count("hubs", distinct=True))


def place_page(*, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    return keyset_page(place_list(), ordering=("name", "id"), cursor=cursor, size=size)


def place_by_slug(*, slug: str) -> Place:
    return get_object_or_404(Place, slug=slug)


def hubs_in_place(*, place: Place) -> QuerySet[Hub]:
    return Hub.objects.filter(place=place).order_by("name")


def hubs_in_places(*, place_ids: Iterable[int]) -> QuerySet[Hub]:
    """The hubs of several places, with their place (one query)."""
    return Hub.objects.filter(place_id__in=list(place_ids)).select_related("place").order_by("name", "pk")


# --- Organisations as others list them ----------------------------------------------------------
# An unpublished organisation is listed nowhere: not on a place or hub page, not as a case's
# organiser, not on a member's profile or card, not in search. Every list of organisations
# goes through one of these, so a new page cannot forget the filter.


def listed_organisations() -> QuerySet[Organisation]:
    """The organisations any list may show (published ones)."""
    return Organisation.objects.filter(is_published=True)


def with_translated_names(queryset: QuerySet[Organisation], *, description: bool = False) -> QuerySet[Organisation]:
    """``queryset`` with each organisation's name (and ``description``) in the reader's language
    when it has a translation into it, read by ``Organisation.display_name`` and friends:
    correlated subqueries, so a list costs the same queries in every language."""
    return with_translated_values(queryset, ("name", "description") if description else ("name",))


def listed_organisations_prefetch(lookup: str = "organisations") -> Prefetch:
    """A Prefetch of a many-to-many to organisations that keeps only the listed ones, by name,
    for ``prefetch_related`` (a case's organisers: ``Prefetch("organisations", ...)``), with
    their names in the reader's language."""
    return Prefetch(lookup, queryset=with_translated_names(listed_organisations()).order_by("name", "id"))


#: The name under which ``with_listed_organisation`` puts a person's organisation.
LISTED_ORGANISATION = "listed_organisation"


def with_listed_organisation(queryset: QuerySet, field: str = "organisation") -> QuerySet:
    """``queryset`` (of rows with a foreign key ``field`` to Organisation) with the organisation
    joined as ``listed_organisation``: the organisation when it is published, None otherwise
    (one LEFT JOIN, no extra query), and its name in the reader's language, when it has a
    translation into it, as ``listed_organisation_name`` (a correlated subquery)."""
    return queryset.annotate(
        **{LISTED_ORGANISATION: FilteredRelation(field, condition=Q(**{f"{field}__is_published": True}))},
        **{f"{LISTED_ORGANISATION}_name": Subquery(
            OrganisationTranslation.objects.filter(organisation=OuterRef(field), language=_reader_language())
            .values("name")[:1]
        )},
    ).select_related(LISTED_ORGANISATION)


def _reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).lower()


def organisations_for_choice(*, keep: Iterable[int] | QuerySet = ()) -> QuerySet[Organisation]:
    """The organisations a form may offer: the listed ones, plus those in ``keep`` (pks, or a
    queryset of them, of what the row already points at: saving a form never drops an
    unpublished one silently, and nobody else is offered its name)."""
    return Organisation.objects.filter(Q(is_published=True) | Q(pk__in=keep)).order_by("name")


def organisations_in_place(*, place: Place, limit: int = 20) -> list[Organisation]:
    """The listed organisations at ``place`` by name, their names in the reader's language (one
    query, prepared once per process, language and limit: core.prepared)."""
    return _organisations_in_place(place.pk, limit=limit)


_organisations_in_place = PreparedQuery(
    Organisation,
    lambda place_id, *, limit: with_translated_names(listed_organisations().filter(place_id=place_id)).order_by(
        "name"
    )[:limit],
)


def organisations_of_hub(*, hub: Hub) -> list[Organisation]:
    """The listed organisations of ``hub`` by name, their names in the reader's language (one
    query, prepared: core.prepared)."""
    return _organisations_of_hub(hub.pk)


_organisations_of_hub = PreparedQuery(
    Organisation,
    lambda hub_id: with_translated_names(listed_organisations().filter(hubs=hub_id)).order_by("name"),
)


#: How many places the home page lists with their hubs.
HOME_PLACES_LIMIT = 12


def places_with_hubs(*, limit: int = HOME_PLACES_LIMIT) -> list[Place]:
    """Places that have hubs, busiest first, each with its hubs in ``hub_list`` (busiest, then
    by name) and what the home page shows of them (HOME_PLACE_FIELDS, HOME_HUB_FIELDS): two
    queries, both prepared once per process (core.prepared). ``home_ranking`` gives the same
    order."""
    return _places_with_hubs(limit=limit)


#: What the home page's places and hubs show: a place's name, address and country; a hub's
#: name, address and member count.
HOME_PLACE_FIELDS: tuple[str, ...] = ("id", "name", "slug", "country")
HOME_HUB_FIELDS: tuple[str, ...] = ("id", "place", "name", "slug", "member_count")

_places_with_hubs = PreparedQuery(
    Place,
    lambda *, limit: Place.objects.only(*HOME_PLACE_FIELDS)
    .annotate(hub_members=Sum("hubs__member_count"), hub_count=Count("hubs"))
    .filter(hub_count__gt=0)
    .order_by("-hub_members", "name", "pk")
    .prefetch_related(
        Prefetch(
            "hubs",
            queryset=Hub.objects.only(*HOME_HUB_FIELDS).order_by("-member_count", "name", "pk"),
            to_attr="hub_list",
        )
    )[:limit],
)


def home_ranking(*, limit: int = HOME_PLACES_LIMIT) -> list[tuple[int, int]]:
    """``(place id, hub id)`` of the hubs ``places_with_hubs(limit=limit)`` shows, in its order
    (places by their hubs' members, then name; each place's hubs by members, then name), in one
    query: what a join or a leave compares before and after to know whether the home page's
    order moved (places.membership_caching.RANKING_VERSION)."""
    using = router.db_for_read(Hub)
    sql, params = _home_ranking_sql(using)
    with prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    shown: list[tuple[int, int]] = []
    places: set[int] = set()
    for place_id, hub_id in rows:
        if place_id not in places:
            if len(places) == limit:
                break
            places.add(place_id)
        shown.append((place_id, hub_id))
    return shown


@cache
def _home_ranking_sql(using: str) -> tuple[str, tuple[Any, ...]]:
    """The statement of ``home_ranking`` (it has no values of its own), compiled once per
    database: building and compiling its subquery cost more than the database's answer, twice
    in every join and leave."""
    place_members = (
        Hub.objects.filter(place_id=OuterRef("place_id"))
        .order_by()
        .values("place_id")
        .annotate(total=Sum("member_count"))
        .values("total")
    )
    rows = (
        Hub.objects.annotate(place_members=Subquery(place_members))
        .order_by("-place_members", "place__name", "place_id", "-member_count", "name", "pk")
        .values_list("place_id", "pk")
    )
    sql, params = rows.query.get_compiler(using=using).as_sql()
    return sql, tuple(params)


def hub_list() -> QuerySet[Hub]:
    return Hub.objects.select_related("place")


def hub_page(*, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    return keyset_page(hub_list(), ordering=("name", "id"), cursor=cursor, size=size)


def hub_by_slug(*, slug: str) -> Hub:
    """The hub at ``slug`` with its place (one query, prepared: core.prepared). Raises Http404."""
    found = _hub_by_slug(slug)
    if not found:
        raise Http404("No Hub matches the given query.")
    return found[0]


_hub_by_slug = PreparedQuery(Hub, lambda slug: Hub.objects.select_related("place").filter(slug=slug))


#: What a hub's list of people shows of each membership (places/_member.html): the role, the
#: person's name, profile address and place; not their password, bio or e-mail.
MEMBER_LIST_FIELDS: tuple[str, ...] = (
    "id", "hub_id", "role", "joined_at", "user__id", "user__username", "user__display_name", "user__first_name",
    "user__last_name", "user__place__id", "user__place__name", "user__place__slug",
)


#: How many members (besides every coordinator) a hub's page lists, longest-standing first.
HUB_MEMBERS_LIMIT = 100


def hub_members(*, hub: Hub, limit: int | None = None) -> dict[str, list[HubMembership]]:
    """Coordinators (all of them) and the longest-standing members (up to `limit`, by default
    HUB_MEMBERS_LIMIT), with the fields the list shows (MEMBER_LIST_FIELDS; about half the time
    of whole rows)."""
    limit = HUB_MEMBERS_LIMIT if limit is None else limit
    base = (
        HubMembership.objects.filter(hub=hub)
        .select_related("user", "user__place")
        .only(*MEMBER_LIST_FIELDS)
        .order_by("joined_at", "id")
    )
    coordinators = list(base.filter(role=HubMembership.Role.COORDINATOR))
    members = list(base.filter(role=HubMembership.Role.MEMBER)[:limit])
    return {"coordinators": coordinators, "members": members}


def hub_member_ids(*, hub: Hub, limit: int | None = None) -> tuple[list[int], list[int]]:
    """The ids of the memberships ``hub_members`` lists, in its order: its coordinators' and its
    first ``limit`` members' (one plain statement, ids only: what a hub's page reads to know
    which rows it shows; the ORM's building and compiling of it cost more than the statement)."""
    limit = HUB_MEMBERS_LIMIT if limit is None else limit
    coordinator, member = HubMembership.Role.COORDINATOR.value, HubMembership.Role.MEMBER.value
    using = router.db_for_read(HubMembership)
    with connections[using].cursor() as cursor:
        cursor.execute(_member_ids_sql(using), [hub.pk, coordinator, hub.pk, member, limit])
        rows = cursor.fetchall()
    coordinators: list[int] = []
    members: list[int] = []
    for pk, role in rows:
        (coordinators if role == coordinator else members).append(pk)
    return coordinators, members


@cache
def _member_ids_sql(using: str) -> str:
    """(id, role) of a hub's coordinators and its first members by (joined_at, id), in that
    order: parameters hub, the coordinator role, hub, the member role, how many members."""
    qn = connections[using].ops.quote_name
    table = qn(HubMembership._meta.db_table)
    hub, role, joined = (qn(column(HubMembership, name)) for name in ("hub", "role", "joined_at"))
    return (
        f"SELECT m.{qn('id')}, m.{role} FROM {table} m WHERE m.{hub} = %s AND (m.{role} = %s OR m.{qn('id')} IN "  # noqa: S608
        f"(SELECT f.{qn('id')} FROM {table} f WHERE f.{hub} = %s AND f.{role} = %s "
        f"ORDER BY f.{joined}, f.{qn('id')} LIMIT %s)) ORDER BY m.{joined}, m.{qn('id')}"
    )


#: What a hub page's row shows of a person: (username, name as ``User.name`` gives it, their
#: place's name or None).
MemberNames = tuple[str, str, str | None]


def hub_member_names_by_id(ids: Iterable[int]) -> dict[int, MemberNames]:
    """What the rows of the memberships ``ids`` show ({id: (username, name, place name or
    None)}; an id with no membership is left out): the name by ``accounts.models.person_name``,
    as ``User.name`` gives it. One plain statement and no model instances: a cold hub page reads
    a hundred, and building a membership, its user and their place for each (``raw_rows``, as
    ``select_related`` would) cost more than writing the rows."""
    wanted = list(ids)
    if not wanted:
        return {}
    using = router.db_for_read(HubMembership)
    with connections[using].cursor() as cursor:
        cursor.execute(_member_names_sql(using, len(wanted)), wanted)
        rows = cursor.fetchall()
    return {
        pk: (
            username,
            person_name(username=username, first_name=first, last_name=last, display_name=display),
            place_name,
        )
        for pk, username, first, last, display, place_name in rows
    }


@cache
def _member_names_sql(using: str, count: int) -> str:
    """(membership id, username, first name, last name, display name, place name) of ``count``
    memberships by id."""
    qn = connections[using].ops.quote_name
    member, user, place = (qn(model._meta.db_table) for model in (HubMembership, User, Place))
    names = ", ".join(f"u.{qn(column(User, name))}" for name in ("username", "first_name", "last_name", "display_name"))
    return (
        f"SELECT m.{qn('id')}, {names}, p.{qn(column(Place, 'name'))} "  # noqa: S608 - model names
        f"FROM {member} m INNER JOIN {user} u ON u.{qn('id')} = m.{qn(column(HubMembership, 'user'))} "
        f"LEFT OUTER JOIN {place} p ON p.{qn('id')} = u.{qn(column(User, 'place'))} "
        f"WHERE m.{qn('id')} IN ({', '.join(['%s'] * count)})"
    )


def unlisted_on_hub_page(*, hub: Hub, membership: HubMembership) -> bool:
    """Whether the hub's page (``hub_members``: joined_at, then id) leaves ``membership`` out of
    its list with at least one other member left out before it, so that its coming or going
    changes only the number of "And N more members." (never to 0): one query. False for a
    coordinator (all are listed)."""
    if membership.role != HubMembership.Role.MEMBER:
        return False
    earlier = HubMembership.objects.filter(hub=hub, role=HubMembership.Role.MEMBER).filter(
        Q(joined_at__lt=membership.joined_at) | Q(joined_at=membership.joined_at, pk__lt=membership.pk)
    )
    return earlier.count() > HUB_MEMBERS_LIMIT


def hub_coordinators(*, hub_id: int) -> list[User]:
    """The active people who coordinate the hub ``hub_id`` (one query)."""
    return list(
        User.objects.filter(
            is_active=True, hub_memberships__hub_id=hub_id, hub_memberships__role=HubMembership.Role.COORDINATOR
        ).order_by("pk")
    )


def membership_of(*, hub: Hub, user: AnyUser) -> HubMembership | None:
    if not user.is_authenticated:
        return None
    return HubMembership.objects.filter(hub=hub, user=user).first()


def memberships_of_user(*, user: User) -> list[HubMembership]:
    """The person's hub memberships with their hubs and the hubs' places, by hub name (one
    query, prepared once per process: core.prepared)."""
    return _memberships_of_user(user.pk)


_memberships_of_user = PreparedQuery(
    HubMembership,
    lambda user_id: HubMembership.objects.filter(user_id=user_id)
    .select_related("hub", "hub__place")
    .order_by("hub__name"),
)


def organisation_list() -> QuerySet[Organisation]:
    return with_translated_names(listed_organisations(), description=True).select_related("place")


def organisation_page(*, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    return keyset_page(organisation_list(), ordering=("name", "id"), cursor=cursor, size=size)


def organisation_by_slug(*, slug: str, user: AnyUser, language: str | None = None) -> Organisation:
    """Fetch-and-check: an unpublished organisation is a 404 for whoever may not see it
    (permissions.can_view_organisation: staff, its creator, coordinators of a hub listing it).

    ``language``: the organisation's translation into it, if any, is joined to the same query
    as ``reader_translation`` (with its translator), so the page costs the same queries in
    every language; ``organisation_reading`` reads it."""
    from .permissions import can_view_organisation  # permissions reads selectors

    queryset = Organisation.objects.select_related("place", "created_by")
    if language:
        queryset = with_reader_translation(queryset, language)
    org = get_object_or_404(queryset, slug=slug)
    if not can_view_organisation(user, org):
        raise Http404("No such organisation")
    return org


#: What a reader is shown of an organisation, original or translated.
READING_FIELDS = ("name", "description")


def organisation_reading(organisation: Organisation, *, original_asked: bool = False) -> Reading:
    """What to show of ``organisation`` (read by organisation_by_slug with a language): its
    translation when there is one and the original was not asked for, else the original."""
    return reading_of(organisation, READING_FIELDS, original_asked=original_asked)


def hubs_of_organisation(*, organisation: Organisation) -> list[Hub]:
    return list(organisation.hubs.select_related("place").order_by("name"))


def people_of_organisation(*, organisation: Organisation, limit: int = 50) -> list[User]:
    return list(
        User.objects.filter(organisation=organisation, is_active=True)
        .select_related("place")
        .order_by("display_name", "id")[:limit]
    )


def network_totals() -> dict[str, int]:
    """Hubs, their members and the places they are in: {"hubs", "members", "places", "last"
    (the newest hub's id)}, 0 where there is no hub; one plain statement (an ORM aggregate was
    built and compiled on every cold home page)."""
    using = router.db_for_read(Hub)
    qn = connections[using].ops.quote_name
    members, place = qn(column(Hub, "member_count")), qn(column(Hub, "place"))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM({members}), COUNT(DISTINCT {place}), MAX({qn('id')}) "  # noqa: S608 - model names
            f"FROM {qn(Hub._meta.db_table)}"
        )
        row = cursor.fetchone()
    return {key: int(value or 0) for key, value in zip(("hubs", "members", "places", "last"), row, strict=True)}


# --- Browsing the place and organisation lists (core.listing) ---------------------------------


@dataclass
class Browse:
    """One page of a list with its facets and the number of rows matching (all pages)."""

    page: Page
    facets: list[Facet]
    total: int


PLACE_SORTS: tuple[SortOption, ...] = (
    relevance_sort("name", "id"),
    SortOption("name", _("Name"), ("name", "id")),
)
ORGANISATION_SORTS: tuple[SortOption, ...] = (
    relevance_sort("name", "id"),
    SortOption("name", _("Name"), ("name", "id")),
    SortOption("newest", _("Newest"), ("-created_at", "-id")),
)
PLACE_FILTERS: tuple[str, ...] = ("country", "kind", "hub")
ORGANISATION_FILTERS: tuple[str, ...] = ("kind", "country")
HAS_HUB = "yes"


def _others(conditions: dict[str, Q], name: str) -> list[Q]:
    return [q for key, q in conditions.items() if key != name]


def _column_rows(queryset: QuerySet, column: str, labeller: Any) -> list[tuple[str, Any, int]]:
    rows = queryset.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True}).values(column)
    rows = rows.annotate(n=Count("id")).order_by("-n", column)
    return [(row[column], labeller(row[column]), row["n"]) for row in rows]


def place_browse(
    *, search: str, filters: Mapping[str, Sequence[str]], sort: SortOption, cursor: str | None, size: int = PAGE_SIZE
) -> Browse:
    """Places matching the search text (name, other names or region) and the filters (country, kind, has a
    hub; values of one filter are alternatives, filters combine), each facet counted over the
    places matching the others. Queries: one per facet (3), the total, the page: 5 whatever the
    number of places. Raises InvalidCursor (a 400) before any of them."""
    if cursor:
        parse_cursor(cursor, model=Place, ordering=sort.ordering)
    base = search_filter(Place.objects.all(), search, fields=("name", "alternative_names", "region"))
    has_hub = Exists(Hub.objects.filter(place=OuterRef("pk")))
    conditions: dict[str, Q] = {}
    if filters.get("country"):
        conditions["country"] = Q(country__in=filters["country"])
    if filters.get("kind"):
        conditions["kind"] = Q(kind__in=filters["kind"])
    if HAS_HUB in filters.get("hub", []):
        conditions["hub"] = Q(has_hub)
    kinds = dict(Place.Kind.choices)
    facets = [
        facet(
            "country",
            _("Country"),
            _column_rows(base.filter(*_others(conditions, "country")), "country", localized_country_name),
            filters.get("country", []),
            labels=labelled_by(localized_country_name),
        ),
        facet(
            "kind",
            _("Type of place"),
            _column_rows(base.filter(*_others(conditions, "kind")), "kind", lambda v: kinds.get(v, v)),
            filters.get("kind", []),
            labels=labelled_by(lambda v: kinds.get(v, v)),
        ),
        facet(
            "hub",
            _("Hubs"),
            [(HAS_HUB, _("Has a hub"), base.filter(*_others(conditions, "hub")).filter(has_hub).count())],
            [v for v in filters.get("hub", []) if v == HAS_HUB],
        ),
    ]
    matching = base.filter(*conditions.values())
    total = matching.count()
    rows = with_relevance(place_list().filter(pk__in=matching.values("pk")), search, title="name")
    return Browse(keyset_page(rows, ordering=sort.ordering, cursor=cursor, size=size), facets, total)


def organisation_browse(
    *, search: str, filters: Mapping[str, Sequence[str]], sort: SortOption, cursor: str | None, size: int = PAGE_SIZE
) -> Browse:
    """Listed organisations matching the search text (name or description, as written) and
    the filters (kind, the country of their place), each facet counted over the organisations
    matching the other. Queries: one per facet (2), the total, the page: 4."""
    if cursor:
        parse_cursor(cursor, model=Organisation, ordering=sort.ordering)
    base = search_filter(listed_organisations(), search, fields=("name", "description"))
    conditions: dict[str, Q] = {}
    if filters.get("kind"):
        conditions["kind"] = Q(kind__in=filters["kind"])
    if filters.get("country"):
        conditions["country"] = Q(place__country__in=filters["country"])
    kinds = dict(Organisation.Kind.choices)
    facets = [
        facet(
            "kind",
            _("Type of organisation"),
            _column_rows(base.filter(*_others(conditions, "kind")), "kind", lambda v: kinds.get(v, v)),
            filters.get("kind", []),
            labels=labelled_by(lambda v: kinds.get(v, v)),
        ),
        facet(
            "country",
            _("Country"),
            _column_rows(base.filter(*_others(conditions, "country")), "place__country", localized_country_name),
            filters.get("country", []),
            labels=labelled_by(localized_country_name),
        ),
    ]
    matching = base.filter(*conditions.values())
    total = matching.count()
    rows = with_relevance(organisation_list().filter(pk__in=matching.values("pk")), search, title="name")
    return Browse(keyset_page(rows, ordering=sort.ordering, cursor=cursor, size=size), facets, total)


# --- The map of places ----------------------------------------------------------------------------


@dataclass
class MappedPlace:
    """One row of the map's table and, when it has coordinates, one dot of the map."""

    pk: int
    name: str
    url: str
    country: str
    latitude: float | None
    longitude: float | None
    hubs: int
    #: The registered counts (places.map_counts), in their order: [(PlaceCount, n), ...].
    counts: list[tuple[PlaceCount, int]]
    dot: maps.Dot | None = None

    @property
    def country_name(self) -> str:
        return localized_country_name(self.country)

    @property
    def weight(self) -> int:
        return self.hubs + sum(n for _count, n in self.counts)

    @property
    def accessible_name(self) -> str:
        """"Barcelona, Spain: 12 cases, 1 hub", in the active language."""
        parts = [count.describe(n) for count, n in self.counts if n]
        if self.hubs:
            parts.append(ngettext("%(count)s hub", "%(count)s hubs", self.hubs) % {"count": self.hubs})
        return _("%(place)s, %(country)s: %(what)s") % {
            "place": self.name, "country": self.country_name, "what": ", ".join(parts),
        }


@dataclass
class PlaceMap:
    places: list[MappedPlace]
    columns: list[PlaceCount]
    graticule: list[str]
    width: float = maps.WIDTH
    height: float = maps.HEIGHT

    @property
    def dots(self) -> list[MappedPlace]:
        """The places with coordinates, lightest first (the heaviest are drawn on top)."""
        drawn = [p for p in self.places if p.dot is not None]
        return sorted(drawn, key=lambda p: (p.weight, -p.pk))


def place_map() -> PlaceMap:
    """Every place with a hub or anything a registered counter counts (published cases), with
    those counts, laid out on the map when it has coordinates; ordered by name for the table.
    Queries: one per registered count, one for the hubs, one for the places."""
    columns = place_counts()
    counted = {column.key: column.count() for column in columns}
    hubs = dict(Hub.objects.order_by().values_list("place_id").annotate(n=Count("id")))
    ids = set(hubs).union(*(set(c) for c in counted.values()))
    rows = Place.objects.filter(pk__in=ids).order_by("name", "pk").only(
        "id", "name", "slug", "country", "latitude", "longitude"
    )
    places = [
        MappedPlace(
            pk=p.pk, name=p.name, url=p.get_absolute_url(), country=p.country, latitude=p.latitude,
            longitude=p.longitude, hubs=hubs.get(p.pk, 0),
            counts=[(column, counted[column.key].get(p.pk, 0)) for column in columns],
        )
        for p in rows
    ]
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    by_pk = {p.pk: p for p in located}
    names = {p.pk: p.name for p in located}
    for dot in maps.lay_out(((p.pk, p.latitude, p.longitude, p.weight) for p in located), names):  # type: ignore[misc]
        by_pk[dot.key].dot = dot
    return PlaceMap(places=places, columns=columns, graticule=maps.graticule())
