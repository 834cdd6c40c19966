"""Themes and SDG goals of the demo entries, by content key (kept apart so the entries stay readable)."""

TAGS: dict[str, dict[str, list[str]]] = {
    # methods
    "participatory-budgeting": {"themes": ["budgets-finance", "democracy-governance"], "sdgs": ["11", "16"]},
    "citizens-assembly": {"themes": ["democracy-governance"], "sdgs": ["16"]},
    "deliberative-mini-public": {"themes": ["democracy-governance"], "sdgs": ["16"]},
    "youth-co-production-workshop": {"themes": ["youth", "equality-inclusion"], "sdgs": ["4", "10", "16"]},
    "community-asset-mapping": {"themes": ["public-space", "culture"], "sdgs": ["11"]},
    "photovoice": {"themes": ["culture", "equality-inclusion"], "sdgs": ["10"]},
    "world-cafe": {"themes": ["democracy-governance"], "sdgs": ["16"]},
    "embedded-research": {"themes": ["education-learning", "democracy-governance"], "sdgs": ["17"]},
    "digital-participation-platform": {"themes": ["digital", "democracy-governance"], "sdgs": ["16"]},
    # cases
    "porto-alegre-participatory-budgeting": {
        "themes": ["budgets-finance", "equality-inclusion", "democracy-governance"],
        "sdgs": ["1", "6", "10", "11", "16"],
    },
    "gm-citizens-assembly-warm-homes": {
        "themes": ["housing", "climate-environment"],
        "sdgs": ["7", "11", "13"],
    },
    "kisumu-youth-market-coproduction": {
        "themes": ["youth", "public-space", "health-wellbeing"],
        "sdgs": ["6", "8", "11"],
    },
    "decidim-barcelona-municipal-action-plan": {
        "themes": ["digital", "democracy-governance"],
        "sdgs": ["11", "16"],
    },
    "angered-safe-spaces-youth-dialogue": {
        "themes": ["youth", "public-space", "community-safety"],
        "sdgs": ["5", "11", "16"],
    },
    "cape-town-knowledge-transfer-programme": {"themes": ["education-learning"], "sdgs": ["11", "17"]},
    "khayelitsha-flooding-photovoice": {
        "themes": ["climate-environment", "housing", "equality-inclusion"],
        "sdgs": ["5", "6", "11", "13"],
    },
    "burngreave-asset-map": {"themes": ["public-space", "culture", "migration"], "sdgs": ["10", "11"]},
    "paris-participatory-budget": {"themes": ["budgets-finance", "public-space"], "sdgs": ["11", "16"]},
    "melbourne-peoples-panel": {"themes": ["budgets-finance", "democracy-governance"], "sdgs": ["11", "16"]},
    "gdansk-citizens-assembly-flooding": {"themes": ["climate-environment"], "sdgs": ["11", "13"]},
    "irish-citizens-assembly-2016": {
        "themes": ["democracy-governance", "health-wellbeing"],
        "sdgs": ["3", "5", "13", "16"],
    },
    "kisumu-county-budget-public-participation": {"themes": ["budgets-finance", "youth"], "sdgs": ["16"]},
    "sheffield-youth-transport-jury": {"themes": ["transport", "youth"], "sdgs": ["11"]},
    "manyatta-waste-youth-enterprise": {
        "themes": ["youth", "economy-work", "climate-environment"],
        "sdgs": ["8", "12"],
    },
    # reflections
    "what-a-strategist-took-home-from-barcelona": {
        "themes": ["digital", "democracy-governance"],
        "sdgs": ["16", "17"],
    },
    "youth-coproduction-in-kisumu": {"themes": ["youth", "equality-inclusion"], "sdgs": ["8", "10", "17"]},
    "translating-between-cape-town-and-gothenburg": {"themes": ["education-learning"], "sdgs": ["11", "17"]},
    "what-comparisons-hide": {"themes": ["budgets-finance", "democracy-governance"], "sdgs": ["10", "16"]},
    "commitments-after-a-visit": {"themes": ["youth", "education-learning"], "sdgs": ["17"]},
    "what-a-retired-electrician-learned-on-a-citizens-assembly": {
        "themes": ["housing", "climate-environment"],
        "sdgs": ["7", "13"],
    },
    "software-is-the-easy-part": {"themes": ["digital"], "sdgs": ["16"]},
    "the-knowledge-of-the-people-who-get-wet": {
        "themes": ["climate-environment", "housing"],
        "sdgs": ["6", "11", "13"],
    },
    "a-planners-night-walk": {"themes": ["public-space", "community-safety", "youth"], "sdgs": ["5", "11"]},
    "running-your-first-asset-mapping-walk": {"themes": ["public-space"], "sdgs": ["11"]},
    "recruiting-by-lot-for-a-small-council": {"themes": ["democracy-governance"], "sdgs": ["16"]},
}
