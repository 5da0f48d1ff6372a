"""News topics: the IPTC Media Topics top level, chosen from weighted keyword evidence.

Every briefing gets up to three of the seventeen top-level IPTC Media Topics (the news
industry's shared vocabulary, https://iptc.org/standards/media-topics/). Each topic has a
short readable slug, which goes into `tags:`, and a code, which goes into `topics:`:

    tags: [politics, crime-law]
    topics: ['medtop:11000000', 'medtop:02000000']

How a topic is chosen:

1. Evidence: each topic lists keywords and phrases of one to three words, compared by a
   crude stem ("protesters" matches "protest"). A keyword has a weight: 3 (decisive,
   "impeachment"), 2 (typical, "senator") or 1 (supporting only: "vote", "hospital", "killed").
   Supporting evidence adds at most as much as the decisive and typical evidence of the
   same topic, so a topic is never chosen on words like "killed" or "team" alone.
2. Context: the longest phrase wins and its words count for nothing else, so "tennis court"
   is sport, not law, "air strike" is war, not labour, and "Easter Island" is not religion.
   Some phrases exist only to block a misleading word (`_BLOCKED`).
3. Position: a hit counts 2x in the title and in the lead (the first paragraph of eight
   words or more), 1x in the next three paragraphs and 0.6x after them; a keyword's repeats
   count with diminishing weight (1, 1/2, 1/4, nothing after the third).
4. Obituaries: a lead that reports a death (outside disaster, crime, war and disease) makes
   human interest level with the strongest topic and halves health (`_obituary`).
5. Choice: a topic needs a score of at least `extraction.tag_threshold` (default 4: one
   decisive keyword in the lead, or two later) and 45% of the strongest topic's score; at most
   three topics, strongest first (ties by slug).

`extraction.topics` in briefgen.yaml adds keywords (weight 2) to a topic, named by slug or
code, or defines a new topic, whose slug is its name and which has no code; with
`extraction.replace_topics: true` only the topics listed there are used.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress

from briefgen.iptc import IPTC_TOPICS, Topic

# The evidence for each topic: "weight: keyword, keyword, …" lines. A keyword of one to
# three words; hyphens and apostrophes stay inside words ("covid-19", "women's").
_EVIDENCE: dict[str, str] = {
    "arts-culture": """
        3: film, films, movie, movies, filmmaker, film festival, box office, album, albums,
           singer, songwriter, musician, rapper, concert, orchestra, opera, theatre,
           theater, actress, actor, painter, sculptor, sculpture, exhibition, art gallery,
           museum, novel, novelist, poet, poetry, literature, literary, oscar, oscars,
           academy award, grammy, emmy, eurovision, hollywood, bollywood, broadway,
           documentary, television series, tv series, sitcom, comic book, journalism,
           press freedom, world heritage, archaeologist, archaeologists, archaeological,
           entertainment, art exhibition
        2: music, musical, song, songs, band, artist, artists, artwork, art, painting,
           paintings, cinema, festival, book, books, author, television, tv, radio,
           newspaper, magazine, journalist, journalists, broadcaster, publisher, culture,
           cultural, dancer, dance, comedian, comedy, premiere, heritage, statue,
           monument, performance, performer, celebrity, video game, video games
        1: award, show, series, star, published, writer, stage, audience, historic,
           history, photographer, media, reporter, interview, fans
    """,
    "crime-law": """
        3: murder, murders, murdered, murderer, homicide, manslaughter, stabbing, stabbed,
           robbery, burglary, theft, fraud, embezzlement, bribery, money laundering,
           kidnapping, kidnapped, abducted, rape, raped, sexual assault, sexual abuse,
           child abuse, trafficking, smuggling, smuggler, drug trafficking, drug cartel,
           cartel, arrested, arrest, arrest warrant, charged with, pleaded guilty, pleads
           guilty, plead guilty, found guilty, not guilty, convicted, conviction,
           acquitted, sentenced, prison sentence, life sentence, life imprisonment,
           jailed, imprisoned, prison, jail, prisoner, inmate, prosecutor, prosecutors,
           prosecution, indicted, indictment, lawsuit, sued, verdict, jury, trial, court,
           courts, supreme court, high court, appeals court, court of appeal, judge,
           judges, magistrate, defendant, plaintiff, lawyer, attorney, criminal, crime,
           crimes, gunman, shooter, mass shooting, school shooting, serial killer, honour
           killing, honor killing, extradition, extradited, manhunt, detectives,
           forensic, bail, parole, death penalty, death row, felony, misdemeanor, police
           said, legal battle, legal challenge, opened fire
        2: police, policeman, police officer, police officers, officers, suspect, suspects,
           investigation, investigators, shooting, gun, guns, firearm, illegal, illegally,
           law enforcement, fbi, interpol, corruption, justice, legal, lawyers, alleged,
           allegedly, allegations, accused, charges, charged, hate crime, domestic
           violence, looting, vandalism, assault, scam, hacked, abuse, custody, executed,
           sentence, ruling, ruled, constitution, constitutional, unconstitutional, law,
           laws, riot
        1: killed, killing, dead, death, deaths, attack, attacked, body, bodies, gang,
           missing, investigate, investigating, evidence, security, ban, banned, victim,
           victims, shot, violence, weapon
    """,
    "disaster-accident": """
        3: earthquake, earthquakes, quake, aftershock, aftershocks, tsunami, volcano,
           volcanic, eruption, erupted, landslide, landslides, mudslide, avalanche, flood,
           floods, flooding, flooded, flash flood, wildfire, wildfires, bushfire,
           bushfires, forest fire, blaze, fire broke out, caught fire, firefighters,
           fire department, fire brigade, explosion, exploded, gas leak, building
           collapse, crash, crashed, plane crash, air crash, helicopter crash, car crash,
           bus crash, road accident, traffic accident, accident, accidents, derailed,
           derailment, collision, collided, pileup, pile-up, capsized, sank, shipwreck,
           drowned, drowning, stampede, disaster, disasters, death toll, rescuers, rescue
           workers, rescue operation, search and rescue, emergency services, evacuated,
           evacuation, evacuate, disaster relief, relief efforts, famine, mine disaster,
           chemical spill, oil spill, nuclear accident, cyclone, typhoon, hurricane,
           tornado, storm surge, state of emergency
        2: fire, fires, emergency, rescue, rescued, injured, injuries, injuring, wounded,
           casualties, debris, wreckage, trapped, destroyed, damage, damaged, burned,
           burning, flames, smoke, paramedics, ambulance, hospitalised, hospitalized,
           survivors, survived, collapse, collapsed, blast, crew, passengers, aboard,
           flight recorder, black box, storm, storms
        1: killed, killing, dead, died, dies, death, deaths, bodies, body, hospital,
           treated, safety, investigators, cause, tragedy, toll, fatal, missing, victims
    """,
    "economy-business": """
        3: economy, economies, economic, economist, economists, gdp, gross domestic product,
           inflation, recession, stock market, stock market crash, stock exchange, share
           price, shares, shareholders, investors, investor, interest rate, interest
           rates, central bank, federal reserve, bank of england, exchange rate, tariff,
           tariffs, trade war, trade deal, free trade, revenue, revenues, profit, profits,
           earnings, bankruptcy, bankrupt, merger, acquisition, takeover, ipo, startup,
           market value, valuation, retailer, retailers, oil price, oil prices,
           cryptocurrency, bitcoin, banking, mortgage, mortgages, dow jones, nasdaq, ftse,
           wall street, budget deficit, fiscal, stimulus, exports, imports
        2: company, companies, corporation, business, businesses, industry, industries,
           manufacturer, manufacturers, sales, finance, financial, bank, banks, loan,
           loans, debt, taxes, tax, tax cut, subsidies, subsidy, airline, airlines,
           consumer, consumers, market share, ceo, chief executive, market, markets,
           trade, price, prices, billion, trillion, funding, investment, investments,
           currency, unemployment, budget, spending, customers, products, factory,
           factories, production, export, import, real estate, housing market, oil,
           economic crisis, financial crisis, acquired, acquire
        1: million, pay, paid, sold, sell, buy, bought, owner, chairman, founder, cost,
           costs, cut, cuts, percent, per cent, money, deal, contract, jobs, growth,
           energy, gas, firm, brand, crisis, fund, funds
    """,
    "education": """
        3: school, schools, pupils, pupil, student, students, teacher, teachers, teaching,
           classroom, classrooms, curriculum, education, educational, educator, tuition,
           graduates, graduation, exam, exams, examination, kindergarten, primary school,
           secondary school, high school, school district, headteacher, scholarship,
           literacy, academic year, semester, undergraduate, schoolchildren
        2: campus, college, colleges, academy, learning, lecturer, lecture, textbook,
           universities
        1: university, professor, faculty, degree, young people, children, youth,
           training, class, classes
    """,
    "environment": """
        3: climate change, global warming, climate crisis, greenhouse gas, greenhouse gases,
           emissions, carbon dioxide, carbon emissions, net zero, fossil fuel, fossil fuels,
           renewable, renewables, renewable energy, solar power, wind power, wind farm,
           pollution, polluted, pollutants, air quality, plastic waste, plastics,
           recycling, deforestation, biodiversity, conservation, conservationist,
           conservationists, endangered, endangered species, extinction, habitat,
           habitats, wildlife, ecosystem, ecosystems, coral reef, coral reefs, coral
           bleaching, ocean acidification, sea level, sea levels, ice sheet, glacier,
           glaciers, environmental, environmentalist, environmentalists, environment,
           paris agreement, greenpeace, poaching, poachers, invasive species, oil spill,
           contamination, contaminated, sewage, climate activist, climate activists
        2: climate, carbon, forest, forests, rainforest, ecological, nature reserve,
           national park, sustainable, sustainability, coal, nuclear power, trees,
           melting, extinct, waste, toxic, ocean, oceans, marine life, drought, species,
           penguins, whales, sharks, coral, butterflies, bees
        1: water, land, plants, warming, heat, temperatures, animals, animal, birds, fish,
           river, rivers, lake, sea, nature, natural, green, energy
    """,
    "health": """
        3: health, healthcare, health care, public health, disease, diseases, virus,
           viruses, pandemic, epidemic, outbreak, covid-19, covid, coronavirus,
           sars-cov-2, vaccine, vaccines, vaccination, vaccinated, infection, infections,
           infected, patient, patients, medical, medicine, medicines, nurse, nurses,
           surgeon, surgeons, surgery, cancer, diabetes, hiv, aids, malaria, ebola,
           measles, tuberculosis, cholera, influenza, flu, symptoms, diagnosis, diagnosed,
           clinical trial, clinical trials, clinic, mental health, overdose, opioid,
           opioids, obesity, world health organization, quarantine, lockdown, lockdowns,
           social distancing, face masks, intensive care, pneumonia, illness,
           pharmaceutical, drugmaker, health ministry, health minister, centers for
           disease control, cdc, nhs, tested positive, heart attack, health workers
        2: doctor, doctors, treatment, treatments, therapy, suicide, depression, ill, drug,
           drugs, cases, testing, sick, blood, infant, pregnant, pregnancy, smoking,
           tobacco, alcohol, e-cigarette, vaping, nutrition, dementia, disability, died
           of, dies of, deaths from, died from, cases of, hospital, hospitals
        1: died, death, deaths, care, dies, life, lives, aged, risk, study, ambulance,
           heart, brain
    """,
    "human-interest": """
        3: obituary, died aged, dies aged, dies at, passed away, funeral, memorial service,
           tributes, paid tribute, mourned, mourning, world record, guinness, oldest,
           centenarian, birthday, royal wedding, royal family, royal baby, celebrity,
           celebrities, heartwarming, lottery, jackpot, beauty pageant, miss world, miss
           universe, knighted
        2: the age of, died at, dies, died, death of, tribute, mourn, career, legacy, born,
           award, awards, awarded, ceremony, honoured, honored, remembered, famous, fame,
           first ever, biography, childhood, grandmother, grandfather, 100th, anniversary,
           wedding, hero, heroes, pet, pets, dog, dogs, cat, cats, zoo, prize, nobel
           prize, nobel laureate
        1: family, life, people, man, woman, friends, wife, husband, son, daughter, story,
           years old, record, records
    """,
    "labour": """
        3: trade union, trade unions, labour union, labor union, unions, union members,
           striking workers, general strike, went on strike, on strike, walkout,
           industrial action, picket, collective bargaining, minimum wage, wages, wage,
           pay rise, pay dispute, layoffs, laid off, redundancies, job cuts, labour
           market, labor market, unemployment, unemployed, jobless, working conditions,
           retirement age, labour law, labor law, child labour, child labor, gig economy,
           teachers union
        2: strike, strikes, workers, workforce, employees, employee, employer, employers,
           workplace, pension, pensions, overtime, jobs, job, employment, salary,
           salaries, hiring, labour, labor, union
        1: staff, hired, fired, work, working, worker, pay, paid, hours, contract,
           contracts
    """,
    "lifestyle-leisure": """
        3: tourism, tourist, tourists, vacation, vacations, resort, resorts, cruise ship,
           cuisine, recipe, cooking, food festival, fashion, fashion week, leisure, hobby,
           hobbies, gardening, theme park, amusement park, escape room, hiking, camping,
           fitness, gym, yoga, lifestyle, nightclub, sightseeing, board game, chess,
           puzzle, holidaymakers, travellers, travelers
        2: travel, traveller, traveler, holiday, holidays, restaurant, restaurants, chef,
           wine, beer, designer, shopping, diet, dating, gaming, christmas, new year's
           eve, easter, halloween, thanksgiving, carnival, parade, festival-goers,
           visitors, food, drink, dining, celebration, celebrations, festival, beach,
           beaches, park, parks, hotel, hotels, vegan, vegetarian
        1: summer, visit, visited, family, friends, home, trip, weekend, outdoor, fun,
           celebrate
    """,
    "politics": """
        3: politics, political, politician, politicians, election, elections, elected,
           electoral, re-election, reelection, by-election, vote, votes, voted, voting,
           voter, voters, ballot, ballots, polls, polling, referendum, parliament,
           parliamentary, lawmaker, lawmakers, legislator, legislators, legislature,
           legislative, legislation, congress, congressional, congressman, congresswoman,
           senate, senator, senators, house of representatives, house speaker, speaker of
           the house, impeachment, impeach, impeached, impeachment trial, senate trial,
           prime minister, presidential, vice president, cabinet, opposition party, ruling
           party, political party, coalition government, democrat, democrats, democratic
           party, republican, republicans, republican party, conservative party, labour
           party, brexit, diplomat, diplomats, diplomatic, diplomacy, ambassador,
           embassy, envoy, treaty, bilateral, foreign minister, foreign policy,
           sanctions, secession, term limits, white house, kremlin, downing street, the
           bill, signed into law, veto, vetoed, campaign trail, nomination, nominee,
           primary election, caucus, caucuses, inauguration, sworn in, dictatorship,
           dictator, authoritarian, monarchy, junta, geopolitical, border wall,
           immigration policy, travel ban, constitutional amendment
        2: minister, ministers, government, governments, president, opposition,
           chancellor, governor, governors, mayor, ministry, coalition, candidate,
           candidates, campaign, european union, eu, nato, united nations, un security
           council, summit, sovereignty, independence, constitution, policy, policies,
           resign, resigned, resignation, protest, protests, protesters, demonstrators,
           demonstration, rally, human rights, regime, federal, officials, authorities,
           leader, leaders, party, parties, reform, reforms, council, administration,
           law, laws, democracy, democratic, activists, activist, petition, coup,
           refugee policy, asylum policy, negotiations, talks,
           agreement, african union
        1: state, states, official, public, national, agency, department, secretary,
           spokesperson, spokesman, spokeswoman, announced, rights, freedom, country,
           countries, nation, citizens, support, opposed, decision, plan, power, powers,
           bill, king, queen, march
    """,
    "religion": """
        3: religion, religions, religious, church, churches, cathedral, chapel, mosque,
           mosques, synagogue, pope, papal, vatican, bishop, bishops, archbishop,
           cardinal, priest, priests, clergy, clergyman, pastor, imam, rabbi, monk, monks,
           nun, nuns, christian, christians, christianity, catholic, catholics,
           anglican, protestant, evangelical, orthodox church, muslim, muslims, islam,
           judaism, jewish, jews, hindu, hindus, hinduism, buddhist, buddhists, buddhism,
           sikh, sikhs, worship, worshippers, prayer, prayers, pilgrims, pilgrimage,
           ramadan, eid, easter sunday, bible, quran, koran, blasphemy, diocese, parish,
           sermon, canonised, canonized, theologian, church of england, interfaith,
           bishop emeritus
        2: god, holy, sacred, spiritual, believers, sect, preacher, missionary, faith,
           temple, temples, saint, islamic
        1: christmas, easter, community
    """,
    "science-technology": """
        3: science, sciences, scientist, scientists, scientific, research, researcher,
           researchers, journal, peer-reviewed, laboratory, experiment, experiments,
           physics, physicist, chemistry, chemist, biology, biologist, biologists,
           astronomy, astronomer, astronomers, astrophysicist, telescope, galaxy,
           galaxies, black hole, asteroid, comet, mars, martian, nasa, spacex, space
           agency, spacecraft, space station, international space station, astronaut,
           astronauts, rocket, satellite, satellites, orbit, orbital, rover, dinosaur,
           dinosaurs, fossil, fossils, paleontologist, palaeontologist, genome, genetic,
           dna, new species, technology, technologies, technological, tech, software,
           hardware, computer, computers, computing, internet, smartphone, smartphones,
           artificial intelligence, machine learning, algorithm, algorithms, robot, robots,
           robotics, cyberattack, cyber attack, cybersecurity, hackers, data breach,
           encryption, semiconductor, semiconductors, broadband, silicon valley,
           invention, electric vehicle, electric vehicles, self-driving, nuclear fusion,
           quantum, planetary scientist, space exploration, wikipedia, wikimedia,
           telecommunications, telecom
        2: study, studies, published in, lab, planet, planets, moon, space, gene, genes,
           evolution, evolutionary, species, online, website, app, apps, ai, 5g, social
           media, engineer, engineers, engineering, innovation, drone, drones, chip,
           chips, data, digital, device, devices, users, platform, platforms, findings,
           found that, analysis, samples, specimen, specimens, mathematics,
           mathematician, phd, stars, institute, university of, telescopes
        1: university, professor, discovered, discovery, launch, launched, mission, probe,
           found, measured, model, models, system, systems, network, networks, facebook,
           twitter, google, star
    """,
    "society": """
        3: poverty, homeless, homelessness, inequality, discrimination, discriminatory,
           racism, racist, racial, race relations, segregation, lgbt, lgbtq, gay, lesbian,
           transgender, same-sex, same-sex marriage, gay marriage, women's rights, gender
           equality, gender, feminist, feminism, sexism, misogyny, immigrant, immigrants,
           immigration, migrant, migrants, migration, refugee, refugees, asylum, asylum
           seekers, welfare, social security, social services, charity, charities, ngo,
           nonprofit, non-profit, census, demographic, demographics, birth rate, marriage,
           divorce, abortion, abortions, honour killing, honor killing, domestic
           violence, child marriage, forced marriage, civil rights, indigenous,
           aboriginal, slavery, affordable housing, children's rights, disability
           rights, disabled, dowry, caste
        2: poor, volunteers, volunteer, population, ageing, elderly, pensioners, family,
           families, married, human rights, minority, minorities, ethnic, tribe, tribal,
           social, society, housing, women, girls, equality, tradition, traditional,
           culture, orphans, orphanage
        1: community, communities, youth, children, child, parents, mother, father,
           residents, citizens, people, rights, men, boys, young, old, life, home, homes,
           living, protest, activists, public
    """,
    "sport": """
        3: sport, sports, football, footballer, soccer, rugby, rugby union, rugby league,
           cricket, cricketer, tennis, golf, golfer, basketball, baseball, ice hockey,
           hockey, volleyball, handball, athletics, marathon, cycling, cyclist, swimmer,
           swimming, boxing, boxer, wrestling, mixed martial arts, formula one, grand
           prix, motorsport, nascar, racing driver, olympics, olympic, olympic games,
           paralympics, paralympic, world cup, champions league, premier league, la liga,
           bundesliga, serie a, super bowl, nfl, nba, mlb, nhl, fifa, uefa, tournament,
           tournaments, championship, championships, playoff, playoffs, semi-final,
           semifinal, quarter-final, quarterfinal, striker, midfielder, goalkeeper,
           scorer, scorers, innings, wicket, wickets, test match, gold medal, silver
           medal, bronze medal, medallist, medalist, athlete, athletes, stadium, halftime,
           half-time, kick-off, kickoff, referee, world champion, world championship,
           doping, anti-doping, tennis court, basketball court, grand slam, ski, skiing,
           skier, snowboard, rowing, sailing, regatta, surfing, triathlon, sprinter,
           gymnastics, fencing, judo, taekwondo, karate, badminton, darts, snooker,
           horse racing, jockey, league title, season opener, first half, second half
        2: league, champion, champions, final, finals, match, matches, fixture, fixtures,
           game, games, season, club, clubs, player, players, coach, coaches, scored,
           goals, medal, medals, round, defender, signed for, cup, race, races,
           lap, laps, podium, squad, teammate, teammates
        1: team, teams, goal, score, points, won, win, wins, victory, defeated, defeat,
           beat, draw, drew, lost, title, titles, record, fans, supporters, captain,
           transfer, home, away, minute, minutes
    """,
    "conflict-war-peace": """
        3: war, wars, warfare, civil war, military, militaries, army, armies, troops,
           soldier, soldiers, armed forces, air force, navy, naval, airstrike, airstrikes,
           air strike, air strikes, drone strike, missile strike, military strike,
           bombing, bombings, bombed, bomb, bombs, car bomb, suicide bomber, suicide
           bombing, explosive device, ied, landmine, missile, missiles, rocket attack,
           shelling, artillery, militant, militants, militia, militias, insurgent,
           insurgents, insurgency, rebel, rebels, guerrilla, jihadist, jihadists,
           extremist, extremists, terrorist, terrorists, terrorism, terror attack,
           terrorist attack, taliban, islamic state, isis, isil, al-qaeda, al-shabaab,
           boko haram, hezbollah, hamas, ceasefire, cease-fire, truce, peace talks, peace
           deal, peace agreement, peace process, peacekeepers, peacekeeping, invasion,
           invaded, battlefield, frontline, front line, nuclear weapons, genocide, war
           crimes, massacre, hostages, hostage, military coup, civil unrest, riots,
           clashes, clashed, uprising, insurrection, tear gas, rubber bullets, ministry
           of defence, ministry of defense, defence minister, defense minister, pentagon,
           armed conflict, gunmen, gunfire, opened fire, open fire
        2: weapons, arms, ammunition, combat, occupation, occupied, offensive, coup,
           unrest, riot, crackdown, conflict, conflicts, veterans, attack, attacks,
           attackers, armed, fighting, fighters, security forces, violence, violent,
           forces, police fired, siege, displaced, peace
        1: protest, protests, protesters, demonstrators, killed, dead, killing, deaths,
           casualties, wounded, explosion, blast, border, security, defence, defense,
           battle, refugees, strike, strikes, government forces
    """,
    "weather": """
        3: weather, forecasters, meteorological, meteorologist, meteorologists, met office,
           national weather service, national hurricane center, rainfall, heavy rain,
           heavy rains, snow, snowfall, snowstorm, blizzard, heatwave, heat wave, cold
           wave, cold snap, frost, hailstorm, thunderstorm, thunderstorms, monsoon,
           hurricane, hurricanes, typhoon, typhoons, cyclone, cyclones, tropical storm,
           tornado, tornadoes, storm, storms, gale, gusts, wind speeds, degrees celsius,
           degrees fahrenheit, el niño, la niña, lightning strike
        2: forecast, forecasts, rain, rains, winds, drought, temperature, temperatures,
           record high, record low, hail, lightning, flood, floods, flooding, wind, cold,
           heat, ice, icy, fog
        1: hot, sunny, cloud, clouds, climate, summer, winter
    """,
}

# Phrases whose words must not count for any topic: the longest match consumes them.
_BLOCKED = """
    easter island, christmas island, lion air, soviet union, st petersburg, saint
    petersburg, saint lucia, new york times, washington post, wall street journal, the
    times, the guardian, the independent, sky news, fox news, bbc news, cnn, reuters,
    associated press, told reporters, told the press, press conference, news conference,
    press release, press secretary, in a statement, in an interview, arab league, muslim
    league, awami league, league for democracy, conflict of interest, ruled out, rule out,
    food court, human race, the race, in charge, in place, in power, at stake, take place,
    took place, taking place, a number of, number of, set fire, under fire, in the field,
    on the field, field of, new year, last year, this year, next year, the year, state
    media, state television, state-run, united states, state of, head of state, secretary
    of state, world war, world war ii, second world war, first world war, cold war, the
    first, first time, for the first time, at home, home to, home of, at least, the record,
    on record, on the record, for the record, bill gates, final report, final decision,
    win over, goal of, the goal, score of, scores of, points out, point out, pointed out,
    lost their lives, lost his life, lost her life, court of public opinion, in the
    wake, model of, game changer, game-changer
