"""SDG localisation: the official indicators, a hub's local targets, indicator values over
time, and the suggestions of goals and targets for content, awaiting an author's decision.

Goals and targets themselves are taxonomy Terms (vocabulary "sdg": goals with slugs "1".."17",
targets "11.3" as their children); content's confirmed tags are its own ``sdgs`` terms."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    """An official global indicator (e.g. 11.3.2) of one target, with its title in every
    language of the open-sdg data (``titles``: language code -> text)."""

    code = models.CharField(max_length=20, unique=True)
    target = models.ForeignKey(
        "taxonomy.Term", on_delete=models.PROTECT, related_name="+", limit_choices_to={"vocabulary": "sdg"}
    )
    titles = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title()}"

    def title(self, language: str | None = None) -> str:
        """The title in ``language`` (default: the active one), else English, else any."""
        language = (language or get_language() or "en").split("-")[0]
        return self.titles.get(language) or self.titles.get("en") or next(iter(self.titles.values()), "")


class LocalTarget(models.Model):
    """A target a hub sets itself under an official target (e.g. "11.3.GM1" under 11.3)."""

    hub = models.ForeignKey("places.Hub", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(
        "taxonomy.Term", on_delete=models.PROTECT, related_name="+", limit_choices_to={"vocabulary": "sdg"}
    )
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["hub", "code"], name="sdg_local_target_code_per_hub")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class IndicatorValue(models.Model):
    """One measurement: of an official indicator for a hub or a place, or of a local target
    (whose hub it belongs to), at a date, with its unit and source."""

    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    local_target = models.ForeignKey(
        LocalTarget, null=True, blank=True, on_delete=models.CASCADE, related_name="values"
    )
    hub = models.ForeignKey("places.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=True, local_target__isnull=False)
                | Q(indicator__isnull=False, local_target__isnull=True),
                name="sdg_value_of_one_indicator_or_local_target",
            ),
            models.CheckConstraint(
                condition=Q(hub__isnull=False) | Q(place__isnull=False), name="sdg_value_of_a_hub_or_place"
            ),
        ]
        indexes = [models.Index(fields=["local_target", "date"], name="sdg_value_local_target_idx")]

    def __str__(self) -> str:
        return f"{self.display_value} {self.unit} ({self.date})"

    @property
    def display_value(self) -> str:
        """The value with as many decimals as it has (12.5, not 12.500000), in the active
        language's number format."""
        return number_format(Decimal(format(self.value.normalize(), "f")))


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Suggestion(models.Model):
    """A goal or target the suggester proposes for one object (a search kind and id), with
    its confidence (0..1). Pending until an author confirms it (the term joins the object's
    public tags) or rejects it (never proposed again for that object)."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    term = models.ForeignKey("taxonomy.Term", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING)
    model_name = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "term"], name="sdg_one_suggestion_per_term"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="sdg_suggestion_score_0_1"),
        ]
        indexes = [models.Index(fields=["kind", "object_id", "status"], name="sdg_suggestion_object_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} -> {self.term_id} ({self.score:.2f}, {self.status})"
