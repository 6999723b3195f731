"""Canonical entity names: folding, common aliases, and the small lexicons of names.

Why this exists: the sidebar and the `person:`/`org:`/`place:` filters count an
entity once across the archive, so the spellings that mean the same thing must
meet in one key. `fold()` gives that key (case, whitespace, curly quotes, a
leading "the" and a possessive "'s" do not matter); `ALIASES` joins the common
variants of a few very frequent names ("U.S." = "United States" = "US").

The lexicons at the bottom (countries, cities, regions, given names, titles,
organisation words) are general knowledge used by the clean-up rules and by the
rule-based fallback extractor. They are deliberately short and generic: they
are never derived from any evaluation file.

No spaCy here: this module is imported by the TUI and search path.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_POSSESSIVE_RE = re.compile(r"\s?'s$|(?<=s)'$", re.IGNORECASE)
_LEADING_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)


def normalise_space(name: str) -> str:
    """Collapse runs of whitespace (newlines included) to one space, and trim."""
    return _SPACE_RE.sub(" ", name).strip()


@lru_cache(maxsize=1 << 16)  # the same names come up in every article: ~1/4 of the rules' time
def fold(name: str) -> str:
    """The identity key of a name: what two spellings must share to be one entity.

    NFKC, curly quotes made straight, whitespace collapsed, case folded, a
    leading "the" and a trailing possessive dropped. "The  BBC's" -> "bbc".
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES)
    text = normalise_space(text)
    text = _POSSESSIVE_RE.sub("", text)
    text = _LEADING_THE_RE.sub("", text)
    return text.casefold()


# Labels of the alias groups: countries are places, the unions are organisations.
ALIAS_LABELS = {"US": "PLACE", "UK": "PLACE", "EU": "ORG", "UN": "ORG"}

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
}
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
_CORPORATE_RE = re.compile(rf"(?:,?\s+(?:{_CORPORATE_ALT}))+$", re.IGNORECASE)


def strip_corporate_suffix(name: str) -> str:
    """ "Pirelli SpA" -> "Pirelli", "Apple Inc." -> "Apple"; a lone "Inc" is kept."""
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
    cleaned = [strip_corporate_suffix(_display_clean(s)) for s in surfaces]
    cleaned = [s for s in cleaned if s]
    if not cleaned:
        return ""
    alias = alias_of(cleaned[0])
    if alias is not None:
        return alias
    counts = Counter(cleaned)
    order = {s: i for i, s in reversed(list(enumerate(cleaned)))}
    return min(counts, key=lambda s: (_is_all_caps(s), -counts[s], order[s]))


def _display_clean(surface: str) -> str:
    text = normalise_space(surface.translate(_QUOTES))
    text = _POSSESSIVE_RE.sub("", text)
    return _LEADING_THE_RE.sub("", text).strip()


def lexicon(block: str) -> frozenset[str]:
    """A folded word list written with entries separated by "|" and line breaks."""
    return frozenset(fold(w) for line in block.strip().splitlines() for w in line.split("|"))


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

# Last words of the names of events ("Hong Kong Open", "Fed Cup", "Cannes Film Festival").
EVENT_WORDS = lexicon("""
Open|Cup|Championship|Championships|Olympics|Games|Grand Prix|Trophy|Series|Festival|Awards
Tournament|Marathon|Rally|Summit|Expo|Masters|Paralympics|Oscars|Derby|Grand Slam|Prix
""")

# Last words of the names of laws, treaties and the like ("Immigration Law").
LAW_WORDS = lexicon("Act|Law|Bill|Treaty|Convention|Constitution|Amendment|Accord|Accords|Charter")

