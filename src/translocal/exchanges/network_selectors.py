"""Reads for the network view: who visited whom, how often and on which strands.

A visit is an accepted registration of a member whose home place is known (the place on their
profile, else their organisation's place) to an exchange hosted in another place: delegates'
home place → host place. Guests registered by name have no home place and are not drawn.
Only published exchanges the viewer may see count (``permissions.visible_exchanges_q``), so an
anonymous visitor's figures include public exchanges only; cancelled exchanges and drafts never
count. Four queries, whatever the number of exchanges and delegates; the view keeps the result
in the cache under the content version (``cached_network``), so a repeated view costs none."""

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser
from translocal.core.caching import cached_value
from translocal.core.expressions import InSubquery
from translocal.core.prepared import PreparedQuery
from translocal.places.models import Place

from . import network
from .models import Exchange, Lesson, Registration, Strand
from .permissions import public_journey_items_q, visible_exchanges_q
from .selectors import SECTION_FIELDS

THEME_MAX_LENGTH = 150
#: The busiest routes drawn and listed (a page stays readable and fast at thousands of
#: exchanges; the filters narrow it down), and the exchanges named per route.
MAX_ROUTES = 150
EXCHANGES_PER_ROUTE = 5


@dataclass(frozen=True)
class NetworkFilters:
    """``year`` (the year an exchange starts in) and ``theme`` (a strand's title, exactly)."""

    year: int | None = None
    theme: str = ""

    @property
    def active(self) -> bool:
        return self.year is not None or bool(self.theme)


def parse_network_filters(params: Any) -> NetworkFilters:
    """From a QueryDict; a year that is not a plausible year is dropped."""
    raw_year = (params.get("year") or "").strip()
    year = int(raw_year) if raw_year.isdigit() and 1900 <= int(raw_year) <= 2200 else None
    return NetworkFilters(year=year, theme=(params.get("theme") or "").strip()[:THEME_MAX_LENGTH])


#: Stands for the slug in a URL reversed once, so thousands of links cost a string replace each.
_SLUG = "__slug__"


@dataclass
class NetworkExchange:
    pk: int
    title: str
    slug: str
    starts_on: dt.date
    place_id: int | None
    strands: list[str] = field(default_factory=list)
    url: str = ""


@dataclass
class NetworkPlace:
    pk: int
    name: str
    slug: str
    country: str
    latitude: float | None
    longitude: float | None
    hosted: list[NetworkExchange] = field(default_factory=list)
    delegates_sent: int = 0
    delegates_received: int = 0
    x: float | None = None
    y: float | None = None
    radius: float = 4.0
    url: str = ""

    @property
    def drawn(self) -> bool:
        return self.x is not None

    label_left: bool = False  # the name is written left of the circle (a neighbour's is on the right)
    label_dy: float = 4.0

    @property
    def label_x(self) -> float:
        """Where its name is anchored on the map: beside its circle."""
        side = -1 if self.label_left else 1
        return round((self.x or 0.0) + side * (self.radius + 4), 1)


@dataclass
class NetworkLink:
    """Delegates from ``source`` who took part in exchanges hosted in ``target``."""

    source: NetworkPlace
    target: NetworkPlace
    delegates: int = 0
    exchanges: list[NetworkExchange] = field(default_factory=list)
    path: str = ""
    width: float = 1.5
    #: Filled in by ``summarise`` for the routes shown (the template reads, never computes).
    strands: list[str] = field(default_factory=list)
    latest_exchanges: list[NetworkExchange] = field(default_factory=list)
    more_exchanges: int = 0

    def summarise(self) -> None:
        """Its strands (of every exchange on the route), its latest ``EXCHANGES_PER_ROUTE``
        exchanges for the table, and how many more there are."""
        self.strands = sorted({title for exchange in self.exchanges for title in exchange.strands}, key=str.casefold)
        latest = sorted(self.exchanges, key=lambda e: (e.starts_on, e.pk), reverse=True)
        self.latest_exchanges = latest[:EXCHANGES_PER_ROUTE]
        self.more_exchanges = max(0, len(self.exchanges) - EXCHANGES_PER_ROUTE)

    @property
    def drawn(self) -> bool:
        return self.source.drawn and self.target.drawn


