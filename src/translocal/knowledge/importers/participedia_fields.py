"""How Participedia's fields map onto ours: which key fills which model field from which
vocabulary, and the small fixed choices (mode, open/limited, levels)."""

from translocal.knowledge.models import FacilitatorTraining, Level, Mode, OpenLimited, TimeLimited
from translocal.taxonomy.models import Vocabulary as V

CASE_MANY: dict[str, tuple[str, str]] = {  # model field -> (Participedia key, vocabulary)
    "general_issues": ("issues", V.GENERAL_ISSUE),
    "specific_topics": ("specific_topics", V.SPECIFIC_TOPIC),
    "scope_of_influence": ("scope_of_influence", V.SCOPE),
    "purposes": ("purposes", V.PURPOSE),
    "approaches": ("approaches", V.APPROACH),
    "targeted_participants": ("targeted_participants", V.TARGETED),
    "method_types": ("method_types", V.METHOD_TYPE),
    "tools_techniques_types": ("tools_techniques_types", V.TOOL_TYPE),
    "learning_resources": ("learning_resources", V.LEARNING_RESOURCE),
    "decision_methods": ("decision_methods", V.DECISION_METHOD),
    "voting_methods": ("if_voting", V.VOTING_METHOD),
    "interactions": ("participants_interactions", V.INTERACTION),
    "outcomes": ("insights_outcomes", V.OUTCOME),
    "change_types": ("change_types", V.CHANGE_TYPE),
    "implementers": ("implementers_of_change", V.IMPLEMENTER),
    "organizer_types": ("organizer_types", V.ORGANIZER_TYPE),
    "funder_types": ("funder_types", V.FUNDER_TYPE),
}
CASE_ONE: dict[str, tuple[str, str]] = {
    "public_spectrum": ("public_spectrum", V.PUBLIC_SPECTRUM),
    "recruitment_method": ("recruitment_method", V.RECRUITMENT),
}
METHOD_MANY: dict[str, tuple[str, str]] = {
    "method_types": ("method_types", V.METHOD_TYPE),
    "purposes": ("purpose_method", V.PURPOSE),
    "scope_of_influence": ("scope_of_influence", V.SCOPE),
    "participant_numbers": ("number_of_participants", V.PARTICIPANT_NUMBER),
    "interactions": ("participants_interactions", V.INTERACTION),
    "decision_methods": ("decision_methods", V.DECISION_METHOD),
    "voting_methods": ("if_voting", V.VOTING_METHOD),
}
METHOD_ONE: dict[str, tuple[str, str]] = {
    "public_spectrum": ("public_spectrum", V.PUBLIC_SPECTRUM),
    "recruitment_method": ("recruitment_method", V.RECRUITMENT),
}
# Our themes (a short list for cities) implied by Participedia's general issues and topics, so
# imported cases show up under the theme facet too.
THEMES_BY_TERM: dict[tuple[str, str], str] = {
    (V.GENERAL_ISSUE, "housing"): "housing",
    (V.GENERAL_ISSUE, "environment"): "climate-environment",
    (V.GENERAL_ISSUE, "energy"): "climate-environment",
    (V.GENERAL_ISSUE, "health"): "health-wellbeing",
    (V.GENERAL_ISSUE, "social-welfare"): "health-wellbeing",
    (V.GENERAL_ISSUE, "transport"): "transport",
    (V.GENERAL_ISSUE, "governance"): "democracy-governance",
    (V.GENERAL_ISSUE, "economics"): "economy-work",
    (V.GENERAL_ISSUE, "labour"): "economy-work",
    (V.GENERAL_ISSUE, "business"): "economy-work",
    (V.GENERAL_ISSUE, "arts-culture"): "culture",
    (V.GENERAL_ISSUE, "immigration"): "migration",
    (V.GENERAL_ISSUE, "education"): "education-learning",
    (V.GENERAL_ISSUE, "planning-development"): "public-space",
    (V.GENERAL_ISSUE, "identity-diversity"): "equality-inclusion",
    (V.GENERAL_ISSUE, "human-rights"): "equality-inclusion",
    (V.GENERAL_ISSUE, "law-enforcement"): "community-safety",
    (V.GENERAL_ISSUE, "science-technology"): "digital",
    (V.GENERAL_ISSUE, "media"): "digital",
    (V.SPECIFIC_TOPIC, "budget-local"): "budgets-finance",
    (V.SPECIFIC_TOPIC, "budget-national"): "budgets-finance",
    (V.SPECIFIC_TOPIC, "budget-provincial-regional-state"): "budgets-finance",
    (V.SPECIFIC_TOPIC, "government-spending"): "budgets-finance",
    (V.SPECIFIC_TOPIC, "youth-issues"): "youth",
    (V.SPECIFIC_TOPIC, "food-nutrition"): "food",
    (V.SPECIFIC_TOPIC, "food-nutrition-assistance"): "food",
    (V.SPECIFIC_TOPIC, "climate-change"): "climate-environment",
    (V.SPECIFIC_TOPIC, "affordable-housing"): "housing",
    (V.SPECIFIC_TOPIC, "homelessness"): "housing",
    (V.SPECIFIC_TOPIC, "transportation-planning"): "transport",
    (V.SPECIFIC_TOPIC, "open-data"): "digital",
    (V.SPECIFIC_TOPIC, "internet-governance"): "digital",
    (V.TARGETED, "youth"): "youth",
    (V.TARGETED, "students"): "youth",
    (V.TARGETED, "immigrants"): "migration",
}

