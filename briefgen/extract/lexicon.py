"""Small, reviewed word lists that type and clean candidate names.

Every list here is general English or newswire knowledge: cue words that mark an
organisation or a place, titles that precede a person, capitalised words that are
not names (months, weekdays, pronouns), and demonyms. Nothing is listed because one
document needed it. The larger list of common lowercase English words lives in
`briefgen/data/common_words.txt` (words seen lowercase at least three times in an
unannotated news corpus).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

# Closed-class words and frequent sentence starters: never a name on their own,
# and dropped when they open a capitalised span ("The", "But", "After").
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those there here it its it's i i'm i've i'd i'll me my mine we we're
    we've us our ours you you're your yours he he's him his she she's her hers they they're them
    their theirs who whom whose which what whatever whoever when where why how whether if then
    than so and or nor but yet for of in on at by to from with without within into onto upon
    about above below under over after before during since until till while although though
    because as like unlike despite amid among amongst between through throughout across against
    toward towards around near beyond via per plus minus all any some many much most more less
    few several each every either neither both no not none one two three four five six seven
    eight nine ten first second third last next other another such same own only also even just
    still already however meanwhile moreover furthermore nevertheless nonetheless instead
    indeed thus therefore hence otherwise besides later earlier today tomorrow yesterday tonight
    now soon once again yes no oh okay ok please thanks thank dear sir madam be is are was were
    wow ah uh um hmm mm yeah yep nope hey hello hi bye goodbye ciao cheers congratulations rip
    been being am do does did done have has had having can could may might must shall should will
    would let lets according following including regarding concerning given
    mr mrs ms dr prof
    """.split()
)

# Function words that never open a name, whatever their position ("On Thursday", "In Paris"),
# and the pronouns and interjections of a transcript ("Nobody", "Whenever", "Well", "Uhh").
NEVER_NAME_START = frozenset(
    """
    a an the this that these those it its i i'm i've i'd i'll me my we we're we've our you
    you're your he he's him his she she's her they they're them their who whom whose which
    what when where why how if then than so and or nor but yet for of in on at by to from
    with without within into onto upon about above below under over after before during
    since until while although though because as despite amid among between through across
    against toward towards around near via per all any some many much most more less few
    several each every either neither both no not none also even just still already however
    meanwhile moreover furthermore nevertheless instead thus therefore hence yes oh okay
    please thanks thank dear
    nobody somebody anybody everybody someone anyone everyone nothing something anything
    everything whenever wherever whatever whoever whichever whereby well yeah uh uhh um umm
    hmm
    """.split()
)

NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions billion billions dozen dozens half
    """.split()
)

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)

# Capitalised words that are never an actor or a place when they stand alone.
# Adjectives and plurals of religious denominations and branches, which qualify a noun
# ("a Pentecostal church", "Sunnis and Shias") and name no one entity. From the families in
# Wikipedia's "List of Christian denominations" and the branches in "Islamic schools and
# branches"; the biggest ones ("Catholic", "Sunni") were already among the non-names below.
DENOMINATIONS = frozenset(
    """
    pentecostal pentecostals baptist baptists methodist methodists lutheran lutherans
    anglican anglicans presbyterian presbyterians episcopal episcopalian episcopalians
    adventist adventists mormon mormons quaker quakers mennonite mennonites amish calvinist
    calvinists congregationalist congregationalists evangelicals charismatic coptic copts
    maronite maronites unitarian unitarians
    sunnis shias shiites shi'a shi'as shi'ite shi'ites salafi salafis salafist salafists sufi
    sufis wahhabi wahhabis ismaili ismailis ibadi ibadis
    """.split()
)
# The planets and the Moon: named in astronomy stories, never actors (the gold set has no
# place for them either: "Earth" is not on a map). Their plurals too ("Earths", "Jupiters":
# kinds of planet). Multi-word names keep them ("Venus Williams", "Sailor Neptune").
PLANETS = frozenset("mercury venus earth moon mars jupiter saturn uranus neptune pluto".split())

# Everyday abbreviations written with "&": not names ("Q&A", "R&D"); "AT&T" and "PG&E" are.
AMPERSAND_WORDS = frozenset("q&a r&d r&b b&b m&a p&l b&w".split())

NOT_NAMES = DENOMINATIONS | frozenset(
    """
    sources source related news image photo file video audio update updated editor note
    breaking exclusive opinion analysis interview comment copyright reporting additional
    wikinews wikipedia wikimedia commons wn
    god lord allah christmas easter ramadan eid diwali hanukkah thanksgiving halloween
    earth moon mars
    internet web online covid covid-19 sars sars-cov mers coronavirus brexit grexit
    sars-cov-2 ebola hiv aids
    english french spanish german russian arabic chinese mandarin cantonese hindi urdu
    portuguese italian japanese korean persian farsi turkish hebrew latin greek dutch swahili
    christianity christian christians islam islamic muslim muslims catholic catholics
    catholicism protestant protestants buddhism buddhist buddhists hinduism hindu hindus
    judaism jewish jew jews sikh sikhs orthodox evangelical sunni shia shiite
    democrat democrats democratic republican republicans conservative conservatives liberal
    liberals labour labor socialist socialists communist communists independent independents
    nazi nazis fascist fascists leftist rightist
    western eastern northern southern central north south east west northeast northwest
    southeast southwest
    celsius fahrenheit am pm gmt utc est edt pst pdt cet bst ad bc cest eet eest msk ist jst
    kst aest aedt acst awst nzst nzdt hkt sgt wib cst cdt mst mdt akst hst et pt
    ceo cfo coo cto mp mps mep meps gdp ppe pcr dna rna faq tv ufo vip pdf
    id ids atm sms gps usb lgbt lgbtq lgbtq+ html url pct caps ot ct mri cctv ecg ekg ivf icu
    medicare medicaid obamacare
    scorers scorer attendance half-time halftime full-time scoreboard summaries standings
    extras bowling batting innings editing
    usd eur gbp jpy cny rmb inr rub chf aud hkd sgd nzd krw brl mxn zar sek nok dkk pln
    roman majesty highness excellency honour honor jr jr. sr sr. ii iii iv
    """.split()
)

# Titles and roles: evidence that a person (or an office) follows, then stripped.
# Multi-word titles are matched word by word, so "Prime Minister" needs "prime" and "minister".
PERSON_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss mme mlle dr dr. prof prof. professor sir dame lord lady madam
    mister
    president vice prime minister chancellor premier governor mayor senator sen sen.
    representative rep rep. congressman congresswoman congressperson councillor councilor
    alderman ambassador envoy secretary treasurer chairman chairwoman chairperson chair
    spokesman spokeswoman spokesperson director commissioner chief deputy acting interim
    former late then king queen prince princess emperor empress sultan emir sheikh shah
    tsar czar pope cardinal archbishop bishop reverend rev rev. father pastor imam rabbi
    ayatollah patriarch general gen gen. admiral colonel col col. major maj lieutenant lt
    lt. captain capt capt. sergeant sgt sgt. corporal private marshal commander officer
    inspector detective constable superintendent sheriff judge justice magistrate attorney
    lawyer barrister prosecutor coach manager striker midfielder defender goalkeeper
    legislator lawmaker senior solicitor assemblyman assemblywoman commandant honorable
    honourable hon hon.
    captain dean rector chancellor provost principal dr justice speaker leader candidate
    nominee incumbent opposition head founder co-founder executive ceo cfo chief-executive
    minister-president crown mp mep md phd ph.d
    taoiseach tánaiste tanaiste councilman councilwoman councilmember consul ombudsman
    coroner monsignor archdeacon mufti duchess baroness viscount marquess whip
    """.split()
)

