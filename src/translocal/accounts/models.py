from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from translocal.core.links import url_for
from translocal.core.versioning import version_field
from translocal.taxonomy.models import Term, Vocabulary

from .usernames import username_skeleton

#: ``User.get_session_auth_hash`` by (password hash, SECRET_KEY), in this process.
_SESSION_AUTH_HASHES: dict[tuple[str, str], str] = {}
_SESSION_AUTH_HASHES_MAX = 4096

CONFUSABLE_USERNAME_MESSAGE = "That username is taken, or looks too much like an existing one. Choose another one."


class User(AbstractUser):
    """A person in the network. The profile lives on the user row: every page that shows a
    person needs it, so a separate profile table would only add a join."""

    email = models.EmailField("e-mail address")
    display_name = models.CharField(max_length=120, blank=True)
    bio = models.TextField("short bio", max_length=1500, blank=True)
    roles = models.ManyToManyField(
        Term, blank=True, related_name="+", limit_choices_to={"vocabulary": Vocabulary.ROLE}
    )
    expertise = models.ManyToManyField(
        Term,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__in": [Vocabulary.THEME, Vocabulary.GENERAL_ISSUE]},
    )
    languages = models.ManyToManyField(
        Term, blank=True, related_name="+", limit_choices_to={"vocabulary": Vocabulary.LANGUAGE}
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    organisation = models.ForeignKey(
        "places.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    #: The interface language this person chose (a code of settings.LANGUAGES), applied on every
    #: request as their row is read (accounts.middleware); blank follows the browser (Accept-Language).
    preferred_language = models.CharField(
        _("interface language"),
        max_length=16,
        blank=True,
        default="",
        help_text=_("The language of menus, buttons and messages. Content stays in the language it was written in."),
    )

    #: The username's confusable skeleton (usernames.username_skeleton), kept by save(); its
    #: unique constraint refuses a look-alike of an existing username even under a race.
    username_skeleton = models.CharField(max_length=600, editable=False, default="")
    #: The profile's edit version (core.versioning): a save from a stale profile form is refused.
    version = version_field()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_unique_email_ci",
                condition=~models.Q(email=""),
            ),
            models.UniqueConstraint(
                fields=["username_skeleton"],
                name="user_unique_username_skeleton",
                condition=~models.Q(username_skeleton=""),
                violation_error_message=CONFUSABLE_USERNAME_MESSAGE,
            ),
        ]

    def get_session_auth_hash(self) -> str:
        """Django's (an HMAC of the password's hash under SECRET_KEY, which every signed-in
        request compares with its session's), remembered for the same hash and key: the same
        value, without the HMAC on each request."""
        key = (self.password, settings.SECRET_KEY)
        found = _SESSION_AUTH_HASHES.get(key)
        if found is None:
            found = super().get_session_auth_hash()
            if len(_SESSION_AUTH_HASHES) >= _SESSION_AUTH_HASHES_MAX:
                _SESSION_AUTH_HASHES.clear()
            _SESSION_AUTH_HASHES[key] = found
        return found

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """NFKC-normalise the username (Django) and refuse a look-alike of another person's."""
        super().clean()
        if self.username and username_is_confusable(self.username, exclude_pk=self.pk):
            raise ValidationError({"username": CONFUSABLE_USERNAME_MESSAGE})

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        self.username_skeleton = username_skeleton(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "username_skeleton"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return person_name(
            username=self.username, first_name=self.first_name, last_name=self.last_name, display_name=self.display_name
        )

    def get_absolute_url(self) -> str:
        return url_for("accounts:profile", username=self.username)


def person_name(*, username: str, first_name: str, last_name: str, display_name: str) -> str:
    """The name a person is shown by (``User.name``): their display name, else their first and
    last names as ``AbstractUser.get_full_name`` joins them, else their username. For readers
    that fetch these four columns without building a ``User``."""
    return display_name or f"{first_name} {last_name}".strip() or username


def username_is_confusable(username: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another account's username has the same skeleton as ``username`` (UTS #39)."""
    others = User.objects.filter(username_skeleton=username_skeleton(username))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()