METHOD_SECTIONS = (
    "Problems and Purpose", "Origins and Development", "Participant Selection", "How It Works",
    "Deliberation, Decisions, and Public Interaction", "Influence, Outcomes, and Effects",
    "Analysis and Lessons Learned", "See Also", "References", "External Links", "Notes",
)
OPEN_LIMITED = {
    "open": OpenLimited.OPEN, "open_to": OpenLimited.OPEN, "limited": OpenLimited.LIMITED,
    "both": OpenLimited.BOTH,
}
MODES = {"facetoface": Mode.FACE_TO_FACE, "online": Mode.ONLINE, "both": Mode.BOTH}
# Keys of field-options.js and the longer spellings of Participedia's older exports.
TIME_LIMITED = {
    "a": TimeLimited.SINGLE, "single": TimeLimited.SINGLE,
    "a_single_defined_period_of_time": TimeLimited.SINGLE,
    "repeated": TimeLimited.REPEATED, "repeated_over_time": TimeLimited.REPEATED,
}
FACILITATOR_TRAINING = {
    "professional": FacilitatorTraining.PROFESSIONAL,
    "professional_facilitators": FacilitatorTraining.PROFESSIONAL,
    "trained": FacilitatorTraining.TRAINED,
    "trained_nonprofessional_facilitators": FacilitatorTraining.TRAINED,
    "untrained": FacilitatorTraining.UNTRAINED,
    "untrained_nonprofessional_facilitators": FacilitatorTraining.UNTRAINED,
}
LEVELS = {
    "not": Level.LOW, "not_polarized": Level.LOW, "very_low": Level.LOW, "low": Level.LOW,
    "low_polarization": Level.LOW, "moderate": Level.MODERATE, "moderate_polarization": Level.MODERATE,
    "polarized": Level.HIGH, "high": Level.HIGH, "high_polarization": Level.HIGH, "very_high": Level.HIGH,
}

# Method names too generic to say a case used the method when its text mentions them.
GENERIC_METHOD_NAMES = frozenset({
    "citizen budget", "citizen journalism", "civic education", "civic journalism", "collaborative design",
    "collaborative governance", "collaborative planning", "community committees", "community forestry",
    "community organizing", "community outreach", "consensus forum", "cooperative management",
    "creative planning", "deliberative forum", "democratic education", "direct democracy", "focus group",
    "informal participation", "initiative process", "neighbourhood management", "online consultations",
    "online deliberation", "online voting", "open access", "panel discussion", "participatory education",
    "public debate", "public hearing", "q&a session", "roundtable discussion", "school councils",
    "self-governance", "social media", "term limits", "town hall",
})
