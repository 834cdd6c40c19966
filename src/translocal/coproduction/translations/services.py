"""Translations of a process, its proposals, polls and results, with core's translation
machinery (``translocal.core.translations``): reading them in the reader's language at no query
more, writing them (permission-checked, audited), and marking them possibly outdated when the
original's text changes.

Each kind is described once in ``KINDS`` (its model, translated fields, who may translate it);
the services, views and templates ask it instead of repeating themselves per kind. A poll is
translated whole: its question, explanation and every option in one form and one row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit.actions import register_action
from translocal.audit.services import record
from translocal.core.caching import area_version_name, content_changed_after_commit
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, check_text_lengths
from translocal.core.translations import (
    READER_TRANSLATION,
    Reading,
    check_translation_language,
    mark_outdated,
    reading_of,
    translation_details,
    translation_languages,
    translation_model_of,
    wanted_language,
    write_translation,
)
from translocal.search.services import sync_after_commit

from .. import permissions
from ..apps import CONTENT_AREA
from ..models import Poll, PollTranslation, Process, Proposal, Result
from .translatable import reader_language

TRANSLATE = register_action("translate", gettext_lazy("translated"))
AREA_VERSION = area_version_name(CONTENT_AREA)


@dataclass(frozen=True)
class Kind:
    """One translatable kind of item: ``fields`` the translated text fields in form order
    (``required`` those that may not be empty), ``card_fields`` what lists show of it,
    ``may_translate`` the permissions predicate."""

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    required: tuple[str, ...]
    card_fields: tuple[str, ...]
    limits: Mapping[str, int]
    may_translate: Callable[[Any, Any], bool]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("process", Process, ("title", "summary", "description"), ("title",), ("title", "summary"),
             {"title": 200, "summary": 300, "description": MAX_DESCRIPTION_LENGTH}, permissions.can_translate_process),
        Kind("proposal", Proposal, ("title", "body"), ("title", "body"), ("title", "body"),
             {"title": 200, "body": MAX_DESCRIPTION_LENGTH}, permissions.can_translate_proposal),
        Kind("poll", Poll, ("question", "description"), ("question",), ("question",),
             {"question": 300, "description": MAX_DESCRIPTION_LENGTH}, permissions.can_translate_poll),
        Kind("result", Result, ("title", "description"), ("title",), ("title",),
             {"title": 200, "description": MAX_DESCRIPTION_LENGTH}, permissions.can_translate_result),
    )
}


def translation_model(kind: Kind) -> Any:
    return translation_model_of(kind.model)


def kind_of(original: models.Model) -> Kind:
    for kind in KINDS.values():
        if isinstance(original, kind.model):
            return kind
    raise LookupError(f"Not a translatable item: {type(original).__name__}")


# --- Reading ----------------------------------------------------------------------------------


def reading_for(original: Any, *, original_asked: bool = False, overrides: Mapping[str, Any] | None = None) -> Reading:
    """What to show of ``original`` (read through ``with_reader``) on its own page."""
    return reading_of(original, KINDS_BY_MODEL[type(original)].fields, original_asked=original_asked,
                      overrides=overrides)


def page_reading(original: Any, requested: str | None) -> Reading:
    """What an item's own page shows: ``requested`` is its ``?lang=`` ("orig" for the
    original, another interface language for its translation into that one: one query more
    then), else the reader's translation joined by its selector."""
    language, original_asked = wanted_language(requested)
    if language != reader_language() and not original_asked:
        model = translation_model_of(type(original))
        setattr(original, READER_TRANSLATION, model.objects.select_related("translator").filter(
            **{model.original_field: original, "language": language}).first())
    return reading_for(original, original_asked=original_asked)


def show_poll_options(poll: Poll, options: Iterable[Any], reading: Reading) -> None:
    """The options read for this page take the labels of the translation the reader is shown
    (in memory only; never saved): the ballot form, the list and the results name them so."""
    translation = reading.translation
    if not isinstance(translation, PollTranslation):
        return
    for option in options:
        option.label = translation.label_of(option.position, option.label)


def translate_languages(user: Any, original: Any) -> list[str]:
    """The languages ``user`` may translate ``original`` into (none if they may not)."""
    if not KINDS_BY_MODEL[type(original)].may_translate(user, original):
        return []
    return [code for code in translation_languages() if code != original.original_language]


def translate_links(user: Any, original: Any) -> list[tuple[str, str]]:
    """(language, URL of its translation form) for each language ``user`` may translate
    ``original`` into."""
    kind = kind_of(original)
    args = [original.slug] if isinstance(original, Process) else [original.process.slug, original.pk]
    return [
        (code, reverse(f"coproduction:{kind.name}-translate", args=[*args, code]))
        for code in translate_languages(user, original)
    ]


# --- Writing ----------------------------------------------------------------------------------


def save_translation(
    *,
    acting_user: User,
    original: Any,
    language: str,
    data: Mapping[str, Any],
    options: Sequence[str] | None = None,
    machine_translator: str = "",
) -> Any:
    """Create or replace ``original``'s translation into ``language`` from ``data`` (its kind's
    text fields; optionally ``version``, the translation's version its form was opened at), a
    poll's with ``options``: one label for each of its options, in their order. It records the
    translator and the original as it is now (version and text hash) and is no longer outdated.

    PermissionDenied unless the acting person may translate it (its kind's predicate);
    ValidationError naming the field for a language that is not an interface language or is the
    original's, an empty required text, a text past its limit, a poll translation that leaves an
    option out, or a concurrent first translation; EditConflict when the translation was saved
    since the form was opened."""
    kind = kind_of(original)
    if not kind.may_translate(acting_user, original):
        raise PermissionDenied(_("You cannot translate this."))
    language = check_translation_language(
        language, original.original_language,
        same_as_original=_("This is written in %(language)s: choose another language."),
    )
    values = {name: (data.get(name) or "").strip() for name in kind.fields}
    errors = {name: _("Enter the text in this language.") for name in kind.required if not values[name]}
    if isinstance(original, Poll):
        labels = [(label or "").strip() for label in (options or [])]
        count = original.options.count()
        if len(labels) != count or not all(labels):
            errors["options"] = _("Translate every option: a poll is read in one language.")
        values["options"] = labels
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        translation, creating = write_translation(
            original=original, language=language, acting_user=acting_user, machine_translator=machine_translator,
            expected_version=data.get("version"), values=values,
            check=lambda row: check_text_lengths(row, kind.limits),
        )
        record(
            acting_user=acting_user, action=TRANSLATE, target=original, hub=_process_of(original).hub,
            details=translation_details(language, creating, machine_translator),
        )
        sync_after_commit(original)
        content_changed_after_commit(AREA_VERSION)
    return translation


def text_edited(original: Any, fields: Iterable[str]) -> None:
    """After an edit of ``original`` that set ``fields`` (inside its service's transaction):
    when a translated text was among them, the original's version moves on and every
    translation made from another text than the one it has now is marked possibly outdated."""
    kind = kind_of(original)
    if not set(fields) & {*kind.fields, "options"}:
        return
    type(original)._default_manager.filter(pk=original.pk).update(version=F("version") + 1)
    original.refresh_from_db(fields=["version"])
    mark_outdated(original)


def _process_of(original: Any) -> Process:
    return original if isinstance(original, Process) else original.process


KINDS_BY_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS.values()}
