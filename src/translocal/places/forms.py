from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.locales import content_language_choices
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH, limit_form_fields
from translocal.core.versioning import VersionedFormMixin

from .models import HubMembership, Organisation, OrganisationTranslation, Place
from .services import MAX_REASON_LENGTH


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    place = forms.ModelChoiceField(
        queryset=Place.objects.order_by("name"),
        required=False,
        label=_("Place"),
        empty_label=_("Not in one place"),
        help_text=_("The city or region where it is based."),
    )
    website = forms.URLField(
        label=_("Website address"),
        required=False,
        assume_scheme="https",
        help_text=_("For example, https://www.example.org"),
        error_messages={"invalid": _("Enter a web address in the right format, like https://www.example.org")},
    )
    original_language = forms.ChoiceField(
        label=_("Original language"), choices=content_language_choices, initial="en",
        help_text=_("The language the name and description are written in. Translations into other "
                    "languages are added from the organisation's page."),
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the name of the organisation")
        limit_form_fields(self, {"description": MAX_DESCRIPTION_LENGTH})

    class Meta:
        model = Organisation
        fields = ["name", "kind", "place", "website", "description", "original_language"]
        labels = {"name": _("Name"), "kind": _("Type of organisation"), "description": _("Description")}
        help_texts = {
            "description": _(
                "What it does and how it takes part in participation and co-production. "
                "You can use Markdown: **bold**, *italic*, [a link](https://example.org), - for a list."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class MemberRoleForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(choices=HubMembership.Role.choices)


class UnpublishOrganisationForm(GovukFormMixin, forms.Form):
    """The reason staff give for unpublishing organisations (kept in the audit log)."""

    reason = forms.CharField(
        label=_("Why are you unpublishing these organisations?"),
        help_text=_(
            "Kept in the audit log, where staff and the coordinators of the hubs that list them "
            "read it. They disappear from every list and from search; their links are kept."
        ),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why you are unpublishing them.")},
    )


class OrganisationTranslationForm(VersionedFormMixin, forms.ModelForm):
    """An organisation's name and description in one language; the service checks the language,
    the permission and the lengths again. Given an instance (new, or the stored translation)."""

    machine_translator = forms.CharField(
        label=_("Machine translation service"), required=False, max_length=100,
        help_text=_("If a machine translated it, the name of the service (for example DeepL); "
                    "leave it empty if you translated it yourself."),
    )

    class Meta:
        model = OrganisationTranslation
        fields = ["name", "description", "machine_translator"]
        labels = {"name": _("Name"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the name in this language.")
        limit_form_fields(self, {"description": MAX_DESCRIPTION_LENGTH})
