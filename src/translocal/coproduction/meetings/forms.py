"""Input parsing for the meeting pages; the services validate again and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from translocal.core.forms import GovukFormMixin
from translocal.core.text_limits import MAX_DESCRIPTION_LENGTH

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class MeetingForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Enter a title for the meeting.")})
    description = forms.CharField(label=_("What it is about"), required=False, max_length=MAX_DESCRIPTION_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=_DATETIME, input_formats=_DATETIME_FORMATS,
        error_messages={"required": _("Enter when the meeting starts."), "invalid": _("Enter a real date and time.")},
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=_DATETIME, input_formats=_DATETIME_FORMATS,
        error_messages={"required": _("Enter when the meeting ends."), "invalid": _("Enter a real date and time.")},
    )
    location = forms.CharField(label=_("Place"), required=False, max_length=300,
                               help_text=_("An address or a room. Leave empty for a meeting held only online."))
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=500, assume_scheme="https",
                                error_messages={"invalid": _("Enter a full web address, such as https://…")})
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Leave empty for no limit."),
        error_messages={"min_value": _("Give at least one place, or leave it empty for no limit."),
                        "invalid": _("Enter the number of places as a whole number.")},
    )


class MinutesForm(GovukFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), max_length=MAX_DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was discussed and decided. Everyone who can see the process reads them."),
        error_messages={"required": _("Write the minutes: what was discussed and decided.")},
    )
    attendee_count = forms.IntegerField(
        label=_("How many people came"), required=False, min_value=0,
        help_text=_("Everyone in the room or online, registered or not."),
        error_messages={"min_value": _("Enter a number of people, 0 or more."),
                        "invalid": _("Enter a number of people, 0 or more.")},
    )
    attended = forms.MultipleChoiceField(
        label=_("Who of those registered came"), required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, registrations: list | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(r.pk), r.user.name) for r in registrations or []]  # type: ignore[attr-defined]