"""


def _keywords(text: str) -> tuple[str, ...]:
    """Split a comma-separated keyword list."""
    return tuple(w.strip() for w in text.replace("\n", " ").split(",") if w.strip())


def _weighted(text: str) -> tuple[tuple[str, int], ...]:
    """Parse "weight: keyword, keyword" lines into (keyword, weight) pairs."""
    parts = re.split(r"(?m)^\s*([123]):", text)[1:]
    return tuple(
        (keyword, int(weight))
        for weight, keywords in zip(parts[::2], parts[1::2], strict=True)
        for keyword in _keywords(keywords)
    )


BUILTIN_EVIDENCE: dict[str, tuple[tuple[str, int], ...]] = {
    slug: _weighted(text) for slug, text in _EVIDENCE.items()
}
_BY_SLUG = {topic.slug: topic for topic in IPTC_TOPICS}
_BY_CODE = {topic.code: topic for topic in IPTC_TOPICS}

USER_WEIGHT = 2
"""The weight of a keyword added in briefgen.yaml (a typical, not a decisive, keyword)."""
MAX_TOPICS = 3
"""At most this many topics per briefing."""
RELATIVE_FLOOR = 0.45
"""A topic must reach this share of the strongest topic's score."""
DEFAULT_THRESHOLD = 4
"""The default `extraction.tag_threshold`: one decisive keyword in the lead, or two later."""

