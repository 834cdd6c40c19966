"""Writing translations of an entry (a case, method or reflection).

``save_translation`` adds or changes the translation of one entry into one language; the
translator is the acting person, or a named machine-translation service the person ran (a
later step plugs one in through ``machine_translator``). It records the original's version and
text hash, so ``mark_translations_outdated`` (called by the entry services when an edit changes
the original's title, summary or body) can tell readers the translation may be behind.

Who may: the entry's authors and staff (``permissions.can_translate``). The body is rendered
before the transaction opens, as for entries (services.common.render_body_ahead).
"""

from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.text_limits import check_text_lengths
from translocal.core.translations import (
    MACHINE_TRANSLATOR_MAX,
    check_translation_language,
    mark_outdated,
    translation_details,
    translation_languages,
    write_translation,
)
from translocal.search.services import sync_after_commit

from .. import permissions
from ..models import BodyFormat, EntryTranslation
from ..models.base import Entry
from .common import ENTRY_TEXT_LIMITS, RenderedBody, render_body_ahead

TRANSLATE = audit_actions.register_action("translate", gettext_lazy("translated"))
__all__ = [
    "MACHINE_TRANSLATOR_MAX", "TRANSLATE", "mark_translations_outdated", "save_translation", "translation_languages",
    "translation_model",
]


def translation_model(entry: Entry) -> Any:
    """The translation model of ``entry``'s type (CaseTranslation for a Case, ...)."""
    return entry.translations.model  # type: ignore[attr-defined]


def save_translation(
    *,
    acting_user: User,
    entry: Entry,
    language: str,
    data: dict[str, Any],
    machine_translator: str = "",
) -> EntryTranslation:
    """Create or replace ``entry``'s translation into ``language`` from ``data`` (title,
    summary, body in Markdown; optionally ``version``, the translation's version its edit form
    was opened at). The translation records the original as it is now (version and text hash)
    and is no longer outdated.

    Raises PermissionDenied unless the acting person may translate the entry; ValidationError
    naming the field for a language that is not an interface language or is the original's, an
    empty title, a text past its limit, or a spent rendering budget; EditConflict (a
    ValidationError) when someone saved the translation since the form was opened."""
    if not permissions.can_translate(acting_user, entry):
        raise PermissionDenied(_("Only the authors of this entry can translate it."))
    language = check_translation_language(
        language, entry.original_language,
        same_as_original=_("This entry is written in %(language)s: choose another language."),
    )
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Enter the title in this language.")})
    summary, body = (data.get("summary") or "").strip(), data.get("body") or ""
    model = translation_model(entry)
    title_limit = model._meta.get_field("title").max_length or 300
    texts = SimpleNamespace(title=title, summary=summary, body=body)
    check_text_lengths(texts, {"title": title_limit, **ENTRY_TEXT_LIMITS})
    existing = model._default_manager.filter(entry=entry, language=language).first()
    # Rendering is CPU work: done before the write transaction opens.
    rendered = render_body_ahead({"body": body}, entry=_as_source(existing), acting_user=acting_user)
    with transaction.atomic():
        translation, creating = write_translation(
            original=entry, language=language, acting_user=acting_user, machine_translator=machine_translator,
            expected_version=data.get("version"),
            values={"title": title, "summary": summary, "body": body,
                    "body_html": rendered.html if isinstance(rendered, RenderedBody) else ""},
        )
        record(
            acting_user=acting_user, action=TRANSLATE, target=entry,
            details=translation_details(language, creating, machine_translator),
        )
        sync_after_commit(translation)
    return translation


def _as_source(translation: EntryTranslation | None) -> Any:
    """What render_body_ahead compares with to skip re-rendering an unchanged body."""
    if translation is None:
        return None
    return SimpleNamespace(body=translation.body, body_html=translation.body_html, body_format=BodyFormat.MARKDOWN)


def mark_translations_outdated(entry: Entry) -> int:
    """After an edit of ``entry`` (inside its service's transaction): every translation made
    from another text than the original's title, summary and body now is marked possibly
    outdated. Returns how many were marked. One UPDATE."""
    return mark_outdated(entry)
