"""Country names as the reference sources spell them, mapped to ISO 3166-1 alpha-3 codes.

USGS and IEA tables use their own spellings ("Burma", "Korea, Republic of") and two
aggregates that are not countries: USGS's "Other countries" (code ``OTH``) and the world
total (code ``WLD``, the World Bank's convention). One table here, so a name is mapped in
one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORLD_ISO3 = "WLD"
OTHER_ISO3 = "OTH"

ISO3_BY_NAME: dict[str, str] = {
    "Australia": "AUS",
    "Brazil": "BRA",
    "Burma": "MMR",
    "Myanmar": "MMR",
    "Burundi": "BDI",
    "Canada": "CAN",
    "China": "CHN",
    "Estonia": "EST",
    "France": "FRA",
    "Greenland": "GRL",
    "India": "IND",
    "Japan": "JPN",
    "Madagascar": "MDG",
    "Malaysia": "MYS",
    "Nigeria": "NGA",
    "Russia": "RUS",
    "South Africa": "ZAF",
    "Sweden": "SWE",
    "Tanzania": "TZA",
    "Thailand": "THA",
    "United States": "USA",
    "Vietnam": "VNM",
    "Other countries": OTHER_ISO3,
    "World total": WORLD_ISO3,
    "Total": WORLD_ISO3,
}

# The display name used everywhere in the app for each code (USGS says "Burma";
# the app follows USGS for its own tables and shows "Burma (Myanmar)").
DISPLAY_NAME_BY_ISO3: dict[str, str] = {
    "MMR": "Burma (Myanmar)",
    WORLD_ISO3: "World",
    OTHER_ISO3: "Other countries",
}


def iso3_for(name: str) -> str:
    """Return the ISO3 code for a country name used in the reference sources.

    Raises ``ValueError`` naming the unknown country, so a new spelling in a source
    file fails the build instead of being dropped.
    """
    key = name.strip()
    if key not in ISO3_BY_NAME:
        raise ValueError(f"unknown country name {key!r}: add it to ISO3_BY_NAME in countries.py")
    return ISO3_BY_NAME[key]


def display_name(country: str, iso3: str) -> str:
    """Name shown to users for a country row."""
    return DISPLAY_NAME_BY_ISO3.get(iso3, country)


# Names people write that neither ISO 3166 nor pycountry's translations list (checked against
# both): older or English short forms, and a few short Chinese and German forms.
ALIASES_TO_ISO3: dict[str, str] = {
    "burma": "MMR",
    "turkey": "TUR",
    "ivory coast": "CIV",
    "kosovo": "XKX",
    "south korea": "KOR",
    "north korea": "PRK",
    "korea": "KOR",
    "russia": "RUS",
    "the netherlands": "NLD",
    "holland": "NLD",
    "great britain": "GBR",
    "england": "GBR",
    "uk": "GBR",
    "u.k.": "GBR",
    "us": "USA",
    "u.s.": "USA",
    "u.s.a.": "USA",
    "united states of america": "USA",
    "america": "USA",
    "czech republic": "CZE",
    "laos": "LAO",
    "vietnam": "VNM",
    "中国": "CHN",  # pycountry's Chinese translation has 中国 only for some forms
    "美国": "USA",
    "韩国": "KOR",
    "俄罗斯": "RUS",
    "英国": "GBR",
    "russland": "RUS",
    # USGS's, the World Bank's, BGS's and Our World in Data's spellings.
    "congo (kinshasa)": "COD",
    "congo (brazzaville)": "COG",
    "congo, democratic republic": "COD",
    "congo, democratic republic of": "COD",
    "congo, democratic republic of the": "COD",
    "congo, d.r.": "COD",
    "congo, dr": "COD",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "dr congo": "COD",
    "drc": "COD",
    "zaire": "COD",
    "congo, republic": "COG",
    "congo, republic of": "COG",
    "republic of the congo": "COG",
    "korea, north": "PRK",
    "korea, south": "KOR",
    "korea, democratic people's republic": "PRK",
    "dprk": "PRK",
    "swaziland": "SWZ",
    "macedonia": "MKD",
    "cape verde": "CPV",
    "east timor": "TLS",
    "turkiye": "TUR",
    "burma (myanmar)": "MMR",
    "myanmar (burma)": "MMR",
    "taiwan, china": "TWN",
    "chinese taipei": "TWN",
    "hong kong, china": "HKG",
    "macao, china": "MAC",
    "lao pdr": "LAO",
    "palestine": "PSE",
    "egypt, arab republic": "EGY",
    "yemen, republic": "YEM",
    "venezuela, rb": "VEN",
    "micronesia, fed. sts.": "FSM",
    "iran, islamic republic": "IRN",
    "kyrgyz republic": "KGZ",
    "slovak republic": "SVK",
    "st. lucia": "LCA",
    "st. kitts and nevis": "KNA",
    "st. vincent and the grenadines": "VCT",
    "brunei": "BRN",
}

# Countries that no longer exist, as historical statistics (BGS, USGS Data Series) still list them:
# their figures cannot be set beside today's countries, so they are named as such, not as unknown.
FORMER_COUNTRIES = {
    "ussr", "u.s.s.r.", "soviet union", "yugoslavia", "czechoslovakia", "serbia and montenegro", "east germany",
    "west germany", "german democratic republic", "netherlands antilles",
}  # fmt: skip


TRANSLATION_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt", "zh_CN")


@lru_cache(maxsize=1)
def _translated_names() -> dict[str, str]:
    """Country names in other languages, from the ISO 3166 translations pycountry ships
    ('Australien', 'Chine', 'Estados Unidos', '缅甸'): lower-case name -> ISO3."""
    import gettext

    import pycountry

    index: dict[str, str] = {}
    for language in TRANSLATION_LANGUAGES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            continue
        for country in pycountry.countries:
            for attribute in ("name", "official_name", "common_name"):
                value = getattr(country, attribute, None)
                if value:
                    index.setdefault(translation.gettext(value).lower(), country.alpha_3)
    return index


def normalise_country(name: object) -> str | None:
    """ISO3 code for a country as people write it ("Burma", "USA", "Korea, Republic of",
    "中国"), or None when it is not recognised. Exact matches only (pycountry's names, official
    names, common names and codes, plus ``ALIASES_TO_ISO3``): fuzzy matching turns "Kosovo"
    into Serbia, which would be a wrong answer rather than an honest "not recognised"."""
    import pycountry

    if name is None:
        return None
    spaced = _conventional(" ".join(str(name).split()))
    text = spaced.strip(".,;")
    if not text:
        return None
    for candidate in (spaced.lower(), text.lower()):
        if candidate in ALIASES_TO_ISO3:
            return ALIASES_TO_ISO3[candidate]
    found = _exact(text, pycountry)
    if found is None:
        # Statistical tables glue footnote marks to names: "China3", "Indiae, 4", "Australiae"
        # (e = estimated). Only tried when the name as written is not recognised.
        bare = re.sub(r"[\d,\s*†‡]+$", "", text)
        for candidate in (bare, re.sub(r"(?<=[a-z])(?:e|r|p|\(e\))$", "", bare)):
            if candidate and candidate != text and (found := _exact(candidate, pycountry)) is not None:
                break
    return found


def _conventional(text: str) -> str:
    """The spelling conventions of statistical tables, undone: curly apostrophes, '&', a
    trailing or leading 'The' ("Bahamas, The", "The Bahamas"), abbreviated qualifiers
    ("Korea, Rep. of", "Korea (Dem. P.R. of)", "Iran, Islamic Rep.")."""
    text = text.replace("’", "'").replace("‘", "'").replace(" & ", " and ")
    text = re.sub(r",\s*the$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^the\s+(?=\w)", "", text, flags=re.IGNORECASE)
    qualifier = re.match(r"^(.+?)\s*\((.+)\)$", text)
    if qualifier and re.search(r"\b(rep|republic|dem|p\.r)\b", qualifier.group(2), re.IGNORECASE):
        text = f"{qualifier.group(1)}, {qualifier.group(2)}"  # "Korea (Rep. of)" -> "Korea, Rep. of"
    text = re.sub(r"\bDem\.?\s*P\.\s*R\.", "Democratic People's Republic", text, flags=re.IGNORECASE)
    text = re.sub(r"\bRep\.(?=\s|$)", "Republic", text, flags=re.IGNORECASE)
    text = re.sub(r"\bDem\.(?=\s|$)", "Democratic", text, flags=re.IGNORECASE)
    return text


def glued_estimate(name: object) -> bool:
    """True when a statistical table marks a whole row estimated by gluing 'e' to the country's
    name ("Australiae", "Indiae, 4"): the name is not a country as written, but is without it."""
    text = _conventional(" ".join(str(name).split())).strip(".,;")
    if not text or _exact_or_none(text) is not None:
        return False
    bare = re.sub(r"[\d,\s*†‡]+$", "", text)
    return (
        bool(re.search(r"(?<=[a-z])(?:e|\(e\))$", bare))
        and _exact_or_none(re.sub(r"(?:e|\(e\))$", "", bare)) is not None
    )


def _exact_or_none(text: str) -> str | None:
    import pycountry

    return _exact(text, pycountry)


_AGGREGATE_RE = re.compile(
    r"^(world|total|grand total|world total|other countries|others|other|rest of (the )?world|all countries|all other)\b",
    re.IGNORECASE,
)
# Continents, regions and country groups (Our World in Data, the IEA, the World Bank, BP and the
# Energy Institute publish figures for them beside countries).
_REGIONS = {
    "africa", "asia", "europe", "north america", "south america", "latin america", "central america", "oceania",
    "middle east", "caribbean", "eurasia", "asia pacific", "central and south america", "cis",
    "commonwealth of independent states", "european union", "eu", "eu27", "eu-27", "oecd", "non-oecd", "opec",
    "non-opec", "g7", "g20", "sub-saharan africa", "east asia and pacific", "south asia", "north africa",
    "middle east and north africa", "western africa", "eastern africa", "southern africa", "americas",
    "australia and new zealand", "other asia pacific", "other europe", "other africa", "other cis",
}  # fmt: skip
_GROUP_SUFFIX_RE = re.compile(
    r"\((ei|bp|eia|ember|shift|iea|wb|un|27|28|excl\.?[^)]*)\)$|\bincome countries$|\bexcl\.", re.I
)


def is_aggregate(name: object) -> bool:
    """True for rows that sum several countries ("World total (rounded)", "Other countries",
    "Rest of world", "Africa", "High-income countries", "Europe (EI)", "China, Germany, and
    Russia"): not a country, and not a mistake either."""
    text = " ".join(str(name).split())
    if _AGGREGATE_RE.match(text) or _GROUP_SUFFIX_RE.search(text):
        return True
    lowered = re.sub(r"\s*\([^)]*\)$", "", text).lower()
    if lowered in _REGIONS or text.lower() in _REGIONS:
        return True
    # A list of countries ("United States and Canada"), unless the whole name is one country
    # ("Trinidad and Tobago", "Bosnia and Herzegovina").
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text) if p.strip()]
    return len(parts) >= 2 and normalise_country(text) is None and all(normalise_country(p) for p in parts)


def is_former_country(name: object) -> bool:
    """True for countries that no longer exist ("USSR", "Yugoslavia")."""
    return " ".join(str(name).split()).lower().strip(".") in {c.strip(".") for c in FORMER_COUNTRIES}


def _exact(text: str, pycountry) -> str | None:
    if text.lower() in ALIASES_TO_ISO3:
        return ALIASES_TO_ISO3[text.lower()]
    if text in ISO3_BY_NAME and ISO3_BY_NAME[text] not in (WORLD_ISO3, OTHER_ISO3):
        return ISO3_BY_NAME[text]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        pass
    return _translated_names().get(text.lower()) or _unaccented_names().get(_unaccented(text))


def _unaccented(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def _unaccented_names() -> dict[str, str]:
    """ISO names without accents ('curacao', 'reunion', 'cote d'ivoire') -> ISO3."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                index.setdefault(_unaccented(value), country.alpha_3)
    return index
