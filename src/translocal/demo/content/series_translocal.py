"""The "Trans-local learning" series: reflections written for the demo network (original text).

Authors are usernames of demo people or guests given as {"guest": name, "affiliation": ...}.
"""

import datetime as dt

SERIES = {
    "slug": "trans-local-learning",
    "title": "Trans-local learning",
    "author": "amina",
    "hub": "gm-just-cities-lab",
    "description": (
        "What happens when officials, organisers, researchers and young people from six cities visit "
        "each other and try to bring lessons home. Written by the people who travelled, and by some who "
        "hosted them."
    ),
}

POSTS: list[dict] = [
    {
        "slug": "what-a-strategist-took-home-from-barcelona",
        "title": "What a strategist took home from Barcelona",
        "authors": ["david", "amina"],
        "published": dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "A combined authority strategy officer spends three days with Barcelona's participation "
            "office and learns that the software was never the point."
        ),
        "cases": ["decidim-barcelona-municipal-action-plan", "gm-citizens-assembly-warm-homes"],
        "methods": ["digital-participation-platform", "participatory-budgeting"],
        "places": ["barcelona", "greater-manchester"],
        "body": """\
I went to Barcelona to look at a platform. I came back thinking about filing.

The visit was organised by the Democratic Innovation Circle for six of us from Greater Manchester: two
officers from the combined authority, a councillor, a tenants' organiser, a youth panel member and
Amina from the Just Cities Lab, who had the sense to keep notes. Our brief from home was concrete.
The city-region was about to commission a digital engagement tool, and the question on my desk was
whether we should build on Decidim, the open-source platform Barcelona created in 2016, rather than
renew a licence for a commercial consultation product.

## Day one: the demonstration we did not get

We expected a demo. Marta Puig, who works in the city's participation office, started instead with
a spreadsheet. Each row was a proposal made during the city's municipal action plan process; the
columns recorded who made it, in which district meeting or online, which officer reviewed it, what
the answer was, and where that answer was published. Some rows were green: accepted, with a link to
the action in the plan and its current status. Many were amber: merged with similar proposals. A
good number were red, with reasons written in plain Catalan and Spanish.

"This is the platform," she said. "The website is the window."

I have sat through a dozen supplier presentations that showed beautiful proposal pages and not one
that showed the work of answering every proposal. In Greater Manchester we are good at asking; we
run more consultations than anyone can count. What we rarely do is close the loop, and when we do it
is a "you said, we did" poster that lists only the things we were going to do anyway.

## Day two: the district meeting

In Sant Martí we sat in on an evening meeting about a superblock extension. About forty residents,
two technical officers, a facilitator from a neighbourhood cooperative and a laptop on which a
volunteer typed each proposal into the platform as it was made. Nuria, a nurse who lives on the
street in question, told us she had made five proposals over the years; three had been accepted and
two rejected, and she could show us the answers to all of them on her phone.

What struck our youth panel member, Kai, was that nobody had to choose between the room and the
screen. Older residents who would never log in had their proposals recorded with their names; people
working night shifts could add theirs the next day and see the minutes of the meeting. Kai's comment
on the train afterwards was blunt: "At home you get the online survey or the drop-in at the library,
and they never talk to each other."

## Day three: what the researchers said

Jordi Vidal, who studies the platform, gave us the uncomfortable part. Online participants in
Barcelona were younger, more educated and more likely to be men than the city as a whole, and some
districts were far more active than others. The face-to-face meetings were not a nice extra; they
were what made the process defensible. And the traceability, the part Marta had shown us first, was
also the part most visiting cities dropped when they installed the software at home, because it
requires officers' time rather than developers' time.

## What we brought home

We did not come back with a procurement decision. We came back with three commitments, which we
wrote down before the flight so that we could be held to them:

1. Any engagement tool we commission will publish an answer to every proposal, and we will budget
   officer time for that, not only licence fees.
2. Online and in-person contributions will go into one record, with the same status and the same
   right to an answer.
3. We will pilot this with one process that controls real decisions, the neighbourhood retrofit
   panels that came out of the citizens' assembly on warm homes, rather than with a consultation
   whose outcome is already settled.

Six months later, the first two are in the specification we are now consulting on. The third is
happening in two boroughs. We chose to build on Decidim, partly because it is open source and partly
because the people who run it in Barcelona were so candid about what it cannot do. The filing, it
turns out, is the hard part, and nobody can install that for you.
""",
    },
    {
        "slug": "youth-coproduction-in-kisumu",
        "title": "Paying for time and sharing the pen: youth co-production in Kisumu",
        "authors": ["achieng", "brian"],
        "published": dt.datetime(2024, 4, 23, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "Two members of the Lakeside hub explain why young people on their design teams are paid, "
            "and what happened when visitors from Sheffield asked about it."
        ),
        "cases": ["kisumu-youth-market-coproduction", "kisumu-county-budget-public-participation"],
        "methods": ["youth-co-production-workshop", "community-asset-mapping"],
        "places": ["kisumu", "sheffield"],
        "body": """\
When the delegation from Sheffield visited us last year, the first question was not about the
market, or the toilets, or the budget hearing. It was about money. "You pay the young people?" asked
one of the council officers, and she sounded half impressed and half worried.

Yes, we pay them. This post is about why, and about what else we learned from three years of
co-production with young people in Kisumu.

## Brian: why I came, and why I stayed

I am a boda-boda rider. A day in a workshop is a day without fares. When Achieng first asked me to
join the market project, I said no, because I could not afford it. When she said there was a daily
allowance the same as a good day on the bike, I came, mostly for the money.

I stayed because on the second day an engineer from the county water department asked me where the
water points were in Kibuye. Not where they were on his map, where they actually were, which ones
worked and which ones the traders had stopped using because of the men who hang around them at night.
I knew the answer. Nobody had ever asked me something I knew better than an engineer.

## Achieng: time is the currency

Young people in Nyalenda and Manyatta are not apathetic. They are busy surviving. Every hour spent in
a meeting is an hour not spent earning, caring for siblings or looking for work. If we ask them to
contribute expertise, and they have expertise the county does not, then their time has a price, as
the consultants' time has a price.

Paying participants also changed the officials' behaviour. When people are paid, the county expects
to use what they produce. The allowance made the workshops feel like work, in a good sense.

## Sharing the pen

The second rule of our hub is that young people hold the pen. In the market project, the twenty-four
participants wrote the plan themselves, with the engineers checking costs. When the plan went to the
county budget hearing, two of them presented it alongside the chair of the traders' association. The
county officers told us afterwards that it was the first budget submission they had received that
came with a map, a costing and a queue of people who would defend it.

Sharing the pen is slower. Drafts go back and forth. Some sentences that an officer would write in
five minutes take a workshop to agree. But a plan written that way belongs to the people who must live
with it, and they do not let it be forgotten.

## What the Sheffield visitors took home

Helen Marsh from Sheffield wrote about her commitments later in this series, so we will not repeat
them. What we noticed was that the conversation moved quickly from "can we afford to pay?" to "can we
afford not to?" The Sheffield youth panel had struggled to keep members beyond a few months; the
young people who stayed were those whose parents could support them. Payment is not only fairness;
it decides who can take part at all.

## What we are still working out

We have not solved everything. Allowances raise questions about who is chosen, and we have had hard
conversations when more young people wanted to join than we could pay. We now draw lots among
applicants from each ward, with quotas for young women and for young people out of school. The county
still funds our workshops from one year to the next, with no guarantee, and the mobile money
payments are a headache for our treasurer.

But the young facilitators we trained now run sessions for the county's ward forums. Some of them are
paid by the county for it. That, to us, is what it looks like when co-production starts to change an
institution rather than decorate it.
""",
    },
    {
        "slug": "translating-between-cape-town-and-gothenburg",
        "title": "Lost and found in translation between Cape Town and Gothenburg",
        "authors": ["nomvula", "karin"],
        "published": dt.datetime(2024, 6, 4, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "A researcher from Cape Town and a planner from Gothenburg on what travelled between their "
            "cities, what did not, and the words that got in the way."
        ),
        "cases": [
            "cape-town-knowledge-transfer-programme",
            "angered-safe-spaces-youth-dialogue",
            "khayelitsha-flooding-photovoice",
        ],
        "methods": ["embedded-research", "photovoice"],
        "places": ["cape-town", "gothenburg"],
        "body": """\
We have been visiting each other's cities for four years. This post is a conversation we had, edited
for length, about what our two platforms have learned from each other and where the translation
broke down.

**Karin:** The first word that caused trouble was "informal". In Gothenburg, when planners say
informal, they mean a football game on a gravel pitch or a market that sets up on Saturdays. When
Nomvula said informal in our first workshop, she meant that a third of a neighbourhood's homes have no
title deed and no formal connection to the sewer. We nodded as if we meant the same thing. We did not.

**Nomvula:** And "participation" was worse. For many Capetonians, public participation means a
meeting where a consultant presents a plan that has already been approved, and people shout because
shouting is the only power in the room. When Swedish colleagues described a dialogue process, I heard
a calm, polite conversation among people who already trust the municipality. That trust is not
something we can import.

## What travelled from Cape Town to Gothenburg

**Karin:** Embedded research. Cape Town had years of experience of placing researchers inside city
departments and, just as important, giving officials time to write about their own work. We had
research partnerships, but they were projects: a researcher came, interviewed us, left and published.
After visiting Cape Town we put a Chalmers researcher in our urban development department for two
years, sitting at our desks and coming to our meetings. The safe spaces project in Angered came out of
that placement.

**Nomvula:** What I noticed on my visits was that your placement was protected in ways ours rarely
were: a written agreement about publication, a steering group that met, a budget line. Our programme
depended on a few champions, and when one of them moved on, a placement could disappear in a month.

## What travelled from Gothenburg to Cape Town

**Nomvula:** The habit of measuring inequality neighbourhood by neighbourhood and publishing it.
Gothenburg's reports on differences in life expectancy between districts are a political act; they
make inequality a municipal responsibility. We took that idea back, but we changed it, because our
data is thin in the places that matter most. That is why the Khayelitsha photovoice project matters:
the women of the savings collective produced evidence the city did not have.

**Karin:** And then we borrowed the photovoice back. Our young people in Angered photographed the
paths they avoid at night, which was an idea that came from Khayelitsha. So a method went south, was
changed, and came north again.

## What did not travel

**Karin:** Ward councillors. Cape Town's wards, with councillors directly accountable to a
neighbourhood, do not exist in Swedish local government, where parties dominate. Some of the community
organising we saw depends on having a person to hold to account.

**Nomvula:** And your patience. Swedish processes can take a long time because everyone expects the
outcome to be implemented. In Cape Town, when a process takes too long, people assume it has been
abandoned, and often they are right.

## What we recommend to other pairs of cities

1. Keep a glossary. Write down what each of you means by participation, informal, community and
   evidence before the first workshop, and revisit it after a year.
2. Exchange people, not only reports. Four days in someone else's meetings teaches more than a
   hundred pages.
3. Expect a method to change on the way. If it arrives unchanged, it probably has not been used.
""",
    },
    {
        "slug": "what-comparisons-hide",
        "title": "What comparisons hide",
        "authors": [
            "amina",
            {"guest": "Marisol Teixeira", "affiliation": "Independent researcher, Porto Alegre"},
        ],
        "published": dt.datetime(2024, 7, 16, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "League tables of participation count participants and pounds. They miss the things that "
            "made Porto Alegre's budget matter, and they can make a weak process look strong."
        ),
        "cases": [
            "porto-alegre-participatory-budgeting",
            "paris-participatory-budget",
            "gm-citizens-assembly-warm-homes",
        ],
        "methods": ["participatory-budgeting", "citizens-assembly"],
        "places": ["porto-alegre", "paris", "greater-manchester"],
        "body": """\
Every trans-local network eventually makes a table. Cities in rows, columns for participants per
thousand residents, share of budget decided, number of proposals, year started. We have made such
tables ourselves, and they are useful for about ten minutes. This post, written with Marisol Teixeira,
who studied participatory budgeting in Porto Alegre for fifteen years, is about what they leave out.

## The number that looks like success

Participatory budgets are usually compared by the amount of money under discussion and by turnout.
By those measures some recent European budgets look stronger than Porto Alegre's ever did: more
money, more votes, slicker websites. Marisol's view is that this comparison measures the wrong
thing.

What made Porto Alegre significant in the 1990s was not the size of the pot. It was that the rules
distributed investment according to need, using a formula that gave more weight to regions with
larger populations and worse infrastructure, and that the rules themselves were debated every year
by the budget council. Sewerage and paving moved to the periphery because the process was designed to
move them. A budget that lets the whole city vote for the most popular projects may attract more
participants and still send money where it always went.

## What the table cannot see

A comparison table has no column for:

- **who decides the rules**, and whether participants can change them;
- **what happens to the money that is not under discussion**, often ninety-five per cent of the budget;
- **whether losing proposals get an answer**, and whether the same neighbourhoods lose every year;
- **the organisations behind the turnout**. Porto Alegre's assemblies were full because neighbourhood
  associations mobilised for them. Turnout was an effect of organising, not of the process design;
- **time**. A process in its first enthusiastic year and one in its twentieth are different animals.

## A British example

Amina's own work makes the same point in a different setting. The citizens' assembly on warm homes in
Greater Manchester had fifty members; on a table of participation numbers it barely registers next
to a city-wide vote. But its recommendations changed the region's retrofit plan and created
neighbourhood panels that now decide the order in which streets are improved. A small, deliberative,
well-connected process can move more than a large one that nobody has to answer.

## So should we stop comparing?

No. Comparison is how cities learn that something is possible at all. The error is to compare
outputs without comparing the conditions that produced them. When we host visits now, we ask
delegations to bring three descriptions rather than three numbers: the rules of their process and who
set them, the organisations that bring people in, and one decision that changed because of it.

Marisol adds a warning from Porto Alegre's later history. Numbers can also hide decline. For years
after the process lost political support, the assemblies still met and the turnout figures still
looked respectable. What had changed was that approved projects were no longer being built. Nobody
tracking participants would have noticed. Anybody tracking answers would have.

## A short checklist for your next comparison

1. Compare rules before results.
2. Put the share of decisions that were actually implemented next to turnout.
3. Name the organisations that made participation happen.
4. Ask the people who lost what they think of the process.
5. Date everything: what year of the process are you looking at?
""",
    },
    {
        "slug": "commitments-after-a-visit",
        "title": "Six months on: the commitments we took home from Kisumu",
        "authors": ["helen", "shanice"],
        "published": dt.datetime(2024, 9, 10, 9, 0, tzinfo=dt.UTC),
        "summary": (
            "A council officer from Sheffield and a community organiser from Manchester review the "
            "promises they made after visiting Kisumu, one by one, including the ones they broke."
        ),
        "cases": ["kisumu-youth-market-coproduction", "burngreave-asset-map"],
        "methods": ["youth-co-production-workshop", "community-asset-mapping"],
        "places": ["kisumu", "sheffield", "greater-manchester"],
        "body": """\
Learning visits end with a round of commitments. Everyone says what they will do differently at home,
someone writes it on a flip chart, and the flip chart is photographed and forgotten. We promised each
other on the last evening in Kisumu that we would publish our commitments and report on them in six
months, whatever the result. This is that report.

## Helen's commitments (Sheffield City Council)

**1. Pay young people on our youth panels for their time.** *Partly done.* After seeing how the
Lakeside hub works, I proposed an allowance for the youth transport panel. Finance accepted vouchers
but not cash, because cash payments raised questions about benefits and tax that nobody wanted to
answer. The young people told us vouchers were better than nothing but not the same thing. We are
still working on it with the council's legal team.

**2. Give every panel recommendation a written answer within eight weeks.** *Done.* This one was
within my own control. Sheffield Civic Commons now keeps a public log of every recommendation, the
committee that received it and its answer. The first log had thirty-one lines; eight were accepted,
fifteen partly accepted, and eight rejected with reasons. One committee chair complained that the log
made the council look bad. It made the council look honest.

**3. Let young people hold the pen on one council document.** *Not done.* I had hoped the youth jury
on transport would write its own section of the bus strategy. The timetable of the strategy did not
allow it, and I did not push hard enough. I am putting it on record here so that I do it next time.

## Shanice's commitments (Levenshulme Neighbours Network)

**1. Map what our neighbourhood already has before asking the council for anything.** *Done.* We
borrowed the method from Rizwan in Burngreave, who borrowed parts of it from the Kisumu youth mapping.
Thirty volunteers, six weeks, and a map of 160 assets, which we used to argue for keeping the library
open on Saturday mornings. The council agreed.

**2. Bring a young person to every meeting with an official.** *Mostly done.* It is harder than it
sounds. Meetings are in working hours, and young people have school, college or shifts. Kai Mensah has
come to most of them; we need more than one Kai.

**3. Stay in touch with Kisumu.** *Done, and the best part.* Brian and I talk every few weeks. He asked
me how tenants' unions work; I asked him how a youth group manages a water kiosk without the money
disappearing. We are both better at our jobs for it.

## What we learned from reporting back

Writing this down was uncomfortable. It is much easier to describe a visit than to account for it.
But the commitments we kept were the ones we wrote in specific terms with a date, and the ones we
broke were vague or depended on somebody we had not asked.

Three suggestions for anyone organising a learning visit:

1. Ask delegates to write commitments that are small enough to be finished in six months and name who
   else must agree.
2. Pair each delegate with a host who will ask them about it.
3. Publish the follow-up, including the failures. The commitments we broke taught us more than the
   ones we kept, and the people who hosted us deserve to know what their generosity produced.
""",
    },
]
