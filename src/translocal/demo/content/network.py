"""The demo network: places, organisations, hubs and people.

Places are real (coordinates, population and country are public facts, rounded). Hubs, community
groups and people are invented for the demo; public bodies and universities appear under their
real names with generic descriptions. Vocabulary references are (vocabulary, slug) pairs and are
skipped with a warning when the vocabulary loader does not know the slug.
"""

from typing import Any

DEMO_PASSWORD = "translocal-demo"  # noqa: S105 - the published demo login, printed by `make run`

PLACES: list[dict] = [
    {
        "slug": "greater-manchester",
        "name": "Greater Manchester",
        "kind": "region",
        "country": "GB",
        "region": "North West England",
        "latitude": 53.4808,
        "longitude": -2.2426,
        "population": 2_867_800,
        "description": (
            "A city-region of ten boroughs, from Wigan to Tameside, governed since 2017 by a combined "
            "authority with an elected mayor. Its devolution deal made it a test bed for how English "
            "local government shares decisions on transport, housing, health and climate."
        ),
    },
    {
        "slug": "sheffield",
        "name": "Sheffield",
        "kind": "city",
        "country": "GB",
        "region": "South Yorkshire",
        "latitude": 53.3811,
        "longitude": -1.4701,
        "population": 556_500,
        "description": (
            "A hilly former steel city on the edge of the Peak District, with strong neighbourhood "
            "traditions and two large universities. In 2022 the council moved from a cabinet to a "
            "committee system after a residents' referendum."
        ),
    },
    {
        "slug": "gothenburg",
        "name": "Gothenburg",
        "kind": "city",
        "country": "SE",
        "alternative_names": "Göteborg\nGotemburgo",
        "region": "Västra Götaland",
        "latitude": 57.7089,
        "longitude": 11.9746,
        "population": 604_800,
        "description": (
            "Sweden's second city and largest port. Life expectancy and income differ sharply between "
            "its central districts and the north-eastern suburbs, which made social sustainability a "
            "long-running theme for the city and its universities."
        ),
    },
    {
        "slug": "cape-town",
        "name": "Cape Town",
        "kind": "city",
        "country": "ZA",
        "alternative_names": "Kaapstad\niKapa",
        "region": "Western Cape",
        "latitude": -33.9249,
        "longitude": 18.4241,
        "population": 4_772_800,
        "description": (
            "A metropolitan municipality shaped by apartheid spatial planning: well-served suburbs near "
            "the mountain, fast-growing townships and informal settlements on the Cape Flats. Drought, "
            "flooding and housing dominate its public debates."
        ),
    },
    {
        "slug": "barcelona",
        "name": "Barcelona",
        "kind": "city",
        "country": "ES",
        "alternative_names": "Barcelone\nBarna",
        "region": "Catalonia",
        "latitude": 41.3874,
        "longitude": 2.1686,
        "population": 1_656_000,
        "description": (
            "Capital of Catalonia, with ten districts and seventy-three neighbourhoods, each with its own "
            "participation bodies. The city built the open-source Decidim platform in 2016 and is home "
            "to international networks on participatory democracy."
        ),
    },
    {
        "slug": "kisumu",
        "name": "Kisumu",
        "kind": "city",
        "country": "KE",
        "region": "Kisumu County",
        "latitude": -0.0917,
        "longitude": 34.768,
        "population": 610_100,
        "description": (
            "Kenya's third city, on the Winam Gulf of Lake Victoria. Since the 2010 constitution devolved "
            "power to counties, public participation in county plans and budgets is a legal duty, and "
            "the city has a young, fast-growing population."
        ),
    },
    {
        "slug": "porto-alegre",
        "name": "Porto Alegre",
        "kind": "city",
        "country": "BR",
        "region": "Rio Grande do Sul",
        "latitude": -30.0346,
        "longitude": -51.2177,
        "population": 1_332_600,
        "description": (
            "Capital of Brazil's southernmost state, where participatory budgeting began in 1989 and "
            "from where it travelled to thousands of cities."
        ),
    },
    {
        "slug": "paris",
        "name": "Paris",
        "kind": "city",
        "country": "FR",
        "region": "Île-de-France",
        "latitude": 48.8566,
        "longitude": 2.3522,
        "population": 2_102_700,
        "description": (
            "France's capital, which has run one of the largest participatory budgets in Europe since 2014."
        ),
    },
    {
        "slug": "melbourne",
        "name": "Melbourne",
        "kind": "city",
        "country": "AU",
        "alternative_names": "Naarm",
        "region": "Victoria",
        "latitude": -37.8136,
        "longitude": 144.9631,
        "population": 4_917_800,
        "description": (
            "Capital of Victoria. The City of Melbourne, its central council, asked a randomly selected "
            "people's panel to shape its ten-year financial plan in 2014."
        ),
    },
    {
        "slug": "gdansk",
        "name": "Gdańsk",
        "kind": "city",
        "country": "PL",
        "alternative_names": "Gdansk\nDanzig",
        "region": "Pomerania",
        "latitude": 54.352,
        "longitude": 18.6466,
        "population": 486_000,
        "description": "A Baltic port city and an early adopter of citizens' assemblies in Central Europe.",
    },
    {
        "slug": "dublin",
        "name": "Dublin",
        "kind": "city",
        "country": "IE",
        "alternative_names": "Baile Átha Cliath",
        "region": "Leinster",
        "latitude": 53.3498,
        "longitude": -6.2603,
        "population": 592_700,
        "description": "Ireland's capital, where the national citizens' assemblies have met since 2016.",
    },
]

