"""Canonical entity names: folding, common aliases, and the small lexicons of names.

Why this exists: the sidebar and the `person:`/`org:`/`place:` filters count an
entity once across the archive, so the spellings that mean the same thing must
meet in one key. `fold()` gives that key (case, whitespace, curly quotes, a
leading "the" and a possessive "'s" do not matter); `ALIASES` joins the common
variants of a few very frequent names ("U.S." = "United States" = "US").

The lexicons at the bottom (countries, cities, regions, place words) are
general knowledge used by the clean-up rules and by the rule-based fallback
extractor; the word lists about names (given names, titles, organisation
words...) are in `wordlists` and re-exported here, as `fold` is from
`folding`. They are deliberately short and generic: they are never derived
from any evaluation file.

No spaCy here: this module is imported by the TUI and search path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from index.entities.folding import LEADING_THE_RE, POSSESSIVE_RE, QUOTES
from index.entities.folding import fold as fold
from index.entities.folding import lexicon as lexicon
from index.entities.folding import normalise_space as normalise_space
from index.entities.wordlists import DEMONYMS as DEMONYMS
from index.entities.wordlists import EVENT_WORDS as EVENT_WORDS
from index.entities.wordlists import GIVEN_NAMES as GIVEN_NAMES
from index.entities.wordlists import KNOWN_ORGS as KNOWN_ORGS
from index.entities.wordlists import LAW_WORDS as LAW_WORDS
from index.entities.wordlists import NAMED_EVENTS as NAMED_EVENTS
from index.entities.wordlists import ORG_WORDS as ORG_WORDS
from index.entities.wordlists import STOPWORDS as STOPWORDS
from index.entities.wordlists import TITLES as TITLES

# Labels of the alias groups: countries are places, the unions are organisations.
ALIAS_LABELS = {
    "US": "PLACE",
    "UK": "PLACE",
    "EU": "ORG",
    "UN": "ORG",
    "Labour": "ORG",
    "Conservatives": "ORG",
    "Liberal Democrats": "ORG",
}

# Display form -> variants. The display form is the short one news style uses,
# so that the seed article's "US" and another article's "United States" meet
# under "US" in the sidebar and in `place:us`.
_ALIAS_GROUPS: dict[str, tuple[str, ...]] = {
    "US": (
        "US",
        "U.S.",
        "U.S",
        "USA",
        "U.S.A.",
        "U.S.A",
        "United States",
        "United States of America",
    ),
    "UK": ("UK", "U.K.", "U.K", "United Kingdom", "Britain", "Great Britain"),
    "EU": ("EU", "E.U.", "European Union"),
    "UN": ("UN", "U.N.", "U.N", "United Nations"),
    # Britain's three largest parties, each written four or five ways in one
    # week of news ("Lib Dems" 50, "Liberal Democrats" 49, "Lib Dem" 37 BBC articles).
    "Labour": ("Labour", "Labour Party", "New Labour"),
    "Conservatives": ("Conservatives", "Conservative Party", "Tories", "Tory", "Tory Party", "Tory party"),
    "Liberal Democrats": (
        "Liberal Democrats",
        "Liberal Democrat",
        "Liberal Democrat Party",
        "Lib Dems",
        "Lib Dem",
        "LibDems",
    ),
}
# US states as wire copy abbreviates them after a city ("Irvine, Calif.", "Newark, N.J."),
# in the Associated Press's style. Left out where the short form is also a word, a title, a
# name or, in capitals, an acronym ("Mass", "Miss", "Wash", "Ark", "Tex", "Kan", "La", "Mo",
# "Del", "Ind", "Me"; "PA" the Press Association, "MD", "VA", "GA"): aliases ignore case.
_STATE_ABBREVIATIONS = {
    "Alabama": ("Ala",),
    "Arizona": ("Ariz",),
    "California": ("Calif",),
    "Colorado": ("Colo",),
    "Connecticut": ("Conn",),
    "Florida": ("Fla",),
    "Illinois": ("Ill",),
    "Kentucky": ("Ky",),
    "Michigan": ("Mich",),
    "Minnesota": ("Minn",),
    "Nebraska": ("Neb", "Nebr"),
    "Nevada": ("Nev",),
    "New Jersey": ("N.J.", "N.J"),
    "New York": ("N.Y.", "N.Y"),
    "Oklahoma": ("Okla",),
    "Oregon": ("Ore", "Oreg"),
    "Tennessee": ("Tenn",),
    "Wisconsin": ("Wis", "Wisc"),
    "Wyoming": ("Wyo",),
}
_ALIAS_GROUPS.update(
    (state, (state, *shorts, *(s + "." for s in shorts if not s.endswith("."))))
    for state, shorts in _STATE_ABBREVIATIONS.items()
)
ALIAS_LABELS.update(dict.fromkeys(_STATE_ABBREVIATIONS, "PLACE"))

ALIASES: dict[str, str] = {
    fold(variant): display for display, variants in _ALIAS_GROUPS.items() for variant in variants
}


# Legal-form words that end company names: "Pirelli SpA" and "Pirelli" are one
# organisation, so they are not part of the key nor of the name shown.
CORPORATE_SUFFIXES = (
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "corp",
    "corp.",
    "corporation",
    "co",
    "co.",
    "plc",
    "llc",
    "l.l.c.",
    "spa",
    "s.p.a.",
    "ag",
    "gmbh",
    "nv",
    "n.v.",
    "sa",
    "s.a.",
    "ab",
    "asa",
    "oyj",
    "bhd",
    "limited",
    "incorporated",
    "pty",
)
_CORPORATE_ALT = "|".join(re.escape(w) for w in CORPORATE_SUFFIXES)
_CORPORATE_RE = re.compile(rf"(?:,?\s+(?:(?:and|&)\s+co\.?|{_CORPORATE_ALT}))+$", re.IGNORECASE)


def strip_corporate_suffix(name: str) -> str:
    """ "Pirelli SpA" -> "Pirelli", "Apple Inc." -> "Apple", "Bear Stearns and Co" ->
    "Bear Stearns"; a lone "Inc" is kept."""
    stripped = _CORPORATE_RE.sub("", name)
    return stripped if stripped.strip() else name


def alias_of(name: str) -> str | None:
    """The display form of a known alias group, or None ("U.S." -> "US")."""
    return ALIASES.get(fold(name))


@lru_cache(maxsize=1 << 16)
def canonical_key(name: str) -> str:
    """`fold()`, with alias variants mapped to one key ("the United States" -> "us")."""
    alias = alias_of(name)
    return fold(alias) if alias is not None else fold(strip_corporate_suffix(name))


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def display_name(surfaces: Iterable[str]) -> str:
    """The name to show for one entity, given the surface forms of its mentions.

    A known alias wins; otherwise the most frequent surface form (whitespace
    collapsed, possessive and leading "the" dropped), preferring mixed case
    over SHOUTED headline case, and the first seen on a tie.
    """
    cleaned = [_display_form(s) for s in surfaces]
    cleaned = [s for s in cleaned if s]
    if not cleaned:
        return ""
    alias = alias_of(cleaned[0])
    if alias is not None:
        return alias
    if cleaned.count(cleaned[0]) == len(cleaned):
        return cleaned[0]  # one form, as most entities of an article have
    counts = Counter(cleaned)
    order = {s: i for i, s in reversed(list(enumerate(cleaned)))}
    return min(counts, key=lambda s: (_is_all_caps(s), -counts[s], order[s]))


@lru_cache(maxsize=1 << 14)
def _display_form(surface: str) -> str:
    """A surface as a display name: cleaned and without a legal form (cached: a build asks
    for the same surfaces tens of thousands of times)."""
    return strip_corporate_suffix(_display_clean(surface))


def _display_clean(surface: str) -> str:
    text = normalise_space(surface.translate(QUOTES))
    text = POSSESSIVE_RE.sub("", text)
    return LEADING_THE_RE.sub("", text).strip()


# --- Lexicons ---------------------------------------------------------------
# Entries separated by "|" so that multi-word names fit on shared lines.

COUNTRIES = lexicon("""
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan
Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia
Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burma|Burundi|Cambodia
Cameroon|Canada|Cape Verde|Central African Republic|Chile|China|Colombia|Comoros|Congo
Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica
Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|England|Equatorial Guinea|Eritrea
Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Germany|Ghana|Greece|Grenada
Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Holland|Honduras|Hong Kong|Hungary|Iceland|India
Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kazakstan|Kenya|Korea|Georgia|Chad
Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein
Lithuania|Luxembourg|Macedonia|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania
Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar
Namibia|Nauru|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea
North Macedonia|Northern Ireland|Norway|Oman|Pakistan|Palau|Palestine|Panama
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda
Samoa|San Marino|Saudi Arabia|Scotland|Senegal|Serbia|Seychelles|Sierra Leone|Singapore
Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Korea|South Sudan|Spain
Sri Lanka|Sudan|Suriname|Swaziland|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania
Thailand|Tibet|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda
Ukraine|United Arab Emirates|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Wales
Yemen|Yugoslavia|Zaire|Zambia|Zimbabwe|Soviet Union|USSR|Chechnya|Kurdistan|Greenland
Puerto Rico|Gaza|West Bank|Gaza Strip|Crimea|Catalonia|Quebec|Ontario|Bavaria
""") | frozenset(k for k, v in ALIASES.items() if v in ("US", "UK"))

CITIES = lexicon("""
Abuja|Accra|Addis Ababa|Algiers|Amman|Amsterdam|Ankara|Antananarivo|Asuncion|Athens
Baghdad|Baku|Bamako|Bangkok|Beijing|Beirut|Belfast|Belgrade|Berlin|Bern|Birmingham|Bogota
Bombay|Bonn|Boston|Brasilia|Bratislava|Brisbane|Brussels|Bucharest|Budapest|Buenos Aires
Cairo|Calcutta|Canberra|Cape Town|Caracas|Cardiff|Chicago|Colombo|Copenhagen|Dakar
Damascus|Dar es Salaam|Delhi|Detroit|Dhaka|Dubai|Dublin|Dushanbe|Edinburgh|Frankfurt
Geneva|Glasgow|Gothenburg|Grozny|Guangzhou|Hamburg|Hanoi|Harare|Havana|Helsinki|Hiroshima
Ho Chi Minh City|Islamabad|Istanbul|Jakarta|Jeddah|Jerusalem|Johannesburg|Kabul|Kampala
Karachi|Kathmandu|Khartoum|Kiev|Kinshasa|Kolkata|Kuala Lumpur|Kuwait City|Kyiv|Lagos
Lahore|Leeds|Lima|Lisbon|Liverpool|Ljubljana|London|Los Angeles|Luanda|Lusaka
Luxembourg City|Lyon|Madrid|Managua|Manchester|Manila|Maputo|Marseille|Mecca|Melbourne
Mexico City|Miami|Milan|Minsk|Mogadishu|Monrovia|Montevideo|Montreal|Moscow|Mumbai|Munich
Nairobi|Naples|New Delhi|New York|Nicosia|Nouakchott|Osaka|Oslo|Ottawa|Oxford|Paris
Perth|Phnom Penh|Pittsburgh|Prague|Pretoria|Pyongyang|Quito|Rabat|Rangoon|Reykjavik|Riga
Riyadh|Rio de Janeiro|Rome|Rotterdam|San Francisco|Santiago|Sao Paulo|Sarajevo|Seattle
Seoul|Shanghai|Singapore|Skopje|Sofia|St Petersburg|Stockholm|Strasbourg|Stuttgart|Sydney
Taipei|Tallinn|Tashkent|Tbilisi|Tehran|Tel Aviv|Tirana|Tokyo|Toronto|Tripoli|Tunis|Turin
Monte Carlo|Ulan Bator|Vancouver|Venice|Vienna|Vientiane|Vilnius|Warsaw|Washington|Wellington
Yangon|Yerevan|Zagreb|Zurich|Nottingham|Portsmouth|Sheffield|Bristol|Newcastle|Leicester
Southampton|Brighton|Aberdeen|Hong Kong|Macau|Kandahar|Basra|Mosul|Gdansk|Krakow|Odessa
Hebron|Ramallah|Bethlehem|Nazareth|Haifa|Kigali|Bujumbura|Goma|Mombasa|Durban|Soweto
""")

REGIONS = lexicon("""
Africa|Antarctica|Asia|Europe|North America|South America|Latin America|Central America
Oceania|Middle East|Near East|Far East|Southeast Asia|South East Asia|South Asia|East Asia
Central Asia|Western Europe|Eastern Europe|Central Europe|Northern Europe|Southern Europe
Scandinavia|Balkans|Caribbean|Mediterranean|Pacific|Atlantic|Arctic|Sahara|Gulf|Persian Gulf
Horn of Africa|West Africa|East Africa|North Africa|Southern Africa|Sub-Saharan Africa
Amazon|Himalayas|Alps|Siberia|Caucasus|Baltic|Baltics|Korean Peninsula|Indian Ocean
Pacific Ocean|Atlantic Ocean|Black Sea|Red Sea|Baltic Sea|North Sea|South China Sea
Mekong|Nile|Danube|Thames|Yangtze|Kashmir|Punjab|Darfur|Sinai|Golan Heights|Balkan
""")

# Names that are places but also common given names or surnames: a model that
# says PERSON for these is not overruled by the gazetteer.
AMBIGUOUS_PLACES = lexicon("""
Washington|Jordan|Georgia|Chad|Victoria|Florence|Sydney|Chelsea|Paris|Israel|Lincoln
Houston|Austin|Dallas|Jackson|Chester|Kent|Orlando|Charlotte|Madison|Phoenix|Regina
Adelaide|Santiago|Virginia|Carolina|Niger|Guinea|Lima|Sofia|Perth|Holland|Wellington
Nelson|Sheffield|Bristol|Oxford|Nottingham|Milan|Turin|Naples|Mali|Cuba|Montana|Denver
""")

KNOWN_PLACES = COUNTRIES | CITIES | REGIONS

# Lower-case nouns that make the name right before them a place ("Tuol Kok district").
PLACE_NOUNS = lexicon("""
district|province|city|county|state|region|village|town|island|islands|river|valley|lake
mountain|mountains|prefecture|municipality|township|suburb|neighbourhood|neighborhood
peninsula|airport|area|commune|governorate|oblast|canton|camp|port|station|street|road
avenue|square|coast|capital|desert|sea|bay|hills|forest|highlands|archipelago|borough
""")

# Capitalised last words that make a name a place ("Pochentong Airport").
PLACE_SUFFIXES = lexicon("""
Airport|Street|Road|Avenue|Square|Bridge|River|Lake|Mountains|Island|Islands|Province
District|County|Region|Valley|Bay|Sea|Ocean|Peninsula|Desert|Strait|Straits|Canal|Coast
Heights|Hills|Forest|Harbour|Harbor|Stadium|Park|Prefecture|Oblast|Highway|Lane|Station
Centre|Center|Prison|Motel|Hotel|Arena|Palace|Cathedral|Mosque|Temple|Castle|Mount|Falls
""")
