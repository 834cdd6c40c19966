from django.db.models import QuerySet

from translocal.accounts.models import User

from .models import Hub, HubMembership


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
