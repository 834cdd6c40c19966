"""Cases of the demo network.

Cases in real places with public histories (Porto Alegre, Paris, Melbourne, Gdańsk, Dublin,
Barcelona's Decidim, Cape Town's knowledge transfer, Kisumu's county budget) are summarised from
public facts in our own words. Cases marked ``illustrative`` are invented for the demo and say so.
Vocabulary fields hold slugs; unknown slugs are skipped by the loader with a warning.
``is_component_of`` holds the slug of the larger case (which may come later in the list).
"""

import datetime as dt

ILLUSTRATIVE_NOTE = "\n\n*An illustrative case written for the Translocal demo network.*\n"

CASES: list[dict] = [
    {
        "slug": "porto-alegre-participatory-budgeting",
        "title": "Participatory budgeting in Porto Alegre",
        "author": "jordi",
        "hub": None,
        "status": "published",
        "featured": True,
        "place": "porto-alegre",
        "location_name": "Porto Alegre, Rio Grande do Sul",
        "summary": (
            "From 1989 residents of Porto Alegre met in neighbourhood and thematic assemblies each year to "
            "decide the city's investment priorities: the model that took participatory budgeting around "
            "the world."
        ),
        "body": """\
## Background

When the Workers' Party won the Porto Alegre mayoralty in 1988, the city was close to bankrupt and
investment went mostly to wealthier central districts. Neighbourhood associations had long demanded a
say over public works. The new administration opened the investment budget to a yearly cycle of
public assemblies.

## How it worked

The city was divided into sixteen regions, later joined by thematic assemblies (transport, health,
education, culture, economic development). Each cycle began in March with open regional assemblies
where the city reported on the previous year's projects and residents elected delegates. Over the
following months delegates met neighbourhood by neighbourhood to rank priorities such as paving,
sanitation and housing. A budget council of elected councillors from each region and theme then
combined the priorities with a formula that weighted each region's population and lack of
infrastructure, so that poorer areas received more.

## Results

Participation grew from around a thousand people in the first year to tens of thousands a year at
its peak in the early 2000s, with low-income residents well represented. Studies of the period credit
the process with a large expansion of sewerage and water connections and paved roads in the
peripheral districts, and with reducing clientelism in how works were allocated.

## Decline and legacy

After changes of administration the share of the budget under discussion shrank and delivery of
approved projects slowed; the assemblies were suspended in 2017. The model had by then travelled to
thousands of municipalities on every continent, usually in a lighter form without the redistributive
formula. Porto Alegre remains the reference point for what participatory budgeting can be when it
controls real money and changes who benefits.
""",
        "general_issues": ["economics", "planning", "governance"],
        "specific_topics": ["budget", "infrastructure", "poverty", "public_participation"],
        "scope_of_influence": ["city/town"],
        "purposes": ["make", "deliver"],
        "approaches": ["cogovernance", "direct"],
        "public_spectrum": "empower",
        "number_of_participants": 20000,
        "open_limited": "open",
        "recruitment_method": None,
        "targeted_participants": ["lowincome"],
        "methods": ["participatory-budgeting"],
        "decision_methods": ["voting", "general"],
        "voting_methods": ["plurality"],
        "interactions": ["discussion", "formal", "negotiation"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public", "traditional"],
        "change_types": ["changes_public", "changes_how"],
        "implementers": ["elected", "appointed", "lay"],
        "impact_evidence": "yes",
        "impact_description": (
            "Independent studies report expanded sanitation, water and paving in peripheral regions during "
            "the 1990s and a shift of investment towards poorer districts."
        ),
        "formal_evaluation": "yes",
        "organisations": ["porto-alegre-city-hall"],
        "organizer_types": ["local"],
        "funder": "Municipality of Porto Alegre",
        "funder_types": ["local"],
        "start_date": dt.date(1989, 1, 1),
        "end_date": dt.date(2017, 12, 31),
        "ongoing": False,
        "time_limited": "repeated",
        "legality": "yes",
        "method_types": ["public-budgeting", "deliberative"],
        "tools_techniques_types": ["manage", "facilitate-decision-making"],
        "learning_resources": ["written", "site-visits"],
        "facilitator_training": "trained",
        "staff": True,
        "volunteers": True,
        "links": [{"url": "https://participedia.net/case/5524", "title": "Participedia case entry"}],
        "original_language": "en",
    },
    {
        "slug": "gm-citizens-assembly-warm-homes",
        "title": "Greater Manchester Citizens' Assembly on Warm Homes",
        "author": "amina",
        "hub": "gm-just-cities-lab",
        "status": "published",
        "featured": True,
        "place": "greater-manchester",
        "location_name": "Oldham and Manchester, Greater Manchester",
        "summary": (
            "Fifty residents chosen by lot spent five weekends deciding how the city-region should "
            "retrofit homes for net zero without pushing costs onto tenants."
        ),
        "body": """\
## Why an assembly

The city-region's carbon budget requires most of its 1.2 million homes to be insulated and to stop
burning gas within two decades. The combined authority's climate team knew the technical options but
not what residents would accept: who pays, who decides the order of streets, what happens to renters
when landlords improve a home.

## Who took part

Fifty members were selected in two stages: letters to 12,000 randomly chosen addresses, then a
stratified draw among the 640 who replied, balanced by borough, age, gender, ethnicity, housing tenure
and level of concern about climate change. Members were paid for every weekend and offered childcare
and travel costs. Tom Byrne, a retired electrician from Oldham, later wrote that the payment was the
only reason he answered the letter.

## Process

Over five weekends members heard from installers, tenants' unions, landlords, heat-pump sceptics and
energy economists; visited a retrofitted terrace in Salford; and deliberated in small groups facilitated
by Just Cities Lab volunteers. They adopted 23 recommendations, each needing 75 % support.

## What happened next

The combined authority published a written response to every recommendation within three months. It
accepted a street-by-street approach led by neighbourhood panels, and a rent guarantee for social
housing tenants in retrofitted homes; it rejected a recommendation for a regional energy company as
outside its powers, and said so in plain words. A follow-up panel of twelve members reviews progress
each year.
"""
        + ILLUSTRATIVE_NOTE,
        "general_issues": ["environment", "housing", "energy"],
        "specific_topics": ["climate", "energy_efficiency", "housing", "lowincome"],
        "scope_of_influence": ["metropolitan", "regional"],
        "purposes": ["make_influence"],
        "approaches": ["consultation", "coproduction"],
        "public_spectrum": "collaborate",
        "number_of_participants": 50,
        "open_limited": "limited",
        "recruitment_method": "stratified",
        "targeted_participants": [],
        "methods": ["citizens-assembly", "deliberative-mini-public"],
        "decision_methods": ["voting"],
        "voting_methods": ["supermajoritarian"],
        "interactions": ["discussion", "ask", "listenwatch"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public", "traditional"],
        "change_types": ["changes_public"],
        "implementers": ["elected", "appointed"],
        "impact_evidence": "yes",
        "impact_description": (
            "Written response to all 23 recommendations; neighbourhood retrofit panels and a tenant rent "
            "guarantee adopted in the city-region's retrofit plan."
        ),
        "formal_evaluation": "no",
        "organisations": ["gmca", "university-of-manchester"],
        "organizer_types": ["regional", "academic"],
        "funder": "Greater Manchester Combined Authority",
        "funder_types": ["regional"],
        "start_date": dt.date(2023, 9, 16),
        "end_date": dt.date(2023, 11, 25),
        "ongoing": False,
        "time_limited": "single",
        "legality": "yes",
        "method_types": ["deliberative"],
        "tools_techniques_types": ["recruit", "facilitate", "propose"],
        "learning_resources": ["expert", "site-visits", "written"],
        "facilitator_training": "professional",
        "staff": True,
        "volunteers": False,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "kisumu-youth-market-coproduction",
        "title": "Young people co-produce the Kibuye market sanitation plan, Kisumu",
        "author": "achieng",
        "hub": "kisumu-lakeside-coproduction-hub",
        "status": "published",
        "featured": True,
        "place": "kisumu",
        "location_name": "Kibuye market and Manyatta, Kisumu",
        "summary": (
            "Twenty-four young people from Manyatta and Nyalenda designed, with county officers and "
            "traders, the water and sanitation upgrades for one of East Africa's largest open markets."
        ),
        "body": """\
## The problem

Kibuye market draws traders from across western Kenya, but its toilets and water points were built
for a fraction of today's crowds. Young people who work there as porters, boda-boda riders and stall
assistants had never been asked about it, although they spend more hours in the market than anyone.

## What the hub did

The Lakeside Co-production Hub recruited twenty-four young people through youth groups and churches,
half of them young women, and paid them a daily allowance. Over six workshops they mapped water
points and toilets by phone, interviewed 180 traders, and priced options with engineers from the
county's water department. Officers from the budget team joined two sessions to explain what the
county could fund that year and what would need a donor.

## Decisions

The group agreed a plan of four blocks of toilets with separate entrances for women, two new water
kiosks managed by a youth group, and lighting on the paths used after dark. Traders' associations and
the young people presented the plan together at the county's public budget hearing, where it was
adopted into the annual development plan.

## What changed

Two toilet blocks and one kiosk were built in the following financial year. The youth group that
manages the kiosk reinvests part of its income in maintenance. Several of the participants now work
as facilitators for the county's ward-level participation forums.
"""
        + ILLUSTRATIVE_NOTE,
        "general_issues": ["health", "planning", "economics"],
        "specific_topics": ["water", "youth", "infrastructure", "public_participation"],
        "scope_of_influence": ["neighbourhood", "city/town"],
        "purposes": ["deliver", "make_influence"],
        "approaches": ["coproduction", "cogovernance"],
        "public_spectrum": "collaborate",
        "number_of_participants": 24,
        "open_limited": "limited",
        "recruitment_method": "appointment",
        "targeted_participants": ["youth", "women", "lowincome"],
        "methods": ["youth-co-production-workshop", "community-asset-mapping"],
        "decision_methods": ["general"],
        "voting_methods": [],
        "interactions": ["discussion", "storytelling", "teachinginstructing"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public", "new"],
        "change_types": ["changes_public", "changes_civic"],
        "implementers": ["appointed", "lay"],
        "impact_evidence": "yes",
        "impact_description": (
            "Plan adopted into the county's annual development plan; two toilet blocks and a kiosk built."
        ),
        "formal_evaluation": "no",
        "organisations": ["nyalenda-youth-voices", "kisumu-county-government", "maseno-university"],
        "organizer_types": ["community", "local", "academic"],
        "funder": "County Government of Kisumu and a philanthropic grant",
        "funder_types": ["local", "philanthropic"],
        "start_date": dt.date(2022, 2, 1),
        "end_date": dt.date(2022, 7, 30),
        "ongoing": False,
        "is_component_of": "kisumu-county-budget-public-participation",
        "time_limited": "single",
        "legality": "yes",
        "method_types": ["collaborative", "planning"],
        "tools_techniques_types": ["collect", "plan", "propose"],
        "learning_resources": ["expert", "participant", "site-visits"],
        "facilitator_training": "trained",
        "staff": True,
        "volunteers": True,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "decidim-barcelona-municipal-action-plan",
        "title": "Decidim Barcelona and the Municipal Action Plan",
        "author": "marta",
        "hub": "barcelona-democratic-innovation-circle",
        "status": "published",
        "featured": False,
        "place": "barcelona",
        "location_name": "Barcelona",
        "summary": (
            "In 2016 Barcelona built the open-source platform Decidim and used it, alongside hundreds of "
            "face-to-face meetings, to write its Municipal Action Plan with residents."
        ),
        "body": """\
## Origins

The city government elected in 2015 came out of neighbourhood and housing movements and had promised
to open up how the city sets its priorities. Instead of buying a consultation tool, the council's
technology and participation teams built their own platform on free software, with citizens,
developers and researchers involved in its design. They called it Decidim ("we decide" in Catalan).

## The first use

The first large process was the Municipal Action Plan for 2016 to 2019, the city's programme for the
term. The draft was opened on the platform and discussed in meetings across the ten districts. Tens of
thousands of residents took part, and more than ten thousand proposals were made online and in
person. Each proposal received a public answer: accepted, merged into another, or rejected with a
reason. A large share of the final plan's actions came from citizen proposals.

## Beyond one city

Decidim became a general-purpose platform for participatory processes, assemblies, budgets,
consultations and initiatives, governed by a social contract that commits every installation to
transparency and data protection. It is now used by hundreds of public bodies and organisations
worldwide and is maintained by an association of its users.

## Questions it raises

Research on the platform shows that online participants were not representative of the city, which
is why the face-to-face meetings mattered. The traceability features (from proposal to result) are the
part most visiting cities underestimate.
""",
        "general_issues": ["governance", "planning", "science"],
        "specific_topics": ["public_participation", "internet", "transparency", "open"],
        "scope_of_influence": ["city/town"],
        "purposes": ["make_influence", "make"],
        "approaches": ["cogovernance", "consultation"],
        "public_spectrum": "involve",
        "number_of_participants": 40000,
        "open_limited": "open",
        "recruitment_method": None,
        "targeted_participants": [],
        "methods": ["digital-participation-platform", "world-cafe"],
        "decision_methods": ["idea", "voting"],
        "voting_methods": ["plurality"],
        "interactions": ["express", "discussion"],
        "mode": "both",
        "facilitated": True,
        "outcomes": ["new", "public"],
        "change_types": ["changes_how", "changes_public"],
        "implementers": ["elected", "appointed"],
        "impact_evidence": "yes",
        "impact_description": (
            "A large share of the actions in the 2016–2019 Municipal Action Plan originated in citizen "
            "proposals."
        ),
        "formal_evaluation": "yes",
        "organisations": ["barcelona-city-council"],
        "organizer_types": ["local"],
        "funder": "Barcelona City Council",
        "funder_types": ["local"],
        "start_date": dt.date(2016, 2, 1),
        "end_date": None,
        "ongoing": True,
        "links": [
            {"url": "https://decidim.org/", "title": "Decidim project"},
            {"url": "https://www.decidim.barcelona/", "title": "Decidim Barcelona"},
        ],
        "original_language": "ca",
    },
    {
        "slug": "angered-safe-spaces-youth-dialogue",
        "title": "Safe public spaces with young people in Angered, Gothenburg",
        "author": "karin",
        "hub": "gothenburg-city-learning-platform",
        "status": "published",
        "featured": False,
        "place": "gothenburg",
        "location_name": "Angered and Hammarkullen, Gothenburg",
        "summary": (
            "Young people photographed, walked and redesigned the routes they avoid after dark; the city's "
            "park and traffic units changed four places as a result."
        ),
        "body": """\
## Starting point

The city's own safety surveys showed that young women in the north-eastern suburbs avoided several
paths and squares in the evening, but the surveys said little about why or what would help. The City
Learning Platform proposed a project with the Hammarkullen Youth Forum and Chalmers researchers.

## Method

Thirty young people aged 15 to 21 took part over one autumn. They documented their routes with
photographs and voice notes, led evening walks for planners and councillors, and worked with landscape
architects in three design workshops. A researcher kept a log of every commitment city staff made
during the walks.

## Results

The park administration replaced lighting on two footpaths and cut back hedges at a tram stop; the
traffic office moved a bus shelter into view of a shop; a disused kiosk became a youth-run café in the
summer. The participants presented the results to the district committee and asked for a yearly
review walk, which has happened since.

## Lessons

Planners said the walks changed how they read their own maps. The young people were clear that the
project only worked because the people who could change things came along in person, at night.
"""
        + ILLUSTRATIVE_NOTE,
        "general_issues": ["planning", "social", "identity"],
        "specific_topics": ["public_safety", "youth", "gender", "space"],
        "scope_of_influence": ["neighbourhood"],
        "purposes": ["deliver", "develop"],
        "approaches": ["coproduction", "research"],
        "public_spectrum": "involve",
        "number_of_participants": 30,
        "open_limited": "limited",
        "recruitment_method": "captive",
        "targeted_participants": ["youth", "women", "immigrants"],
        "methods": ["photovoice", "youth-co-production-workshop"],
        "decision_methods": ["general"],
        "voting_methods": [],
        "interactions": ["storytelling", "discussion", "express"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public", "artistic"],
        "change_types": ["changes_public"],
        "implementers": ["appointed", "lay"],
        "impact_evidence": "yes",
        "impact_description": (
            "Four physical changes made by the park and traffic units; a yearly review walk agreed."
        ),
        "formal_evaluation": "no",
        "organisations": ["city-of-gothenburg", "chalmers", "hammarkullen-youth-forum"],
        "organizer_types": ["local", "academic", "community"],
        "funder": "City of Gothenburg",
        "funder_types": ["local"],
        "start_date": dt.date(2023, 9, 1),
        "end_date": dt.date(2023, 12, 15),
        "ongoing": False,
        "links": [],
        "original_language": "sv",
    },
    {
        "slug": "cape-town-knowledge-transfer-programme",
        "title": "Knowledge transfer between the City of Cape Town and the African Centre for Cities",
        "author": "nomvula",
        "hub": "cape-town-city-learning-lab",
        "status": "published",
        "featured": False,
        "place": "cape-town",
        "location_name": "Cape Town",
        "summary": (
            "Researchers worked inside city departments and officials wrote about their own practice at "
            "the university: a long experiment in making urban knowledge together."
        ),
        "body": """\
## What it was

From the early 2010s the City of Cape Town and the African Centre for Cities at the University of
Cape Town ran a programme of knowledge exchange. Researchers were embedded in city departments such as
environmental management, human settlements and spatial planning, working on questions the
departments themselves had set. In the other direction, city officials were given time and academic
support to reflect on and publish about their work.

## Why it mattered

Cape Town's officials face some of the most unequal urban conditions in the world and rarely have
time to step back. Researchers, for their part, seldom see how decisions are actually made. The
programme produced policy papers, academic articles and a set of officials' own accounts, but its
most durable result was a network of people who trust each other across the two institutions.

## Difficulties

Embedded researchers described the constant negotiation over what could be published, the risk of
being seen as either a spy or a consultant, and the fragility of arrangements that depended on a few
senior champions. Community organisations were not formal partners in the early years, a gap the
Embedded Learning Lab has since tried to close.
""",
        "general_issues": ["governance", "planning", "science"],
        "specific_topics": ["research", "bureaucracy", "administration"],
        "scope_of_influence": ["organization", "city/town"],
        "purposes": ["academic", "develop"],
        "approaches": ["research", "cogovernance"],
        "public_spectrum": "collaborate",
        "number_of_participants": 40,
        "open_limited": "limited",
        "recruitment_method": "appointment",
        "targeted_participants": ["appointed", "experts"],
        "methods": ["embedded-research"],
        "decision_methods": ["n/a"],
        "voting_methods": [],
        "interactions": ["discussion", "teachinginstructing"],
        "mode": "facetoface",
        "facilitated": False,
        "outcomes": ["independent", "public"],
        "change_types": ["changes_how"],
        "implementers": ["appointed", "experts"],
        "impact_evidence": "yes",
        "impact_description": (
            "Policy papers co-written with departments and a lasting cross-institutional network."
        ),
        "formal_evaluation": "yes",
        "organisations": ["city-of-cape-town", "african-centre-for-cities"],
        "organizer_types": ["local", "academic"],
        "funder": "Research funders and the City of Cape Town",
        "funder_types": ["academic", "local", "international"],
        "start_date": dt.date(2012, 1, 1),
        "end_date": None,
        "ongoing": True,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "khayelitsha-flooding-photovoice",
        "title": "Winter flooding photovoice in Khayelitsha",
        "author": "thandiwe",
        "hub": "cape-town-city-learning-lab",
        "status": "published",
        "featured": False,
        "place": "cape-town",
        "location_name": "Khayelitsha, Cape Town",
        "summary": (
            "Women's savings groups photographed a winter of flooding in informal settlements and put the "
            "pictures in front of the city's stormwater engineers."
        ),
        "body": """\
Every winter the low-lying informal settlements of Khayelitsha flood, and every winter the city's
response is measured in tarpaulins and sandbags delivered. Members of the savings collective argued
that the city's flood maps missed where water actually gathers, because water runs along paths that
people have built themselves.

Eighteen women photographed their homes, paths and drains from May to August and met every two weeks
to choose and caption pictures. The Embedded Learning Lab helped them geotag the images and compare
them with the city's models. An exhibition at the civic centre was attended by the stormwater team,
ward councillors and residents.

The catchment manager, Pieter van Wyk, agreed to add a community reporting channel to the winter
readiness programme and to re-survey three settlements where the photographs contradicted the model.
Two re-graded drainage channels followed the next summer.
"""
        + ILLUSTRATIVE_NOTE,
        "general_issues": ["environment", "housing", "health"],
        "specific_topics": ["disaster", "water", "weather", "gender"],
        "scope_of_influence": ["neighbourhood"],
        "purposes": ["make_influence", "develop"],
        "approaches": ["advocacy", "research"],
        "public_spectrum": "involve",
        "number_of_participants": 18,
        "open_limited": "limited",
        "recruitment_method": "captive",
        "targeted_participants": ["women", "lowincome"],
        "methods": ["photovoice"],
        "decision_methods": ["opinion"],
        "voting_methods": [],
        "interactions": ["storytelling", "express"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["artistic", "public"],
        "change_types": ["changes_public"],
        "implementers": ["appointed", "lay"],
        "impact_evidence": "yes",
        "impact_description": "Community flood reporting added to the city's winter readiness programme.",
        "formal_evaluation": "no",
        "organisations": ["khayelitsha-savings-collective", "african-centre-for-cities"],
        "organizer_types": ["community", "academic"],
        "funder": "",
        "funder_types": ["community"],
        "start_date": dt.date(2022, 5, 1),
        "end_date": dt.date(2022, 9, 30),
        "ongoing": False,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "burngreave-asset-map",
        "title": "Burngreave community asset map, Sheffield",
        "author": "rizwan",
        "hub": "sheffield-civic-commons",
        "status": "published",
        "featured": False,
        "place": "sheffield",
        "location_name": "Burngreave, Sheffield",
        "summary": (
            "Residents mapped 214 groups, places and skills in their neighbourhood before the council "
            "reviewed its community buildings."
        ),
        "body": """\
When the council announced a review of its community buildings, residents of Burngreave feared the
review would count rooms and footfall and miss what actually happened in them. Burngreave Community
Voices proposed that residents map the neighbourhood's assets first.

Over ten weeks, forty volunteers ran walking tours, sat at a stall outside the mosque and the
supermarket, and interviewed neighbours in five languages. The resulting map listed 214 assets,
from a community garden and two supplementary schools to a retired joiner who fixes everyone's doors.

The Civic Commons presented the map to the council's communities committee alongside the official
review. The committee kept two buildings the review had proposed to close, on condition that the
groups using them formed a joint management committee, which they did the next spring.
"""
        + ILLUSTRATIVE_NOTE,
        "general_issues": ["social", "planning"],
        "specific_topics": ["community", "libraries", "cultural"],
        "scope_of_influence": ["neighbourhood"],
        "purposes": ["develop", "make_influence"],
        "approaches": ["advocacy", "coproduction"],
        "public_spectrum": "involve",
        "number_of_participants": 40,
        "open_limited": "open",
        "recruitment_method": None,
        "targeted_participants": ["racialethnic", "immigrants"],
        "methods": ["community-asset-mapping"],
        "decision_methods": ["general"],
        "voting_methods": [],
        "interactions": ["storytelling", "discussion", "informal"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public"],
        "change_types": ["changes_public", "changes_civic"],
        "implementers": ["elected", "lay"],
        "impact_evidence": "yes",
        "impact_description": "Two community buildings kept open under a joint management committee.",
        "formal_evaluation": "no",
        "organisations": ["burngreave-community-voices", "sheffield-city-council"],
        "organizer_types": ["community"],
        "funder": "",
        "funder_types": ["community", "local"],
        "start_date": dt.date(2023, 3, 1),
        "end_date": dt.date(2023, 6, 1),
        "ongoing": False,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "paris-participatory-budget",
        "title": "Paris participatory budget",
        "author": "jordi",
        "hub": None,
        "status": "published",
        "featured": False,
        "place": "paris",
        "location_name": "Paris",
        "summary": (
            "Since 2014 Parisians have proposed and voted on projects funded from a share of the city's "
            "investment budget, one of the largest participatory budgets in the world."
        ),
        "body": """\
Paris launched its participatory budget in 2014, committing around five per cent of the city's
investment budget over the mayoral term to projects proposed and chosen by residents. Anyone living in
Paris can submit a project, regardless of age or nationality. City services study feasibility and cost,
projects are sometimes merged in co-construction workshops, and residents vote online or at ballot
boxes in public places.

Part of the budget was ring-fenced for working-class neighbourhoods, and a dedicated track lets school
pupils propose and vote on projects for their schools. Winning projects range from greening
schoolyards to cycle lanes and shelters for homeless people.

Evaluations point to high visibility and sustained turnout, but also to long delivery times and to
the weight of city services in deciding what counts as feasible.
""",
        "general_issues": ["economics", "planning", "governance"],
        "specific_topics": ["budget", "public_participation", "school"],
        "scope_of_influence": ["city/town"],
        "purposes": ["make"],
        "approaches": ["direct"],
        "public_spectrum": "empower",
        "number_of_participants": None,
        "open_limited": "open",
        "recruitment_method": None,
        "targeted_participants": ["students"],
        "methods": ["participatory-budgeting", "digital-participation-platform"],
        "decision_methods": ["voting"],
        "voting_methods": ["plurality"],
        "interactions": ["express", "discussion"],
        "mode": "both",
        "facilitated": False,
        "outcomes": ["public"],
        "change_types": ["changes_public"],
        "implementers": ["appointed"],
        "impact_evidence": "yes",
        "impact_description": "Hundreds of resident-proposed projects funded and built since 2014.",
        "formal_evaluation": "no",
        "organisations": ["city-of-paris"],
        "organizer_types": ["local"],
        "funder": "City of Paris",
        "funder_types": ["local"],
        "start_date": dt.date(2014, 9, 1),
        "end_date": None,
        "ongoing": True,
        "links": [],
        "original_language": "fr",
    },
    {
        "slug": "melbourne-peoples-panel",
        "title": "Melbourne People's Panel on the ten-year financial plan",
        "author": "joe",
        "hub": None,
        "status": "published",
        "featured": False,
        "place": "melbourne",
        "location_name": "City of Melbourne, Victoria",
        "summary": (
            "In 2014 a randomly selected panel of residents and business owners recommended how the City "
            "of Melbourne should balance its budget for the next decade."
        ),
        "body": """\
The City of Melbourne faced a gap between expected revenue and the cost of its services and
infrastructure over the coming decade. Rather than decide behind closed doors, the council asked a
people's panel, designed with the newDemocracy Foundation, to recommend a ten-year financial plan.

Panel members were selected by lot from residents, business owners and students, to reflect the
city's population. Over several months and a series of weekend sessions they studied the council's
finances, asked for information and questioned experts of their choosing. The council committed in
advance to respond to the recommendations and to adopt as many as possible.

The panel produced recommendations on rates, borrowing, asset sales and spending priorities, and the
council incorporated most of them in its long-term financial plan. The process is often cited as
evidence that randomly selected citizens can handle technically complex, unglamorous budget decisions
when given time and real information.
""",
        "general_issues": ["economics", "governance"],
        "specific_topics": ["budget", "taxation", "infrastructure"],
        "scope_of_influence": ["city/town"],
        "purposes": ["make_influence"],
        "approaches": ["consultation"],
        "public_spectrum": "collaborate",
        "number_of_participants": 43,
        "open_limited": "limited",
        "recruitment_method": "stratified",
        "targeted_participants": [],
        "methods": ["deliberative-mini-public"],
        "decision_methods": ["general", "voting"],
        "voting_methods": ["supermajoritarian"],
        "interactions": ["discussion", "ask", "listenwatch"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public"],
        "change_types": ["changes_public"],
        "implementers": ["elected"],
        "impact_evidence": "yes",
        "impact_description": "Most recommendations adopted in the council's ten-year financial plan.",
        "formal_evaluation": "yes",
        "organisations": ["city-of-melbourne", "newdemocracy-foundation"],
        "organizer_types": ["local", "nongovernmental"],
        "funder": "City of Melbourne",
        "funder_types": ["local"],
        "start_date": dt.date(2014, 8, 1),
        "end_date": dt.date(2014, 11, 30),
        "ongoing": False,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "gdansk-citizens-assembly-flooding",
        "title": "Gdańsk citizens' assembly on flood preparedness",
        "author": "joe",
        "hub": None,
        "status": "published",
        "featured": False,
        "place": "gdansk",
        "location_name": "Gdańsk, Pomerania",
        "summary": (
            "After severe floods, Gdańsk convened its first citizens' assembly in 2016; the mayor "
            "committed in advance to implement every recommendation backed by 80 % of members."
        ),
        "body": """\
Heavy rain flooded parts of Gdańsk in 2016, and residents were angry about preparedness. The city,
encouraged by local activists, convened a citizens' assembly of around sixty residents selected by
lot and stratified by district, age, gender and education.

Members heard from hydrologists, city services and residents' groups over several sessions and voted
on recommendations. The mayor had announced that any recommendation receiving at least 80 per cent
support would be binding on the city. Recommendations on retention reservoirs, warning systems and
rainwater management were adopted and implemented.

Gdańsk went on to hold further assemblies on air pollution, civic engagement and the treatment of
LGBT people, and became a reference for city-level assemblies in Central and Eastern Europe.
""",
        "general_issues": ["environment", "planning"],
        "specific_topics": ["disaster", "water", "climate", "resilience"],
        "scope_of_influence": ["city/town"],
        "purposes": ["make"],
        "approaches": ["cogovernance"],
        "public_spectrum": "empower",
        "number_of_participants": 60,
        "open_limited": "limited",
        "recruitment_method": "stratified",
        "targeted_participants": [],
        "methods": ["citizens-assembly"],
        "decision_methods": ["voting"],
        "voting_methods": ["supermajoritarian"],
        "interactions": ["discussion", "ask", "listenwatch"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public"],
        "change_types": ["changes_public"],
        "implementers": ["elected", "appointed"],
        "impact_evidence": "yes",
        "impact_description": "Recommendations with 80 % support were binding and implemented by the city.",
        "formal_evaluation": "no",
        "organisations": ["city-of-gdansk"],
        "organizer_types": ["local"],
        "funder": "City of Gdańsk",
        "funder_types": ["local"],
        "start_date": dt.date(2016, 7, 1),
        "end_date": dt.date(2016, 10, 31),
        "ongoing": False,
        "links": [],
        "original_language": "pl",
    },
    {
        "slug": "irish-citizens-assembly-2016",
        "title": "The Citizens' Assembly of Ireland, 2016–2018",
        "author": "amina",
        "hub": None,
        "status": "published",
        "featured": False,
        "place": "dublin",
        "location_name": "Malahide and Dublin, Ireland",
        "summary": (
            "Ninety-nine randomly selected citizens and a judge as chair deliberated on the constitutional "
            "ban on abortion, climate change and other questions referred by parliament."
        ),
        "body": """\
The Oireachtas (the Irish parliament) established the Citizens' Assembly in 2016 with a chair, a
Supreme Court judge, and 99 members selected to be broadly representative of the electorate. It met
over weekends in a hotel outside Dublin and broadcast its plenary sessions online.

Its best-known topic was the Eighth Amendment of the Constitution, which prohibited abortion in
almost all circumstances. After five weekends of evidence and deliberation the assembly recommended
replacing it. A parliamentary committee considered the report, and in the 2018 referendum voters
repealed the amendment by a two-to-one majority. The assembly also made recommendations on climate
change that shaped later national climate action planning.

The assembly built on the earlier Convention on the Constitution, which had included politicians as
members, and has been followed by further assemblies on gender equality, biodiversity, local
government in Dublin and drug use.
""",
        "general_issues": ["governance", "health", "environment", "law"],
        "specific_topics": ["constitutional", "abortion", "climate"],
        "scope_of_influence": ["national"],
        "purposes": ["make_influence"],
        "approaches": ["consultation"],
        "public_spectrum": "involve",
        "number_of_participants": 100,
        "open_limited": "limited",
        "recruitment_method": "random",
        "targeted_participants": [],
        "methods": ["citizens-assembly", "deliberative-mini-public"],
        "decision_methods": ["voting"],
        "voting_methods": ["majoritarian", "preferential"],
        "interactions": ["discussion", "ask", "listenwatch"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public", "traditional"],
        "change_types": ["changes_public"],
        "implementers": ["elected", "lay"],
        "impact_evidence": "yes",
        "impact_description": (
            "Recommendations informed a parliamentary committee and the 2018 constitutional referendum."
        ),
        "formal_evaluation": "yes",
        "organisations": [],
        "organizer_types": ["national"],
        "funder": "Government of Ireland",
        "funder_types": ["national"],
        "start_date": dt.date(2016, 10, 15),
        "end_date": dt.date(2018, 6, 21),
        "ongoing": False,
        "time_limited": "single",
        "legality": "yes",
        "method_types": ["deliberative"],
        "tools_techniques_types": ["recruit", "facilitate", "propose"],
        "learning_resources": ["expert", "written", "video"],
        "facilitator_training": "professional",
        "staff": True,
        "volunteers": False,
        "links": [{"url": "https://citizensassembly.ie/", "title": "The Citizens' Assembly"}],
        "original_language": "en",
    },
    {
        "slug": "kisumu-county-budget-public-participation",
        "title": "Public participation in the Kisumu County budget",
        "author": "mercy",
        "hub": "kisumu-lakeside-coproduction-hub",
        "status": "published",
        "featured": False,
        "place": "kisumu",
        "location_name": "Kisumu County",
        "summary": (
            "Kenya's constitution requires counties to involve the public in budgets; Kisumu holds ward "
            "forums every year and publishes a summary of what it heard."
        ),
        "body": """\
Kenya's 2010 constitution and the Public Finance Management Act require county governments to
involve the public in planning and budgeting. In Kisumu this takes the form of ward-level forums ahead
of the annual budget, where residents hear the county's proposals and put forward priorities, followed
by county-wide hearings on the budget estimates.

Turnout and quality vary by ward. Forums are often announced late, documents are long and in English,
and young people and women speak less than older men. Since 2021 the Lakeside Co-production Hub has
trained youth facilitators and prepared plain-language summaries in Kiswahili and Dholuo, and the
budget team now publishes a short report on which priorities made it into the estimates.

This entry is a stub: help us complete it with figures from the county's published reports.
""",
        "general_issues": ["economics", "governance"],
        "specific_topics": ["budget", "public_participation", "transparency"],
        "scope_of_influence": ["regional"],
        "purposes": ["make_influence"],
        "approaches": ["consultation"],
        "public_spectrum": "consult",
        "number_of_participants": None,
        "open_limited": "open",
        "recruitment_method": None,
        "targeted_participants": ["youth", "women"],
        "methods": ["world-cafe"],
        "decision_methods": ["opinion"],
        "voting_methods": [],
        "interactions": ["ask", "express", "listenwatch"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": ["public"],
        "change_types": [],
        "implementers": ["elected", "appointed"],
        "impact_evidence": "",
        "impact_description": "",
        "formal_evaluation": "no",
        "organisations": ["kisumu-county-government"],
        "organizer_types": ["regional"],
        "funder": "County Government of Kisumu",
        "funder_types": ["regional"],
        "start_date": dt.date(2013, 7, 1),
        "end_date": None,
        "ongoing": True,
        "time_limited": "repeated",
        "legality": "yes",
        "method_types": ["public-meetings"],
        "tools_techniques_types": ["inform", "collect"],
        "learning_resources": ["written"],
        "facilitator_training": "trained",
        "links": [],
        "original_language": "en",
    },
    # Drafts: visible only to their authors.
    {
        "slug": "sheffield-youth-transport-jury",
        "title": "Sheffield youth transport jury",
        "author": "lily",
        "hub": "sheffield-civic-commons",
        "status": "draft",
        "featured": False,
        "place": "sheffield",
        "location_name": "Sheffield",
        "summary": "Notes towards a case on the youth jury that reviewed bus fares and routes for under-21s.",
        "body": """\
Still writing this up. So far: sixteen young people, three evenings, a question from the transport
committee about fares for under-21s and the late-night routes. We recommended a flat fare and two
night buses. The committee's answer is due next month, so I will finish this when it arrives.
""",
        "general_issues": ["transportation"],
        "specific_topics": ["youth", "masspublic"],
        "scope_of_influence": ["city/town"],
        "purposes": ["make_influence"],
        "approaches": ["consultation"],
        "public_spectrum": "consult",
        "number_of_participants": 16,
        "open_limited": "limited",
        "recruitment_method": "random",
        "targeted_participants": ["youth"],
        "methods": ["deliberative-mini-public"],
        "decision_methods": ["voting"],
        "voting_methods": [],
        "interactions": ["discussion"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": [],
        "change_types": [],
        "implementers": [],
        "impact_evidence": "",
        "impact_description": "",
        "formal_evaluation": "",
        "organisations": ["sheffield-city-council"],
        "organizer_types": ["local"],
        "funder": "",
        "funder_types": [],
        "start_date": dt.date(2024, 10, 1),
        "end_date": None,
        "ongoing": True,
        "links": [],
        "original_language": "en",
    },
    {
        "slug": "manyatta-waste-youth-enterprise",
        "title": "Manyatta youth waste enterprise",
        "author": "brian",
        "hub": "kisumu-lakeside-coproduction-hub",
        "status": "draft",
        "featured": False,
        "place": "kisumu",
        "location_name": "Manyatta, Kisumu",
        "summary": "A youth group and the county co-design household waste collection in Manyatta.",
        "body": """\
Draft. We started with a map of the illegal dumping sites and a survey of 300 households. Next step:
agree with the county who collects, who pays and where the sorted plastic goes.
""",
        "general_issues": ["environment", "economics"],
        "specific_topics": ["waste", "recycling", "youth", "unemployment"],
        "scope_of_influence": ["neighbourhood"],
        "purposes": ["deliver"],
        "approaches": ["coproduction"],
        "public_spectrum": "collaborate",
        "number_of_participants": 12,
        "open_limited": "limited",
        "recruitment_method": "appointment",
        "targeted_participants": ["youth"],
        "methods": ["youth-co-production-workshop", "community-asset-mapping"],
        "decision_methods": ["general"],
        "voting_methods": [],
        "interactions": ["discussion"],
        "mode": "facetoface",
        "facilitated": True,
        "outcomes": [],
        "change_types": [],
        "implementers": [],
        "impact_evidence": "",
        "impact_description": "",
        "formal_evaluation": "",
        "organisations": ["nyalenda-youth-voices"],
        "organizer_types": ["community"],
        "funder": "",
        "funder_types": [],
        "start_date": dt.date(2024, 6, 1),
        "end_date": None,
        "ongoing": True,
        "links": [],
        "original_language": "en",
    },
]
