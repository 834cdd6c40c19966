from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "translocal.knowledge"
    label = "knowledge"

    def ready(self) -> None:
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