@dataclass
class Network:
    filters: NetworkFilters
    exchanges: list[NetworkExchange]
    places: list[NetworkPlace]
    links: list[NetworkLink]
    years: list[int]
    themes: list[str]
    graticule: list[str]
    #: Routes between places in all (``links`` holds the busiest ``MAX_ROUTES``).
    route_count: int = 0
    width: float = network.WIDTH
    height: float = network.HEIGHT

    @property
    def drawn_places(self) -> list[NetworkPlace]:
        return [p for p in self.places if p.drawn]

    @property
    def drawn_links(self) -> list[NetworkLink]:
        return [link for link in self.links if link.drawn]

    @property
    def undrawn_places(self) -> list[NetworkPlace]:
        return [p for p in self.places if not p.drawn]

    delegates: int = 0  # visiting delegates on every route, not only those shown


def _counted_exchanges(viewer: AnyUser) -> QuerySet[Exchange]:
    return Exchange.objects.filter(visible_exchanges_q(viewer), status=Exchange.Status.PUBLISHED)


def _accepted_with_home(**filters: Any) -> QuerySet[Any]:
    """Accepted registrations annotated with the delegate's ``home_id`` (their profile's place,
    else their organisation's; None for guests), filtered by ``filters`` (which may use it)."""
    return (
        Registration.objects.filter(status=Registration.Status.ACCEPTED)
        .annotate(home_id=Coalesce("user__place_id", "user__organisation__place_id"))
        .filter(**filters)
    )


def public_exchanges_attended_from_place(*, place: Place, limit: int) -> list[Exchange]:
    """Published public exchanges hosted elsewhere that delegates from ``place`` took part in,
    latest first, each with ``delegates_from_place``. One query (for the place page's section,
    rendered for everyone alike: public exchanges only), prepared once per process
    (core.prepared: building and compiling it was 8 of its 10 ms of CPU).

    A delegate is from the place when their profile's place is it, or they have none and their
    organisation's is (``_accepted_with_home``'s home): both sides in one indexed
    ``IN (... UNION ALL ...)``, so the exchanges are found from the place's people and counted
    for those few, not for every public exchange with two joins a registration (8 ms against 1
    on the bench data, SQLite). As two ``IN``s joined by OR, PostgreSQL scanned the
    registrations: 10-14 ms against 1.6-4.3 (EXPLAIN ANALYZE, four places). The exchanges are
    the ids of the people's accepted registrations to public exchanges, counted in a correlated
    subquery. With the public exchanges' conditions on the outer statement, SQLite's planner
    (with the statistics a migrate gathers) read every public exchange through its status index
    and tested each against the ids (3.2-5.2 ms on the bench data, and 23-30 ms with the
    registrations joined and grouped instead); with them inside the subquery it looks the ids up
    (0.55-0.6 ms)."""
    return _attended_from_place(place.pk, limit=limit)


def _exchanges_attended_from(place_id: int, *, limit: int) -> QuerySet[Exchange]:
    by_organisation = User.objects.filter(place__isnull=True, organisation__place_id=place_id)
    people_here = (
        User.objects.filter(place_id=place_id).order_by().values("pk")
        .union(by_organisation.order_by().values("pk"), all=True)
    )
    # The place's people found once a statement (InSubquery), whatever the planner's statistics;
    # which exchanges are public is asked inside the registrations' subquery, so the outer
    # statement has only the ids to look up (see the docstring).
    public = Exists(_counted_exchanges(AnonymousUser()).filter(pk=OuterRef("pk")))
    return (
        Exchange.objects.exclude(place_id=place_id)
        .filter(public)
        .filter(InSubquery("registrations__user_id", people_here), registrations__status=Registration.Status.ACCEPTED)
        .annotate(delegates_from_place=Count("registrations"))
        .select_related("place")
        .only(*SECTION_FIELDS)
        .order_by("-starts_on", "-id")[:limit]
    )


_attended_from_place = PreparedQuery(Exchange, _exchanges_attended_from)


