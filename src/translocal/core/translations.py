"""Translations of content, for every app that has some: one way to store, read and write them.

The content row is always the original, in its ``original_language``; a translation is a row of
its own (one per language), a concrete subclass of ``Translation`` that adds a foreign key to the
original and the translated text fields. Each translation records who made it (a person, or a
named machine-translation service the person ran) and from which version of the original (its
``version`` and a ``text_hash`` of its translated fields then), so an edit of the original that
changes that text marks it possibly outdated (``is_outdated``). Participedia lost track of which
text was the original (its issue #888); here a translation never replaces the original.

Reading: ``with_reader_translation`` joins the translation into the reader's language to the
original's own query (a FilteredRelation), ``with_translated_values`` adds translated titles to
a list's rows (correlated subqueries), so a page costs the same queries in every language;
``reading_of`` says what to show. Writing: ``write_translation`` (inside the app's service
transaction, after its permission check) and ``mark_outdated``. Templates:
``core/_translation_notice.html`` and ``core/translation_form.html``.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import CharField, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .versioning import claim_version, version_field

#: The annotation that carries the reader's translation on an original read by with_reader_translation.
READER_TRANSLATION = "reader_translation"
#: ``?lang=`` value that asks for the original whatever the interface language.
ORIGINAL = "orig"
#: Longest name of a machine-translation service.
MACHINE_TRANSLATOR_MAX = 100


def text_hash(*texts: str | None) -> str:
    """SHA-256 (hex, 64 characters) of the texts a translation renders, in their fields' order
    (a case's title, summary and body; an organisation's name and description ...)."""
    payload = json.dumps([text or "" for text in texts], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class Translation(models.Model):
    """One language of one original. A concrete subclass adds the foreign key to the original
    (named by ``original_field``, with ``related_name="translations"``) and the translated text
    fields (``translated_fields``, in the order text_hash reads them), and usually a unique
    constraint on (original, language) (``translation_constraints``)."""

    #: The foreign key to the original.
    original_field: ClassVar[str] = "entry"
    #: The translated text fields, with the original's field of the same name.
    translated_fields: ClassVar[tuple[str, ...]] = ()

    language = models.CharField(gettext_lazy("language"), max_length=12)
    # Who translated: a person, or (when machine_translator is set) a named service, with the
    # person who asked for it in ``translator``. A deleted account leaves it empty.
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=gettext_lazy("translator"),
    )
    machine_translator = models.CharField(
        gettext_lazy("machine translation service"), max_length=MACHINE_TRANSLATOR_MAX, blank=True,
        help_text="Name of the service that translated it (empty: a person did).",
    )
    source_version = models.PositiveIntegerField(help_text="The original's version when it was translated.")
    source_hash = models.CharField(max_length=64, help_text="text_hash of the original when it was translated.")
    is_outdated = models.BooleanField(default=False, help_text="The original's text changed since.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        first = getattr(self, self.translated_fields[0], "") if self.translated_fields else ""
        return f"{first} ({self.language})"

    @property
    def is_machine(self) -> bool:
        return bool(self.machine_translator)

    @classmethod
    def source_hash_of(cls, original: Any) -> str:
        """text_hash of ``original``'s translated fields as they are (an instance or a values() dict)."""
        if isinstance(original, Mapping):
            return text_hash(*(original.get(name) for name in cls.translated_fields))
        return text_hash(*(getattr(original, name) for name in cls.translated_fields))


def translation_constraints(prefix: str, original_field: str) -> list[models.BaseConstraint]:
    """One translation per original and language, and never without a language."""
    return [
        models.UniqueConstraint(fields=[original_field, "language"], name=f"{prefix}_one_per_language"),
        models.CheckConstraint(condition=~models.Q(language=""), name=f"{prefix}_has_language"),
    ]


def translation_model_of(model: type[models.Model]) -> Any:
    """The translation model of an original's model (its ``translations`` relation)."""
    return model._meta.get_field("translations").related_model


def translation_languages() -> list[str]:
    """The languages content can be translated into: the interface languages, since a reader
    sees a translation through the language the pages are in."""
    return [code for code, _name in settings.LANGUAGES]


# --- Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What a reader is shown of an original: the original, or one translation of it.

    ``texts`` the shown text by field name (read as attributes: ``reading.title``);
    ``translation`` the translation shown (None: the original); ``available`` the reader's
    translation when the original is shown on request (``?lang=orig``), to offer it back."""

    language: str
    texts: Mapping[str, Any] = field(default_factory=dict)
    translation: Any = None
    available: Any = None

    def __getattr__(self, name: str) -> Any:
        texts = self.__dict__.get("texts") or {}
        if name in texts:
            return texts[name]
        raise AttributeError(name)

    @property
    def cache_key(self) -> str:
        """What a page's cached body depends on beyond the interface language."""
        return f"{self.language}:{'t' if self.translation else 'o'}"


def wanted_language(request_lang: str | None) -> tuple[str, bool]:
    """(language whose translation to read, whether the original was asked for) from the
    ``lang`` query parameter: "orig", an interface language, or nothing (the active one)."""
    codes = {code for code, _name in settings.LANGUAGES}
    value = (request_lang or "").strip().lower()
    active = (get_language() or settings.LANGUAGE_CODE).lower()
    if value == ORIGINAL:
        return active, True
    return (value if value in codes else active), False


