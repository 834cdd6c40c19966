from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from translocal.accounts.models import User
from translocal.accounts.types import AnyUser
from translocal.core.pagination import Page, keyset_page

from .models import Hub, HubMembership, Organisation, Place

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


def organisations_in_place(*, place: Place, limit: int = 20) -> list[Organisation]:
    return list(Organisation.objects.filter(place=place, is_published=True).order_by("name")[:limit])


def places_with_hubs(*, limit: int = 12) -> list[Place]:
    """Places that have hubs, busiest first, each with its hubs prefetched (two queries)."""
    hubs = Prefetch("hubs", queryset=Hub.objects.order_by("-member_count", "name"), to_attr="hub_list")
    return list(
        Place.objects.annotate(hub_members=Sum("hubs__member_count"), hub_count=Count("hubs"))
        .filter(hub_count__gt=0)
        .order_by("-hub_members", "name")
        .prefetch_related(hubs)[:limit]
    )


def hub_list() -> QuerySet[Hub]:
    return Hub.objects.select_related("place")


def hub_page(*, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    return keyset_page(hub_list(), ordering=("name", "id"), cursor=cursor, size=size)


def hub_by_slug(*, slug: str) -> Hub:
    return get_object_or_404(Hub.objects.select_related("place"), slug=slug)


def hub_members(*, hub: Hub, limit: int = 100) -> dict[str, list[HubMembership]]:
    """Coordinators (all of them) and the longest-standing members (up to `limit`)."""
    base = (
        HubMembership.objects.filter(hub=hub)
        .select_related("user", "user__place")
        .order_by("joined_at", "id")
    )
    coordinators = list(base.filter(role=HubMembership.Role.COORDINATOR))
    members = list(base.filter(role=HubMembership.Role.MEMBER)[:limit])
    return {"coordinators": coordinators, "members": members}


def membership_of(*, hub: Hub, user: AnyUser) -> HubMembership | None:
    if not user.is_authenticated:
        return None
    return HubMembership.objects.filter(hub=hub, user=user).first()


def memberships_of_user(*, user: User) -> list[HubMembership]:
    return list(
        HubMembership.objects.filter(user=user).select_related("hub", "hub__place").order_by("hub__name")
    )


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_published=True).select_related("place")


def organisation_page(*, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    return keyset_page(organisation_list(), ordering=("name", "id"), cursor=cursor, size=size)


def organisation_by_slug(*, slug: str, user: AnyUser) -> Organisation:
    """Unpublished organisations are seen by staff and their creator only (others get 404)."""
    org = get_object_or_404(Organisation.objects.select_related("place", "created_by"), slug=slug)
    if not org.is_published and not (
        user.is_staff or (user.is_authenticated and org.created_by_id == user.pk)
    ):
        raise Http404("No such organisation")
    return org


def hubs_of_organisation(*, organisation: Organisation) -> list[Hub]:
    return list(organisation.hubs.select_related("place").order_by("name"))


def people_of_organisation(*, organisation: Organisation, limit: int = 50) -> list[User]:
    return list(
        User.objects.filter(organisation=organisation, is_active=True)
        .select_related("place")
        .order_by("display_name", "id")[:limit]
    )


def network_totals() -> dict[str, int]:
    """Hubs, their members and the places they are in, in one aggregate query."""
    totals = Hub.objects.aggregate(
        hubs=Count("id"), members=Sum("member_count"), places=Count("place", distinct=True), last=Max("id")
    )
    return {key: value or 0 for key, value in totals.items()}
