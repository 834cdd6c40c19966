"""Standalone reflections and the smaller "Methods in practice" series (original demo text)."""

import datetime as dt

STANDALONE: list[dict] = [
    {
        "slug": "what-a-retired-electrician-learned-on-a-citizens-assembly",
        "title": "What a retired electrician learned on a citizens' assembly",
        "authors": ["tom"],
        "status": "published",
        "published": dt.datetime(2024, 1, 18, 9, 0, tzinfo=dt.UTC),
        "summary": "Five weekends, fifty strangers and one question about heat pumps.",
        "cases": ["gm-citizens-assembly-warm-homes"],
        "methods": ["citizens-assembly"],
        "places": ["greater-manchester"],
        "body": """\
The letter came in a brown envelope and I nearly put it in the recycling. "You have been selected at
random..." sounded like a prize draw. What made me read on was the line about being paid for my time.
I have been retired six years and the money was welcome.

I expected a talking shop. I spent forty years wiring houses in Oldham and I know more about why old
terraces are cold than most people who write reports about it. On the first weekend I sat at a table
with a student, a nurse, a landlord with eleven properties and a woman who had just arrived from
Eritrea. The facilitator asked us what a warm home meant to us. I thought it was a soft question.
It was the best question of the five weekends, because the answers were so different.

What changed my mind about the whole thing was the evidence sessions. We could ask for anyone we
wanted. We asked for an installer who had fitted heat pumps badly and would admit it, and they found
one. We asked for a tenant whose rent went up after her flat was insulated, and she came.

At the end we voted, and a recommendation needed three in four of us to pass. Some of my ideas did
not get through. The one about training local electricians did.

The combined authority wrote back to every recommendation. Some answers were no, but they said why. I
now sit on the follow-up panel. My advice to anyone who gets the brown envelope: open it.
""",
    },
    {
        "slug": "software-is-the-easy-part",
        "title": "Software is the easy part",
        "authors": ["jordi", "laia"],
        "status": "published",
        "published": dt.datetime(2024, 2, 20, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "A researcher and a facilitator on why visiting cities keep asking the wrong question about "
            "Decidim."
        ),
        "cases": ["decidim-barcelona-municipal-action-plan"],
        "methods": ["digital-participation-platform"],
        "places": ["barcelona"],
        "body": """\
Every month a delegation arrives in Barcelona and asks how long it takes to install Decidim. The
honest answer is an afternoon for a developer and several years for a city.

The platform records proposals, debates, meetings and results, and it connects them: a proposal made
in a neighbourhood meeting can be followed to the action in the municipal plan and to the budget line
that pays for it. That chain is only as strong as the people who maintain it. Someone has to answer
each proposal, merge duplicates without losing authors, and update the status of results for years.

Laia works in Sant Martí, where she facilitates assemblies and then types what people said into the
platform, with their consent and in their words. Her job does not appear in any technical
documentation. Without it, the platform would record the views of the people who are already
online: younger, more educated, more often men.

So our advice to visitors is to budget for the people first. Install the software on the first day,
by all means. Then spend the first year designing how your officers will answer, how meetings will
feed the platform, and how you will show residents what happened to their ideas.
""",
    },
    {
        "slug": "the-knowledge-of-the-people-who-get-wet",
        "title": "The knowledge of the people who get wet",
        "authors": ["pieter", "thandiwe"],
        "status": "published",
        "published": dt.datetime(2024, 5, 14, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "A stormwater manager and a community organiser on what flood models miss in informal "
            "settlements."
        ),
        "cases": ["khayelitsha-flooding-photovoice"],
        "methods": ["photovoice"],
        "places": ["cape-town"],
        "body": """\
**Pieter:** Our flood models are good at rivers and canals. They are poor at informal settlements,
where the ground level changes every time someone builds, and where a path between shacks becomes a
stream within an hour of heavy rain. For years we planned winter readiness from the models and were
surprised every winter.

**Thandiwe:** The women in our savings groups are not surprised. They know which corner floods
first, which drain is blocked with sand, which family has a baby and must be moved. When we started
the photovoice project, the idea was simple: show the city what we see.

**Pieter:** The exhibition was uncomfortable for my team. Some photographs were taken a few metres
from places our model marked as dry. We went back and surveyed three settlements, and the photographs
were right.

**Thandiwe:** What matters to us is what happened next. There is now a number that savings group
members can message during the winter, and the reports go to the team that sends the trucks. It is
a small thing. But it is the first time the city has treated our knowledge as data.

**Pieter:** We are now talking about training residents to log drain blockages all year round. If
that works, it will be the cheapest improvement to our flood models in a decade.
""",
    },
    {
        "slug": "a-planners-night-walk",
        "title": "A planner's night walk in Angered",
        "authors": ["elsa", "sofia"],
        "status": "published",
        "published": dt.datetime(2024, 10, 8, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "A young photographer and a researcher on walking the routes young women avoid after dark."
        ),
        "cases": ["angered-safe-spaces-youth-dialogue"],
        "methods": ["photovoice", "youth-co-production-workshop"],
        "places": ["gothenburg"],
        "body": """\
We met the planners at the tram stop at nine in the evening in November. It was dark and raining,
which was the point.

Elsa had spent a month photographing the routes she and her friends avoid. In daylight they look
fine on a map: a footpath through a park, a square with benches, an underpass. At night the footpath
has two working lamps out of seven, the benches are behind a hedge where nobody can see you, and the
underpass is the only way to the bus.

The planners had seen the photographs. Walking was different. One of them stopped in the middle of
the park and said quietly that he had never been there after dark. Another started taking notes on
her phone about which lamps belonged to which department.

Sofia's job was to keep a log of every promise made on the walk and to ask about each one a month
later. Four were kept: new lighting, hedges cut back, a bus shelter moved, and a summer café in an
empty kiosk. Two were not, and we know why, because we asked.

If you plan a city, walk it at the hour that worries the people who live there, with them, and write
down what you promise.
""",
    },
    {
        "slug": "youth-panels-notes-for-officials",
        "title": "Youth panels: notes for officials",
        "authors": ["kai"],
        "status": "draft",
        "published": None,
        "summary": "Things I wish officials knew before they set up a youth panel.",
        "cases": [],
        "methods": ["youth-co-production-workshop"],
        "places": ["greater-manchester"],
        "body": """\
Draft, not ready yet.

1. Do not schedule meetings at 2 pm on a Tuesday.
2. Tell us what is already decided.
3. Pay us, or at least pay for the bus.
4. Come back and tell us what happened.
""",
    },
]

