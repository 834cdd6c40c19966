"""Concise labels for the 17 goals, written by us for pages where the official short names
("Peace, justice and strong institutions") are too long or too formal, e.g. a goal's heading
in a local report. They are interface strings (translated with the rest of the interface in
es, ca and sv), separate from the official titles, which come from the open-sdg data
(taxonomy's importer) and are never edited here."""

from django.utils.translation import gettext_lazy as _

#: Goal number -> our concise label.
GOAL_LABELS = {
    1: _("Ending poverty"),
    2: _("Food and farming"),
    3: _("Health for all"),
    4: _("Learning for all"),
    5: _("Gender equality"),
    6: _("Water and sanitation"),
    7: _("Clean energy"),
    8: _("Good work"),
    9: _("Infrastructure and innovation"),
    10: _("Fairer societies"),
    11: _("Inclusive, safe cities"),
    12: _("Responsible consumption"),
    13: _("Climate action"),
    14: _("Oceans and seas"),
    15: _("Land and nature"),
    16: _("Fair, accountable institutions"),
    17: _("Partnerships"),
}

#: The official colours of the goals (UN communications guidelines), for the report's headings.
GOAL_COLOURS = {
    1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
    7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
    13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A",
}
