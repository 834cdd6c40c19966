from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A counter bumped by every write that changes what public pages show. Cached fragments
    are keyed on it, so one cheap primary-key read tells every app server (whatever its local
    cache) whether its copy is current."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class UsageCounter(models.Model):
    """How much of a budget one key (a member and a kind of work) used in one time window;
    see core.budgets. Rows of past windows are deleted as new ones start."""

    key = models.CharField(max_length=100)
    window = models.PositiveBigIntegerField(help_text="Start of the window, in seconds since the epoch.")
    used = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="usage_counter_key_window")]

    def __str__(self) -> str:
        return f"{self.key} @{self.window}: {self.used}"


class Lineage(models.Model):
    """That one thing became another, across apps that may not import each other: a
    commitment taken home from an exchange became a co-production process. Both ends are a
    registered kind and an id (no foreign keys: the apps are independent), and what a viewer
    is shown of either end is decided by the app that owns it (see core.lineage). The source's
    owner proposes the link; the target's people confirm or refuse it (``state``)."""

    class State(models.TextChoices):
        #: Recorded by the source's owner; the target's people have not decided yet.
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        #: Kept, with the reason, so the source's owner sees why.
        REFUSED = "refused", _("Refused")

    source_kind = models.CharField(max_length=60)
    source_id = models.PositiveBigIntegerField()
    target_kind = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    #: Whether the people of the target (a process's coordinators) confirmed the link: only a
    #: confirmed link shows on the target's pages.
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_kind", "source_id", "target_kind"], name="lineage_one_target"),
        ]
        indexes = [models.Index(fields=["target_kind", "target_id", "source_kind"], name="lineage_target")]

    def __str__(self) -> str:
        return f"{self.source_kind} {self.source_id} -> {self.target_kind} {self.target_id}"


class Image(models.Model):
    """An image uploaded through the one upload path (core.images): the stored full-size
    rendition and its thumbnail, named by the hash of their bytes, and who may see them.

    ``owner_kind`` (an app's registered name, e.g. ``"knowledge.case"``) and ``owner_id`` say
    which object the image belongs to; the owner's app decides who may see it
    (core.images.registry). Two uploads with the same bytes share a file: a file is deleted
    only when no row names it any more."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    name = models.CharField(max_length=64, db_index=True, editable=False)
    thumb_name = models.CharField(max_length=64, db_index=True, editable=False)
    format = models.CharField(max_length=4, choices=Format.choices, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    thumb_width = models.PositiveIntegerField(editable=False)
    thumb_height = models.PositiveIntegerField(editable=False)
    size_bytes = models.PositiveIntegerField(editable=False)
    alt_text = models.CharField(
        _("alternative text"), max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    owner_kind = models.CharField(max_length=40, editable=False)
    owner_id = models.PositiveBigIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner_kind", "owner_id"], name="image_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="image_has_alt_text"),
            models.CheckConstraint(condition=models.Q(format__in=["jpeg", "png"]), name="image_known_format"),
        ]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def url(self) -> str:
        return reverse("core:image", kwargs={"name": self.name})

    @property
    def thumb_url(self) -> str:
        return reverse("core:image", kwargs={"name": self.thumb_name})

    @property
    def markdown(self) -> str:
        """What to paste into a Markdown body to show the image there."""
        alt = self.alt_text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        return f"![{alt}]({self.url})"
