"""Writes of the knowledge commons: one function per action, permission first, one
transaction each, then the search index is updated (see translocal.search.services)."""

from .cases import create_case, lift_case_moderation, publish_case, set_case_featured, unpublish_case, update_case
from .common import preview_body
from .deletion import delete_case, delete_method, delete_reflection, delete_series
from .methods import create_method, lift_method_moderation, publish_method, unpublish_method, update_method
from .reflections import (
    AuthorInput,
    accept_authorship,
    add_author,
    create_reflection,
    decline_authorship,
    lift_reflection_moderation,
    publish_reflection,
    reorder_authors,
    set_authors,
    unpublish_reflection,
    update_reflection,
)
from .series import (
    accept_series_proposal,
    create_series,
    decline_series_proposal,
    set_reflection_series,
    update_series,
)
from .tags import add_sdg_tags
from .translations import mark_translations_outdated, save_translation, translation_languages, translation_model

__all__ = [
    "mark_translations_outdated",
    "save_translation",
    "translation_languages",
    "translation_model",
    "AuthorInput",
    "accept_authorship",
    "accept_series_proposal",
    "decline_series_proposal",
    "add_sdg_tags",
    "add_author",
    "create_case",
    "create_method",
    "create_reflection",
    "create_series",
    "decline_authorship",
    "delete_case",
    "delete_method",
    "delete_reflection",
    "delete_series",
    "lift_case_moderation",
    "lift_method_moderation",
    "lift_reflection_moderation",
    "publish_case",
    "publish_method",
    "preview_body",
    "publish_reflection",
    "reorder_authors",
    "set_authors",
    "set_case_featured",
    "set_reflection_series",
    "unpublish_case",
    "unpublish_method",
    "unpublish_reflection",
    "update_case",
    "update_method",
    "update_reflection",
    "update_series",
]
