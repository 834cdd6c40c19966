from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "translocal.places"
    label = "places"

    def ready(self) -> None:
        from translocal.accounts.lifecycle import register_deletion_handler
        from translocal.audit.permissions import register_hub_scope

        from . import search_indexes  # noqa: F401 - registers what this app puts in search
        from .account_deletion import ORDER, leave_hubs_of_deleted_account
        from .selectors import coordinated_hub_ids

        register_hub_scope(coordinated_hub_ids)  # coordinators read their hubs' audit rows
        register_deletion_handler("places", leave_hubs_of_deleted_account, order=ORDER)
