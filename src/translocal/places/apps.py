from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "translocal.places"
    label = "places"

    def ready(self) -> None:
        from translocal.audit.permissions import register_hub_scope

        from . import search_indexes  # noqa: F401 - registers what this app puts in search
        from .selectors import coordinated_hub_ids

        register_hub_scope(coordinated_hub_ids)  # coordinators read their hubs' audit rows