# A span that is made only of these words is a title, not a name ("Prime Minister").
ROLE_WORDS = PERSON_TITLES | frozenset(
    """
    foreign interior defence defense finance health education justice home affairs
    trade economy economic environment energy transport transportation labour labor
    agriculture culture sports sport tourism information communications state national
    federal general attorney-general solicitor-general auditor-general surgeon
    emergencies emergency security intelligence public works housing industry development
    international internal external women children youth science technology member
    special presidential business advisor adviser emeritus emerita bishop-emeritus
    archbishop-emeritus professor-emeritus first
    """.split()
)

# Last word of an organisation name ("Interior Ministry", "Liberal Party", "Tesco Bank").
ORG_HEAD_WORDS = frozenset(
    """
    ministry department office bureau agency administration authority authorities commission
    committee council board assembly parliament congress senate house chamber cabinet
    government court tribunal police army navy force forces guard corps brigade regiment
    battalion division command service services party movement front alliance coalition
    league union federation confederation association society institute institution
    foundation fund trust charity organization organisation organisations organizations
    group company corporation corp corp. inc inc. ltd ltd. llc plc gmbh ag sa co co. holdings
    bank airlines airline airways railways railway motors industries enterprises media
    network networks broadcasting news times post herald tribune journal gazette telegraph
    guardian observer chronicle review magazine press agency studios studio records pictures
    entertainment university college school academy seminary hospital clinic laboratory
    laboratories lab labs center centre observatory museum library club team fc united
    commission
    rovers wanderers athletic sc cf ac sporting church synagogue temple diocese
    archdiocese ministries mission exchange reserve treasury cooperative co-op union
    secretariat directorate inspectorate prosecutor's prosecutors caucus delegation
    embassy consulate nations channel
    commissions councils tribe tribes nation's parliaments assemblies courts institutes centers
    foundations associations unions agencies commissions program programme project
    initiative campaign watch international
    """.split()
)

# First word of an organisation name ("Ministry of Health", "University of Kansas").
ORG_LEAD_WORDS = frozenset(
    """
    ministry department office bureau agency commission committee council board assembly
    parliament house court university college school academy institute institution
    federation confederation association society bank union league party museum
    center centre hospital church order fund foundation council organization organisation
    faculty secretariat directorate government conference
    """.split()
)

# Last word of a place name ("Grenada Street", "Black Sea", "Hubei Province").
LOC_HEAD_WORDS = frozenset(
    """
    street st st. road rd rd. avenue ave ave. boulevard blvd lane drive way highway freeway route
    motorway expressway parkway square plaza place circle bridge tunnel crossing
    airport airfield airbase base port harbour harbor station terminal
    river sea ocean lake lagoon bay gulf strait straits canal creek falls waterfall
    mountain mountains mount mt hill hills peak range ridge valley canyon gorge desert forest
    woods plain plains plateau peninsula island islands isle isles archipelago atoll reef
    coast beach cape delta basin glacier volcano estuary mine mines quarry area
    fault trench rift crater caldera fjord marsh swamp wetlands
    province county district region state territory prefecture oblast krai governorate
    municipality borough parish township village town city metropolitan
    reservation park garden gardens zoo stadium arena field ground grounds
    prison jail penitentiary mall market palace castle fort tower towers building facility
    cathedral mosque basilica monument memorial cemetery hall
    """.split()
)

# First word of a place name ("Mount Everest", "Lake Victoria", "Gulf of Oman").
LOC_LEAD_WORDS = frozenset(
    "mount mt lake gulf strait bay cape isle island islands port fort sea river "
    "province county city republic kingdom principality commonwealth "
    "rue quai avenida calle piazza plaza place avenue boulevard hall".split()
)

# Place words of other languages that open a place name ("Punta Cana", "Wadi Rum", "Tell
# Abyad", "Ain Zara", "San Isidro"). Weaker than LOC_LEAD_WORDS: a person's title or an
# organisation cue word still wins, and they never make a cue word alone.
FOREIGN_PLACE_LEAD_WORDS = frozenset(
    """
    punta costa playa cerro sierra bahia bahía laguna lago monte puerto ciudad colonia
    villa san santa santo são sao
    tell tel ain wadi jebel jabal deir kafr beit bir qasr khirbet
    """.split()
)

