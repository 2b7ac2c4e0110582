"""Hand-written word lists of the place gazetteer (ingest/warehouse/seeds/places.py):
the stoplist of names never emitted, the curated demonyms and the curated
subdivisions. Data only; places.py documents how each is used."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


# Matching keys never emitted (see the module docstring), and words that keep an
# alternate name out ("University of Texas" for a part of Austin). Written as keys:
# lower case, no accents. Drawn up by reading the single-word names that are
# frequent English words, and the names that the affiliation strings of the dev
# paperlists hit; a name stays when its place meaning is the one affiliation
# strings use ("Boston", "Phoenix", "Nice", "Bath"), or when it is ambiguous by
# the rule anyway ("Reading", "Cambridge").
STOPLIST = frozenset(
    # Academic and institutional words, in English and the languages of
    # institution names ("Universidad", "Instituto Superior Técnico", "Beijing
    # Normal University", "Swiss Federal Institute").
    _words(
        """
        university universidad universidade universita universitat college academy
        institute institut instituto school research national nacional international
        federal superior normal technical polytechnic imperial union alliance
        enterprise industry industrial progress independence mission global
        commonwealth republic federation confederation liberty unity opportunity
        capital city state county district province region metro airport campus
        """
    )
    # Directions and landscape words: names of subdivisions in many countries
    # ("Central", "North West") and parts of institution names ("South China
    # University of Technology", "University of Western Ontario").
    + _words(
        """
        north south east west northern southern eastern western central centre
        center centro midlands midway centennial maritime plateau coast gulf lakes
        rivers highland woodland woodlands seaside lakeside hillside uptown chinatown
        westside colony plantation reservoir terrace annex crossings orchards summit
        peak springs spring fountain cascade delta bend cove valley forest villages
        andes asia balkan centar centrale collines cascades lacs littoral
        montagnes lagunes plateaux savanes ouest norte oeste leste este isla colonia
        estuaire equateur glacis oriental occidental orientale atlantique atlantico
        interior
        """
    )
    # Common English words.
    + _words(
        """
        time than most much best same come name young along police deal turn
        march rest date goes gold golden bank save green okay mine officer store sale
        tour tours luck rich basic male drug mobile wedding soul surprise bear drama
        pool holiday liberal orange salt split solo hang bell mile tank manage semi
        roman bush kong marks monster olympic bone spoken temple roles tape crystal
        hire sake pace hook begun fate boom fleet punch clay dual oral brick lion
        coin sandy lens paradise genes horn pearl peer eagle retreat sterling humble
        hurricane pets torn savage sunset tire roses manga beaches alot amen
        butterfly mentor anthem bake lone papa dome sour alley antique lime marina
        sunrise tunes parole worms swords gore moron falcon turbo paramount vine
        shaping apex vista flora plaque jupiter mets borne dire manly rouge grenade
        panda cocoa pest mascot meds bale caller homo hale grad hercules mustang
        tango tame walnut bloke plum sedan ware vineyard mango logos mono weir
        barking plunge ajax badger converse defiance lama thorn keystone prosper
        stains orion atlantis sire torrent corona evergreen groves panorama bras
        kale latina meridian plato vicar afar dole limo mascara pristine mojo
        canning whitehall shoreline maga turk trident vulcan bane magna dandy mach
        sine ogre revel lids hippo kilo terminus posse samba sulphur lander cordon
        alia pinto revere aloha antelope mite hola upland ascot goodyear mage sumo
        divas lila sues acreage westerly toon agar bello inca salam chas lombard
        pita nola portage camo bama sparta ruse abba colon sari tuscany troy victoria
        sidney sophia athena soma tome kali kira kara mari mani sama
        bona zeta nord pembroke
        """
    )
    # First names and surnames: they name institutions ("Allen Institute",
    # "George Mason University", "Queen Mary University of London", "Morgan
    # Stanley", "Nelson Mandela University", "Tata Institute", "Feng Chia").
    + _words(
        """
        david george paul mary martin taylor jackson adam clinton wilson davis
        howard elizabeth walker gary allen anna wayne anderson hamilton lawrence
        lincoln graham kennedy moore murray alice barry warren adams marshall
        mitchell nelson campbell parker evans perry douglas franklin wright stanley
        victor kent tyler harvey kyle mason nancy norman vincent murphy stuart brad
        julia lucas rogers harrison shaw linda harper logan hudson duncan palmer
        bradley brandon caroline arnold bryan mercedes adrian frederick barnes
        henderson marco montgomery winston carson richardson gilbert griffin leslie
        sebastian garcia hopkins monroe roosevelt ferguson beverly burke hayes
        robertson lynn manning sherman bryant donna milton miranda tracy lindsay
        eugene fletcher marion baldwin johnston lopez preston tucker thomson vernon
        matthews nigel gardner chandler leigh carey castro clayton dixon gloria
        shirley whitney irving rodriguez teresa vera stella martinez patterson
        ramsey holt torres aston perez tara lester clare katy nikki ahmad alicia
        morton serena carmen helena holden laurel clive conway kendall lawson
        seymour bentley hanna jasper juliet roth keller alma edison hoover shelby
        isabel garner ariel bowie hayden levi lara dalton everett randolph stanton
        walton buchanan fairfax huntington middleton thornton foley durant suarez
        amos ramos sheridan buckley garland rubio addison caldwell garfield lowell
        rivera dickinson hutchinson livingston livingstone prescott boone quincy
        alvin bartlett whitman cutler antony rutherford herrera benton hayward dyer
        moreno ramon claudio dickson shelton brody morales bethany draper godfrey
        rosenberg sanford peabody nadia palin cesar marin blaine cornelius granger
        holloway lacey oakley daphne ewing dolores greer hobbs ripley calhoun marino
        melville mendes zachary santana norwood carmichael radcliffe rees taft
        lennox massey morley lamont larkin paine balfour colton hollis carney niles
        napier fatima liang duran kant mckinney merrick fergus cochrane mora anand
        edmond hurst kearney pendleton gillette lyman mariano melrose willoughby
        marquette raman khalil kamal schroeder molina machado macpherson latham
        salazar gutierrez brendon wheaton aldridge lawton navarro henrietta
        nakamura karin rosetta newton winthrop feng bose mandela tata hamid dalai
        hassan devi rashid farah judah hamas queens carnegie wharton dartmouth
        villanova chia cheng chiao ting shan yuki kami kato goto mori nada dade chin
        eden salem zion sion ariel
        """
    )
    # Companies and labs that are also towns, and towns named in institution
    # names elsewhere ("Nanyang Technological University", SG, is not in
    # Nanyang, CN; "Westlake University" is in CN, "York University" in CA, the
    # "Los Alamos" laboratory in the US, "Kalinga Institute" in IN).
    + _words(
        """
        google meta mila toyota honda nokia hitachi naruto sakura ampere appleton
        chunghwa elec moro nanyang westlake soochow york pompeu kalinga valence
        """
    )
    + [
        "los alamos",
        "university of texas",
        "ciudad universitaria",
        "cidade universitaria",
    ]
)

# Curated demonyms and adjectives, by country: only those that name one country
# in an affiliation string.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan",),
    "AL": ("Albanian",),
    "AM": ("Armenian",),
    "AR": ("Argentine", "Argentinian"),
    "AT": ("Austrian",),
    "AU": ("Australian",),
    "AZ": ("Azerbaijani",),
    "BA": ("Bosnian",),
    "BD": ("Bangladeshi",),
    "BE": ("Belgian",),
    "BG": ("Bulgarian",),
    "BO": ("Bolivian",),
    "BR": ("Brazilian",),
    "BY": ("Belarusian",),
    "CA": ("Canadian",),
    "CH": ("Swiss",),
    "CL": ("Chilean",),
    "CM": ("Cameroonian",),
    "CN": ("Chinese",),
    "CO": ("Colombian",),
    "CR": ("Costa Rican",),
    "CU": ("Cuban",),
    "CY": ("Cypriot",),
    "CZ": ("Czech",),
    "DE": ("German",),
    "DK": ("Danish",),
    "DZ": ("Algerian",),
    "EC": ("Ecuadorian",),
    "EE": ("Estonian",),
    "EG": ("Egyptian",),
    "ES": ("Spanish",),
    "ET": ("Ethiopian",),
    "FI": ("Finnish",),
    "FR": ("French",),
    "GH": ("Ghanaian",),
    "GR": ("Greek", "Hellenic"),
    "GT": ("Guatemalan",),
    "HR": ("Croatian",),
    "HU": ("Hungarian",),
    "ID": ("Indonesian",),
    "IE": ("Irish",),
    "IL": ("Israeli",),
    "IN": ("Indian",),
    "IQ": ("Iraqi",),
    "IR": ("Iranian",),
    "IS": ("Icelandic",),
    "IT": ("Italian",),
    "JM": ("Jamaican",),
    "JO": ("Jordanian",),
    "JP": ("Japanese",),
    "KE": ("Kenyan",),
    "KR": ("Korean",),
    "KZ": ("Kazakh", "Kazakhstani"),
    "LB": ("Lebanese",),
    "LK": ("Sri Lankan",),
    "LT": ("Lithuanian",),
    "LU": ("Luxembourgish",),
    "LV": ("Latvian",),
    "MA": ("Moroccan",),
    "MD": ("Moldovan",),
    "ME": ("Montenegrin",),
    "MN": ("Mongolian",),
    "MT": ("Maltese",),
    "MX": ("Mexican",),
    "MY": ("Malaysian",),
    "NG": ("Nigerian",),
    "NL": ("Dutch",),
    "NO": ("Norwegian",),
    "NP": ("Nepalese", "Nepali"),
    "NZ": ("New Zealander",),
    "PA": ("Panamanian",),
    "PE": ("Peruvian",),
    "PH": ("Philippine", "Filipino"),
    "PK": ("Pakistani",),
    "PL": ("Polish",),
    "PT": ("Portuguese",),
    "PY": ("Paraguayan",),
    "QA": ("Qatari",),
    "RO": ("Romanian",),
    "RS": ("Serbian",),
    "RU": ("Russian",),
    "RW": ("Rwandan",),
    "SA": ("Saudi",),
    "SE": ("Swedish",),
    "SG": ("Singaporean",),
    "SI": ("Slovenian", "Slovene"),
    "SK": ("Slovak",),
    "SN": ("Senegalese",),
    "SY": ("Syrian",),
    "TN": ("Tunisian",),
    "TR": ("Turkish",),
    "TW": ("Taiwanese",),
    "TZ": ("Tanzanian",),
    "UA": ("Ukrainian",),
    "UG": ("Ugandan",),
    "UY": ("Uruguayan",),
    "UZ": ("Uzbek",),
    "VE": ("Venezuelan",),
    "VN": ("Vietnamese",),
    "XK": ("Kosovar",),
    "ZA": ("South African",),
    "ZM": ("Zambian",),
    "ZW": ("Zimbabwean",),
}

# Subdivisions the sources give only in a form that the matcher would misread:
# pycountry has CN-NM only as "Nei Mongol Zizhiqu", and "Inner Mongolia
# University" would otherwise be read as Mongolia.
CURATED_SUBDIVISIONS = {"Inner Mongolia": "CN"}
