"""The gold standard of bench/sdg_suggest.py: which goals a Participedia general issue stands
for. Written before the suggester was run on any case, from the issue's name and the goals'
official titles (an issue maps to the goals whose targets name its subject), and not changed
after seeing results. "other" maps to nothing. A case's gold goals are the union over its
general issues; cases whose issues map to nothing are left out."""

ISSUE_GOALS: dict[str, tuple[int, ...]] = {
    "agriculture": (2, 15),
    "arts-culture": (11,),  # 11.4 cultural heritage
    "business": (8, 9),
    "economics": (8,),
    "education": (4,),
    "energy": (7,),
    "environment": (6, 12, 13, 14, 15),
    "governance": (16,),
    "health": (3,),
    "housing": (11,),  # 11.1
    "human-rights": (10, 16),
    "identity-diversity": (5, 10),
    "immigration": (10,),  # 10.7
    "international-affairs": (17,),
    "labour": (8,),
    "law-enforcement": (16,),
    "media": (9, 16),  # 9.c access to ICT, 16.10 access to information
    "national-security": (16,),
    "planning-development": (11,),  # 11.3
    "science-technology": (9,),
    "social-welfare": (1, 10),
    "transport": (9, 11),  # 9.1, 11.2
    "other": (),
}
