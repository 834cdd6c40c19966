from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from translocal.core.dates import DateMeaning, LabelledDate
from translocal.core.versioning import version_field
from translocal.taxonomy.models import Term, Vocabulary

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished by a moderator")


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML (imported)")


def vocab(vocabulary: Vocabulary, related_name: str, verbose_name: "StrOrPromise" = "") -> models.ManyToManyField:
    """A many-to-many to the Terms of one controlled vocabulary."""
    return models.ManyToManyField(
        Term,
        blank=True,
        related_name=related_name,
        limit_choices_to={"vocabulary": vocabulary},
        verbose_name=verbose_name or vocabulary.label,
    )


def vocab_one(vocabulary: Vocabulary, related_name: str, verbose_name: "StrOrPromise" = "") -> models.ForeignKey:
    return models.ForeignKey(
        Term,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"vocabulary": vocabulary},
        verbose_name=verbose_name or vocabulary.label,
    )


class Entry(models.Model):
    """What cases, methods and reflections share: authored, publishable, located, sourced."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=320, unique=True, allow_unicode=True)
    summary = models.TextField(max_length=2000, blank=True)
    body = models.TextField(blank=True, help_text="Markdown. HTML is sanitised.")
    body_format = models.CharField(max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN)
    body_html = models.TextField(blank=True, editable=False, help_text="Sanitised rendering of body.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    original_language = models.CharField(max_length=12, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hub = models.ForeignKey(
        "places.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The hub whose coordinators moderate this entry.",
    )
    sdgs = vocab(Vocabulary.SDG, "+", _("Sustainable Development Goals"))
    themes = vocab(Vocabulary.THEME, "+", _("Themes"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A moderator's takedown (status "unpublished"): who, when, why, and as a coordinator of
    # which hub. Only the moderation services write these; an author's edit (even of ``hub``)
    # never changes them, and only that hub's coordinators or staff can lift the takedown.
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderation_reason = models.TextField(max_length=2000, blank=True, editable=False)
    moderation_hub = models.ForeignKey(
        "places.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        help_text="The hub whose coordinator took the entry down (empty: taken down by staff).",
    )
    # Provenance of imported items: kept so a re-import updates instead of duplicating.
    source_name = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=60, blank=True)
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=120, blank=True)
    attribution = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    # What cards show in the reader's language: the translation's title and summary when the
    # queryset was read through selectors.with_translated_titles and has one, else the original.
    @property
    def display_title(self) -> str:
        return getattr(self, "translated_title", None) or self.title

    @property
    def display_summary(self) -> str:
        if getattr(self, "translated_title", None):
            return getattr(self, "translated_summary", "") or ""
        return self.summary

    @property
    def display_language(self) -> str:
        if getattr(self, "translated_title", None):
            return str(getattr(self, "reader_language", "") or self.original_language)
        return self.original_language

    @property
    def listed_date(self) -> LabelledDate | None:
        """The one date lists, cards, search results and the page header show for this entry,
        labelled with its meaning (core.dates): its publication here, unless a kind of entry has
        a date that says more (a case's start)."""
        return LabelledDate.of(DateMeaning.PUBLISHED, self.published_at)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_taken_down(self) -> bool:
        return self.status == Status.UNPUBLISHED


def entry_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["source_name", "source_id"],
            condition=~models.Q(source_id=""),
            name=f"{prefix}_unique_source_id",
        ),
        models.CheckConstraint(
            condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
            name=f"{prefix}_published_has_date",
        ),
        models.CheckConstraint(
            condition=~models.Q(status="unpublished")
            | (models.Q(moderated_at__isnull=False) & ~models.Q(moderation_reason="")),
            name=f"{prefix}_takedown_has_record",
            violation_error_message="An entry taken down by a moderator records when and why.",
        ),
    ]


def entry_indexes(prefix: str) -> list[models.Index]:
    return [models.Index(fields=["status", "-published_at", "-id"], name=f"{prefix}_status_pub_idx")]