# Words that make a span an event, law, work, product or award (MISC, never scored).
MISC_HEAD_WORDS = frozenset(
    """
    act acts bill law laws code amendment amendments constitution treaty accord accords
    agreement agreements pact protocol convention charter declaration directive directives
    regulation regulations resolution doctrine plan
    war wars battle revolution uprising crisis massacre attack attacks bombing bombings
    shooting earthquake hurricane typhoon cyclone storm tornado fire fires flood floods
    pandemic epidemic outbreak virus disease syndrome fever flu
    cup championship championships games olympics olympiad paralympics tournament open
    league series season grand prix marathon derby bowl trophy medal
    award awards prize prizes medal honour honor mvp
    festival fest celebration celebrations equinox solstice break recess holiday holidays
    day eve week month year summit conference forum expo fair show
    telescope
    election elections primary primaries referendum caucuses by-election
    album song film movie book novel series episode
    """.split()
)

# Connector words allowed inside a name between capitalised words.
# The last two are "and" of other languages inside a name ("Prawo i Sprawiedliwość",
# "Wissenschaft und Kunst"): never words of English in lowercase.
NAME_PARTICLES = frozenset(
    "de del della delle dei dela delos delas der den des di da do dos das du la le van von zu "
    "ter ten bin ibn bint ben al el ul ud y e st i und".split()
)
# Given names that are also English words: at a sentence start before a surname they are
# part of the name ("Bill Weld, the former governor", "Grace Mugabe said"), though the
# capital proves nothing there. Modal verbs ("Will", "May") are left out: "Will Zorbic run?"
GIVEN_NAME_WORDS = frozenset(
    "bill mark grace ray rose grant guy drew ed faith hope joy miles rich art ann frank jack "
    "dean chase penny victor hunter pat sue matt bob rob dawn june april amber gene don ken "
    "lance nick sandy heath cliff clay glen wade brook chuck carol ruby crystal holly pearl "
    "robin ivy iris daisy jay earnest rusty".split()
)
# Connectors allowed only inside organisation or place names ("Bank of England",
# "Department of Health and Human Services", "Center for Food Safety").
ORG_CONNECTORS = frozenset(["of", "for", "and", "&", "on", "in", "at"])

# Countries and places written as an acronym: canonical full names.
PLACE_ACRONYMS = {
    "US": "United States",
    "U.S.": "United States",
    "U.S": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "UAE": "United Arab Emirates",
    "U.A.E.": "United Arab Emirates",
    "DRC": "Democratic Republic of the Congo",
    "DR Congo": "Democratic Republic of the Congo",
    "PRC": "China",
    "NYC": "New York City",
    "D.C.": "Washington, D.C.",
}

# Common names of countries that pycountry lists under a formal or different name.
COUNTRY_ALIASES = {
    "Russia": "RU",
    "Iran": "IR",
    "Syria": "SY",
    "North Korea": "KP",
    "South Korea": "KR",
    "Korea": "KR",
    "Vietnam": "VN",
    "Laos": "LA",
    "Moldova": "MD",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Taiwan": "TW",
    "Palestine": "PS",
    "Vatican": "VA",
    "Vatican City": "VA",
    "Holy See": "VA",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "America": "US",
    "Czech Republic": "CZ",
    "Czechia": "CZ",
    "Ivory Coast": "CI",
    "Côte d'Ivoire": "CI",
    "Cote d'Ivoire": "CI",
    "Macedonia": "MK",
    "North Macedonia": "MK",
    "Burma": "MM",
    "Myanmar": "MM",
    "East Timor": "TL",
    "Timor-Leste": "TL",
    "Swaziland": "SZ",
    "Eswatini": "SZ",
    "Cape Verde": "CV",
    "Congo": "CG",
    "Republic of the Congo": "CG",
    "Democratic Republic of the Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "Brunei": "BN",
    "Micronesia": "FM",
    "Kosovo": "XK",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "Hong Kong": "HK",
    "Macau": "MO",
    "Macao": "MO",
    "Turkey": "TR",
    "Türkiye": "TR",
    "The Gambia": "GM",
    "Gambia": "GM",
    "The Bahamas": "BS",
    "Bahamas": "BS",
    "Netherlands": "NL",
    "Holland": "NL",
    "Philippines": "PH",
    "Sao Tome and Principe": "ST",
    "St Lucia": "LC",
    "Saint Lucia": "LC",
    "St Kitts and Nevis": "KN",
    "Saint Kitts and Nevis": "KN",
    "St Vincent and the Grenadines": "VC",
    "Saint Vincent and the Grenadines": "VC",
    "Islamic Republic of Iran": "IR",
    "Russian Federation": "RU",
    "People's Republic of China": "CN",
    "Mainland China": "CN",
    "Republic of Ireland": "IE",
    "Republic of Korea": "KR",
    "United States of America": "US",
}

