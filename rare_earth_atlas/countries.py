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
}


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
    spaced = " ".join(str(name).split())
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


_AGGREGATE_RE = re.compile(
    r"^(world|total|grand total|world total|other countries|others|other|rest of (the )?world|all countries)\b", re.IGNORECASE
)


def is_aggregate(name: object) -> bool:
    """True for rows that sum several countries ("World total (rounded)", "Other countries",
    "Rest of world"): not a country, and not a mistake either."""
    return bool(_AGGREGATE_RE.match(" ".join(str(name).split())))


def _exact(text: str, pycountry) -> str | None:
    if text.lower() in ALIASES_TO_ISO3:
        return ALIASES_TO_ISO3[text.lower()]
    if text in ISO3_BY_NAME and ISO3_BY_NAME[text] not in (WORLD_ISO3, OTHER_ISO3):
        return ISO3_BY_NAME[text]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        return _translated_names().get(text.lower())