# Nationalities and peoples (singular and plural): NORP, never people or places.
DEMONYMS = lexicon("""
Afghan|Albanian|Algerian|American|Angolan|Arab|Argentine|Argentinian|Armenian|Asian
Australian|Austrian|Azeri|Azerbaijani|Bangladeshi|Belgian|Bolivian|Bosnian|Brazilian|Briton
British|Bulgarian|Burmese|Cambodian|Canadian|Chechen|Chilean|Chinese|Colombian|Congolese
Croat|Croatian|Cuban|Cypriot|Czech|Dane|Danish|Dutch|Egyptian|English|Eritrean|Estonian
Ethiopian|European|Filipino|Finn|Finnish|French|Georgian|German|Ghanaian|Greek|Haitian
Hungarian|Hutu|Icelandic|Indian|Indonesian|Iranian|Iraqi|Irish|Israeli|Italian|Jamaican
Japanese|Jordanian|Kazakh|Kenyan|Korean|Kurd|Kurdish|Kuwaiti|Kyrgyz|Lao|Latvian|Lebanese
Liberian|Libyan|Lithuanian|Macedonian|Malaysian|Maltese|Mexican|Moldovan|Mongolian
Moroccan|Muslim|Namibian|Nepalese|Nigerian|Norwegian|Pakistani|Palestinian|Peruvian
Polish|Pole|Portuguese|Romanian|Russian|Rwandan|Saudi|Scot|Scottish|Serb|Serbian|Slovak
Slovenian|Somali|Spaniard|Spanish|Sri Lankan|Sudanese|Swede|Swedish|Swiss|Syrian|Taiwanese
Tajik|Tamil|Tanzanian|Thai|Tibetan|Tunisian|Turk|Turkish|Tutsi|Ugandan|Ukrainian|Uzbek
Venezuelan|Vietnamese|Welsh|Yemeni|Yugoslav|Zambian|Zimbabwean|Christian|Jew|Jewish
Catholic|Protestant|Hindu|Sikh|Buddhist|Sunni|Shia|Shiite|Democrat|Republican|Tory
""")
DEMONYMS = DEMONYMS | frozenset(d + "s" for d in DEMONYMS if not d.endswith(("sh", "ese", "ss")))

# Words that end (or, for some, start) organisation names.
ORG_WORDS = lexicon("""
Inc|Inc.|Ltd|Ltd.|Corp|Corp.|Corporation|Co.|Company|plc|LLC|Group|Holdings|Bank|University
College|School|Ministry|Department|Party|Council|Committee|Commission|Agency|Association
Union|Institute|Foundation|Trust|Society|Court|Police|Army|Navy|Embassy|Club|FC|Airlines
Airways|Motors|Systems|Technologies|Network|News|Times|Post|Journal|Herald|Press|Television
TV|Radio|Federation|League|Board|Authority|Office|Service|Services|Organisation|Organization
Fund|Exchange|Parliament|Congress|Senate|Assembly|Cabinet|Government|Church|Studios|Records
Industries|Partners|Securities|Insurance|Telecom|Communications|Media|Pictures|Electronics
Pharmaceuticals|Brothers|Bros|AG|SA|NV|GmbH|SpA|Reserve|Secretariat|Directorate|Forces
Movement|Front|Alliance|Coalition|Consortium|Institution|Academy|Tribunal|Bureau|Division
United|Rovers|Athletic|Wanderers|Albion|Hotspur|Harriers|Rangers|Celtic|Guild|Trust
Hospital|Orchestra|Theatre|Museum|Library|Laboratories|Labs|Ventures|Capital|Mobile|Energy
""")

# Organisations so frequent in news that a small model's doubts about them are
# not worth keeping: parties, international bodies, well-known firms.
KNOWN_ORGS = lexicon("""
Labour|New Labour|Conservatives|Conservative Party|Lib Dems|Lib Dem|Liberal Democrats|SNP|UKIP
Plaid Cymru|Sinn Fein|DUP|Greens|Green Party|Republican Party|Democratic Party|Bundestag|Kremlin
Nato|NATO|IMF|WTO|OPEC|Opec|OECD|Unicef|UNICEF|Unesco|Interpol|Europol|Fifa|FIFA|Uefa|UEFA
IOC|ICC|BBC|ITV|CNN|Reuters|Associated Press|AFP|Ofcom|Ofsted|Ofgem|FBI|CIA|MI5|MI6|NHS|Pentagon
Microsoft|Google|Yahoo|Apple|IBM|Intel|Sony|Nintendo|Samsung|Nokia|Vodafone|BT|O2|Orange|Virgin
eBay|AOL|Time Warner|Disney|Warner Bros|Paramount|EMI|Shell|BP|Exxon|Boeing
Airbus|Toyota|Ford|General Motors|Honda|Nissan|Volkswagen|BMW|Fiat|Renault|Tesco|Sainsbury's
Marks and Spencer|Marks & Spencer|Barclays|HSBC|Lloyds TSB|Citigroup|Goldman Sachs|Yukos
Gazprom|Arsenal|Liverpool FC|Manchester United|Real Madrid|Juventus|AC Milan
Everton|Tottenham|Tottenham Hotspur|Aston Villa|Celtic|Rangers|Bayern Munich|Inter Milan|Team GB
""")