METHODS_SERIES = {
    "slug": "methods-in-practice",
    "title": "Methods in practice",
    "author": "joe",
    "hub": "sheffield-civic-commons",
    "description": "Short, practical notes on running participatory methods, from people who have run them.",
}

METHODS_POSTS: list[dict] = [
    {
        "slug": "running-your-first-asset-mapping-walk",
        "title": "Running your first asset mapping walk",
        "authors": ["rizwan"],
        "published": dt.datetime(2024, 8, 6, 9, 0, tzinfo=dt.UTC),
        "summary": "Six practical tips from Burngreave for a first neighbourhood walk.",
        "cases": ["burngreave-asset-map"],
        "methods": ["community-asset-mapping"],
        "places": ["sheffield"],
        "body": """\
Our first asset mapping walk in Burngreave had eleven people, two clipboards and a lot of rain. By the
tenth walk we had a method. Here is what we learned.

1. **Walk a route people actually use**, not the one that looks good on a map. Ask where people go to
   school, to pray, to shop and to wait for the bus.
2. **Invite one person who knows everyone.** Ours was a retired joiner who has fixed half the doors on
   the estate. He stopped to talk to people we would never have met.
3. **Record people and skills, not only buildings.** "Fatima runs a sewing group on Thursdays" is an
   asset. So is the shop that lets people charge their phones.
4. **Carry questions in more than one language.** We had cards in English, Urdu, Somali, Arabic and
   Slovak.
5. **Go back with the map.** People correct it, and each correction is a conversation.
6. **Decide who owns the map.** Ours belongs to the residents' association, not to the council,
   which made it more trusted and more useful.
""",
    },
    {
        "slug": "recruiting-by-lot-for-a-small-council",
        "title": "Recruiting by lot when your council has no money",
        "authors": ["joe", {"guest": "Ruth Adeyemi", "affiliation": "Freelance facilitator, Leeds"}],
        "published": dt.datetime(2024, 11, 12, 9, 0, tzinfo=dt.UTC),
        "summary": "A cheap, defensible way to select a small deliberative panel.",
        "cases": ["melbourne-peoples-panel", "gm-citizens-assembly-warm-homes"],
        "methods": ["deliberative-mini-public", "citizens-assembly"],
        "places": ["sheffield", "melbourne"],
        "image": "sortition-dots",
        "body": """\
National assemblies use professional recruiters and thousands of letters. A council with a small
budget and a panel of sixteen can do something simpler and still defend the result.

Send invitations to a random sample of addresses from the council's address file, weighted towards
areas where response rates are usually low. Ask those who reply a few questions: age, gender,
ward, whether they rent or own, and one attitude question relevant to the topic. Then draw the panel
by lot within quotas, in public, with a simple script whose code you publish.

Three things matter more than the size of the mailing: pay members, offer help with travel and
caring responsibilities, and tell everyone who replied but was not selected what the panel
recommended and what the council did with it.
""",
    },
]