# Demonyms (and their plurals) point at a country but are never listed as a location.
DEMONYMS = {
    "Afghan": "AF",
    "Albanian": "AL",
    "Algerian": "DZ",
    "American": "US",
    "Andorran": "AD",
    "Angolan": "AO",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Armenian": "AM",
    "Australian": "AU",
    "Austrian": "AT",
    "Azerbaijani": "AZ",
    "Azeri": "AZ",
    "Bahamian": "BS",
    "Bahraini": "BH",
    "Bangladeshi": "BD",
    "Barbadian": "BB",
    "Belarusian": "BY",
    "Belarussian": "BY",
    "Belgian": "BE",
    "Belizean": "BZ",
    "Beninese": "BJ",
    "Bhutanese": "BT",
    "Bolivian": "BO",
    "Bosnian": "BA",
    "Botswanan": "BW",
    "Brazilian": "BR",
    "British": "GB",
    "Briton": "GB",
    "Bruneian": "BN",
    "Bulgarian": "BG",
    "Burkinabe": "BF",
    "Burmese": "MM",
    "Burundian": "BI",
    "Cambodian": "KH",
    "Cameroonian": "CM",
    "Canadian": "CA",
    "Chadian": "TD",
    "Chilean": "CL",
    "Chinese": "CN",
    "Colombian": "CO",
    "Congolese": "CD",
    "Costa Rican": "CR",
    "Croatian": "HR",
    "Croat": "HR",
    "Cuban": "CU",
    "Cypriot": "CY",
    "Czech": "CZ",
    "Danish": "DK",
    "Dane": "DK",
    "Djiboutian": "DJ",
    "Dominican": "DO",
    "Dutch": "NL",
    "Ecuadorian": "EC",
    "Egyptian": "EG",
    "Emirati": "AE",
    "English": "GB",
    "Eritrean": "ER",
    "Estonian": "EE",
    "Ethiopian": "ET",
    "Fijian": "FJ",
    "Filipino": "PH",
    "Filipina": "PH",
    "Finnish": "FI",
    "Finn": "FI",
    "French": "FR",
    "Gabonese": "GA",
    "Gambian": "GM",
    "Georgian": "GE",
    "German": "DE",
    "Ghanaian": "GH",
    "Greek": "GR",
    "Grenadian": "GD",
    "Guatemalan": "GT",
    "Guinean": "GN",
    "Guyanese": "GY",
    "Haitian": "HT",
    "Honduran": "HN",
    "Hungarian": "HU",
    "Icelandic": "IS",
    "Icelander": "IS",
    "Indian": "IN",
    "Indonesian": "ID",
    "Iranian": "IR",
    "Iraqi": "IQ",
    "Irish": "IE",
    "Israeli": "IL",
    "Italian": "IT",
    "Ivorian": "CI",
    "Jamaican": "JM",
    "Japanese": "JP",
    "Jordanian": "JO",
    "Kazakh": "KZ",
    "Kazakhstani": "KZ",
    "Kenyan": "KE",
    "Korean": "KR",
    "Kosovar": "XK",
    "Kuwaiti": "KW",
    "Kyrgyz": "KG",
    "Lao": "LA",
    "Laotian": "LA",
    "Latvian": "LV",
    "Lebanese": "LB",
    "Liberian": "LR",
    "Libyan": "LY",
    "Lithuanian": "LT",
    "Luxembourgish": "LU",
    "Macedonian": "MK",
    "Malagasy": "MG",
    "Malawian": "MW",
    "Malaysian": "MY",
    "Maldivian": "MV",
    "Malian": "ML",
    "Maltese": "MT",
    "Mauritanian": "MR",
    "Mauritian": "MU",
    "Mexican": "MX",
    "Moldovan": "MD",
    "Monegasque": "MC",
    "Mongolian": "MN",
    "Montenegrin": "ME",
    "Moroccan": "MA",
    "Mozambican": "MZ",
    "Namibian": "NA",
    "Nepali": "NP",
    "Nepalese": "NP",
    "New Zealander": "NZ",
    "Nicaraguan": "NI",
    "Nigerian": "NG",
    "Nigerien": "NE",
    "North Korean": "KP",
    "Norwegian": "NO",
    "Omani": "OM",
    "Pakistani": "PK",
    "Palestinian": "PS",
    "Panamanian": "PA",
    "Paraguayan": "PY",
    "Persian": "IR",
    "Peruvian": "PE",
    "Polish": "PL",
    "Pole": "PL",
    "Portuguese": "PT",
    "Puerto Rican": "PR",
    "Qatari": "QA",
    "Romanian": "RO",
    "Russian": "RU",
    "Rwandan": "RW",
    "Salvadoran": "SV",
    "Samoan": "WS",
    "Saudi": "SA",
    "Saudi Arabian": "SA",
    "Scottish": "GB",
    "Scot": "GB",
    "Senegalese": "SN",
    "Serbian": "RS",
    "Serb": "RS",
    "Sierra Leonean": "SL",
    "Singaporean": "SG",
    "Slovak": "SK",
    "Slovakian": "SK",
    "Slovenian": "SI",
    "Slovene": "SI",
    "Somali": "SO",
    "South African": "ZA",
    "South Korean": "KR",
    "South Sudanese": "SS",
    "Spanish": "ES",
    "Spaniard": "ES",
    "Sri Lankan": "LK",
    "Sudanese": "SD",
    "Surinamese": "SR",
    "Swazi": "SZ",
    "Swedish": "SE",
    "Swede": "SE",
    "Swiss": "CH",
    "Syrian": "SY",
    "Taiwanese": "TW",
    "Tajik": "TJ",
    "Tanzanian": "TZ",
    "Thai": "TH",
    "Tibetan": "CN",
    "Togolese": "TG",
    "Tongan": "TO",
    "Trinidadian": "TT",
    "Tunisian": "TN",
    "Turkish": "TR",
    "Turk": "TR",
    "Turkmen": "TM",
    "Ugandan": "UG",
    "Ukrainian": "UA",
    "Uruguayan": "UY",
    "Uzbek": "UZ",
    "Venezuelan": "VE",
    "Vietnamese": "VN",
    "Welsh": "GB",
    "Yemeni": "YE",
    "Zambian": "ZM",
    "Zimbabwean": "ZW",
    "Kurdish": "",
    "Kurd": "",
    "Arab": "",
    "Arabian": "",
    "European": "",
    "African": "",
    "Asian": "",
    "Latin American": "",
    "Caribbean": "",
    "Middle Eastern": "",
    "Scandinavian": "",
    "Balkan": "",
    "Baltic": "",
    "Nordic": "",
    "Western": "",
    "Eastern": "",
    "Soviet": "",
    "Hispanic": "",
    "Latino": "",
    "Latina": "",
    "Native American": "US",
    "Aboriginal": "AU",
    "Maori": "NZ",
    "Māori": "NZ",
    "Californian": "US",
    "Texan": "US",
    "Floridian": "US",
    "New Yorker": "US",
    "Coloradan": "US",
    "Hawaiian": "US",
    "Alaskan": "US",
    "Quebecer": "CA",
    "Québécois": "CA",
    "Catalan": "ES",
    "Basque": "ES",
    "Bavarian": "DE",
    "Sicilian": "IT",
    "Londoner": "GB",
    "Parisian": "FR",
    "Muscovite": "RU",
    "Crimean": "UA",
    "Chechen": "RU",
    "Uyghur": "CN",
    "Uighur": "CN",
    "Rohingya": "MM",
    "Yazidi": "",
    "Pashtun": "",
    "Baloch": "",
    "Sindhi": "",
    "Punjabi": "",
    "Bengali": "",
    "Tamil": "",
    "Sinhalese": "",
    "Hutu": "",
    "Tutsi": "",
    "Zulu": "",
    "Xhosa": "",
    "Amhara": "",
    "Oromo": "",
    "Tigrayan": "",
    "Cossack": "",
    "Slavic": "",
    "Anglo": "",
    "Celtic": "",
    "Gaelic": "",
    "Berber": "",
    "Bedouin": "",
    "Druze": "",
    "Alawite": "",
    "Maronite": "",
    "Coptic": "",
    "Copt": "",
    "Commonwealth": "",
    "Philippine": "PH",
    "Hong Konger": "HK",
    "Pacific Islander": "",
    "Kiwi": "NZ",
    "Aussie": "AU",
    "Yankee": "US",
    "Brit": "GB",
}