_TITLE_WEIGHT = 2.0
_LEAD_WEIGHT = 2.0
_BODY_WEIGHTS = (1.0, 0.6)
_REPEATS = (1.0, 0.5, 0.25)
_LEAD_MIN_WORDS = 8
_WORD = re.compile(r"[a-z0-9\u00c0-\u024f&][a-z0-9\u00c0-\u024f&'’-]*")
_MAX_PHRASE = 3


@dataclass(frozen=True, slots=True)
class TopicSet:
    """The effective topics of a project: the built-in ones, extended or replaced."""

    topics: tuple[Topic, ...]
    """Every topic that can be chosen, built-in first (IPTC order), then the user's."""
    evidence: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """(slug, ((keyword, weight), …)) for each topic."""


def find_topic(name: str) -> Topic | None:
    """The built-in topic with this slug or code ("politics", "medtop:11000000")."""
    key = name.strip().lower()
    return _BY_SLUG.get(key) or _BY_CODE.get(key)


def topic_set(extra: Iterable[tuple[str, Iterable[str]]] = (), replace: bool = False) -> TopicSet:
    """The effective topics: the built-in IPTC topics extended (or replaced) by the user's.

    A user topic named by a built-in slug or code adds keywords to it; any other name is a
    new topic with that slug and no code.
    """
    evidence: dict[str, list[tuple[str, int]]] = (
        {} if replace else {slug: list(pairs) for slug, pairs in BUILTIN_EVIDENCE.items()}
    )
    custom: list[Topic] = []
    for name, words in extra:
        builtin = find_topic(name)
        slug = builtin.slug if builtin is not None else name.strip().lower()
        if builtin is None and slug not in evidence:
            custom.append(Topic(slug, "", slug))
        evidence.setdefault(slug, []).extend((w.lower(), USER_WEIGHT) for w in words)
    topics = tuple(t for t in IPTC_TOPICS if t.slug in evidence) + tuple(
        dict.fromkeys(t for t in custom)
    )
    return TopicSet(
        topics,
        tuple((t.slug, tuple(dict.fromkeys(evidence[t.slug]))) for t in topics),
    )


