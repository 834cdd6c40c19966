"""Concise labels for the 17 goals and 169 targets, written by us for pages where the official short names
("Peace, justice and strong institutions") are too long or too formal, e.g. a goal's heading
in a local report, a target in a picker ("11.3 Inclusive, participatory planning"). They are
interface strings (translated with the rest of the interface in
es, ca and sv), separate from the official titles, which come from the open-sdg data
(taxonomy's importer) and are never edited here."""

from django.utils.translation import gettext_lazy as _

#: Goal number -> our concise label.
GOAL_LABELS = {
    1: _("Ending poverty"),
    2: _("Food and farming"),
    3: _("Health for all"),
    4: _("Learning for all"),
    5: _("Gender equality"),
    6: _("Water and sanitation"),
    7: _("Clean energy"),
    8: _("Good work"),
    9: _("Infrastructure and innovation"),
    10: _("Fairer societies"),
    11: _("Inclusive, safe cities"),
    12: _("Responsible consumption"),
    13: _("Climate action"),
    14: _("Oceans and seas"),
    15: _("Land and nature"),
    16: _("Fair, accountable institutions"),
    17: _("Partnerships"),
}

#: Target code -> our concise label (plain English, a few words; the official title is the
#: authority and is shown beside it where there is room).
TARGET_LABELS = {
    "1.1": _("End extreme poverty"),
    "1.2": _("Halve poverty in all its forms"),
    "1.3": _("Social protection for all"),
    "1.4": _("Equal rights to resources and basic services"),
    "1.5": _("Resilience of the poor to disasters"),
    "1.a": _("Resources to end poverty"),
    "1.b": _("Pro-poor policy frameworks"),
    "2.1": _("End hunger, safe food for all"),
    "2.2": _("End malnutrition"),
    "2.3": _("Small-scale food producers' incomes"),
    "2.4": _("Sustainable, resilient farming"),
    "2.5": _("Genetic diversity of seeds and animals"),
    "2.a": _("Investment in rural infrastructure and research"),
    "2.b": _("Fair world agricultural markets"),
    "2.c": _("Stable food commodity markets"),
    "3.1": _("Fewer maternal deaths"),
    "3.2": _("End preventable deaths of children"),
    "3.3": _("End epidemics"),
    "3.4": _("Fewer chronic diseases, better mental health"),
    "3.5": _("Prevention and treatment of substance abuse"),
    "3.6": _("Fewer road traffic deaths"),
    "3.7": _("Sexual and reproductive health care"),
    "3.8": _("Universal health coverage"),
    "3.9": _("Fewer deaths from pollution"),
    "3.a": _("Tobacco control"),
    "3.b": _("Vaccines and medicines for all"),
    "3.c": _("Health financing and health workers"),
    "3.d": _("Early warning of health risks"),
    "4.1": _("Free primary and secondary education"),
    "4.2": _("Early childhood care and pre-school"),
    "4.3": _("Technical, vocational and university education"),
    "4.4": _("Skills for work"),
    "4.5": _("Equal access to education"),
    "4.6": _("Literacy and numeracy"),
    "4.7": _("Learning for sustainable development and citizenship"),
    "4.a": _("Safe, inclusive schools"),
    "4.b": _("Scholarships for developing countries"),
    "4.c": _("More qualified teachers"),
    "5.1": _("End discrimination against women and girls"),
    "5.2": _("End violence against women and girls"),
    "5.3": _("End child marriage and genital mutilation"),
    "5.4": _("Value unpaid care and domestic work"),
    "5.5": _("Women in leadership and decision-making"),
    "5.6": _("Reproductive health and rights"),
    "5.a": _("Women's equal rights to land and property"),
    "5.b": _("Technology for women's empowerment"),
    "5.c": _("Policies and laws for gender equality"),
    "6.1": _("Safe drinking water for all"),
    "6.2": _("Sanitation and hygiene for all"),
    "6.3": _("Water quality and wastewater"),
    "6.4": _("Efficient water use"),
    "6.5": _("Integrated water management"),
    "6.6": _("Protect water ecosystems"),
    "6.a": _("Water cooperation with developing countries"),
    "6.b": _("Local communities in water management"),
    "7.1": _("Affordable, reliable energy for all"),
    "7.2": _("More renewable energy"),
    "7.3": _("Energy efficiency"),
    "7.a": _("Clean energy research and investment"),
    "7.b": _("Energy infrastructure in developing countries"),
    "8.1": _("Economic growth"),
    "8.2": _("Productivity through innovation"),
    "8.3": _("Decent jobs and small enterprises"),
    "8.4": _("Resource efficiency in consumption and production"),
    "8.5": _("Full employment, equal pay"),
    "8.6": _("Youth in work, education or training"),
    "8.7": _("End forced labour and child labour"),
    "8.8": _("Labour rights and safe workplaces"),
    "8.9": _("Sustainable tourism"),
    "8.10": _("Access to banking and financial services"),
    "8.a": _("Aid for trade"),
    "8.b": _("Youth employment strategy"),
    "9.1": _("Quality, resilient infrastructure"),
    "9.2": _("Inclusive, sustainable industry"),
    "9.3": _("Credit for small enterprises"),
    "9.4": _("Clean, efficient industries"),
    "9.5": _("Research and innovation"),
    "9.a": _("Infrastructure support for developing countries"),
    "9.b": _("Domestic technology development"),
    "9.c": _("Internet access for all"),
    "10.1": _("Income growth of the poorest 40%"),
    "10.2": _("Inclusion of all"),
    "10.3": _("Equal opportunity, end discrimination"),
    "10.4": _("Fiscal and social policies for equality"),
    "10.5": _("Regulation of financial markets"),
    "10.6": _("Voice for developing countries in global finance"),
    "10.7": _("Safe, orderly migration"),
    "10.a": _("Special treatment for developing countries in trade"),
    "10.b": _("Development assistance where the need is greatest"),
    "10.c": _("Cheaper migrant remittances"),
    "11.1": _("Safe, affordable housing"),
    "11.2": _("Safe, accessible transport"),
    "11.3": _("Inclusive, participatory planning"),
    "11.4": _("Cultural and natural heritage"),
    "11.5": _("Fewer losses from disasters"),
    "11.6": _("Clean air and waste management in cities"),
    "11.7": _("Green and public spaces for all"),
    "11.a": _("Links between urban and rural areas"),
    "11.b": _("Integrated plans for inclusion and resilience"),
    "11.c": _("Sustainable buildings in developing countries"),
    "12.1": _("Programmes for sustainable consumption"),
    "12.2": _("Sustainable use of natural resources"),
    "12.3": _("Halve food waste"),
    "12.4": _("Safe handling of chemicals and waste"),
    "12.5": _("Less waste, more recycling"),
    "12.6": _("Sustainable practices in companies"),
    "12.7": _("Sustainable public procurement"),
    "12.8": _("Awareness of sustainable lifestyles"),
    "12.a": _("Science for sustainable consumption"),
    "12.b": _("Monitoring sustainable tourism"),
    "12.c": _("Phase out fossil-fuel subsidies"),
    "13.1": _("Resilience to climate hazards"),
    "13.2": _("Climate action in policies and planning"),
    "13.3": _("Climate education and awareness"),
    "13.a": _("Climate finance"),
    "13.b": _("Climate planning capacity in the poorest countries"),
    "14.1": _("Less marine pollution"),
    "14.2": _("Protect marine and coastal ecosystems"),
    "14.3": _("Ocean acidification"),
    "14.4": _("End overfishing"),
    "14.5": _("Protected coastal and marine areas"),
    "14.6": _("End harmful fisheries subsidies"),
    "14.7": _("Benefits of marine resources for small island states"),
    "14.a": _("Marine research and technology"),
    "14.b": _("Small-scale fishers' access to markets"),
    "14.c": _("International law of the sea"),
    "15.1": _("Conserve land and freshwater ecosystems"),
    "15.2": _("Sustainable forests, end deforestation"),
    "15.3": _("Restore degraded land"),
    "15.4": _("Conserve mountain ecosystems"),
    "15.5": _("Halt biodiversity loss"),
    "15.6": _("Fair sharing of genetic resources"),
    "15.7": _("End poaching and wildlife trafficking"),
    "15.8": _("Invasive alien species"),
    "15.9": _("Biodiversity in local planning"),
    "15.a": _("Funding for biodiversity"),
    "15.b": _("Funding for sustainable forests"),
    "15.c": _("Global action against poaching"),
    "16.1": _("Less violence"),
    "16.2": _("End violence against children"),
    "16.3": _("Rule of law, justice for all"),
    "16.4": _("Less illicit finance and organised crime"),
    "16.5": _("Less corruption and bribery"),
    "16.6": _("Accountable, transparent institutions"),
    "16.7": _("Inclusive, participatory decision-making"),
    "16.8": _("Developing countries in global governance"),
    "16.9": _("Legal identity for all"),
    "16.10": _("Access to information, fundamental freedoms"),
    "16.a": _("Strong national institutions"),
    "16.b": _("Non-discriminatory laws"),
    "17.1": _("Domestic tax and revenue"),
    "17.2": _("Development aid commitments"),
    "17.3": _("More finance for developing countries"),
    "17.4": _("Debt sustainability"),
    "17.5": _("Investment in the least developed countries"),
    "17.6": _("Cooperation on science and technology"),
    "17.7": _("Sharing clean technologies"),
    "17.8": _("Technology bank for the poorest countries"),
    "17.9": _("Capacity building for the goals"),
    "17.10": _("Fair multilateral trade"),
    "17.11": _("Exports of developing countries"),
    "17.12": _("Market access for the least developed countries"),
    "17.13": _("Global economic stability"),
    "17.14": _("Policy coherence for sustainable development"),
    "17.15": _("Respect for each country's policy space"),
    "17.16": _("Global partnership, sharing knowledge"),
    "17.17": _("Public, private and civil society partnerships"),
    "17.18": _("Better data for development"),
    "17.19": _("Measuring progress beyond GDP"),
}


def goal_label(number: int) -> str:
    """"11 Inclusive, safe cities": the goal's number and our concise label, in the active language."""
    return f"{number} {GOAL_LABELS[number]}" if number in GOAL_LABELS else str(number)


def target_label(code: str) -> str:
    """"11.3 Inclusive, participatory planning": the code and our concise label, in the active
    language; the code alone for a code we have no label for."""
    label = TARGET_LABELS.get(code)
    return f"{code} {label}" if label else code


def target_order(code: str) -> tuple[int, int]:
    """Sort key of a target code: 11.1 .. 11.10, then 11.a, 11.b."""
    goal, _sep, part = code.partition(".")
    return int(goal) if goal.isdigit() else 0, int(part) if part.isdigit() else 100 + ord(part[:1] or "a")


def concise_label(slug: str) -> str:
    """The concise label of a goal ("11") or target ("11.3") term's slug."""
    if slug.isdigit():
        return goal_label(int(slug))
    return target_label(slug)


#: The official colours of the goals (UN communications guidelines), for the report's headings.
GOAL_COLOURS = {
    1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
    7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
    13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A",
}
