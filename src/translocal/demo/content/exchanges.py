"""Exchanges of the demo network, modelled on a programme of peer-learning visits between
Greater Manchester and cities abroad. Text written for the demo; people, dates and numbers are
illustrative.

Each exchange: its organiser (a coordinator of the host hub), strands, speakers (by name, or a
member's username), sessions (day offset from the first day, local start and end "HH:MM", strand
title or None, speakers), registration types, and delegates with the state their registration
ends in: applied, invited, accepted, accepted + checked in, waitlisted, declined, cancelled.
"""

import datetime as dt

EXCHANGES: list[dict] = [
    {
        "title": "Barcelona observatory on participatory democracy",
        "kind": "conference",
        "hub": "barcelona-democratic-innovation-circle",
        "organiser": "marta",
        "starts_on": dt.date(2018, 6, 20),
        "ends_on": dt.date(2018, 6, 22),
        "time_zone": "Europe/Madrid",
        "summary": (
            "Three days with the people who run Barcelona's neighbourhood assemblies and its digital "
            "participation platform, in three strands: direct democracy, citizen initiative, and "
            "ecosystems of inclusive democracy."
        ),
        "description": (
            "The observatory brings together city officials, activists and researchers from cities that "
            "give residents a direct say in public decisions. Each morning opens with a plenary; the "
            "afternoons split into three strands, each with a visit to a place where the practice "
            "happens.\n\n"
            "**Direct democracy** looks at binding votes and participatory budgets: what a city must "
            "promise before it asks residents to decide. **Citizen initiative** follows proposals that "
            "residents start themselves, from signature thresholds to the council's duty to answer. "
            "**Ecosystems of inclusive democracy** asks who is still missing and how assemblies, "
            "platforms and community organisations can reach them together.\n\n"
            "Delegates are asked to write down beforehand what they want to learn and, afterwards, what "
            "they will try at home."
        ),
        "funding_note": "Travel for the Greater Manchester delegation was paid by a research council grant.",
        "strands": [
            ("Direct democracy", "Binding votes and participatory budgets: what a city promises first."),
            ("Citizen initiative", "Proposals residents start themselves, and the council's duty to answer."),
            ("Ecosystems of inclusive democracy", "Who is still missing, and how to reach them together."),
        ],
        "speakers": [
            {"user": "marta"},
            {"user": "jordi"},
            {"name": "Rosa Vidal", "affiliation": "District participation office, Sant Martí"},
            {"user": "laia"},
        ],
        "sessions": [
            (0, "09:30", "11:00", "Opening plenary: a city that asks before it decides", None, ["Marta", "Rosa Vidal"]),
            (0, "14:00", "17:30", "Field visit: a participatory budget vote count", "Direct democracy", ["Jordi"]),
            (
                0,
                "14:00",
                "17:30",
                "Field visit: a neighbourhood assembly prepares a proposal",
                "Citizen initiative",
                ["Rosa Vidal"],
            ),
            (
                0,
                "14:00",
                "17:30",
                "Community centre walk: who does not come, and why",
                "Ecosystems of inclusive democracy",
                ["Laia"],
            ),
            (1, "09:30", "12:30", "Thresholds and promises: designing binding votes", "Direct democracy", ["Jordi"]),
            (1, "09:30", "12:30", "From signatures to a council answer", "Citizen initiative", ["Marta"]),
            (
                1,
                "09:30",
                "12:30",
                "Assemblies, platforms and associations as one system",
                "Ecosystems of inclusive democracy",
                ["Laia"],
            ),
            (2, "10:00", "12:00", "Closing plenary: what each city will take home", None, ["Marta"]),
        ],
        "questions": [
            {
                "label": "Which strand will you follow in the afternoons?",
                "kind": "choice",
                "choices": ["Direct democracy", "Citizen initiative", "Ecosystems of inclusive democracy"],
            },
        ],
        "types": [
            {"name": "Delegate", "role": "delegate", "capacity": 6},
            {"name": "Observer", "role": "observer", "capacity": 2},
        ],
        "delegates": [
            (
                "david",
                "Delegate",
                "checked_in",
                "How a city commits in advance to act on a residents' vote, and how "
                "Greater Manchester could make such a promise in its next spatial plan.",
            ),
            (
                "shanice",
                "Delegate",
                "checked_in",
                "How neighbourhood assemblies keep people who are not already "
                "active; I will bring home one outreach practice to try in Oldham.",
            ),
            (
                "tom",
                "Delegate",
                "checked_in",
                "What the platform's moderators do when a proposal is popular but "
                "illegal, and how that is explained to residents.",
            ),
            (
                "helen",
                "Delegate",
                "accepted",
                "How citizen initiatives are answered by the council, for our committee system in Sheffield.",
            ),
            ("kai", "Delegate", "cancelled", "How young people take part in the assemblies."),
            (
                "rizwan",
                "Observer",
                "checked_in",
                "How researchers are allowed into the assemblies without changing what happens there.",
            ),
            ("lily", "Delegate", "declined", "How the digital platform and the assemblies share one agenda."),
        ],
    },
    {
        "title": "Cape Town conference on knowledge and the city",
        "kind": "conference",
        "hub": "cape-town-city-learning-lab",
        "organiser": "nomvula",
        "starts_on": dt.date(2018, 11, 5),
        "ends_on": dt.date(2018, 11, 8),
        "time_zone": "Africa/Johannesburg",
        "summary": (
            "A conference on how cities and universities learn together, with two days of field trips to "
            "places where residents, officials and researchers already work side by side."
        ),
        "description": (
            "Two days of discussion in small groups, framed by two days in the field. The field trips "
            "are the heart of it: delegates spend a morning with a savings collective that maps flooding, "
            "a municipal department that hosts embedded researchers, and a housing project designed with "
            "the families who live in it.\n\n"
            "Discussion groups are intensive on purpose: twelve people, one question, and a written note "
            "at the end that the group signs together."
        ),
        "funding_note": "",
        "strands": [
            ("Field trips", "Mornings where the work happens."),
            ("Intensive discussion", "Small groups, one question each."),
        ],
        "speakers": [
            {"user": "nomvula"},
            {"user": "thandiwe"},
            {"name": "Dr Lwazi Mthembu", "affiliation": "Urban research centre"},
        ],
        "sessions": [
            (
                0,
                "09:00",
                "10:30",
                "Welcome: the embedded researcher, ten years on",
                None,
                ["Nomvula", "Dr Lwazi Mthembu"],
            ),
            (0, "11:00", "16:00", "Field trip: flood maps drawn by a savings collective", "Field trips", ["Thandiwe"]),
            (1, "08:30", "13:00", "Field trip: a department that hosts researchers", "Field trips", ["Nomvula"]),
            (1, "14:00", "17:00", "Field trip: housing designed with the families who live in it", "Field trips", []),
            (
                2,
                "09:00",
                "12:30",
                "Discussion: who owns the knowledge a partnership makes?",
                "Intensive discussion",
                ["Dr Lwazi Mthembu"],
            ),
            (2, "14:00", "17:00", "Discussion: writing with officials, not about them", "Intensive discussion", []),
            (3, "09:00", "11:00", "Closing: signed notes from every group", None, ["Nomvula"]),
        ],
        "questions": [
            {"label": "Do you need a letter of invitation for your visa?", "kind": "yes_no"},
            {"label": "Anything the hosts should know (access, diet)?", "kind": "text"},
        ],
        "types": [
            {"name": "Delegate", "role": "delegate", "capacity": 4},
            {"name": "Facilitator", "role": "facilitator", "capacity": 2, "open_to_applications": False},
        ],
        "delegates": [
            (
                "amina",
                "Facilitator",
                "checked_in",
                "How to run an intensive discussion group that ends in a note people will actually sign.",
            ),
            ("david", "Delegate", "checked_in", "How the city gives officials time to write about their own work."),
            ("joe", "Delegate", "checked_in", "What a savings collective's flood map changed in the city's plans."),
            ("sofia", "Delegate", "checked_in", "How housing co-design works when families have little time."),
            (
                "elsa",
                "Delegate",
                "accepted",
                "How embedded researchers report without losing the trust of the department that hosts them.",
            ),
            ("ahmed", "Delegate", "waitlisted", "How community organisations became equal partners in the lab."),
            ("lily", "Delegate", "waitlisted", "How a university's ethics review copes with co-produced research."),
        ],
        "guests": [
            {"name": "Grace Okafor", "organisation_name": "Lagos Urban Forum", "type": "Delegate", "state": "invited"},
        ],
    },
    {
        "title": "Gothenburg study visit: social sustainability street by street",
        "kind": "study_visit",
        "hub": "gothenburg-city-learning-platform",
        "organiser": "karin",
        "starts_on": dt.date(2027, 5, 18),
        "ends_on": dt.date(2027, 5, 20),
        "time_zone": "Europe/Stockholm",
        "summary": (
            "Three days in Gothenburg's north-eastern suburbs with the planners, researchers and young "
            "residents who are testing what social sustainability means in practice."
        ),
        "description": (
            "The Gothenburg platform pairs each research project with a city unit that has to use its "
            "results, and with residents who decide what counts as a result. The visit follows two of "
            "those pairs: safe public space with young people in Angered, and equity reports that the "
            "neighbourhoods they describe can read and answer.\n\n"
            "Expect walking, tram rides and long conversations. The visit is small on purpose."
        ),
        "funding_note": "Places for delegates from community organisations are funded by the platform.",
        "strands": [
            ("Safe public space with young people", ""),
            ("Equity reports people can read", ""),
        ],
        "speakers": [
            {"user": "karin"},
            {"user": "ahmed"},
            {"name": "Linnea Berg", "affiliation": "City planning office"},
        ],
        "sessions": [
            (0, "10:00", "12:00", "Welcome and the platform's way of working", None, ["Karin"]),
            (
                0,
                "13:30",
                "17:00",
                "Evening walk in Angered with the youth forum",
                "Safe public space with young people",
                ["Ahmed"],
            ),
            (
                1,
                "09:30",
                "12:00",
                "Reading an equity report together",
                "Equity reports people can read",
                ["Linnea Berg"],
            ),
            (
                1,
                "13:30",
                "16:30",
                "What the planners changed, and what they did not",
                "Safe public space with young people",
                ["Linnea Berg"],
            ),
            (2, "09:30", "11:30", "Commitments: what each visitor will try at home", None, ["Karin"]),
        ],
        "types": [
            {"name": "Delegate", "role": "delegate", "capacity": 3},
            {"name": "Host", "role": "host", "capacity": None, "open_to_applications": False},
        ],
        "delegates": [
            (
                "david",
                "Delegate",
                "accepted",
                "How planners are made to use research results, and whether a "
                "combined authority could promise the same.",
            ),
            ("shanice", "Delegate", "accepted", "How the youth forum decides what counts as a result."),
            ("helen", "Delegate", "accepted", "How an equity report can be answered by the people it describes."),
            ("joe", "Delegate", "waitlisted", "How the tram-line neighbourhoods are consulted on safety."),
            (
                "rizwan",
                "Delegate",
                "applied",
                "How the platform pairs researchers with city units that must use their work.",
            ),
            ("tom", "Delegate", "invited", ""),
            ("sofia", "Host", "accepted", ""),
        ],
    },
]
