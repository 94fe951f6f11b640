"""Country names as the reference sources spell them, mapped to ISO 3166-1 alpha-3 codes.

USGS and IEA tables use their own spellings ("Burma", "Korea, Republic of") and two
aggregates that are not countries: USGS's "Other countries" (code ``OTH``) and the world
total (code ``WLD``, the World Bank's convention). One table here, so a name is mapped in
one place.
"""

from __future__ import annotations

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