def _plural(word: str) -> str:
    if word.endswith(("ese", "ss", "Swiss")) or word.endswith("sh") or word.endswith("ch"):
        return word
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word + "s"


@functools.cache
def demonym_forms() -> dict[str, str]:
    """Every demonym, its plural and its possessive, folded to lowercase, → country code."""
    forms: dict[str, str] = {}
    for word, code in DEMONYMS.items():
        for form in (
            word,
            _plural(word),
            word + "-American",
            word + "-born",
            word + "-led",
            word + "-backed",
            word + "-based",
        ):
            forms[form.lower()] = code
    forms["americans"] = "US"
    # A plural that is a country's own name stays a place ("Philippines").
    for country in COUNTRY_ALIASES:
        forms.pop(country.lower(), None)
    forms["pro-russian"] = "RU"
    return forms


@functools.cache
def common_words() -> frozenset[str]:
    """Lowercase English words that a capital at the start of a sentence does not make names."""
    text = resources.files("briefgen").joinpath("data", "common_words.txt").read_text("utf-8")
    words = {line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"}
    # Name particles open names at the start of a sentence ("Al Jazeera", "El Paso", "Van
    # Halen"), even though "et al." and "a van" put them in the list.
    return frozenset((words - NAME_PARTICLES) | FUNCTION_WORDS | NUMBER_WORDS)


@functools.cache
def dictionary_words() -> frozenset[str]:
    """English words that are never proper nouns, beyond `common_words` (SCOWL, lowercase only).

    The common-word list is learnt from news text and misses rarer words ("madness",
    "treason"); this one knows them, so a capitalised word seen once and nothing else is
    recognised as a piece cut from a longer name rather than a name of its own.
    """
    data = resources.files("briefgen").joinpath("data", "dictionary_words.txt")
    return frozenset(
        line for line in data.read_text("utf-8").splitlines() if line and line[0] != "#"
    )


# Lists the cleaning, typing and voting steps share (moved here from engine.py).

# Titles that may sit in the middle of a span and split it: "US President Trump".
TITLE_NOUNS = frozenset(
    """
    president vice-president minister premier chancellor secretary secretary-general
    spokesman spokeswoman spokesperson governor mayor senator sen ambassador envoy king
    queen prince princess sultan emir pope judge justice chief coach ceo chairman chairwoman
    director commissioner leader mr mrs ms dr sheikh ayatollah cardinal archbishop bishop
    rev lieutenant colonel captain sergeant officer inspector detective constable sheriff
    prosecutor attorney councillor councilor representative congressman congresswoman
    lawmaker mp mep general admiral marshal commander professor prof founder legislator chair
    director-general attorney-general solicitor-general governor-general
    chairperson
    solicitor assemblyman assemblywoman commandant advisor adviser fellow speaker administrator
    taoiseach tánaiste tanaiste councilman councilwoman councilmember consul ombudsman
    coroner monsignor archdeacon mufti duchess baroness viscount marquess whip
    """.split()
)


# Titles that prove a person follows ("President Putin"), unlike "Chief" or "General".
PERSON_PROOF = frozenset(
    """
    mr mrs ms miss dr sir dame president vice-president minister premier chancellor
    senator sen governor mayor king queen prince princess sultan emir sheikh pope
    ayatollah cardinal archbishop bishop rev reverend judge justice spokesman spokeswoman
    spokesperson secretary ambassador congressman congresswoman councillor councilor
    professor prof coach lieutenant colonel captain sergeant detective inspector constable
    sheriff prosecutor attorney leader ceo chairman chairwoman director commissioner
    mp mep general admiral marshal commander founder representative lawmaker speaker
    taoiseach tánaiste tanaiste councilman councilwoman councilmember consul monsignor mufti
    duchess baroness viscount marquess
    """.split()
)


DIRECTIONS = frozenset(
    "northern southern eastern western central north south east west northeast northwest "
    "southeast southwest upper lower greater inner outer".split()
)


# What a reference work says of a place ("the Economy of Turkey", "History of Wales"): with
# "of" and a place, a subject, not a name (see clean._common_word_of_place).
SUBJECT_NOUNS = frozenset(
    "economy economics history politics culture geography demographics religion people "
    "peoples population future climate".split()
)


_LOCATIVE = frozenset(
    "in at near outside inside across into from to towards toward via throughout around "
    "between within".split()
)


STRONG_LOCATIVE = frozenset("in near outside inside throughout".split())


SAYS = frozenset("said says say told added stated wrote explained noted asked argued".split())


# Organisation suffixes after which the shorter, more frequent name is the better canonical
# name ("Facebook" rather than "Facebook Ireland Limited").
CORPORATE = frozenset(
    "limited ltd inc corp corporation company co plc llc group holdings studios ag sa gmbh".split()
)


NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())


