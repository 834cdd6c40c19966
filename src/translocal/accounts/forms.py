"""Input parsing and validation for sign-up and profiles (writes happen in services)."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_BIO_LENGTH, limit_form_fields
from translocal.core.versioning import VersionedFormMixin
from translocal.places.models import Organisation, Place
from translocal.places.selectors import organisations_for_choice
from translocal.taxonomy.models import Term, Vocabulary

from .models import CONFUSABLE_USERNAME_MESSAGE, User, username_is_confusable
from .throttling import lockout_message


class LoginForm(GovukFormMixin, AuthenticationForm):
    """Django's sign-in form; when django-axes has locked the account or the address, the one
    error says so and how to get back in, instead of "wrong password"."""

    locked_out = False

    def clean(self) -> dict:
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                self.locked_out = True
                raise forms.ValidationError(lockout_message(), code="locked_out") from None
            raise


class SignupForm(GovukFormMixin, forms.Form):
    username = UsernameField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        error_messages={"required": _("Enter a username")},
        help_text=_("Used in the address of your profile. Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.org"),
        },
        help_text=_("We send password reset links here. It is not shown to other people."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Enter your name")},
        help_text=_("How other people see you, for example Amina Odhiambo."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter a password")},
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirm password"),
        strip=False,
        error_messages={"required": _("Enter the same password again")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        """Usernames are public, so saying one is taken gives nothing away. UsernameField has
        NFKC-normalised it; a look-alike (UTS #39 skeleton, any case) counts as taken."""
        username = self.cleaned_data["username"]
        if username_is_confusable(username):
            raise forms.ValidationError(CONFUSABLE_USERNAME_MESSAGE)
        return username

    def clean_email(self) -> str:
        """No "already registered" error here: services.sign_up answers the same either way."""
        return User.objects.normalize_email(self.cleaned_data["email"]).strip()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The passwords do not match. Enter the same password twice."))
        elif password1:
            user = User(
                username=cleaned.get("username", ""),
                email=cleaned.get("email", ""),
                display_name=cleaned.get("display_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


def interface_language_choices() -> list[tuple[str, str | Promise]]:
    """The shipped interface languages, each named in its own language, after "the browser's"."""
    return [("", _("The language of your browser")), *settings.LANGUAGES]


def _terms(vocabularies: list[str]):  # noqa: ANN202
    return Term.objects.filter(vocabulary__in=vocabularies).order_by("vocabulary", "position", "label")


class ProfileForm(VersionedFormMixin, forms.ModelForm):
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=_terms([Vocabulary.ROLE]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    expertise = forms.ModelMultipleChoiceField(
        label=_("Expertise"),
        queryset=_terms([Vocabulary.THEME, Vocabulary.GENERAL_ISSUE]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Themes and issues you know about and are happy to talk about."),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=_terms([Vocabulary.LANGUAGE]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages you can work in."),
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Place.objects.order_by("name"),
        required=False,
        empty_label=_("Not set"),
        help_text=_("The city or region where you live or work."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),  # set per instance in __init__
        required=False,
        empty_label=_("Not set"),
    )
    preferred_language = forms.ChoiceField(
        label=_("Interface language"),
        choices=interface_language_choices,
        required=False,
        help_text=_("The language of menus, buttons and messages. Content stays in the language it was written in."),
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "roles",
            "expertise",
            "languages",
            "place",
            "organisation",
            "bio",
            "preferred_language",
        ]
        labels = {"display_name": _("Your name"), "bio": _("Short bio")}
        help_texts = {
            "bio": _(
                "A few sentences about you and your work (up to 1,500 characters). You can use Markdown: "
                "**bold**, *italic*, [a link](https://example.org), - for a list."
            )
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].error_messages["required"] = _("Enter your name")
        limit_form_fields(self, {"bio": MAX_BIO_LENGTH})
        # Published organisations, and the person's own even if it has been unpublished since.
        current = [self.instance.organisation_id] if self.instance.organisation_id else []
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations_for_choice(keep=current)


class DeleteAccountForm(GovukFormMixin, forms.Form):
    """The confirmation step of deleting one's own account: the password again, so that a
    session left open on a shared computer cannot delete the account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        error_messages={"required": _("Enter your password to confirm")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        """Checked here, before the service's transaction opens: hashing is slow on purpose."""
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right. Enter your current password."))
        return password