def public_lessons_from_place(*, place: Place, limit: int) -> list[Lesson]:
    """Public lessons (of public exchanges) that delegates from elsewhere took from ``place``:
    the lesson names the place as its source, or came from an exchange hosted there. Newest
    first, with their exchange. One query, prepared once per process (core.prepared); never a
    private or participants-only lesson.

    The two sources are one ``pk IN (... UNION ALL ...)``, each read from its index (lessons by
    place, exchanges by place and their lessons): written as one OR over the joined rows, the
    planner walked every lesson of every public exchange instead (21 ms against 1 on the bench
    data, SQLite); as two ``IN``s joined by OR, PostgreSQL misjudged how many lessons pass (8,746
    against 154 for Accra) and scanned every lesson and every registration (13-15 ms against
    0.5-2 ms on the bench data)."""
    return _lessons_from_place(place.pk, limit=limit)


def _lessons_taken_from(place_id: int, *, limit: int) -> QuerySet[Lesson]:
    named_here = Lesson.objects.filter(place_id=place_id).order_by().values("pk")
    hosted_here = Lesson.objects.filter(exchange__place_id=place_id).order_by().values("pk")
    return (
        Lesson.objects.filter(public_journey_items_q())  # shared_journey_items_q of an anonymous reader
        .filter(InSubquery("pk", named_here.union(hosted_here, all=True)))  # once a statement, whatever the statistics
        .exclude(registration__user__place_id=place_id)
        .select_related("exchange")
        .only("id", "title", "exchange", "exchange__title", "exchange__slug")  # what the place page shows
        .order_by("-created_at", "-id")[:limit]
    )


_lessons_from_place = PreparedQuery(Lesson, _lessons_taken_from)