# Honorifics that may end a name ("Notre Dame", "Our Lady"): never stripped from the end.
HONORIFICS = frozenset("dame sir lord lady saint st mister miss father mother king queen".split())


# Endings of words that open sentences without being names: "Proroguing", "Reportedly".
OPENER = re.compile(r"(?:ing|ly)$")


# Endings of abstract nouns and adjectives ("Prevention", "Development", "Security").
NOUNISH = re.compile(
    r"(?:tion|sion|ment|ity|ness|ance|ence|ics|ure|ship|ism|ogy|ive|al|ous|ical|ary|ory|ic)$"
)


CONTRACTION = re.compile(r"'(?:ll|ve|re|d|m)$|n't$")


# Articles of other languages: never a name alone ("Le" of "Le Monde" split off).
ARTICLES = frozenset("le la les el los las il lo gli der die das den het de du des al".split())

# Words that open a sentence of another language before its article: "Si el Senado me
# ratifica" (Spanish), "Quand la police" (French), "Wenn die Regierung" (German).
FOREIGN_OPENERS = frozenset(
    """si que cuando como pero porque para por con sin desde hasta mientras donde según
    mais quand avec pour dans sur sous selon parce puis
    se che ma perché quando mentre
    wenn aber weil dass und oder als""".split()
)


# Nouns of kinship and company before a name: "his children Elizabeth and Susan".
KIN_NOUNS = frozenset(
    "son sons daughter daughters child children wife husband brother brothers sister sisters "
    "mother father mom dad grandson granddaughter nephew niece cousin friend friends partner "
    "widow widower fiancée fiance colleague colleagues".split()
)


# Occupations written lowercase right before a person's name: "actress Ann Lee".
OCCUPATIONS = frozenset(
    "actor actress singer rapper songwriter musician composer writer author novelist poet "
    "artist painter comedian journalist reporter photographer filmmaker activist "
    "economist scientist researcher astronaut athlete footballer cricketer boxer wrestler "
    "golfer cyclist swimmer sprinter driver pilot priest nun doctor nurse teacher student "
    "businessman businesswoman entrepreneur billionaire millionaire model designer chef "
    "historian philosopher nominee candidate columnist correspondent commentator analyst "
    "editor lawyer player".split()
)

# Place words that are common surnames too: "nominee Darrell Castle", "Ana Field said".
SURNAME_PLACE_WORDS = frozenset(
    "hall castle field park hill hills wood woods ford lane bridge marsh ridge way".split()
)


CAPTION_WORDS = frozenset("image photo picture video file source sources credit".split())

# Letters written after a person's name for an office, rank, honour or degree ("Kama
# Melly QC", "Jo Cox MP", "Mo Farah CBE"): not part of the name.
POST_NOMINALS = frozenset("qc kc mp mep msp mla mha mpp obe mbe cbe kbe dbe frs".split())


MISC_LEAD_WORDS = frozenset(
    "hurricane typhoon cyclone storm tropical operation project exercise".split()
)


EPONYM_NOUNS = frozenset("disease syndrome law palsy theorem principle paradox".split())


# Words that open the name of a storm or a military operation: the rest of the name is that
# event, so a later bare "Katrina" or "Desert Storm" is no actor either.
EVENT_LEAD_WORDS = frozenset("hurricane typhoon cyclone storm tropical operation".split())


# Nouns after a name that make it a measure or a method ("Richter scale", "Saffir–Simpson
# scale"), not a person.
MEASURE_NOUNS = frozenset("scale index".split())


NAME_DASHES = frozenset("-–")


ROMAN = re.compile(r"^[ivxlc]+$")


# Lowercase nouns after a name that make it a vehicle, an instrument or an event
# ("the Hubble telescope", "the Sea King helicopter", "the Sundance film festival").
THING_AFTER = frozenset("telescope spacecraft craft capsule helicopter festival dynasty".split())

# Nouns that put the name after them in apposition as a work, a character or a product:
# "the film Black Panther", "the character T'Challa", "the experimental drug ZMapp".
WORK_NOUNS = frozenset(
    """
    film films movie movies novel novels sitcom album albums song songs character characters
    superhero superheroes villain franchise videogame documentary musical opera episode
    drug drugs vaccine vaccines medication medicine antibody antiviral cocktail therapy
    painting sculpture memoir memoirs book books novella poem podcast
    """.split()
)
# Vehicles whose make or model may follow in apposition: "the plane, a Beechcraft Sierra".
VEHICLE_NOUNS = frozenset("plane planes aircraft airliner jet jets car cars truck".split())
# Kinds of show before "show": "the talk show Morning Joe", "the game show Jeopardy".
SHOW_KINDS = frozenset("talk chat game news tv television radio reality quiz cooking".split())
# Academic degrees: "a Master of Science", "Bachelor of Arts" name no body.
DEGREE_WORDS = frozenset("master masters bachelor bachelors".split())
# Verbs that give a name to the noun before them: "a movie called Argo", "an area known as X".
NAMING_VERBS = frozenset("called named titled entitled dubbed nicknamed".split())
# Nouns of a place that a naming verb may name: "an area called the Ellipse".
NAMED_PLACE_NOUNS = frozenset(
    "area island town village city district neighbourhood neighborhood suburb region "
    "province county park square street road hill mountain valley lake river bay beach "
    "settlement hamlet resort camp".split()
)


