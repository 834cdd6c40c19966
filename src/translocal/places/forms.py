from django import forms

from translocal.core.versioning import VersionedFormMixin

from .models import HubMembership, Organisation, Place


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    place = forms.ModelChoiceField(
        queryset=Place.objects.order_by("name"),
        required=False,
        empty_label="Not in one place",
        help_text="The city or region where it is based.",
    )
    website = forms.URLField(
        label="Website address",
        required=False,
        assume_scheme="https",
        help_text="For example, https://www.example.org",
        error_messages={"invalid": "Enter a web address in the right format, like https://www.example.org"},
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the name of the organisation"

    class Meta:
        model = Organisation
        fields = ["name", "kind", "place", "website", "description"]
        labels = {"kind": "Type of organisation"}
        help_texts = {
            "description": "What it does and how it takes part in participation and co-production.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=HubMembership.Role.choices)