# Every ending `stem` removes or changes ends in one of these.
_STEMMED_ENDINGS = ("s", "ation", "ing", "er", "or", "ed")


@functools.lru_cache(maxsize=1 << 15)
def stem(word: str) -> str:
    """A crude stem: "protesters" → "protest", "elections" → "election", "strikes" → "strike"."""
    word = word.lower().strip("'’")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if not word.endswith(_STEMMED_ENDINGS):
        return word  # most words: no ending below applies
    for suffix in ("ations", "ation", "ings", "ing", "ers", "ors", "er", "or", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")) and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _stems(text: str) -> tuple[str, ...]:
    return tuple(map(stem, _WORD.findall(text.lower())))


_Compiled = tuple[dict[tuple[str, ...], tuple[tuple[str, int], ...]], dict[str, tuple[int, ...]]]


@functools.lru_cache(maxsize=64)
def _compile(evidence: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]) -> _Compiled:
    """Stemmed keywords (as word tuples) → (slug, weight) pairs; blocked phrases map to ().

    Also the stems that start a keyword, each with the lengths in words of its keywords,
    longest first, so that most words are passed over at once and no phrase is tried in vain.
    """
    table: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for phrase in _keywords(_BLOCKED):
        table.setdefault(_stems(phrase), {})
    for slug, pairs in evidence:
        for keyword, weight in pairs:
            key = _stems(keyword)
            if not key or len(key) > _MAX_PHRASE:
                continue
            # A keyword listed twice for one topic keeps its highest weight.
            table[key][slug] = max(weight, table[key].get(slug, 0))
    compiled = {key: tuple(sorted(slugs.items())) for key, slugs in table.items()}
    sizes: dict[str, set[int]] = defaultdict(set)
    for key in compiled:
        sizes[key[0]].add(len(key))
    firsts = {first: tuple(sorted(lengths, reverse=True)) for first, lengths in sizes.items()}
    return compiled, firsts


