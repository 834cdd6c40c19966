from django.apps import AppConfig

#: This pillar's content area (core.caching): its public writes move the area's version, which
#: its own pages and the shared ones read, so other pillars' cached pages stay valid.
CONTENT_AREA = "knowledge"


class KnowledgeConfig(AppConfig):
    name = "translocal.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from translocal.core.caching import register_content_area

        register_content_area(CONTENT_AREA)
        from translocal.accounts.lifecycle import register_deletion_handler, register_name_change_handler

        from . import search_indexes  # noqa: F401 - registers what this app puts in search
        from .services.account_deletion import (
            ORDER,
            reindex_bylines_of_renamed_member,
            release_authorships_of_deleted_account,
        )

        # A deleted member's reflections keep them in the byline as "Former member".
        register_deletion_handler("knowledge", release_authorships_of_deleted_account, order=ORDER)
        register_name_change_handler("knowledge", reindex_bylines_of_renamed_member)  # bylines in search

        # Images of cases and reflections are seen by whoever may see the entry.
        from translocal.core.images.registry import register_owner

        from .image_kinds import OWNER_KINDS
        from .services.images import image_access

        for model, kind in OWNER_KINDS.items():
            register_owner(kind, image_access(model))
