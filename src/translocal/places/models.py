from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from translocal.core.links import url_for
from translocal.core.locales import localized_country_name
from translocal.core.translations import Translation, text_hash, translation_constraints
from translocal.core.versioning import version_field


class Place(models.Model):
    """A city or region. Everything in Translocal can be located in one."""

    class Kind(models.TextChoices):
        CITY = "city", _("City or town")
        REGION = "region", _("Region")
        COUNTRY = "country", _("Country")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CITY)
    country = models.CharField("ISO country code", max_length=2, db_index=True)
    region = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    population = models.PositiveBigIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    alternative_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other names of the place, one a line: its name in other languages or its local name "
            "(Gothenburg for Göteborg, Barcelone for Barcelona). Search finds the place, its hubs "
            "and what happened there by any of them."
        ),
    )

    #: False for a place a member proposed (the case form's "Add a new place") until staff check
    #: it (places.services.verify_place) or merge it into the place it duplicates.
    verified = models.BooleanField(_("checked by staff"), default=True, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region", "country"], name="place_unique_name_region_country"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="place_country_iso2"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("places:place-detail", slug=self.slug)

    @property
    def country_name(self) -> str:
        return localized_country_name(self.country)

    @property
    def other_names(self) -> list[str]:
        """The alternative names, one per line of ``alternative_names``, in their order."""
        return [line.strip() for line in self.alternative_names.splitlines() if line.strip()]

    @property
    def all_names(self) -> list[str]:
        """Its name and then its other names: what search documents of things located here
        carry, so a query for any of them finds them."""
        return [self.name, *self.other_names]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public authority")
        CIVIL_SOCIETY = "civil_society", _("Civil society or community group")
        ACADEMIC = "academic", _("University or research institute")
        PRIVATE = "private", _("Business")
        FUNDER = "funder", _("Funder or foundation")
        NETWORK = "network", _("Network")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=270, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    # The language the name and description are written in (translations are OrganisationTranslation).
    original_language = models.CharField(max_length=12, default="en")
    is_published = models.BooleanField(default=True)
    # Where an imported organisation came from (e.g. "participedia", its entry id there), and
    # the attribution its licence asks for; empty for organisations added here.
    source_name = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=60, blank=True)
    source_url = models.URLField(blank=True)
    attribution = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_name", "source_id"], condition=~models.Q(source_id=""),
                name="organisation_unique_source_id",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("places:organisation-detail", slug=self.slug)

    # What lists and cards show in the reader's language: the translation's name and description
    # when the queryset was read through selectors.with_translated_names and has one, else the
    # original's (and the language to mark them with).
    @property
    def display_name(self) -> str:
        return getattr(self, "translated_name", None) or self.name

    @property
    def display_description(self) -> str:
        if getattr(self, "translated_name", None):
            return getattr(self, "translated_description", None) or ""
        return self.description

    @property
    def display_language(self) -> str:
        if getattr(self, "translated_name", None):
            return str(getattr(self, "reader_language", "") or self.original_language)
        return self.original_language


def organisation_text_hash(name: str, description: str) -> str:
    """SHA-256 (hex, 64 characters) of the text an organisation's translation renders: its
    name and description (core's text_hash, as for the knowledge app's entries)."""
    return text_hash(name, description)


class OrganisationTranslation(Translation):
    """An organisation's name and description in one other language (core's translation
    machinery: who translated, from which version and text of the original, possibly outdated
    after an edit of its name or description); the organisation is always the original."""

    original_field = "organisation"
    translated_fields = ("name", "description")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True, help_text="Markdown.")
    source_hash = models.CharField(max_length=64, help_text="organisation_text_hash when it was translated.")

    class Meta:
        constraints = translation_constraints("organisation_translation", "organisation")


class Hub(models.Model):
    """A local interaction platform: officials, practitioners, researchers and residents of
    one place working together (e.g. "Jam and Justice, Greater Manchester")."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="hubs")
    tagline = models.CharField(max_length=240, blank=True)
    description = models.TextField(blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="hubs")
    member_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(member_count__gte=0), name="hub_member_count_gte_0")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("places:hub-detail", slug=self.slug)


class HubMembership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hub", "-role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "user"], name="hub_membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.hub} ({self.role})"
