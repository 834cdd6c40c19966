"""Keyword cues of the suggester: word stems (lower case, without accents) in English,
Spanish, Catalan and Swedish that point to a goal or a target. Written by us from the goals'
and targets' official texts and the vocabulary of participatory practice; a stem matches a
word that starts with it ("homeless" matches "homelessness").

A cue is evidence, not a decision: the suggester weighs the number of distinct cues found with
the similarity of meaning (suggester.py). Keep them specific: "city" would point everything
at goal 11."""

GOAL_CUES: dict[int, tuple[str, ...]] = {
    1: ("poverty", "poor ", "low-income", "low income", "welfare benefit", "social protection", "pobreza",
        "pobres", "proteccion social", "fattigdom", "pobresa"),
    2: ("hunger", "food", "agricultur", "farm", "nutrition", "hambre", "aliment", "agricul", "fam ", "livsmedel",
        "jordbruk", "mat "),
    3: ("health", "hospital", "disease", "mental health", "well-being", "wellbeing", "salud", "sanitari", "salut",
        "halsa", "sjukvard"),
    4: ("school", "education", "student", "teacher", "learning", "literacy", "educacion", "escuela", "escola",
        "educacio", "skola", "utbildning"),
    5: ("gender", "women", "woman", "girls", "feminis", "genero", "mujeres", "dones", "igualdad de genero",
        "jamstalld", "kvinnor"),
    6: ("water", "sanitation", "sewage", "drinking", "agua", "saneamiento", "aigua", "vatten"),
    7: ("energy", "renewable", "solar", "electricity", "energia", "renovable", "energi", "fuel"),
    8: ("employment", "jobs", "unemploy", "workers", "labour", "labor market", "economic growth", "empleo",
        "trabajo", "ocupacio", "treball", "arbete", "sysselsattning", "tourism"),
    9: ("infrastructure", "innovation", "industr", "broadband", "internet access", "infraestructura",
        "innovacion", "innovacio", "infrastruktur"),
    10: ("inequalit", "inclusion", "migrant", "refugee", "discrimination", "marginali", "disabilit",
         "desigualdad", "inclusion social", "desigualtat", "ojamlikhet", "inkludering", "minorit"),
    11: ("housing", "neighbourhood", "neighborhood", "urban", "public space", "transport", "heritage",
         "land use", "zoning", "vivienda", "barrio", "urbanis", "habitatge", "barri", "bostad", "stadsplan",
         "stadsdel", "slum", "green space", "parks"),
    12: ("waste", "recycl", "consumption", "circular economy", "residuos", "reciclaj", "residus", "avfall",
         "atervinn", "procurement"),
    13: ("climate", "carbon", "emission", "greenhouse", "global warming", "clima", "emisiones", "klimat",
         "utslapp", "net zero"),
    14: ("ocean", "marine", "fisher", "coast", "oceano", "pesca", "mar ", "hav ", "kust"),
    15: ("forest", "biodiversity", "ecosystem", "wildlife", "desertification", "bosque", "biodiversidad",
         "bosc", "biodiversitat", "skog", "biologisk mangfald"),
    16: ("corruption", "justice", "accountab", "transparen", "violence", "crime", "police", "court",
         "participatory decision", "deliberat", "democra", "corrupcion", "justicia", "rendicion de cuentas",
         "transparencia", "violencia", "korruption", "rattvisa", "demokrati", "institution"),
    17: ("partnership", "international cooperation", "development aid", "twinning", "alianza",
         "cooperacion internacional", "alianca", "partnerskap", "peer learning", "city network"),
}

#: Target code -> stems that point to that target rather than its goal in general.
TARGET_CUES: dict[str, tuple[str, ...]] = {
    "1.3": ("social protection", "welfare benefit", "proteccion social"),
    "3.4": ("mental health", "salud mental", "psykisk"),
    "4.7": ("citizenship education", "civic education", "educacion ciudadana"),
    "5.5": ("women's participation", "women in leadership", "participacion de las mujeres"),
    "6.1": ("drinking water", "agua potable", "dricksvatten"),
    "7.2": ("renewable", "solar", "wind power", "renovable"),
    "8.5": ("employment", "unemploy", "empleo"),
    "10.2": ("social inclusion", "inclusion social", "empower"),
    "10.7": ("migra", "refugee", "asylum"),
    "11.1": ("housing", "affordable home", "vivienda", "habitatge", "bostad", "slum"),
    "11.2": ("public transport", "transit", "transporte publico", "kollektivtrafik"),
    "11.3": ("participatory planning", "urban planning", "planeamiento participativo", "neighbourhood plan",
             "neighborhood plan", "stadsplan"),
    "11.4": ("heritage", "patrimonio", "kulturarv"),
    "11.6": ("air quality", "waste management", "calidad del aire"),
    "11.7": ("public space", "green space", "parks", "espacio publico", "espai public"),
    "12.5": ("recycl", "waste", "residuos"),
    "12.7": ("public procurement", "contratacion publica"),
    "13.3": ("climate education", "awareness", "sensibilizacion"),
    "16.5": ("corruption", "bribery", "corrupcion"),
    "16.6": ("accountab", "transparen", "rendicion de cuentas"),
    "16.7": ("participatory", "deliberat", "citizens' assembly", "participatory budget", "participativ",
             "presupuesto participativo", "pressupostos participatius", "medborgarbudget"),
    "16.10": ("access to information", "freedom of information", "open data", "acceso a la informacion"),
    "17.17": ("public-private partnership", "civil society partnership", "partnership"),
}
