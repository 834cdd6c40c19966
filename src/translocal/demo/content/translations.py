"""Translations of demo entries, written by their authors through the knowledge services: the
Porto Alegre case in Spanish and Catalan (so a reader in either language sees it translated,
with the notice and a link to the English original)."""

TRANSLATIONS: list[dict] = [
    {
        "case": "porto-alegre-participatory-budgeting",
        "language": "es",
        "translator": "jordi",
        "title": "Presupuestos participativos en Porto Alegre",
        "summary": (
            "Desde 1989 los vecinos y vecinas de Porto Alegre se reunieron cada año en asambleas de barrio y "
            "temáticas para decidir las prioridades de inversión de la ciudad: el modelo que llevó los "
            "presupuestos participativos a todo el mundo."
        ),
        "body": """\
## Antecedentes

Cuando el Partido de los Trabajadores ganó la alcaldía de Porto Alegre en 1988, la ciudad estaba al
borde de la quiebra y la inversión iba sobre todo a los distritos centrales más ricos. Las
asociaciones de vecinos llevaban tiempo reclamando voz sobre las obras públicas. La nueva
administración abrió el presupuesto de inversiones a un ciclo anual de asambleas públicas.

## Cómo funcionaba

La ciudad se dividió en dieciséis regiones, a las que más tarde se sumaron asambleas temáticas
(transporte, salud, educación, cultura, desarrollo económico). Cada ciclo empezaba en marzo con
asambleas regionales abiertas en las que el ayuntamiento rendía cuentas de los proyectos del año
anterior y los vecinos elegían delegados. En los meses siguientes, los delegados se reunían barrio a
barrio para ordenar prioridades como el asfaltado, el saneamiento y la vivienda. Un consejo del
presupuesto, con consejeros elegidos por cada región y cada tema, combinaba después las prioridades
con una fórmula que ponderaba la población de cada región y su falta de infraestructuras, de modo
que las zonas más pobres recibieran más.

## Resultados

La participación pasó de alrededor de mil personas el primer año a decenas de miles al año en su
punto álgido, a principios de los años 2000, con una buena representación de los vecinos de bajos
ingresos. Los estudios del periodo atribuyen al proceso una gran ampliación de las conexiones de
alcantarillado y agua y de las calles asfaltadas en los distritos periféricos, y una reducción del
clientelismo en el reparto de las obras.

## Declive y legado

Tras los cambios de gobierno, la parte del presupuesto sometida a debate se redujo y la ejecución de
los proyectos aprobados se ralentizó; las asambleas se suspendieron en 2017. Para entonces el modelo
había viajado a miles de municipios de todos los continentes, normalmente en una versión más ligera
y sin la fórmula redistributiva. Porto Alegre sigue siendo la referencia de lo que pueden ser los
presupuestos participativos cuando controlan dinero real y cambian quién se beneficia.
""",
    },
    {
        "case": "porto-alegre-participatory-budgeting",
        "language": "ca",
        "translator": "jordi",
        "title": "Pressupostos participatius a Porto Alegre",
        "summary": (
            "Des del 1989 els veïns i veïnes de Porto Alegre es van reunir cada any en assemblees de barri i "
            "temàtiques per decidir les prioritats d'inversió de la ciutat: el model que va portar els "
            "pressupostos participatius arreu del món."
        ),
        "body": """\
## Antecedents

Quan el Partit dels Treballadors va guanyar l'alcaldia de Porto Alegre el 1988, la ciutat era a
prop de la fallida i la inversió anava sobretot als districtes centrals més rics. Les associacions
de veïns feia temps que reclamaven veu sobre les obres públiques. La nova administració va obrir el
pressupost d'inversions a un cicle anual d'assemblees públiques.

## Com funcionava

La ciutat es va dividir en setze regions, a les quals més endavant es van sumar assemblees
temàtiques (transport, salut, educació, cultura, desenvolupament econòmic). Cada cicle començava al
març amb assemblees regionals obertes en què l'ajuntament retia comptes dels projectes de l'any
anterior i els veïns elegien delegats. Durant els mesos següents, els delegats es reunien barri a
barri per ordenar prioritats com l'asfaltatge, el sanejament i l'habitatge. Un consell del
pressupost, amb consellers elegits per cada regió i cada tema, combinava després les prioritats amb
una fórmula que ponderava la població de cada regió i la seva manca d'infraestructures, de manera
que les zones més pobres en rebessin més.

## Resultats

La participació va passar d'unes mil persones el primer any a desenes de milers l'any en el seu
moment àlgid, a principis dels anys 2000, amb una bona representació dels veïns amb ingressos
baixos. Els estudis del període atribueixen al procés una gran ampliació de les connexions de
clavegueram i aigua i dels carrers asfaltats als districtes perifèrics, i una reducció del
clientelisme en el repartiment de les obres.

## Declivi i llegat

Després dels canvis de govern, la part del pressupost sotmesa a debat es va reduir i l'execució dels
projectes aprovats es va alentir; les assemblees es van suspendre el 2017. Aleshores el model ja
havia viatjat a milers de municipis de tots els continents, normalment en una versió més lleugera i
sense la fórmula redistributiva. Porto Alegre continua sent la referència del que poden ser els
pressupostos participatius quan controlen diners reals i canvien qui se'n beneficia.
""",
    },
]