# Titles and honorifics that precede a person's name but are not part of it.
TITLES = lexicon("""
Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Miss|Dr|Dr.|Prof|Prof.|Professor|Sir|Dame|Lord|Lady|President
Vice-President|Premier|Minister|Chancellor|Senator|Sen.|Rep.|Representative|Gov.|Governor
Mayor|King|Queen|Prince|Princess|Pope|General|Gen.|Col.|Colonel|Capt.|Captain|Major|Lt.
Lieutenant|Sgt.|Sergeant|Admiral|Judge|Justice|Rev.|Reverend|Father|Sister|Brother|Bishop
Archbishop|Cardinal|Rabbi|Imam|Sheikh|Ambassador|Secretary|Commissioner|Chairman|Chairwoman
Chief|Coach|Manager|Inspector|Detective|Officer|Deputy|Speaker|Emperor|Sultan|Emir|Ayatollah
Marshal|Commander|Leader|Director|Spokesman|Spokeswoman|Chef|Saint|Prime|Vice|MP|Sheik|Duke
Treasurer|Attorney|Attorney-General|Baroness|Baron|Earl|Countess|Viscount|Councillor|Sheriff
Superintendent|Executive|Secretary-General|Foreign|Home|Defence|Defense|Health|Culture|Shadow
Dr.|Mx|Madam|Mme|Mlle|Monsieur|Herr|Frau|Senor|Signor|Comrade|Crown|Grand|Ayatollah|Mullah
""")