# Adverbs that never sit inside the name of a person or an organisation: a capitalised one
# makes a slogan or a title ("Make Britain Proud Again", "Now and Forever").
SLOGAN_WORDS = frozenset("again ever never forever anymore".split())


_PARTY_ADJECTIVES = frozenset(
    "democratic republican conservative liberal socialist communist progressive".split()
)


TRAILING_ADJECTIVES = _PARTY_ADJECTIVES | {"presidential"}


PARTY_WORDS = _PARTY_ADJECTIVES | frozenset(
    "democrat democrats republicans conservatives liberals socialists communists labour labor "
    "tory tories".split()
)


DEMONYMS_LOWER = frozenset(w.lower() for w in DEMONYMS)


# Words that belong to the title after them: "District Judge", "County Commissioner".
TITLE_PREFIXES = frozenset(
    "prime supreme district circuit county city appeals high crown grand chief majority "
    "minority".split()
)


# Word endings of adverbs, participles and plurals that open sentences ("Additionally").
NOT_NAME_ENDING = re.compile(r"(?:ly|ing|ed|s|ary|ion|ment|ness|ity|ive|ous|ful|ic|al)$")


# Organisation cue words that are names on their own when capitalised.
INSTITUTIONS = frozenset(
    "congress parliament senate kremlin pentagon vatican guardian times telegraph observer "
    "herald tribune economist".split()
)


# Heads of laws and agreements, whose acronyms are no actors either ("ACA", "DMCA").
LAW_HEADS = frozenset(
    "act acts bill law code amendment treaty accord agreement pact protocol convention "
    "charter declaration directive regulation resolution doctrine".split()
)


_PLACE_NOUNS = frozenset(
    "island islands city town village province state region county district capital port "
    "suburb municipality republic kingdom emirate city-state area neighbourhood neighborhood "
    "resort settlement hamlet commune parish".split()
)


# Lowercase nouns after a place name: "the Amazon rainforest", "Idlib province".
PLACE_AFTER = frozenset(
    "rainforest river province region prefecture county district valley mountains desert "
    "island islands coast peninsula basin delta border borough suburb municipality "
    "governorate oblast airport square memorial monument station village town township "
    "hamlet canton cathedral basilica mosque synagogue palace castle diocese archdiocese "
    "volcano archipelago atoll".split()
)
# Lowercase nouns before a place name: "the river Seine", "the volcano Kīlauea".
PLACE_BEFORE = frozenset("river volcano archipelago atoll".split())


# Verbs and nouns after which "in X" names a journal, a paper or a programme, not a place.
PUBLISHED = frozenset(
    "published publish publishes publishing written wrote writes writing journal paper "
    "article column op-ed letter degree degrees phd".split()
)


# Plural nouns whose examples are places: "towns such as X", "resorts including X".
PLACE_PLURALS = frozenset(
    "towns cities villages islands provinces regions countries states districts counties "
    "municipalities communities suburbs neighbourhoods neighborhoods ports capitals "
    "destinations resorts attractions areas places locations sites".split()
)


DATE_FILLERS = frozenset("on , this last earlier later week month year today yesterday".split())
# What a publishing verb may have between it and "in X": "published a study in Nature",
# "published their findings in Science Advances".
PUBLISHED_OBJECTS = frozenset(
    "a an the their its his her our study studies findings research results report".split()
)


TRANSIT = frozenset("railway rail train bus metro subway tube underground".split())


# Nouns that put what follows "of" on a map ("east of X", "the outskirts of X").
OF_PLACE = (
    _PLACE_NOUNS
    | DIRECTIONS
    | frozenset("outskirts suburbs heart centre center".split())
    # Titles held over a place: "the Mayor of X", "the Bishop of X", "the Governor of X".
    | frozenset("mayor governor bishop archbishop premier duke duchess earl sheriff".split())
)


# Sites after which "at X" names a place ("the power plant at X"), unlike "a researcher at X".
AT_PLACE = frozenset(
    "plant camp base station facility site port mine refinery factory border checkpoint "
    "crossing prison dam reactor".split()
)


COORDINATORS = frozenset([",", "and", "or", "&"])


# --- Outlets and platforms cited as sources ("told NPR", "on Twitter", "Reuters reported") ---

# News agencies, broadcasters, papers and social platforms whose name alone says "outlet".
OUTLETS = frozenset(
    """
    reuters ap afp bloomberg upi efe ansa dpa tass interfax xinhua kyodo yonhap anadolu irna
    isna fars pti ani bernama antara bbc cnn npr pbs abc cbs nbc msnbc cnbc c-span itv cbc ctv
    rte rté dw aljazeera euronews rt sputnik nhk kbs abs-cbn politico axios vox buzzfeed
    huffpost newsweek wikinews wikipedia
    twitter facebook instagram youtube tiktok whatsapp telegram weibo wechat reddit linkedin
    snapchat parler vkontakte
    """.split()
)
# Whole outlet names of several words ("New York Times" is found by its head word).
OUTLET_NAMES = frozenset(
    name.strip()
    for name in """
    associated press|agence france-presse|al jazeera|france 24|fox news|sky news|voice of america|
    radio free europe|deutsche welle|the economist|der spiegel|le monde|el país|el pais|
    la repubblica|usa today|the hill|the independent|financial times|daily mail|the sun|
    the atlantic|new yorker|the new yorker|rolling stone|variety|billboard|the verge|techcrunch|
    ria novosti|press trust of india|asian news international|kyodo news|yonhap news agency|
    xinhua news agency|islamic republic news agency|fars news agency|
    american broadcasting company|australian broadcasting corporation|
    british broadcasting corporation|canadian broadcasting corporation|national public radio|
    public broadcasting service
    """.split("|")
)
# Head words of outlet names: "Military Times", "Kyiv Post", "Sky News", "Radio Liberty".
OUTLET_HEADS = frozenset(
    "times news post journal today tribune herald gazette telegraph chronicle daily magazine "
    "radio tv television broadcasting online newspaper weekly".split()
)
# Words after a reporting outlet: "Reuters reported", "CNN quoted", "the BBC's report".
REPORTING_VERBS = frozenset(
    "reported reports reporting quoted quotes cited cites published publishes broadcast "
    "broadcasts aired airs tweeted called calls described describes wrote writes noted "
    "revealed reveals".split()
)
# Nouns in apposition before an outlet's name: "the news agency AFP", "broadcaster NHK".
OUTLET_NOUNS = frozenset(
    "agency newspaper paper broadcaster network channel outlet daily tabloid magazine website "
    "site station wire".split()
)
# Verbs that put an outlet after "told" or "to": "told NPR", "said to CNN", "speaking to AP".
TELLING_VERBS = frozenset("told tells telling said says speaking spoke talking talked".split())
# Words after a platform that make it the channel of a message: "in a Facebook post".
MESSAGE_NOUNS = frozenset(
    "post posts video videos account accounts page feed feeds livestream live stream story "
    "stories thread message messages interview report reports broadcast article".split()
)
# Verbs before "by X": "reported by Reuters", "obtained by CNN".
REPORTED_BY = frozenset("reported quoted cited obtained published seen aired broadcast".split())
# Adverbs that may stand between an outlet and its verb: "CNN, however, reported".
_SOURCE_ADVERBS = frozenset("however also later earlier first then first separately".split())
SOURCE_FILLERS = _SOURCE_ADVERBS | frozenset([","])


