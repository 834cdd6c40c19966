"""Learning journeys of the demo delegates: what they took home from the Barcelona observatory
and the Cape Town conference, what they committed to, how it went, and what changed at home.
Text written for the demo; people, dates and changes are illustrative.

Per exchange title, per delegate (username): a post-visit rating, lessons (``key`` to refer to
them, the session title they came from), commitments (from a lesson key; hub and organisation
slugs; follow-ups as (date, status, note, evidence link)), and outcomes (of a commitment, with an
optional substantiation: a verifier with an account (``user``) or without, and their answer,
or None when they have not answered yet). Follow-ups cover every status; outcomes are with and
without substantiation; items are public, for participants or private.
"""

import datetime as dt

D = dt.date

JOURNEYS: dict[str, dict[str, dict]] = {
    "Barcelona observatory on participatory democracy": {
        "david": {
            "rating": 5,
            "lessons": [
                {
                    "key": "promise",
                    "title": "A binding vote starts with a promise the council writes down first",
                    "body": (
                        "Barcelona publishes, before a vote opens, what the council will do with each possible "
                        "result and by when. Residents trust the vote because the promise is older than the count."
                    ),
                    "session": "Thresholds and promises: designing binding votes",
                    "person": "Jordi, district participation team",
                    "answers_goal": True,
                    "privacy": "public",
                },
                {
                    "key": "count",
                    "title": "Counting in public makes the result hard to argue with",
                    "session": "Field visit: a participatory budget vote count",
                    "answers_goal": False,
                    "privacy": "participants",
                },
            ],
            "commitments": [
                {
                    "lesson": "promise",
                    "title": "Propose a written 'promise before the vote' for the spatial plan consultation",
                    "due_on": D(2018, 12, 14),
                    "hub": "gm-just-cities-lab",
                    "organisation": "gmca",
                    "privacy": "public",
                    "follow_ups": [
                        (
                            D(2018, 9, 20),
                            "in_progress",
                            "Paper drafted with the planning team; legal are reading it.",
                            "",
                        ),
                        (
                            D(2019, 2, 6),
                            "done",
                            "The board adopted the promise as an annex to the consultation plan.",
                            "https://example.org/gmca/board-minutes-2019-02",
                        ),
                    ],
                    "outcomes": [
                        {
                            "kind": "policy",
                            "description": (
                                "The combined authority's consultation on the spatial plan now publishes, before it "
                                "opens, what it will do with each possible result."
                            ),
                            "who_changed": "Greater Manchester Combined Authority, planning directorate",
                            "contribution": (
                                "The annex copies the structure of the Barcelona promise David brought back; the "
                                "board paper cites the observatory."
                            ),
                            "observed_on": D(2019, 2, 6),
                            "privacy": "public",
                            "substantiation": {
                                "name": "Ruth Adeyemi",
                                "email": "ruth.adeyemi@example.org",
                                "role": "Head of planning policy",
                                "answer": "confirms",
                                "comment": "Adopted at the February board; the annex is in the published papers.",
                            },
                        }
                    ],
                },
                {
                    "lesson": "count",
                    "title": "Hold the next ward budget count in the town hall, open to all",
                    "due_on": D(2019, 3, 31),
                    "hub": "gm-just-cities-lab",
                    "privacy": "participants",
                    "follow_ups": [
                        (D(2019, 4, 2), "dropped", "The ward budget was cut this year; no vote to count.", ""),
                    ],
                },
            ],
        },
        "shanice": {
            "rating": 4,
            "lessons": [
                {
                    "key": "outreach",
                    "title": "Assemblies keep newcomers by giving each one a named host for the first three meetings",
                    "session": "Community centre walk: who does not come, and why",
                    "person": "Laia",
                    "answers_goal": True,
                    "privacy": "public",
                },
            ],
            "commitments": [
                {
                    "lesson": "outreach",
                    "title": "Pair every newcomer at the Oldham youth forum with a host for three meetings",
                    "due_on": D(2018, 10, 31),
                    "hub": "gm-just-cities-lab",
                    "privacy": "public",
                    "follow_ups": [
                        (D(2018, 9, 12), "in_progress", "Six hosts volunteered; first pairs in September.", ""),
                        (D(2019, 1, 15), "done", "Eleven newcomers hosted; nine still come.", ""),
                    ],
                    "outcomes": [
                        {
                            "kind": "practice",
                            "description": "The youth forum hosts every newcomer for their first three meetings.",
                            "who_changed": "Oldham youth forum and its volunteer hosts",
                            "contribution": "The host role is the Barcelona assemblies' practice, adapted.",
                            "observed_on": D(2019, 1, 15),
                            "privacy": "public",
                            "substantiation": {
                                "user": "helen",
                                "answer": "partly",
                                "comment": "Hosting happens; whether it is why newcomers stay is not yet clear.",
                            },
                        }
                    ],
                },
            ],
        },
        "tom": {
            "rating": 3,
            "lessons": [
                {
                    "key": "moderation",
                    "title": "Moderators explain a refusal in the proposal's own thread, in plain words",
                    "session": "From signatures to a council answer",
                    "answers_goal": True,
                    "privacy": "private",
                },
            ],
            "commitments": [
                {
                    "lesson": "moderation",
                    "title": "Write plain-language refusal notes for our consultation portal",
                    "due_on": D(2019, 6, 30),
                    "privacy": "private",
                    "follow_ups": [],
                },
                {
                    "title": "Share the observatory notes with the digital team",
                    "due_on": D(2018, 8, 31),
                    "privacy": "participants",
                    "follow_ups": [
                        (D(2018, 9, 30), "not_started", "Not yet: the team was reorganised over the summer.", ""),
                    ],
                },
            ],
        },
        "rizwan": {
            "rating": 4,
            "lessons": [
                {
                    "key": "observer",
                    "title": "Researchers observe assemblies best as named guests with a fixed seat and no vote",
                    "session": "Assemblies, platforms and associations as one system",
                    "answers_goal": True,
                    "privacy": "public",
                    "harvest": True,
                },
            ],
            "commitments": [],
        },
    },
    "Cape Town conference on knowledge and the city": {
        "joe": {
            "rating": 5,
            "lessons": [
                {
                    "key": "flood",
                    "title": "A community's own flood map changed where the city sent its drainage crews",
                    "session": "Field trip: flood maps drawn by a savings collective",
                    "person": "Thandiwe",
                    "answers_goal": True,
                    "privacy": "public",
                },
            ],
            "commitments": [
                {
                    "lesson": "flood",
                    "title": "Map damp and flooding homes with Levenshulme neighbours and take it to the council",
                    "due_on": D(2019, 6, 30),
                    "organisation": "levenshulme-neighbours-network",
                    "privacy": "public",
                    "follow_ups": [
                        (D(2019, 2, 10), "in_progress", "Forty homes mapped in two weekends.", ""),
                        (
                            D(2019, 7, 4),
                            "in_progress",
                            "Map presented to the ward councillors; housing officers asked for a copy.",
                            "",
                        ),
                    ],
                    "outcomes": [
                        {
                            "kind": "relationship",
                            "description": (
                                "The council's housing team now meets the neighbours' network each quarter to go "
                                "through the damp map."
                            ),
                            "who_changed": "Manchester City Council housing team",
                            "contribution": (
                                "The mapping method, and the idea of taking it to officials, came from Cape Town."
                            ),
                            "observed_on": D(2019, 9, 1),
                            "privacy": "public",
                            "substantiation": {
                                "name": "Councillor Priya Shah",
                                "email": "priya.shah@example.org",
                                "role": "Ward councillor, Levenshulme",
                                "answer": None,
                            },
                        }
                    ],
                },
            ],
        },
        "david": {
            "rating": 4,
            "lessons": [
                {
                    "key": "time",
                    "title": "Officials write about their work when writing time is in their job description",
                    "session": "Discussion: writing with officials, not about them",
                    "answers_goal": True,
                    "privacy": "participants",
                },
            ],
            "commitments": [
                {
                    "lesson": "time",
                    "title": "Ask for a day a month of writing time for officials in the research partnership",
                    "due_on": D(2019, 4, 30),
                    "organisation": "gmca",
                    "privacy": "participants",
                    "follow_ups": [
                        (D(2019, 5, 2), "in_progress", "Agreed in principle; HR is writing the wording.", ""),
                    ],
                    "outcomes": [
                        {
                            "kind": "decision",
                            "description": "Two directorates give officials in the partnership a writing day a month.",
                            "who_changed": "GMCA directors of strategy and of public service reform",
                            "contribution": "The Cape Town discussion gave the model and the words for the request.",
                            "observed_on": D(2019, 10, 1),
                            "privacy": "participants",
                        }
                    ],
                },
            ],
        },
        "sofia": {
            "rating": 2,
            "lessons": [
                {
                    "key": "codesign",
                    "title": "Co-design with families works in short sessions at home, not long ones in a hall",
                    "session": "Field trip: housing designed with the families who live in it",
                    "answers_goal": False,
                    "privacy": "public",
                },
            ],
            "commitments": [
                {
                    "lesson": "codesign",
                    "title": "Try two kitchen-table sessions in the Gothenburg housing renewal",
                    "due_on": D(2019, 3, 1),
                    "hub": "gothenburg-city-learning-platform",
                    "privacy": "public",
                    "follow_ups": [],
                },
            ],
        },
    },
}

#: Commitments that became a co-production process: (commitment title, process title, whether
#: the process's coordinator confirmed it). The delegate proposes the link; one confirmed shows
#: on the journey, the impact chain and the process's result pages, one still proposed waits on
#: the coordinators' page of commitments.
BECAME: list[tuple[str, str, bool]] = [
    (
        "Propose a written 'promise before the vote' for the spatial plan consultation",
        "Greater Manchester Decides: neighbourhood priorities 2027",
        True,
    ),
    (
        "Hold the next ward budget count in the town hall, open to all",
        "Greater Manchester Decides: neighbourhood priorities 2027",
        False,
    ),
]