def with_reader_translation(queryset: QuerySet, language: str, *, relation: str = "translations") -> QuerySet:
    """``queryset`` with each row's translation into ``language``, if any, joined as
    ``reader_translation`` (with its translator): no query more. A queryset limited with
    ``only()`` keeps its fields and gains the translation's row whole."""
    joined = FilteredRelation(relation, condition=Q(**{f"{relation}__language": language}))
    return queryset.annotate(**{READER_TRANSLATION: joined}).select_related(
        READER_TRANSLATION, f"{READER_TRANSLATION}__translator"
    )


def reader_language() -> str:
    """The language a reader is shown translations into: the active one (lower case)."""
    return (get_language() or settings.LANGUAGE_CODE).lower()


def with_translated_values(
    queryset: QuerySet, fields: Iterable[str], language: str | None = None, *, prefix: str = "translated_"
) -> QuerySet:
    """``queryset`` with ``<prefix><field>`` for each of ``fields`` of each row's translation into
    ``language`` (default: the active one), and ``reader_language``: correlated subqueries on the
    (original, language) unique index, for lists and cards. No query more, and no long text."""
    language = language.lower() if language else reader_language()
    model = translation_model_of(queryset.model)
    matching = model._default_manager.filter(**{model.original_field: OuterRef("pk"), "language": language})
    annotations: dict[str, Any] = {
        f"{prefix}{name}": Subquery(matching.values(name)[:1]) for name in fields
    }
    return queryset.annotate(**annotations, reader_language=Value(language, output_field=CharField()))


def reading_of(
    original: Any, fields: Iterable[str], *, original_asked: bool = False, overrides: Mapping[str, Any] | None = None
) -> Reading:
    """What to show of ``original`` (read through with_reader_translation): its translation into
    the reader's language when there is one and the original was not asked for, else the
    original (with ``overrides`` instead of its fields, e.g. a rendered body the query deferred)."""
    translation = getattr(original, READER_TRANSLATION, None)
    if translation is not None and translation.language == original.original_language:
        translation = None
    if translation is None or original_asked:
        overrides = overrides or {}
        texts = {name: overrides[name] if name in overrides else getattr(original, name) for name in fields}
        return Reading(language=original.original_language, texts=texts, available=translation)
    return Reading(
        language=translation.language, texts={name: getattr(translation, name) for name in fields},
        translation=translation,
    )


def translated_value(row: Any, name: str) -> Any:
    """A list row's ``name`` in the reader's language (with_translated_values), else the original's."""
    return getattr(row, f"translated_{name}", None) or getattr(row, name)


# --- Writing ----------------------------------------------------------------------------------


def check_translation_language(language: str, original_language: str, *, same_as_original: str) -> str:
    """``language`` normalised, or ValidationError on ``language``: not an interface language,
    or the original's (``same_as_original``: the message, with %(language)s)."""
    from .locales import localized_language_name_in_text

    language = (language or "").strip().lower()
    if language not in translation_languages():
        raise ValidationError({"language": _("Choose one of the languages of the site.")})
    if language == original_language:
        raise ValidationError({"language": same_as_original % {"language": localized_language_name_in_text(language)}})
    return language


def write_translation(
    *,
    original: models.Model,
    language: str,
    values: Mapping[str, Any],
    acting_user: Any,
    machine_translator: str = "",
    expected_version: Any = None,
    check: Any = None,
) -> tuple[Any, bool]:
    """Create or replace ``original``'s translation into ``language`` with ``values`` (its text
    fields, and any others the model stores), recording the translator and the original as it
    is now (version and text hash); it is no longer outdated. Returns (translation, created).

    Run inside the app's service transaction, after its permission and input checks; locks the
    original and the translation. ``check(translation)`` runs before the save (length limits).
    Raises EditConflict when the translation was saved since ``expected_version``, and
    ValidationError on ``language`` for a concurrent first translation into it."""
    model = translation_model_of(type(original))
    link = model.original_field
    source = type(original)._default_manager.select_for_update().filter(pk=original.pk).values(
        "pk", "version", *model.translated_fields).get()
    translation = model._default_manager.select_for_update().filter(
        **{link: original, "language": language}).first()
    created = translation is None
    if translation is None:
        translation = model(**{link: original, "language": language})
    else:
        claim_version(translation, expected=expected_version)
    for name, value in values.items():
        setattr(translation, name, value)
    if check is not None:
        check(translation)
    translation.translator = acting_user
    translation.machine_translator = (machine_translator or "").strip()[:MACHINE_TRANSLATOR_MAX]
    translation.source_version = source["version"]
    translation.source_hash = model.source_hash_of(source)
    translation.is_outdated = False
    try:
        with transaction.atomic():
            translation.save()
    except IntegrityError as exc:  # a concurrent first translation into the same language
        raise ValidationError({"language": _("Someone has just added a translation into this language: "
                                             "open it again to change it.")}) from exc
    return translation, created


def mark_outdated(original: models.Model) -> int:
    """After an edit of ``original`` (inside its service's transaction): every translation made
    from another text than the original's now is marked possibly outdated. One UPDATE; returns
    how many were marked."""
    model = translation_model_of(type(original))
    current = model.source_hash_of(original)
    return (
        model._default_manager.filter(**{model.original_field: original, "is_outdated": False})
        .exclude(source_hash=current)
        .update(is_outdated=True)
    )


def translation_details(language: str, created: bool, machine_translator: str) -> dict[str, Any]:
    """What an audit entry of a translation records."""
    machine_translator = (machine_translator or "").strip()[:MACHINE_TRANSLATOR_MAX]
    return {"language": language, "created": created, **(
        {"machine_translator": machine_translator} if machine_translator else {})}