# --- Taxonomic names: genera and species are no actors ("Acropora millepora") ---

# Nouns before a genus or species name: "the bacterium Vibrio", "the genus Porites".
TAXON_CUES = frozenset(
    "genus genera species subspecies bacterium bacteria fungus fungi coral corals "
    "parasite microbe alga algae".split()
)
# Endings of family and order names: "Pocilloporidae", "Rosaceae", "Passeriformes".
TAXON_SUFFIXES = ("idae", "aceae", "iformes", "phyta", "mycota", "oidea", "ophyceae")
# Lowercase words that make an article talk about living things, where a capitalised word
# before a Latin-looking one is a genus ("reefs of Acropora millepora").
TAXON_CONTEXT = frozenset(
    "species subspecies genus genera bacterium bacteria fungus fungi microbe microbes "
    "specimen specimens fossil fossils organism organisms taxonomy taxonomic coral corals "
    "algae biologist biologists botanist botanists zoologist zoologists paleontologist "
    "paleontologists palaeontologist palaeontologists dinosaur dinosaurs".split()
)
# Endings of the Latin epithet after a genus: "millepora", "cylindrica", "coralliilyticus",
# "damicornis", "sapiens".
LATIN_EPITHET = re.compile(r"^[a-z]{3,}(?:us|um|a|ae|is|i|ii|ensis|oides|ata|atus|ica|ina|ops)$")


# Nouns before a ship's or a boat's name: "the boat, Conception,", "aboard the Diamond
# Princess" (the rest of the article's mentions of it go too).
VESSEL_NOUNS = frozenset(
    "boat ship vessel yacht ferry tanker freighter trawler submarine frigate destroyer "
    "cruiser carrier liner warship aboard".split()
)
# Prefixes of ships' names: "MV Alan Kurdi", "USS Grayback", "HMS Queen Elizabeth".
SHIP_PREFIXES = frozenset("mv ms mt uss hms hmas hmcs hmnzs ins rfa rv ss".split())
# Nouns numbered in references, never names on their own: "Chapter 11", "Article 50".
# Road words a number completes ("Interstate 75", "Route 66", "Highway 1"): the word alone,
# cut from its number, names no road.
ROAD_WORDS = frozenset("interstate route highway motorway freeway expressway turnpike".split())
NUMBERED_NOUNS = frozenset(
    "chapter chapters article articles section clause paragraph phase stage level category "
    "grade class room gate platform appendix annex exhibit".split()
)
# A side's staff and players after its name: "Leeds coach Ann Lee", "Caloundra captain Tom Ray".
# The name of a town before them is the club. Two-word roles are (first word, second words).
SPORT_ROLES = frozenset(
    "coach coaches captain skipper manager striker midfielder defender goalkeeper keeper "
    "winger fullback halfback playmaker".split()
)
SPORT_ROLE_PAIRS = {
    "assistant": frozenset(["coach", "manager"]),
    "head": frozenset(["coach"]),
    "half": frozenset(["back"]),
    "five": frozenset(["eighth"]),
}
# Nouns of a win before "over": "a 22 points to 10 win over Leeds".
WIN_NOUNS = frozenset("win wins victory victories triumph".split())
# Units of a score written out: "45 points to 24", "three goals to one".
SCORE_UNITS = frozenset("points goals runs tries".split())
# Verbs of a sports result: "Liverpool beat Leeds 2-0", "Norwich drew with Stoke 1-1".
RESULT_VERBS = frozenset(
    "beat beats defeated defeats drew draw lost loses thrashed edged routed crushed overcame "
    "held stunned upset downed blanked hammered outscored trounced".split()
)
# Nouns after the long name of a document or a scheme: "the … Interventions framework".
DOCUMENT_NOUNS = frozenset(
    "framework frameworks protocol protocols guidelines guideline scheme schemes strategy "
    "doctrine roadmap manifesto".split()
)
# Market indexes, benchmarks and reference rates named in markets copy: "the Nikkei fell",
# "Brent crude", "the Selic rate". Listed as whole lowercase names.
MARKET_NAMES = frozenset(
    "nikkei topix kospi sensex nifty ftse dax cac stoxx nasdaq dow s&p brent wti ibovespa "
    "merval asx tsx selic libor euribor sofr".split()
) | frozenset(["hang seng", "dow jones", "shanghai composite", "shenzhen component"])
# Words after a market name that make it one: "Brent crude futures", "the Kospi index".
MARKET_AFTER = frozenset("crude futures index benchmark".split())