@functools.cache
def _default_compiled() -> _Compiled:
    """`_compile` of the built-in topics."""
    return _compile(DEFAULT_TOPICS.evidence)


def _chunks(title: str, text: str) -> list[tuple[str, float]]:
    """The title, then each paragraph, with the weight of its position.

    News puts what a story is about first: the lead counts most, the next paragraphs
    fully, and from the fifth paragraph on, background and quotes count less.
    """
    chunks = [(title, _TITLE_WEIGHT)] if title.strip() else []
    body = 0
    for paragraph in re.split(r"\n\s*\n", text):
        if not paragraph.strip():
            continue
        if body == 0 and len(paragraph.split()) < _LEAD_MIN_WORDS:
            chunks.append((paragraph, 1.0))  # a subheading or dateline before the lead
            continue
        chunks.append((paragraph, _LEAD_WEIGHT if body == 0 else _BODY_WEIGHTS[body > 3]))
        body += 1
    return chunks


def score_topics(title: str, text: str, topics: TopicSet | None = None) -> dict[str, float]:
    """Each topic's evidence score in one article (topics without evidence are left out)."""
    if topics is None or topics is DEFAULT_TOPICS:
        table, firsts = _default_compiled()  # no hashing of the whole evidence per article
    else:
        table, firsts = _compile(topics.evidence)
    hits: dict[tuple[str, tuple[str, ...]], list[float]] = defaultdict(list)
    weights: dict[tuple[str, tuple[str, ...]], int] = {}
    in_lead: set[tuple[str, ...]] = set()
    for chunk, position in _chunks(title, text):
        stems = _stems(chunk)
        n = len(stems)
        # Only the stems that start some keyword are tried (most words start none), found in
        # one pass at C speed; a match consumes its words, so a start inside it is passed over.
        free = 0
        for i in compress(range(n), map(firsts.__contains__, stems)):
            if i < free:
                continue
            sizes = firsts[stems[i]]
            for size in sizes:
                if size > n - i:
                    continue
                key = stems[i : i + size]
                found = table.get(key)
                if found is not None:
                    break
            else:
                continue
            for slug, weight in found:
                hits[(slug, key)].append(weight * position)
                weights[(slug, key)] = weight
            if position > 1.0:
                in_lead.add(key)
            free = i + size
    firm: dict[str, float] = defaultdict(float)
    weak: dict[str, float] = defaultdict(float)
    for (slug, key), values in hits.items():
        values.sort(reverse=True)
        total = sum(v * r for v, r in zip(values, _REPEATS, strict=False))
        (firm if weights[(slug, key)] >= 2 else weak)[slug] += total
    scores = {
        slug: firm[slug] + min(weak.get(slug, 0.0), firm[slug]) for slug in firm if firm[slug] > 0
    }
    if in_lead & _OBITUARY_CUES and "human-interest" in scores:
        _obituary(scores)
    return {slug: round(score, 6) for slug, score in scores.items()}


