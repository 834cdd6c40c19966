"""Participatory methods of the demo network, with original descriptions.

Vocabulary fields hold slugs of the controlled vocabularies (Participedia's field options).
"""

METHODS: list[dict] = [
    {
        "slug": "participatory-budgeting",
        "title": "Participatory budgeting",
        "author": "jordi",
        "summary": (
            "Residents propose, debate and decide how to spend part of a public budget, in yearly cycles "
            "with rules they help to set."
        ),
        "body": """\
Participatory budgeting (PB) hands a defined share of a public budget to residents. In a typical
cycle people propose projects, volunteers or delegates turn proposals into costed options with
officials, and residents vote; the authority then commits to carry out the winners and reports on
progress.

## Why cities use it

- It makes spending visible and contestable, and can move money to neighbourhoods that usually
  lose out.
- It builds a habit of participation that lasts beyond one decision.
- The yearly rhythm lets rules improve from cycle to cycle.

## What to watch

PB shrinks into a small grants scheme when the amount is symbolic or the rules are set without
residents. Distributional criteria (weighting by need) are what made the original model redistributive;
many imitations dropped them. Feasibility checks by officials can quietly filter out the most ambitious
proposals, so publish the reasons for every rejection.
""",
        "method_types": ["public", "direct", "deliberative"],
        "purposes": ["make", "deliver"],
        "public_spectrum": "empower",
        "scope_of_influence": ["neighbourhood", "city/town"],
        "participant_numbers": ["large", "no_limit"],
        "open_limited": "open",
        "recruitment_method": None,
        "interactions": ["discussion", "express", "formal"],
        "decision_methods": ["voting", "idea"],
        "voting_methods": ["plurality", "preferential"],
        "mode": "both",
        "facilitated": True,
        "level_polarization": "moderate",
        "level_complexity": "moderate",
    },
    {
        "slug": "citizens-assembly",
        "title": "Citizens' assembly",
        "author": "joe",
        "summary": (
            "A large group of randomly selected residents learns, deliberates and recommends on a "
            "contested public question over several weekends."
        ),
        "body": """\
A citizens' assembly brings together a few dozen to a hundred or more people chosen by lot, with
quotas so that the group resembles the population (age, gender, area, education, often attitudes to
the issue). Members hear evidence from experts and advocates, deliberate in facilitated small groups,
and agree recommendations, usually by vote.

## Design choices that matter

1. **Mandate**: what will the commissioning body do with the result? A public commitment to respond
   to every recommendation is the minimum.
2. **Time**: complex questions need four to six weekends, not one.
3. **Evidence**: an advisory group with opposing views picks speakers, and members can ask for more.
4. **Support**: pay members, cover childcare and travel, and translate.

## Limits

Assemblies are expensive and slow, and a well-run assembly ignored by decision-makers does more
harm to trust than no assembly at all.
""",
        "method_types": ["deliberative"],
        "purposes": ["make_influence"],
        "public_spectrum": "collaborate",
        "scope_of_influence": ["city/town", "regional", "national"],
        "participant_numbers": ["medium"],
        "open_limited": "limited",
        "recruitment_method": "stratified",
        "interactions": ["discussion", "ask", "listenwatch", "formal"],
        "decision_methods": ["voting", "general"],
        "voting_methods": ["supermajoritarian", "majoritarian"],
        "mode": "facetoface",
        "facilitated": True,
        "level_polarization": "polarized",
        "level_complexity": "high",
    },
    {
        "slug": "deliberative-mini-public",
        "title": "Deliberative mini-public",
        "author": "joe",
        "summary": (
            "The family of methods (juries, panels, assemblies) where a randomly selected group "
            "deliberates on behalf of the wider public."
        ),
        "body": """\
Mini-publics are small enough to talk and large enough to be diverse. Citizens' juries (12 to 24
people over a few days), people's panels (40 or so over several months) and citizens' assemblies all
belong to the family. What they share is random selection, access to balanced information, facilitated
deliberation and a public report.

The choice between them depends on the decision: a jury suits a focused yes-or-no question, a panel a
budget or plan with trade-offs, an assembly a question of values that divides a whole society.

Mini-publics work best when they are connected to the wider public: open calls for evidence, public
sessions, and a route for the recommendations into the decision that everybody can follow.
""",
        "method_types": ["deliberative"],
        "purposes": ["make_influence", "develop"],
        "public_spectrum": "involve",
        "scope_of_influence": ["city/town", "metropolitan", "regional"],
        "participant_numbers": ["small", "medium"],
        "open_limited": "limited",
        "recruitment_method": "random",
        "interactions": ["discussion", "ask", "listenwatch"],
        "decision_methods": ["general", "voting"],
        "voting_methods": [],
        "mode": "facetoface",
        "facilitated": True,
        "level_polarization": "moderate",
        "level_complexity": "high",
    },
    {
        "slug": "youth-co-production-workshop",
        "title": "Co-production workshop with young people",
        "author": "achieng",
        "summary": (
            "A series of paid, facilitated workshops in which young people and officials design a "
            "service or plan together, from the problem definition to the first test."
        ),
        "body": """\
Co-production workshops treat young people as designers, not as a consultation audience. A typical
series has four to six sessions: naming the problem in the participants' own words, gathering evidence
(often on foot or by phone camera), generating options, testing them with the officials who own the
budget, and agreeing what will be built first.

## Practical rules from the hubs

- Pay participants for their time, in cash or vouchers they choose.
- Young facilitators co-run every session after the first cycle.
- Officials attend as participants, not presenters, and bring real constraints (money, law).
- End each session with a visible record of what changed because of it.

## Risks

Workshops become theatre when the decision has already been taken. Ask the commissioning team, in
writing, which options are still open before the first session.
""",
        "method_types": ["collaborative", "experiential", "participantled"],
        "purposes": ["deliver", "develop"],
        "public_spectrum": "collaborate",
        "scope_of_influence": ["neighbourhood", "city/town"],
        "participant_numbers": ["small"],
        "open_limited": "limited",
        "recruitment_method": "appointment",
        "interactions": ["discussion", "storytelling", "acting", "teachinginstructing"],
        "decision_methods": ["general", "idea"],
        "voting_methods": [],
        "mode": "facetoface",
        "facilitated": True,
        "level_polarization": "low",
        "level_complexity": "moderate",
    },
    {
        "slug": "community-asset-mapping",
        "title": "Community asset mapping",
        "author": "rizwan",
        "summary": (
            "Residents map what a neighbourhood already has (people, places, skills, groups) before "
            "anyone decides what it lacks."
        ),
        "body": """\
Asset mapping starts from strengths rather than needs. Residents walk their streets, interview
neighbours and list the associations, spaces, skills and informal networks that keep the place going.
The map becomes shared evidence for planning: which hall is actually used, who already runs the
homework club, where people meet when the library is closed.

Good practice: map with, not for, residents; record informal assets (a barber who knows everyone) as
well as formal ones; publish the map openly and keep it alive. Beware of using asset language to
justify cuts: a neighbourhood's strengths are not a reason to withdraw services.
""",
        "method_types": ["community", "research", "planning"],
        "purposes": ["develop", "deliver"],
        "public_spectrum": "involve",
        "scope_of_influence": ["neighbourhood"],
        "participant_numbers": ["small", "medium"],
        "open_limited": "open",
        "recruitment_method": None,
        "interactions": ["storytelling", "discussion", "informal"],
        "decision_methods": ["n/a"],
        "voting_methods": [],
        "mode": "facetoface",
        "facilitated": True,
        "level_polarization": "not",
        "level_complexity": "low",
    },
    {
        "slug": "photovoice",
        "title": "Photovoice",
        "author": "thandiwe",
        "summary": (
            "Participants photograph their everyday conditions and discuss the pictures to put their "
            "priorities in front of decision-makers."
        ),
        "body": """\
In photovoice, participants receive cameras (today usually their phones) and a prompt, such as
"what does winter mean in your street?". They take pictures over a few weeks, select and caption them
together, and present an exhibition to officials and the public.

The method lets people who are rarely asked set the terms of the conversation. Pictures travel: they
reach council chambers and newspapers where a report would not. Agree in advance on consent for
people who appear in photographs, on who owns the images and on what officials commit to do after
the exhibition.
""",
        "method_types": ["research", "community", "experiential"],
        "purposes": ["develop", "make_influence"],
        "public_spectrum": "involve",
        "scope_of_influence": ["neighbourhood"],
        "participant_numbers": ["small"],
        "open_limited": "limited",
        "recruitment_method": "captive",
        "interactions": ["storytelling", "express", "discussion"],
        "decision_methods": ["opinion"],
        "voting_methods": [],
        "mode": "facetoface",
        "facilitated": True,
        "level_polarization": "low",
        "level_complexity": "low",
    },
    {
        "slug": "world-cafe",
        "title": "World café",
        "author": "laia",
        "summary": (
            "Rounds of small-table conversations, with people moving between tables to cross-pollinate ideas."
        ),
        "body": """\
A world café seats people at tables of four or five with a question per round. After twenty minutes
everyone except a host moves to a new table; the host summarises what the last group said and the
conversation builds on it. A final plenary harvests themes.

It is quick to set up and good at surfacing a wide range of views in a couple of hours. It is not a
decision method: say clearly what happens to the harvest and who will decide.
""",
        "method_types": ["deliberative", "public_meetings"],
        "purposes": ["develop"],
        "public_spectrum": "consult",
        "scope_of_influence": ["organization", "neighbourhood"],
        "participant_numbers": ["small", "medium"],
        "open_limited": "open",
        "recruitment_method": None,
        "interactions": ["discussion", "express"],
        "decision_methods": ["opinion"],
        "voting_methods": [],
        "mode": "facetoface",
        "facilitated": True,
        "level_polarization": "low",
        "level_complexity": "low",
    },
    {
        "slug": "embedded-research",
        "title": "Embedded researchers and officials",
        "author": "nomvula",
        "summary": (
            "Researchers work inside a public body and officials spend time in the university, so that "
            "knowledge is made where it will be used."
        ),
        "body": """\
Embedded research places an academic researcher within a municipal department for a year or more,
with a shared research question and access to meetings, data and colleagues. The mirror image gives
officials paid time, supervision and a desk at the university to write about their own practice.

The approach produces knowledge that fits institutional realities and builds lasting relationships.
It needs protection: agreed publication rights, a steering group that meets, and a plan for what
happens when the placement ends.
""",
        "method_types": ["research", "collaborative", "longterm"],
        "purposes": ["academic", "develop"],
        "public_spectrum": "collaborate",
        "scope_of_influence": ["organization", "city/town"],
        "participant_numbers": ["individuals", "small"],
        "open_limited": "limited",
        "recruitment_method": "appointment",
        "interactions": ["discussion", "teachinginstructing"],
        "decision_methods": ["n/a"],
        "voting_methods": [],
        "mode": "facetoface",
        "facilitated": False,
        "level_polarization": "low",
        "level_complexity": "high",
    },
    {
        "slug": "digital-participation-platform",
        "title": "Digital participation platform",
        "author": "jordi",
        "summary": (
            "An open-source platform (such as Decidim or CONSUL) where residents submit proposals, "
            "comment, support and vote, and follow what the authority does with the results."
        ),
        "body": """\
A participation platform gives a city one place for consultations, proposals, participatory budgets
and meetings, with public records of every step. Open-source platforms let cities audit the code,
share improvements and keep their data.

A platform does not create participation by itself. The cities that use them well combine online
steps with face-to-face meetings, publish answers to every proposal, and invest in people who help
residents without easy internet access take part.
""",
        "method_types": ["direct", "public_meetings"],
        "purposes": ["make", "make_influence"],
        "public_spectrum": "involve",
        "scope_of_influence": ["city/town"],
        "participant_numbers": ["large", "no_limit"],
        "open_limited": "open",
        "recruitment_method": None,
        "interactions": ["express", "discussion"],
        "decision_methods": ["voting", "idea"],
        "voting_methods": ["plurality"],
        "mode": "both",
        "facilitated": False,
        "level_polarization": "moderate",
        "level_complexity": "moderate",
    },
]
