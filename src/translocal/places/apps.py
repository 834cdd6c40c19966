from django.apps import AppConfig

#: Hub memberships and roles are a content area of their own (core.caching) with no model of
#: its own: a join, a leave or a new role moves ``area:memberships``, which the pages that show
#: members (home, place, hub, profile, people, search: every page not marked with an area) read,
#: and the pillars' pages (cases, co-production), which show none, do not. What a membership
#: changes for the person themselves moves their own version (core.caching.private_state_changed).
MEMBERSHIPS_AREA = "memberships"


class PlacesConfig(AppConfig):
    name = "translocal.places"
    label = "places"

    def ready(self) -> None:
        from translocal.accounts.lifecycle import register_deletion_handler
        from translocal.core.caching import register_content_area

        register_content_area(MEMBERSHIPS_AREA)
        from translocal.audit.permissions import register_hub_scope

        from . import search_indexes  # noqa: F401 - registers what this app puts in search
        from .account_deletion import ORDER, leave_hubs_of_deleted_account
        from .selectors import coordinated_hub_ids

        register_hub_scope(coordinated_hub_ids)  # coordinators read their hubs' audit rows
        register_deletion_handler("places", leave_hubs_of_deleted_account, order=ORDER)