# First words of people's names: common given names from many languages, and the
# commonest Chinese family names (which come first). For telling people from firms.
GIVEN_NAMES = lexicon("""
Aaron|Abdul|Abdullah|Adam|Adrian|Ahmed|Ahmad|Alan|Albert|Alberto|Alex|Alexander|Alexandra
Alfred|Ali|Alice|Alison|Amanda|Amy|Ana|Andre|Andrea|Andreas|Andrei|Andrew|Andy|Angela|Ann
Anna|Anne|Anthony|Antonio|Arthur|Barbara|Ben|Benjamin|Bernard|Bill|Bob|Boris|Brian|Bruce
Carl|Carlos|Caroline|Catherine|Charles|Charlie|Chris|Christian|Christine|Christopher|Claire
Claude|Claudia|Colin|Craig|Daniel|Danny|David|Dennis|Diana|Diego|Dmitry|Dominic|Donald
Douglas|Edward|Elena|Elizabeth|Emily|Emma|Eric|Erik|Eva|Fabio|Felipe|Fernando|Francesco
Francis|Francisco|Frank|Franz|Fred|Frederick|Gareth|Gary|Geoffrey|George|Georg|Gerald
Gerhard|Gianni|Giorgio|Giovanni|Glen|Gordon|Graham|Greg|Gregory|Guy|Hans|Harold|Harry
Hassan|Heinz|Helen|Helmut|Henri|Henry|Hugh|Hussein|Ian|Igor|Irina|Isabel|Ivan|Jack|Jacques
James|Jan|Jane|Janet|Jason|Javier|Jean|Jeff|Jennifer|Jeremy|Jerry|Jim|Jimmy|Joan|Joe|Johan
Johann|John|Jon|Jonathan|Jorge|Jose|Joseph|Juan|Julia|Julian|Julie|Jurgen|Karen|Karl|Kate
Katherine|Keith|Kenneth|Kevin|Khalid|Kim|Klaus|Kurt|Larry|Laura|Lee|Leon|Linda|Lisa|Louis
Lucy|Luis|Luke|Manuel|Marc|Marco|Margaret|Maria|Marie|Mario|Mark|Martin|Mary|Matthew|Max
Michael|Michel|Michelle|Miguel|Mike|Mohamed|Mohammad|Mohammed|Muhammad|Nancy|Natalia
Natalya|Neil|Nicholas|Nick|Nicolas|Nigel|Nikolai|Olga|Oliver|Omar|Oscar|Pablo|Patricia
Patrick|Paul|Paula|Pedro|Peter|Phil|Philip|Philippe|Pierre|Ralph|Raymond|Rachel|Richard
Robert|Roberto|Robin|Roger|Ronald|Rosa|Ruth|Ryan|Sally|Salvatore|Sam|Samuel|Sandra|Sarah
Scott|Sean|Sergei|Sergey|Simon|Sophie|Stefan|Stephen|Steve|Steven|Stuart|Susan|Tatiana
Tatyana|Terry|Thomas|Tim|Timothy|Tom|Tony|Valentina|Victor|Vladimir|Walter|Wayne|William
Wolfgang|Yuri|Yusuf|Zhang|Wang|Li|Liu|Chen|Mikhail|Alexei|Alexey|Dimitri|Marion|Stephan
Jesper|Nasser|Tiger|Bobby|Billy|Tommy|Ricky|Gordon|Lars|Sven|Ingrid|Astrid|Mehmet|Mustafa
Malcolm|Kent|Rupert|Duncan|Hamish|Fiona|Gemma|Lucy|Tessa|Gordon|Tony|Rajiv|Sanjay|Ravi|Hiroshi
Ewan|Jamie|Leonardo|Shane|Cate|Gael|Natalie|Nicole|Keanu|Brad|Angelina|Reese|Jude|Orlando|Kylie
Elton|Britney|Justin|Robbie|Kanye|Noel|Liam|Damon|Clint|Russell|Dustin|Meryl|Keira|Helena|Judi
Maggie|Ed|Ken|Silvio|Romano|Junichiro|Ariel|Yasser|Mahmoud|Hamid|Saddam|Osama|Condoleezza|Dick
Hillary|Barack|Ronald|Lyndon|Dwight|Franklin|Harriet|Clare|Estelle|Hazel|Mo|Glenys|Alistair
Geoff|Des|Menzies|Vince|Norman|Iain|Theresa|Sadiq|Rafa|Arsene|Wayne|Rio|Thierry|Cristiano
Rafael|Lleyton|Venus|Serena|Amelie|Justine|Lindsay|Martina|Marat|Darren|Ernie|Vijay|Padraig
Sergio|Jonny|Gavin|Carly|Meg|Matt|Shawn|Denise|Dwain|Marlon|Lewis|Hayley|Jo|Charlize|Uma|Penelope
Salma|Javier|Antonio|Pedro|Gabriel|Rafael|Hugo|Enrique|Ricardo|Eduardo|Sergio|Alejandro|Andres
Fatima|Aisha|Leila|Yasmin|Mohsen|Reza|Ahmet|Recep|Nikolai|Dmitri|Viktor|Yulia|Svetlana|Anatoly
Jiang|Zhu|Deng|Mao|Xi|Hu|Wen|Kim|Park|Lee|Nguyen|Tran|Shinzo|Taro|Kenji|Naoko|Yoko|Sachin|Rahul
Sonia|Indira|Atal|Manmohan|Pervez|Benazir|Nawaz|Imran|Thaksin|Hun|Sar|Norodom|Kofi|Nelson
Desmond|Jacob|Robert|Olusegun|Goodluck|Charles|Winnie|Graca|Hosni|Muammar|Yoweri|Paul|Idi
Jean-Pierre|Jean-Claude|Jean-Marie|Jean-Paul|Marie-Jose|Anne-Marie|Hans-Peter|Karl-Heinz|Takeshi|Yuki|Akira|Kofi|Kwame|Nelson|Thabo|Jacob|Emmanuel|Ibrahim
""")

# Function words that are never a name on their own (sentence-initial capitals).
STOPWORDS = lexicon("""
a|an|the|this|that|these|those|he|she|it|we|they|i|you|his|her|its|our|their|my|your
in|on|at|by|for|from|of|to|with|and|or|but|if|as|so|not|no|yes|all|any|some|such|many
there|here|when|where|why|how|what|who|which|while|after|before|since|until|during|then
also|however|although|though|because|yet|still|even|just|only|both|each|every|more|most
is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|do
one|two|three|first|last|next|new|mr|mrs|ms|dr|sir|according|meanwhile|despite|among
""")