ORGANISATIONS: list[dict] = [
    # Greater Manchester
    {
        "slug": "gmca",
        "name": "Greater Manchester Combined Authority",
        "kind": "public",
        "place": "greater-manchester",
        "website": "https://www.greatermanchester-ca.gov.uk/",
        "description": "The combined authority of the ten Greater Manchester councils and the elected mayor.",
    },
    {
        "slug": "manchester-city-council",
        "name": "Manchester City Council",
        "kind": "public",
        "place": "greater-manchester",
        "website": "https://www.manchester.gov.uk/",
        "description": "The local authority for the city of Manchester, the largest of the ten boroughs.",
    },
    {
        "slug": "university-of-manchester",
        "name": "University of Manchester",
        "kind": "academic",
        "place": "greater-manchester",
        "website": "https://www.manchester.ac.uk/",
        "description": (
            "A research university whose urban and politics departments work with the city-region."
        ),
    },
    {
        "slug": "levenshulme-neighbours-network",
        "name": "Levenshulme Neighbours Network",
        "kind": "civil_society",
        "place": "greater-manchester",
        "description": (
            "A volunteer-run network of tenants' groups, faith groups and small traders in south Manchester "
            "(an invented group for the demo)."
        ),
    },
    # Sheffield
    {
        "slug": "sheffield-city-council",
        "name": "Sheffield City Council",
        "kind": "public",
        "place": "sheffield",
        "website": "https://www.sheffield.gov.uk/",
        "description": "The local authority for Sheffield, run through policy committees since 2022.",
    },
    {
        "slug": "university-of-sheffield",
        "name": "University of Sheffield",
        "kind": "academic",
        "place": "sheffield",
        "website": "https://www.sheffield.ac.uk/",
        "description": (
            "A research university with long-standing community research partnerships in the city."
        ),
    },
    {
        "slug": "burngreave-community-voices",
        "name": "Burngreave Community Voices",
        "kind": "civil_society",
        "place": "sheffield",
        "description": "A community development charity in north-east Sheffield (invented for the demo).",
    },
    # Gothenburg
    {
        "slug": "city-of-gothenburg",
        "name": "City of Gothenburg",
        "kind": "public",
        "place": "gothenburg",
        "website": "https://goteborg.se/",
        "description": "Göteborgs Stad, the municipality of Gothenburg.",
    },
    {
        "slug": "chalmers",
        "name": "Chalmers University of Technology",
        "kind": "academic",
        "place": "gothenburg",
        "website": "https://www.chalmers.se/",
        "description": (
            "A technical university with a strong tradition of urban planning research with the city."
        ),
    },
    {
        "slug": "hammarkullen-youth-forum",
        "name": "Hammarkullen Youth Forum",
        "kind": "civil_society",
        "place": "gothenburg",
        "description": "A youth-led association in north-east Gothenburg (invented for the demo).",
    },
    # Cape Town
    {
        "slug": "city-of-cape-town",
        "name": "City of Cape Town",
        "kind": "public",
        "place": "cape-town",
        "website": "https://www.capetown.gov.za/",
        "description": "The metropolitan municipality of Cape Town.",
    },
    {
        "slug": "african-centre-for-cities",
        "name": "African Centre for Cities",
        "kind": "academic",
        "place": "cape-town",
        "website": "https://www.africancentreforcities.net/",
        "description": "An interdisciplinary urban research centre at the University of Cape Town.",
    },
    {
        "slug": "khayelitsha-savings-collective",
        "name": "Khayelitsha Women's Savings Collective",
        "kind": "civil_society",
        "place": "cape-town",
        "description": "A network of women's savings groups in Khayelitsha (invented for the demo).",
    },
    # Barcelona
    {
        "slug": "barcelona-city-council",
        "name": "Barcelona City Council",
        "kind": "public",
        "place": "barcelona",
        "website": "https://ajuntament.barcelona.cat/",
        "description": "The Ajuntament de Barcelona, which created and runs the Decidim Barcelona platform.",
    },
    {
        "slug": "iopd",
        "name": "International Observatory on Participatory Democracy",
        "kind": "network",
        "place": "barcelona",
        "website": "https://oidp.net/",
        "description": "A network of cities, organisations and research centres on participatory democracy.",
    },
    {
        "slug": "sant-marti-neighbourhood-lab",
        "name": "Sant Martí Neighbourhood Lab",
        "kind": "civil_society",
        "place": "barcelona",
        "description": (
            "A community facilitation cooperative in the Sant Martí district (invented for the demo)."
        ),
    },
    # Kisumu
    {
        "slug": "kisumu-county-government",
        "name": "County Government of Kisumu",
        "kind": "public",
        "place": "kisumu",
        "website": "https://www.kisumu.go.ke/",
        "description": "The devolved county government responsible for Kisumu city and its surroundings.",
    },
    {
        "slug": "maseno-university",
        "name": "Maseno University",
        "kind": "academic",
        "place": "kisumu",
        "website": "https://www.maseno.ac.ke/",
        "description": "A public university near Kisumu with a campus in the city.",
    },
    {
        "slug": "nyalenda-youth-voices",
        "name": "Nyalenda Youth Voices",
        "kind": "civil_society",
        "place": "kisumu",
        "description": "A youth group in the Nyalenda informal settlement (invented for the demo).",
    },
    # Elsewhere
    {
        "slug": "porto-alegre-city-hall",
        "name": "Porto Alegre City Hall",
        "kind": "public",
        "place": "porto-alegre",
        "website": "https://prefeitura.poa.br/",
        "description": "The Prefeitura Municipal de Porto Alegre.",
    },
    {
        "slug": "city-of-paris",
        "name": "City of Paris",
        "kind": "public",
        "place": "paris",
        "website": "https://www.paris.fr/",
        "description": "The Ville de Paris.",
    },
    {
        "slug": "city-of-melbourne",
        "name": "City of Melbourne",
        "kind": "public",
        "place": "melbourne",
        "website": "https://www.melbourne.vic.gov.au/",
        "description": "The council of central Melbourne.",
    },
    {
        "slug": "newdemocracy-foundation",
        "name": "newDemocracy Foundation",
        "kind": "civil_society",
        "place": "melbourne",
        "website": "https://www.newdemocracy.com.au/",
        "description": "An Australian research foundation that designs deliberative processes.",
    },
    {
        "slug": "city-of-gdansk",
        "name": "City of Gdańsk",
        "kind": "public",
        "place": "gdansk",
        "website": "https://www.gdansk.pl/",
        "description": "The municipality of Gdańsk.",
    },
]