def network_graph(*, viewer: AnyUser, filters: NetworkFilters) -> Network:
    """The places, visits and filter choices of the network view for ``viewer``. Four queries:
    every exchange the viewer may count (the years to filter by are read off them), their
    strands (the themes likewise), the visits of the chosen ones (accepted delegates by
    exchange and home place, counted in the database: one aggregated query), and the places.
    The year and theme filters are applied to the rows already read."""
    base = _counted_exchanges(viewer)
    rows = list(base.order_by("starts_on", "id").values_list("id", "title", "slug", "starts_on", "place_id"))
    strand_rows = list(
        Strand.objects.filter(exchange_id__in=base.values("id"))
        .order_by("position", "id")
        .values_list("exchange_id", "title")
    )
    years = sorted({starts_on.year for _, _, _, starts_on, _ in rows if starts_on is not None}, reverse=True)
    themes = sorted({title for _, title in strand_rows})
    exchange_url = reverse("exchanges:exchange-detail", kwargs={"slug": _SLUG})
    themed = {exchange_id for exchange_id, title in strand_rows if title == filters.theme} if filters.theme else None
    exchanges: dict[int, NetworkExchange] = {}
    for pk, title, slug, starts_on, place_id in rows:
        if filters.year is not None and (starts_on is None or starts_on.year != filters.year):
            continue
        if themed is not None and pk not in themed:
            continue
        exchanges[pk] = NetworkExchange(
            pk=pk, title=title, slug=slug, starts_on=starts_on, place_id=place_id,
            url=exchange_url.replace(_SLUG, slug),
        )
    for exchange_id, title in strand_rows:
        if exchange_id in exchanges:
            exchanges[exchange_id].strands.append(title)
    chosen = base
    if filters.year is not None:
        chosen = chosen.filter(
            starts_on__gte=dt.date(filters.year, 1, 1), starts_on__lt=dt.date(filters.year + 1, 1, 1)
        )
    if filters.theme:
        chosen = chosen.filter(pk__in=Strand.objects.filter(title=filters.theme).values("exchange_id"))
    visits = list(
        _accepted_with_home(exchange_id__in=chosen.values("id"), home_id__isnull=False)
        .values("exchange_id", "home_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("exchange_id", "home_id", "n")
    )
    place_ids = {e.place_id for e in exchanges.values() if e.place_id is not None} | {home for _, home, _ in visits}
    place_url = reverse("places:place-detail", kwargs={"slug": _SLUG})
    places = {
        p.pk: NetworkPlace(
            pk=p.pk, name=p.name, slug=p.slug, country=p.country, latitude=p.latitude, longitude=p.longitude,
            url=place_url.replace(_SLUG, p.slug),
        )
        for p in Place.objects.filter(pk__in=place_ids).only("id", "name", "slug", "country", "latitude", "longitude")
    }
    for hosted in exchanges.values():
        if hosted.place_id in places:
            places[hosted.place_id].hosted.append(hosted)
    # Routes are summed over plain tuples (thousands at a network's size); only the routes shown
    # become NetworkLink objects.
    delegates: dict[tuple[int, int], int] = {}
    route_exchanges: dict[tuple[int, int], list[int]] = {}
    for exchange_id, home_id, n in visits:
        exchange = exchanges.get(exchange_id)
        host = exchange.place_id if exchange is not None else None
        if host is None or host == home_id or host not in places or home_id not in places:
            continue  # people taking part at home are not a visit
        key = (home_id, host)
        delegates[key] = delegates.get(key, 0) + n
        route_exchanges.setdefault(key, []).append(exchange_id)
        places[home_id].delegates_sent += n
        places[host].delegates_received += n
    names = {pk: place.name.casefold() for pk, place in places.items()}
    busiest = heapq.nsmallest(MAX_ROUTES, delegates, key=lambda k: (-delegates[k], names[k[0]], names[k[1]]))
    shown = []
    for home_id, host in busiest:
        link = NetworkLink(
            source=places[home_id],
            target=places[host],
            delegates=delegates[(home_id, host)],
            exchanges=[exchanges[pk] for pk in route_exchanges[(home_id, host)]],
        )
        link.summarise()
        shown.append(link)
    frame = _lay_out(places.values(), shown)
    return Network(
        route_count=len(delegates),
        delegates=sum(delegates.values()),
        filters=filters,
        exchanges=list(exchanges.values()),
        places=sorted(places.values(), key=lambda p: p.name.casefold()),
        links=shown,
        years=years,
        themes=themes,
        graticule=network.graticule(frame),
    )


def _lay_out(places: Iterable[NetworkPlace], links: Iterable[NetworkLink]) -> network.Frame:
    """Project the places that have coordinates, size them and draw the arcs between them;
    the frame that fits them."""
    located = [(p, p.latitude, p.longitude) for p in places if p.latitude is not None and p.longitude is not None]
    frame = network.fit_frame((lat, lon) for _, lat, lon in located)
    most_weight = max((len(p.hosted) + p.delegates_sent for p, _, _ in located), default=0)
    links = list(links)
    for place, lat, lon in located:
        place.x, place.y = frame.point(lat, lon)
        place.radius = network.node_radius(len(place.hosted) + place.delegates_sent, most_weight)
    _place_labels([place for place, _, _ in located])
    most_delegates = max((link.delegates for link in links), default=0)
    for link in links:
        source, target = link.source, link.target
        if source.x is not None and source.y is not None and target.x is not None and target.y is not None:
            link.path = network.arc_path((source.x, source.y), (target.x, target.y), gap=target.radius + 2)
            link.width = network.stroke_width(link.delegates, most_delegates)
    return frame


def _place_labels(places: list[NetworkPlace]) -> None:
    """Keep neighbouring names apart: a name that would overlap one already placed goes to the
    left of its circle, then above or below it (an estimate of each name's box, in the
    drawing's units: 8 units a letter, 16 high)."""
    boxes: list[tuple[float, float, float, float]] = []
    for place in sorted(places, key=lambda p: (p.x or 0.0, p.y or 0.0)):
        width = 8.0 * len(place.name)
        x, y = place.x or 0.0, place.y or 0.0
        options = [(False, 4.0), (True, 4.0), (False, -12.0), (False, 18.0), (True, -12.0), (True, 18.0)]
        for left, dy in options:
            start = x - place.radius - 4 - width if left else x + place.radius + 4
            box = (start, y + dy - 12, start + width, y + dy + 4)
            if not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in boxes):
                break
        place.label_left, place.label_dy = left, dy
        boxes.append(box)


def cached_network(request: HttpRequest, filters: NetworkFilters) -> Network:
    """``network_graph`` for the request's viewer, from the cache while the content version is
    unchanged (any write moves it). Keyed on who looks: every anonymous visitor shares one
    copy; a signed-in person, who may count exchanges others may not, has their own."""
    viewer = request.user
    who = f"user:{viewer.pk}" if viewer.is_authenticated else "anonymous"
    return cached_value(
        request,
        "exchanges-network",
        (who, filters.year, filters.theme),
        lambda: network_graph(viewer=viewer, filters=filters),
    )
