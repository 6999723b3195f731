"""Word lists about names: events, laws, nationalities, organisation words,
well-known organisations, titles, given names and function words.

General knowledge used by the clean-up rules and by the rule-based fallback
extractor (places are in `canonical`, beside the aliases they use). They are
deliberately short and generic: they are never derived from any evaluation file.
Entries are separated by "|" so that multi-word names fit on shared lines.
"""

from __future__ import annotations

from index.entities.folding import lexicon

# Last words of the names of events ("Hong Kong Open", "Fed Cup", "Cannes Film Festival").
EVENT_WORDS = lexicon("""
Open|Cup|Championship|Championships|Olympics|Games|Grand Prix|Trophy|Series|Festival|Awards
Tournament|Marathon|Rally|Summit|Expo|Masters|Paralympics|Oscars|Derby|Grand Slam|Prix
Conference|Indoors|Prize|Fair|Week|Classic|Invitational|Six Nations|Tri-Nations|Tri Nations
Champions League|Super League
""")
# Competitions and awards named by one word or phrase of their own, which the
# model takes for a person or a firm ("Premiership" in 20 BBC articles as a person).
COMPETITIONS = lexicon("""
Premiership|Champions League|Six Nations|Tri-Nations|Tri Nations|Super League|Olympics|Paralympics
Oscars|Baftas|Grammys|Emmys|Golden Globes|Brit Awards|Brits|World Cup|Euro 2004|Grand Slam
Golden Globe|Grand Slams|Bafta
""")

# Set occasions of public life written as names ("the Budget", "the Queen's Speech"): events,
# which the model takes for an organisation ("Budget" in 15 BBC articles).
OCCASIONS = lexicon("Budget|Pre-Budget Report|Queen's Speech|Spending Review|State of the Union")
NAMED_EVENTS = COMPETITIONS | OCCASIONS

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
Catholic|Protestant|Hindu|Sikh|Buddhist|Sunni|Shia|Shiite|Democrat|Republican
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
Stores|Wholesale|Supermarkets|Foods|Brands|Outfitters|Restaurants|Hotels|Resources|Petroleum
Mining|Chemicals|Investments|Properties|Entertainment|Software|Semiconductor|Semiconductors
Logistics|Bancorp|Bancshares|Enterprises|Manufacturing|Associates|International
""")

# Organisations so frequent in news that a small model's doubts about them are
# not worth keeping: parties, international bodies, well-known firms (the last lines:
# today's largest firms and platforms, which a model trained on older news takes for
# people or places). Names that are also ordinary words or places ("Amazon", "Target",
# "Zoom", "Visa") are left out.
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
Facebook|Instagram|WhatsApp|Twitter|YouTube|TikTok|ByteDance|LinkedIn|Reddit|Snapchat|Pinterest
Netflix|Spotify|Hulu|HBO|Uber|Lyft|Airbnb|PayPal|Alphabet|Meta|OpenAI|SpaceX|Tesla|Nvidia|AMD
Qualcomm|TSMC|Salesforce|Adobe|Oracle|Cisco|Dell|Hewlett-Packard|Huawei|Alibaba|Tencent|Baidu
Xiaomi|Lenovo|Hyundai|Siemens|Walmart|Starbucks|McDonald's|Coca-Cola|PepsiCo|Pfizer|Moderna
AstraZeneca|BioNTech|Johnson & Johnson|JPMorgan|JPMorgan Chase|Morgan Stanley|Bank of America
Wells Fargo|BlackRock|Verizon|AT&T|Comcast|T-Mobile|Deutsche Telekom|ExxonMobil|Chevron
Saudi Aramco|Aramco|Rosneft|Lukoil|Lockheed Martin|Raytheon|Ryanair|EasyJet|Lufthansa
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
Adriana|Agnes|Alain|Alessandro|Alfonso|Alicia|Amelia|Anders|Andrzej|Antoine|Axel|Beatriz|Bernd
Bjorn|Bruno|Camille|Carla|Carmen|Cesar|Christophe|Clara|Dario|Denis|Didier|Dieter|Dirk|Emil
Emilio|Enzo|Erich|Esther|Fabien|Fabrice|Federico|Felix|Filip|Florian|Francois|Frederic|Fritz
Gerard|Gilles|Giuseppe|Gonzalo|Guillaume|Gustavo|Hector|Heidi|Hermann|Horst|Ignacio|Ines|Ingo
Isabelle|Jaime|Jakob|Jens|Joachim|Joao|Joaquin|Jordi|Josef|Julien|Karim|Laurent|Lorenzo|Luca
Lucas|Ludwig|Luigi|Magnus|Manfred|Marcel|Marcelo|Marek|Mariano|Marina|Markus|Marta|Mathieu
Matteo|Mats|Matthias|Mauricio|Maurizio|Miroslav|Monica|Nathalie|Nicola|Niels|Nils|Olivier|Pascal
Pavel|Petr|Piotr|Rainer|Ramon|Raul|Renata|Rene|Rolf|Ruben|Rudolf|Ruud|Sabine|Sebastian|Silvia
Simone|Stanislav|Stefano|Sylvie|Thorsten|Tomas|Ulrich|Ursula|Valerie|Vincent|Vincenzo|Werner
Wim|Xavier|Yves|Zoltan|Jaroslav|Jiri|Tadeusz|Krzysztof|Wojciech|Vaclav|Kostas|Yannis|Giorgos
Nikos|Dimitris|Katerina|Eleni|Zinedine|Daniela|Bernie|Abigail|Annie|Becky|Brenda|Carol|Cheryl
Chloe|Connor|Dave|Debbie|Derek|Donna|Doug|Eddie|Eileen|Elaine|Eleanor|Evan|Frances|Gerry
Gillian|Gloria|Hannah|Harvey|Heather|Howard|Irene|Jake|Jenny|Jessica|Jill|Joanna|Josh|Joyce
Judith|Kathleen|Katie|Kelly|Kieran|Kirsty|Leslie|Lorraine|Louise|Marcus|Martha|Maureen|Melanie
Melissa|Nathan|Pamela|Pauline|Phillip|Rebecca|Rhys|Sheila|Shirley|Stanley|Trevor|Vanessa
Wendy|Yvonne|Zoe|Owen|Dylan|Huw|Gethin|Rhodri|Seamus|Declan|Eoin|Ronan|Brendan|Niall|Aidan
Conor|Fergus|Angus|Alasdair|Callum
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