HUBS: list[dict] = [
    {
        "slug": "gm-just-cities-lab",
        "name": "Just Cities Lab Greater Manchester",
        "place": "greater-manchester",
        "tagline": "Officials, organisers and researchers co-producing a fairer city-region.",
        "organisations": [
            "gmca",
            "manchester-city-council",
            "university-of-manchester",
            "levenshulme-neighbours-network",
        ],
        "description": (
            "The Just Cities Lab brings together people who rarely sit at the same table: a strategy "
            "officer from the combined authority, a tenants' organiser from Levenshulme, a researcher "
            "who has spent ten years studying devolution, a young carer from Salford.\n\n"
            "We test one question in practice: what would it take for the people most affected by a "
            "decision to shape it from the start rather than be consulted at the end? Each year the lab "
            "runs two or three co-production projects with a borough or a combined authority team, "
            "writes up what happened (including what went wrong) and hosts peers from other cities."
        ),
        "coordinators": ["amina"],
        "members": ["david", "shanice", "tom", "kai", "helen"],
    },
    {
        "slug": "sheffield-civic-commons",
        "name": "Sheffield Civic Commons",
        "place": "sheffield",
        "tagline": "Turning neighbourhood knowledge into council decisions.",
        "organisations": ["sheffield-city-council", "university-of-sheffield", "burngreave-community-voices"],
        "description": (
            "Sheffield Civic Commons started after the 2021 governance referendum, when council officers "
            "and community groups asked how the new committee system could hear neighbourhoods earlier.\n\n"
            "The Commons maps what neighbourhoods already have, runs small deliberative panels before "
            "committee decisions and keeps a public log of what the council did with each "
            "recommendation."
        ),
        "coordinators": ["helen"],
        "members": ["rizwan", "joe", "lily"],
    },
    {
        "slug": "gothenburg-city-learning-platform",
        "name": "Gothenburg City Learning Platform",
        "place": "gothenburg",
        "tagline": "Testing what social sustainability means, street by street.",
        "organisations": ["city-of-gothenburg", "chalmers", "hammarkullen-youth-forum"],
        "description": (
            "A partnership of city planners, university researchers and neighbourhood associations in the "
            "north-eastern suburbs. The platform pairs each research project with a city unit that has to "
            "use its results, and with residents who decide what counts as a result.\n\n"
            "Current work: safe public space with young people in Angered, and how the city's "
            "equity reports can be read by the neighbourhoods they describe."
        ),
        "coordinators": ["karin"],
        "members": ["sofia", "ahmed", "elsa"],
    },
    {
        "slug": "cape-town-city-learning-lab",
        "name": "Cape Town Embedded Learning Lab",
        "place": "cape-town",
        "tagline": "Researchers inside the city, officials inside the university.",
        "organisations": ["city-of-cape-town", "african-centre-for-cities", "khayelitsha-savings-collective"],
        "description": (
            "The lab continues a practice Cape Town is known for: placing researchers in municipal "
            "departments and giving officials time and support to write about their own work.\n\n"
            "Community organisations joined as equal partners in 2021, starting with women's savings "
            "groups in Khayelitsha who wanted the city's flood data to include what they see every winter."
        ),
        "coordinators": ["nomvula"],
        "members": ["pieter", "thandiwe", "sipho"],
    },
    {
        "slug": "barcelona-democratic-innovation-circle",
        "name": "Barcelona Democratic Innovation Circle",
        "place": "barcelona",
        "tagline": "Neighbourhood assemblies, a digital platform and the people who connect them.",
        "organisations": ["barcelona-city-council", "iopd", "sant-marti-neighbourhood-lab"],
        "description": (
            "The Circle links the people who run participation in Barcelona's districts with those who "
            "build its digital platform and with researchers who study both. It hosts visiting "
            "delegations and insists on showing them the assemblies as well as the software.\n\n"
            "Its members keep a shared record of which proposals made it into the municipal action plan, "
            "which did not, and why."
        ),
        "coordinators": ["marta"],
        "members": ["jordi", "laia", "nuria"],
    },
    {
        "slug": "kisumu-lakeside-coproduction-hub",
        "name": "Kisumu Lakeside Co-production Hub",
        "place": "kisumu",
        "tagline": "Young people, traders and county officers shaping the lakeside city together.",
        "organisations": ["kisumu-county-government", "maseno-university", "nyalenda-youth-voices"],
        "description": (
            "The hub grew out of a youth mapping project in Nyalenda and Manyatta and now works with the "
            "county's planning and budget teams. Its rule is simple: every project has young people on the "
            "design team, paid for their time.\n\n"
            "It runs co-production workshops ahead of the county's annual budget hearings and trains "
            "young facilitators who now work across the county."
        ),
        "coordinators": ["achieng"],
        "members": ["wilfred", "mercy", "brian", "kevin"],
    },
]

