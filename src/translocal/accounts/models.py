from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from translocal.taxonomy.models import Term, Vocabulary


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

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_unique_email_ci",
                condition=~models.Q(email=""),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})
