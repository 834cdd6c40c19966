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

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.locales import language_name
from translocal.core.text_limits import check_text_lengths
from translocal.core.versioning import claim_version
from translocal.search.services import sync_after_commit

from .. import permissions
from ..models import BodyFormat, EntryTranslation, text_hash
from ..models.base import Entry
from .common import ENTRY_TEXT_LIMITS, RenderedBody, render_body_ahead

TRANSLATE = audit_actions.register_action("translate", gettext_lazy("translated"))
MACHINE_TRANSLATOR_MAX = 100


def translation_languages() -> list[str]:
    """The languages an entry can be translated into: the interface languages, since a reader
    sees a translation through the language the pages are in."""
    return [code for code, _name in settings.LANGUAGES]


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
    language = (language or "").strip().lower()
    if language not in translation_languages():
        raise ValidationError({"language": _("Choose one of the languages of the site.")})
    if language == entry.original_language:
        raise ValidationError({"language": _("This entry is written in %(language)s: choose another language.") % {
            "language": language_name(language)}})
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("Enter the title in this language.")})
    summary, body = (data.get("summary") or "").strip(), data.get("body") or ""
    machine_translator = (machine_translator or "").strip()[:MACHINE_TRANSLATOR_MAX]
    model = translation_model(entry)
    title_limit = model._meta.get_field("title").max_length or 300
    texts = SimpleNamespace(title=title, summary=summary, body=body)
    check_text_lengths(texts, {"title": title_limit, **ENTRY_TEXT_LIMITS})
    existing = model._default_manager.filter(entry=entry, language=language).first()
    # Rendering is CPU work: done before the write transaction opens.
    rendered = render_body_ahead({"body": body}, entry=_as_source(existing), acting_user=acting_user)
    with transaction.atomic():
        original = type(entry)._default_manager.select_for_update().filter(pk=entry.pk).values(
            "version", "title", "summary", "body").get()
        translation = model._default_manager.select_for_update().filter(entry=entry, language=language).first()
        creating = translation is None
        if translation is None:
            translation = model(entry=entry, language=language)
        else:
            claim_version(translation, expected=data.get("version"))
        translation.title, translation.summary, translation.body = title, summary, body
        translation.body_html = rendered.html if isinstance(rendered, RenderedBody) else ""
        translation.translator = acting_user
        translation.machine_translator = machine_translator
        translation.source_version = original["version"]
        translation.source_hash = text_hash(original["title"], original["summary"], original["body"])
        translation.is_outdated = False
        try:
            with transaction.atomic():
                translation.save()
        except IntegrityError as exc:  # a concurrent first translation into the same language
            raise ValidationError({"language": _("Someone has just added a translation into this language: "
                                                 "open it again to change it.")}) from exc
        record(
            acting_user=acting_user, action=TRANSLATE, target=entry,
            details={"language": language, "created": creating, **(
                {"machine_translator": machine_translator} if machine_translator else {})},
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
    outdated, and re-indexed after the commit. Returns how many were marked. One UPDATE."""
    current = text_hash(entry.title, entry.summary, entry.body)
    translations = entry.translations.filter(is_outdated=False).exclude(source_hash=current)  # type: ignore[attr-defined]
    return translations.update(is_outdated=True)