ROLE_PUBLIC_OFFICIAL = "public-official"
ROLE_PRACTITIONER = "community-practitioner"
ROLE_RESEARCHER = "researcher"
ROLE_RESIDENT = "resident"
ROLE_YOUNG_PERSON = "young-person"

# Each person: username, display name, roles (role vocabulary slugs), expertise (general issue
# slugs), languages (language slugs), place, organisation, bio.
PEOPLE: list[dict] = [
    # Greater Manchester
    {
        "username": "amina",
        "display_name": "Dr Amina Rahman",
        "roles": [ROLE_RESEARCHER],
        "expertise": ["governance", "planning", "social"],
        "languages": ["en", "bn"],
        "place": "greater-manchester",
        "organisation": "university-of-manchester",
        "bio": (
            "Urban researcher working on co-production and devolution in Greater Manchester. I coordinate "
            "the Just Cities Lab and write the Trans-local learning series. Before academia I was a "
            "youth worker in Oldham, which is where I learned that meetings are not the same as power."
        ),
    },
    {
        "username": "david",
        "display_name": "David Clarke",
        "roles": [ROLE_PUBLIC_OFFICIAL],
        "expertise": ["governance", "economics", "environment"],
        "languages": ["en", "es"],
        "place": "greater-manchester",
        "organisation": "gmca",
        "bio": (
            "Strategy officer at the combined authority, responsible for how the city-region involves "
            "residents in its long-term plans. Interested in what public bodies must give up for "
            "participation to be real."
        ),
    },
    {
        "username": "shanice",
        "display_name": "Shanice Walker",
        "roles": [ROLE_PRACTITIONER, ROLE_RESIDENT],
        "expertise": ["housing", "social"],
        "languages": ["en"],
        "place": "greater-manchester",
        "organisation": "levenshulme-neighbours-network",
        "bio": (
            "Community organiser in south Manchester. Ten years of tenants' campaigns, kitchen-table "
            "meetings and one very long fight about a bus route."
        ),
    },
    {
        "username": "tom",
        "display_name": "Tom Byrne",
        "roles": [ROLE_RESIDENT],
        "expertise": ["environment", "transportation"],
        "languages": ["en"],
        "place": "greater-manchester",
        "organisation": None,
        "bio": (
            "Retired electrician from Oldham. Sat on a citizens' assembly about home heating and got hooked."
        ),
    },
    {
        "username": "kai",
        "display_name": "Kai Mensah",
        "roles": [ROLE_YOUNG_PERSON, ROLE_RESIDENT],
        "expertise": ["education", "transportation"],
        "languages": ["en"],
        "place": "greater-manchester",
        "organisation": None,
        "bio": "Nineteen, from Salford, studying computing. Youth panel member and occasional facilitator.",
    },
    # Sheffield
    {
        "username": "helen",
        "display_name": "Helen Marsh",
        "roles": [ROLE_PUBLIC_OFFICIAL],
        "expertise": ["governance", "planning"],
        "languages": ["en", "fr"],
        "place": "sheffield",
        "organisation": "sheffield-city-council",
        "bio": (
            "Head of community engagement at the council. I coordinate Sheffield Civic Commons and try to "
            "make sure every panel's recommendations get a written answer."
        ),
    },
    {
        "username": "rizwan",
        "display_name": "Rizwan Akhtar",
        "roles": [ROLE_PRACTITIONER],
        "expertise": ["social", "health"],
        "languages": ["en", "ur"],
        "place": "sheffield",
        "organisation": "burngreave-community-voices",
        "bio": (
            "Community development worker in Burngreave; runs asset mapping walks and a Saturday advice desk."
        ),
    },
    {
        "username": "joe",
        "display_name": "Dr Joe Pearson",
        "roles": [ROLE_RESEARCHER],
        "expertise": ["governance", "education"],
        "languages": ["en", "de"],
        "place": "sheffield",
        "organisation": "university-of-sheffield",
        "bio": "Political scientist studying deliberative panels in English local government.",
    },
    {
        "username": "lily",
        "display_name": "Lily Chen",
        "roles": [ROLE_YOUNG_PERSON],
        "expertise": ["transportation", "environment"],
        "languages": ["en", "zh"],
        "place": "sheffield",
        "organisation": None,
        "bio": (
            "Sixth-form student and member of the city's youth transport panel. Cycles up the hills anyway."
        ),
    },
    # Gothenburg
    {
        "username": "karin",
        "display_name": "Karin Lindqvist",
        "roles": [ROLE_PUBLIC_OFFICIAL],
        "expertise": ["planning", "social"],
        "languages": ["sv", "en"],
        "place": "gothenburg",
        "organisation": "city-of-gothenburg",
        "bio": "Planner in the city's urban development department; coordinates the City Learning Platform.",
    },
    {
        "username": "sofia",
        "display_name": "Dr Sofia Nyberg",
        "roles": [ROLE_RESEARCHER],
        "expertise": ["planning", "housing"],
        "languages": ["sv", "en", "es"],
        "place": "gothenburg",
        "organisation": "chalmers",
        "bio": "Architect and researcher working on co-creation methods in housing renewal.",
    },
    {
        "username": "ahmed",
        "display_name": "Ahmed Yusuf",
        "roles": [ROLE_PRACTITIONER, ROLE_RESIDENT],
        "expertise": ["social", "education"],
        "languages": ["sv", "en"],
        "place": "gothenburg",
        "organisation": "hammarkullen-youth-forum",
        "bio": "Youth leader in Hammarkullen; organises homework clubs and the summer football league.",
    },
    {
        "username": "elsa",
        "display_name": "Elsa Berg",
        "roles": [ROLE_YOUNG_PERSON],
        "expertise": ["environment"],
        "languages": ["sv", "en"],
        "place": "gothenburg",
        "organisation": "hammarkullen-youth-forum",
        "bio": "Eighteen, from Angered. Photographer for the safe spaces project.",
    },
    # Cape Town
    {
        "username": "nomvula",
        "display_name": "Dr Nomvula Dlamini",
        "roles": [ROLE_RESEARCHER],
        "expertise": ["planning", "housing", "governance"],
        "languages": ["en", "zu", "xh"],
        "place": "cape-town",
        "organisation": "african-centre-for-cities",
        "bio": (
            "Urbanist who spent three years as an embedded researcher in the city's human settlements "
            "department. Coordinates the Embedded Learning Lab."
        ),
    },
    {
        "username": "pieter",
        "display_name": "Pieter van Wyk",
        "roles": [ROLE_PUBLIC_OFFICIAL],
        "expertise": ["environment", "planning"],
        "languages": ["af", "en"],
        "place": "cape-town",
        "organisation": "city-of-cape-town",
        "bio": (
            "Catchment and stormwater manager. Learned more about flooding from residents than from models."
        ),
    },
    {
        "username": "thandiwe",
        "display_name": "Thandiwe Mokoena",
        "roles": [ROLE_PRACTITIONER],
        "expertise": ["housing", "economics"],
        "languages": ["xh", "en"],
        "place": "cape-town",
        "organisation": "khayelitsha-savings-collective",
        "bio": "Organiser with the savings collective; runs the photovoice project on winter flooding.",
    },
    {
        "username": "sipho",
        "display_name": "Sipho Ndlovu",
        "roles": [ROLE_RESIDENT],
        "expertise": ["housing"],
        "languages": ["xh", "en"],
        "place": "cape-town",
        "organisation": None,
        "bio": "Resident of Khayelitsha, taxi driver, ward committee member.",
    },
    # Barcelona
    {
        "username": "marta",
        "display_name": "Marta Puig",
        "roles": [ROLE_PUBLIC_OFFICIAL],
        "expertise": ["governance"],
        "languages": ["ca", "es", "en"],
        "place": "barcelona",
        "organisation": "barcelona-city-council",
        "bio": "Works in the city's participation office; coordinates the Democratic Innovation Circle.",
    },
    {
        "username": "jordi",
        "display_name": "Dr Jordi Vidal",
        "roles": [ROLE_RESEARCHER],
        "expertise": ["governance", "science"],
        "languages": ["ca", "es", "en"],
        "place": "barcelona",
        "organisation": "iopd",
        "bio": "Researcher on digital participation and the politics of open-source civic software.",
    },
    {
        "username": "laia",
        "display_name": "Laia Ferrer",
        "roles": [ROLE_PRACTITIONER],
        "expertise": ["social", "planning"],
        "languages": ["ca", "es"],
        "place": "barcelona",
        "organisation": "sant-marti-neighbourhood-lab",
        "bio": (
            "Facilitator with a neighbourhood cooperative; translates between assemblies and the platform."
        ),
    },
    {
        "username": "nuria",
        "display_name": "Núria Soler",
        "roles": [ROLE_RESIDENT],
        "expertise": ["housing"],
        "languages": ["ca", "es"],
        "place": "barcelona",
        "organisation": None,
        "bio": "Nurse, resident of Poblenou, proposer of three successful (and two failed) ideas on Decidim.",
    },
    # Kisumu
    {
        "username": "achieng",
        "display_name": "Achieng Otieno",
        "roles": [ROLE_PRACTITIONER],
        "expertise": ["social", "economics", "governance"],
        "languages": ["en", "sw", "luo"],
        "place": "kisumu",
        "organisation": "nyalenda-youth-voices",
        "bio": (
            "Community practitioner and co-founder of Nyalenda Youth Voices. Coordinates the Lakeside "
            "Co-production Hub and trains young facilitators."
        ),
    },
    {
        "username": "wilfred",
        "display_name": "Dr Wilfred Ochieng",
        "roles": [ROLE_RESEARCHER],
        "expertise": ["planning", "environment"],
        "languages": ["en", "sw", "luo"],
        "place": "kisumu",
        "organisation": "maseno-university",
        "bio": "Lecturer in urban planning; studies informal markets and the lake economy.",
    },
    {
        "username": "mercy",
        "display_name": "Mercy Akinyi",
        "roles": [ROLE_PUBLIC_OFFICIAL],
        "expertise": ["economics", "governance"],
        "languages": ["en", "sw"],
        "place": "kisumu",
        "organisation": "kisumu-county-government",
        "bio": (
            "Officer in the county's budget and economic planning team; runs the public participation forums."
        ),
    },
    {
        "username": "brian",
        "display_name": "Brian Odhiambo",
        "roles": [ROLE_YOUNG_PERSON],
        "expertise": ["economics", "health"],
        "languages": ["en", "sw", "luo"],
        "place": "kisumu",
        "organisation": "nyalenda-youth-voices",
        "bio": "Twenty-two, boda-boda rider and trained youth facilitator.",
    },
    {
        "username": "kevin",
        "display_name": "Kevin Omondi",
        "roles": [ROLE_YOUNG_PERSON, ROLE_RESIDENT],
        "expertise": ["arts", "media"],
        "languages": ["en", "sw"],
        "place": "kisumu",
        "organisation": None,
        "bio": "Spoken-word artist from Manyatta; documents the hub's workshops on video.",
    },
]

ADMIN: dict[str, Any] = {
    "username": "admin",
    "display_name": "Translocal administrator",
    "roles": [],
    "expertise": [],
    "languages": ["en"],
    "place": None,
    "organisation": None,
    "bio": "Staff account for the demo network.",
}
