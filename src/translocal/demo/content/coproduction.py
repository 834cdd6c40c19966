"""Co-production processes of the demo network: a city-region deciding with its residents in
Greater Manchester and young people co-producing a parks plan in Sheffield. Written for the demo;
the people and proposals are invented.

Phase dates are offsets in days from the moment the demo is loaded, so the demo always has a
phase running. ``stage`` says which phase runs while the proposals are written ("ideas") and
which runs once the demo is loaded ("now"): the loader writes proposals and comments in the first,
then moves the phases the way the process's coordinators would, and supports in the second.
"""

PROCESSES: list[dict] = [
    {
        "hub": "gm-just-cities-lab",
        "coordinator": "amina",
        "title": "Greater Manchester Decides: neighbourhood priorities 2027",
        "summary": (
            "Residents propose what the city-region should fund next year; those that reach the "
            "threshold are costed by officers and answered in public."
        ),
        "description": (
            "Greater Manchester Decides asks residents of the ten boroughs what would make the biggest "
            "difference to their neighbourhood in 2027.\n\n"
            "Anyone who lives, works or studies in the city-region can make a proposal and comment on "
            "others. In the support phase each person backs up to **three** proposals; those that reach "
            "**four** supports are costed by officers and answered in public, whatever the answer is."
        ),
        "access": "public",
        "supports_per_person": 3,
        "support_threshold": 4,
        "phases": [
            {
                "name": "Ideas",
                "days": (-40, 0),
                "features": ["propose", "comment"],
                "description": "Make proposals and discuss them with your neighbours.",
                "stage": "ideas",
            },
            {
                "name": "Support",
                "days": (0, 21),
                "features": ["support", "comment", "budget_vote", "initiative_signing"],
                "description": (
                    "Back up to three proposals you want costed. Young people also vote in the youth budget. "
                    "Anyone can start or sign a citizen initiative."
                ),
                "stage": "now",
            },
            {
                "name": "Costing and answers",
                "days": (21, 60),
                "features": ["comment"],
                "description": "Officers cost the proposals that reached the threshold and answer each one.",
            },
            {
                "name": "Results",
                "days": (60, 120),
                "features": ["results"],
                "description": "What the combined authority funded, and progress on each.",
            },
        ],
        "proposals": [
            {
                "author": "shanice",
                "title": "Night buses from Wythenshawe after the last tram",
                "body": (
                    "Shift workers at the airport and the hospital finish after the last tram. A night bus "
                    "every 40 minutes until 2am would get them home safely without a taxi fare that eats "
                    "half a shift's pay."
                ),
                "supporters": ["david", "tom", "kai", "helen", "joe"],
                "answer": (
                    "in_progress",
                    "Transport for Greater Manchester runs a six-month trial from March on the 43 route, "
                    "with passenger counts published every month.",
                ),
            },
            {
                "author": "tom",
                "title": "Repair cafés in every library",
                "body": (
                    "Libraries already have space and opening hours. A monthly repair café with volunteer "
                    "fixers and a tool library would cut waste and bring in people who never use the library."
                ),
                "supporters": ["amina", "shanice", "kai", "lily"],
                "answer": (
                    "accepted",
                    "Funded in the 2027 budget for twelve libraries in six boroughs, starting with "
                    "Levenshulme and Bolton.",
                ),
            },
            {
                "author": "kai",
                "title": "Free swimming for under-18s in the summer holidays",
                "body": (
                    "Many children in Greater Manchester leave primary school unable to swim 25 metres. Free "
                    "sessions during the holidays, with lessons, would change that."
                ),
                "supporters": ["shanice", "helen", "rizwan"],
                "answer": (
                    "evaluating",
                    "Leisure trusts are working out the cost per borough; we will answer by the end of the "
                    "costing phase.",
                ),
            },
            {
                "author": "david",
                "title": "A congestion charge for the city centre",
                "body": "Charge cars entering the inner ring road at peak hours and put every penny into buses.",
                "supporters": ["tom"],
                "answer": (
                    "rejected",
                    "Residents rejected a congestion charge in the 2008 referendum and the combined authority "
                    "has committed not to bring one in without another vote. The clean air plan funds bus "
                    "priority instead.",
                ),
            },
            {
                "author": "helen",
                "title": "Shade and water fountains in parks",
                "body": (
                    "Last summer's heatwaves showed how few parks have shade or drinking water. Plant trees on "
                    "the south side of playgrounds and install fountains that work all year."
                ),
                "supporters": ["amina", "kai"],
            },
            {
                "author": "amina",
                "title": "Council letters in the ten most spoken languages",
                "body": (
                    "Letters about benefits, housing and school places arrive only in English. People miss "
                    "deadlines because they cannot read them."
                ),
                "supporters": [],
            },
            {
                "author": "shanice",
                "title": "A youth worker in every secondary school",
                "body": "I moved this into the youth strand, where it fits better.",
                "supporters": [],
                "withdrawn": True,
            },
        ],
        # The youth budget: voted in the support phase by young people (ballots written at load
        # through the services), counted by the Method of Equal Shares (binding) and by most votes.
        # The groups are chosen so the two rules differ: most votes funds only what the twelve
        # voters of the larger group chose; Equal Shares funds the music studio and the football
        # coaching the six others asked for, paid from their shares.
        "budget": {
            "title": "Youth budget 2027",
            "description": (
                "£100,000 for projects young people aged 11 to 25 choose. Tick the projects you want, as "
                "long as they add up to no more than the budget. The Method of Equal Shares decides: "
                "every voter holds an equal share of the money, so a group that is a third of the voters "
                "decides about a third of the budget."
            ),
            "total": 100_000,
            "currency": "GBP",
            "style": "knapsack",
            "binding_rule": "equal_shares",
            "projects": [
                # (title, cost, description, the proposal it came from or None)
                ("Refit the Wythenshawe youth club", 40_000,
                 "New kitchen, a quiet room and a roof that does not leak.", None),
                ("Bus fares for apprentices in their first year", 30_000,
                 "Top up the under-22 bus pass for first-year apprentices.", None),
                ("A youth worker in every secondary school", 25_000,
                 "A pilot in six schools in Oldham and Rochdale.", "A youth worker in every secondary school"),
                ("Skate and BMX park in Oldham", 45_000,
                 "Concrete park designed with local skaters.", None),
                ("Recording studio at Rochdale youth centre", 20_000,
                 "Equipment and two evenings a week with a producer.", None),
                ("Girls' football coaching in Salford", 15_000,
                 "Coaches, kit and pitch time for two years.", None),
            ],
            # (voters, the projects they chose, by their place in "projects")
            "ballots": [
                (["shanice", "david", "tom", "kai", "helen", "joe", "lily", "karin"], [0, 1, 2]),
                (["sofia", "ahmed", "elsa", "nomvula"], [0, 1, 2]),
                (["pieter", "thandiwe", "sipho", "marta", "jordi", "laia"], [4, 5]),
                (["nuria", "achieng"], [2, 4]),
            ],
        },
        "comments": [
            (
                "Night buses from Wythenshawe after the last tram",
                "david",
                "Care workers on late visits have the same problem in Oldham.",
                [("shanice", "Yes, and the hospital's own staff survey found the same.")],
            ),
            (
                "Repair cafés in every library",
                "kai",
                "The Levenshulme one already runs on Saturdays: happy to share how we do it.",
                [],
            ),
            (
                "Free swimming for under-18s in the summer holidays",
                "helen",
                "Could schools book lane time too, so lessons happen in term?",
                [],
            ),
            (
                "A congestion charge for the city centre",
                "shanice",
                "Buses first, then we can talk about charges.",
                [("david", "Fair: the money has to come from somewhere though.")],
            ),
        ],
        # Citizen initiatives started once the support phase runs: (author, title, text, signers).
        "initiatives": [
            (
                "joe",
                "Keep Hulme's pool open on Sundays",
                "The leisure trust plans to close the pool on Sundays from April. It is the only pool families "
                "in Hulme and Moss Side can walk to. We ask the combined authority to fund Sunday opening.",
                ["shanice", "kai", "helen", "tom"],
            ),
        ],
        # Meetings of the process: start in days from the load (a past one has minutes).
        "meetings": [
            {
                "title": "Ideas workshop at Levenshulme Library",
                "description": "An evening to turn neighbourhood ideas into proposals, with officers on hand.",
                "days": -20,
                "hours": 2,
                "location": "Levenshulme Library, 12 Cromwell Grove, Manchester",
                "online_url": "",
                "capacity": 30,
                "minutes": (
                    "Twenty-three residents came. We grouped the ideas into transport, libraries and parks; "
                    "the night bus and repair café ideas were written up as proposals that evening.\n\n"
                    "Officers explained the costing phase and the threshold of four supports."
                ),
                "attendee_count": 23,
            },
            {
                "title": "Online drop-in: how costing works",
                "description": "Officers explain how proposals that reach the threshold are costed. Bring questions.",
                "days": 10,
                "hours": 1,
                "location": "",
                "online_url": "https://meet.example.org/gm-decides-costing",
                "capacity": 2,
            },
        ],
        # What the combined authority is doing about the answered proposals: each result names the
        # proposals and comments (proposal title, comment author) it came from; updates are
        # (days from the load, progress %, status, what was done).
        "results": [
            {
                "title": "Night bus trial on the 43 route",
                "description": (
                    "A six-month trial of a bus every 40 minutes from Manchester Airport and Wythenshawe "
                    "Hospital to the city centre until 2am, with passenger counts published each month."
                ),
                "proposals": ["Night buses from Wythenshawe after the last tram"],
                "comments": [("Night buses from Wythenshawe after the last tram", "david")],
                "updates": [
                    (-35, 15, "in_progress", "Timetable agreed with the operator and the hospital's staff forum."),
                    (-6, 45, "in_progress",
                     "First month of the trial: 2,140 passengers, most between midnight and 1am. Oldham's care "
                     "workers asked for the same on the 59; officers are costing it."),
                ],
            },
            {
                "title": "Repair cafés in twelve libraries",
                "description": "A monthly repair café and a tool library in twelve libraries across six boroughs.",
                "proposals": ["Repair cafés in every library"],
                "comments": [("Repair cafés in every library", "kai")],
                "updates": [
                    (-28, 10, "in_progress", "Levenshulme volunteers trained fixers for Bolton and Wigan."),
                    (-3, 50, "in_progress", "Six of the twelve libraries now hold a repair café each month."),
                ],
            },
        ],
        # Polls with their own voting window (the running phase is for supports): each is written
        # through the poll services, ballots by the residents named; "closed" polls are closed
        # by the coordinator once the ballots are in, so their results show.
        "polls": [
            {
                "question": "Which answered proposal should be funded first?",
                "description": (
                    "Rank the four proposals the officers have costed. The count is an instant runoff: "
                    "if your first choice is knocked out, your ballot moves to your next one."
                ),
                "kind": "ranked",
                "options": [
                    "Night buses from Wythenshawe after the last tram",
                    "Repair cafés in every library",
                    "Free swimming for under-18s in the summer holidays",
                    "Shade and water fountains in parks",
                ],
                # Rankings by option number (1 = the first option). Hand count: round 1 gives 4, 3,
                # 4, 2; shade is out (one ballot moves to swimming, one is exhausted); round 2 gives
                # 4, 3, 5; repair cafés are out (one to night buses, one to swimming, one
                # exhausted); round 3 gives 5 to 6 of 11 continuing ballots: free swimming wins,
                # though it tied with night buses on first preferences.
                "ballots": {
                    "david": [1, 3], "shanice": [1, 2], "amina": [1], "ahmed": [1, 2],
                    "tom": [2, 1], "kai": [2, 3], "sofia": [2],
                    "helen": [3, 2], "rizwan": [3, 1], "lily": [3, 4], "elsa": [3, 1],
                    "joe": [4, 3], "karin": [4],
                },
                "closed": True,
            },
            {
                "question": "Should next year's process keep the limit of three supports per person?",
                "kind": "single",
                "options": ["Keep three", "Raise it to five", "No limit"],
                "anonymous": True,
                "results_hidden_until_close": True,
                "ballots": {"david": [1], "shanice": [2], "tom": [1], "kai": [3], "lily": [1], "joe": [2]},
            },
            {
                "question": "Which evenings suit you for the public answers meeting?",
                "kind": "multiple",
                "max_choices": 2,
                "options": ["Monday", "Tuesday", "Wednesday", "Thursday"],
                "ballots": {"helen": [2, 4], "rizwan": [2], "shanice": [1, 2], "kai": [4]},
            },
        ],
    },
    {
        "hub": "sheffield-civic-commons",
        "coordinator": "helen",
        "title": "Young Sheffield shapes its parks",
        "summary": (
            "Young people aged 12 to 25 co-produce the next parks plan with the council's parks team: "
            "they propose, a youth panel decides, and the council answers every proposal."
        ),
        "description": (
            "The parks team is writing its plan for the next five years. This time young people write "
            "part of it.\n\n"
            "After listening sessions in youth clubs in Burngreave, Darnall and Gleadless Valley, anyone "
            "aged 12 to 25 can propose changes to a park they use. A youth panel of twenty, chosen by lot, "
            "then votes on how to spend the first £150,000, and the council answers every proposal."
        ),
        "access": "public",
        "supports_per_person": 5,
        "support_threshold": 3,
        "phases": [
            {
                "name": "Listening sessions",
                "days": (-60, -25),
                "features": ["comment"],
                "description": "Youth workers met groups in their own clubs and wrote up what they heard.",
            },
            {
                "name": "Ideas from young people",
                "days": (-25, 14),
                "features": ["propose", "comment", "support"],
                "description": "Propose a change to a park you use, and back the ideas you like.",
                "stage": "ideas",
            },
            {
                "name": "Youth panel decides",
                "days": (14, 35),
                "features": ["budget_vote", "poll_vote", "comment"],
                "description": "The youth panel votes on how to spend the first £150,000.",
            },
            {
                "name": "What happened",
                "days": (35, 200),
                "features": ["results"],
                "description": "The council's answers and the progress of each project.",
            },
        ],
        "proposals": [
            {
                "author": "lily",
                "title": "Lights on the path through Burngreave Rec",
                "body": (
                    "The path is the quickest way home from college but nobody uses it after dark. Low lights "
                    "along it would make it safe."
                ),
                "supporters": ["joe", "rizwan", "helen"],
            },
            {
                "author": "joe",
                "title": "A covered place to hang out that isn't a bus shelter",
                "body": (
                    "We get moved on from the shops and the bus shelters. A shelter with benches in Darnall "
                    "park, designed with us, would give us somewhere to be."
                ),
                "supporters": ["lily", "rizwan"],
            },
            {
                "author": "rizwan",
                "title": "Girls-only times at the multi-use games area",
                "body": (
                    "The cage is always full of older boys. Two evenings a week for girls and young women "
                    "would get more of us playing."
                ),
                "supporters": ["lily"],
            },
        ],
        "comments": [
            (
                "Lights on the path through Burngreave Rec",
                "rizwan",
                "Solar ones would be cheaper to run.",
                [("lily", "Good idea, as long as they work in winter.")],
            ),
            (
                "A covered place to hang out that isn't a bus shelter",
                "helen",
                "The parks team asked whether you would help choose the spot on a walk next month?",
                [("joe", "Yes! Saturday works for most of us.")],
            ),
        ],
    },
]