# Words of a lead that reports a death, and the topics for which a death is the story itself.
_OBITUARY_CUES = frozenset(
    _stems(cue)
    for cue in (
        "died, dies, died aged, dies aged, died at, dies at, died of, dies of, died from, "
        "passed away, the age of, tributes, paid tribute, obituary"
    ).split(", ")
)
_DEATH_TOPICS = frozenset({"disaster-accident", "crime-law", "conflict-war-peace", "health"})


def _obituary(scores: dict[str, float]) -> None:
    """A death reported in the lead, outside disaster, crime, war and disease, is an obituary.

    An obituary is human interest first, and the cause of death is background: without this
    rule a politician's obituary is politics and health (the illness named in every
    paragraph) and the human interest is lost. With it, human interest is level with the
    strongest topic, the person's field (politics, arts, sport) stays, and health is halved.
    """
    strongest = max(scores, key=lambda slug: (scores[slug], slug))
    if strongest in _DEATH_TOPICS:
        return
    scores["human-interest"] = scores[strongest]
    if "health" in scores:
        scores["health"] /= 2


def choose_topics(
    title: str,
    text: str,
    topics: TopicSet | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[Topic, ...]:
    """The topics of one article, strongest first (at most `MAX_TOPICS`)."""
    topic_set_ = topics or DEFAULT_TOPICS
    scores = score_topics(title, text, topic_set_)
    top = max(scores.values(), default=0.0)
    floor = max(threshold, top * RELATIVE_FLOOR, 1e-9)
    chosen = sorted(
        ((slug, score) for slug, score in scores.items() if score >= floor),
        key=lambda item: (-item[1], item[0]),
    )
    by_slug = {t.slug: t for t in topic_set_.topics}
    return tuple(by_slug[slug] for slug, _ in chosen[:MAX_TOPICS])


def tag_topics(
    title: str,
    text: str,
    topics: TopicSet | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[str, ...]:
    """The slugs of the topics of one article, strongest first."""
    return tuple(t.slug for t in choose_topics(title, text, topics, threshold))


DEFAULT_TOPICS = topic_set()
"""The built-in IPTC topics, unchanged."""


@functools.lru_cache(maxsize=16)
def configured_topics(
    extra: tuple[tuple[str, tuple[str, ...]], ...] = (), replace: bool = False
) -> TopicSet:
    """`topic_set` of a project's settings, made once per process, not once per article.

    With nothing added it is `DEFAULT_TOPICS` itself, whose keyword table is compiled once.
    """
    if not extra and not replace:
        return DEFAULT_TOPICS
    return topic_set(extra, replace)
