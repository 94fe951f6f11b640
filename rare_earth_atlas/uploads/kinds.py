"""What an uploaded table is, and which of its columns mean what.

Three kinds of upload, each with template columns: facilities (for the map), country-year
values (for the Capacity page's overlay) and demand assumptions (the Demand page's custom
scenario). ``guess_kind`` recognises the kind from the headers; ``match_columns`` maps header
variants ("Latitude", "lat", "y", "Capacity (t/yr)") to template columns. Users can correct
both in the page; these are only the first guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rare_earth_atlas.uploads.cells import year_columns


@dataclass(frozen=True)
class UploadKind:
    name: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...]


KINDS: dict[str, UploadKind] = {
    "facilities": UploadKind(
        "facilities",
        "Facilities (shown on the map)",
        required=("name", "country"),
        optional=(
            "operator",
            "city",
            "province_or_state",
            "lat",
            "lon",
            "stage",
            "capacity_value",
            "capacity_unit",
            "status",
            "location_precision",
            "commodity",
        ),  # fmt: skip
    ),
    "country_year": UploadKind(
        "country_year",
        "Country-year values (shown on the Capacity page)",
        required=("country", "year", "value"),
        optional=("commodity", "measure", "detail", "flow", "unit"),
    ),
    "demand_assumptions": UploadKind(
        "demand_assumptions",
        "Demand assumptions (the Demand page's custom scenario)",
        required=("sector", "units_base_year", "magnet_kg_per_unit", "ree_content_pct"),
        optional=("label", "ceiling_units", "growth_steps_pct", "growth_aps_pct", "growth_nze_pct"),
    ),
}

# Header variants seen in real files, after normalisation (lower case, units in brackets and
# punctuation removed, spaces and underscores unified), including common German, French,
# Spanish and Chinese headers of European and Chinese statistical exports.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "facility",
        "facility name",
        "plant",
        "plant name",
        "site",
        "project",
        "mine",
        "anlage",
        "werk",
        "standort name",
        "nom",
        "usine",
        "site nom",
        "nombre",
        "planta",
        "instalación",
        "instalacion",
        "名称",
        "企业名称",
        "工厂",
        "项目",
    ),
    "operator": (
        "operator",
        "company",
        "owner",
        "operator name",
        "betreiber",
        "unternehmen",
        "firma",
        "exploitant",
        "entreprise",
        "société",
        "operador",
        "empresa",
        "企业",
        "公司",
        "运营商",
    ),
    "country": (
        "country",
        "entity",
        "nation",
        "country or locality",
        "country name",
        "country or area",
        "iso3",
        "国家",
        "land",
        "staat",
        "pays",
        "país",
        "pais",
        "paese",
    ),
    "city": (
        "city",
        "town",
        "location",
        "city or town",
        "stadt",
        "ort",
        "standort",
        "ville",
        "ciudad",
        "localidad",
        "città",
        "citta",
        "城市",
        "地点",
    ),
    "province_or_state": (
        "province or state",
        "state or province",
        "province",
        "state",
        "region",
        "prefecture",
        "provinz",
        "bundesland",
        "estado",
        "provincia",
        "省",
        "省份",
        "州",
    ),  # fmt: skip
    "lat": ("lat", "latitude", "y", "breitengrad", "breite", "latitud", "latitudine", "纬度"),
    "lon": (
        "lon",
        "long",
        "lng",
        "longitude",
        "x",
        "längengrad",
        "laengengrad",
        "länge",
        "laenge",
        "longitud",
        "longitudine",
        "经度",
    ),
    "stage": (
        "stage",
        "type",
        "process",
        "activity",
        "segment",
        "stufe",
        "typ",
        "étape",
        "etape",
        "etapa",
        "tipo",
        "环节",
        "类型",
    ),
    "capacity_value": (
        "capacity",
        "capacity value",
        "nameplate capacity",
        "capacity t yr",
        "capacity tpa",
        "kapazität",
        "kapazitaet",
        "capacité",
        "capacite",
        "capacidad",
        "capacità",
        "产能",
        "设计产能",
    ),
    "capacity_unit": (
        "unit",
        "units",
        "capacity unit",
        "capacity units",
        "einheit",
        "unité",
        "unite",
        "unidad",
        "单位",
    ),
    "status": ("status", "project status", "statut", "estado", "stato", "状态"),
    "location_precision": ("location precision", "precision", "location accuracy", "accuracy"),
    "year": ("year", "yr", "年份", "年", "jahr", "année", "annee", "año", "ano", "anno"),
    "value": (
        "value",
        "amount",
        "quantity",
        "production",
        "output",
        "tonnes",
        "tons",
        "volume",
        "wert",
        "valeur",
        "valor",
        "produktion",
        "menge",
        "förderung",
        "foerderung",
        "production minière",
        "producción",
        "produccion",
        "数值",
        "产量",
    ),
    "measure": ("measure", "indicator", "statistic", "statistics", "series", "variable", "stat", "kennzahl"),
    "commodity": (
        "commodity",
        "commodities",
        "mineral",
        "minerals",
        "commodity name",
        "material",
        "element",
        "rohstoff",
        "produit",
        "矿种",
    ),
    "detail": (
        "statistics detail",
        "statistic detail",
        "detail",
        "details",
        "sub commodity",
        "subcommodity",
        "item",
        "description",
    ),
    "flow": ("flow", "trade flow", "direction", "flux"),
    "unit": ("unit", "units", "einheit", "unité", "unite", "unidad", "unità", "单位"),
    "sector": ("sector", "segment", "application", "end use"),
    "label": ("label", "product", "description"),
    "units_base_year": ("units base year", "units", "units in base year", "base year units"),
    "magnet_kg_per_unit": ("magnet kg per unit", "magnet mass", "magnet mass per unit", "kg per unit"),
    "ree_content_pct": ("ree content pct", "ree content", "rare earth content", "re content"),
    "ceiling_units": ("ceiling units", "market size", "market size at saturation", "saturation units", "ceiling"),
    "growth_steps_pct": ("growth steps pct", "growth steps", "steps growth"),
    "growth_aps_pct": ("growth aps pct", "growth aps", "aps growth"),
    "growth_nze_pct": ("growth nze pct", "growth nze", "nze growth"),
}


def normalise_header(header: object) -> str:
    """'Capacity (t/yr)' -> 'capacity t yr'; 'Latitude ' -> 'latitude'."""
    text = str(header).strip().lower()
    text = re.sub(r"[()\[\]{}/\\_\-.,:;%]+", " ", text)
    return " ".join(text.split())


def match_columns(headers: list[str], kind: str) -> dict[str, str]:
    """{template column: header} for the headers that match one of the kind's columns.
    Exact normalised matches first, then a header that starts with a synonym ('capacity t
    yr' for 'capacity'); each header is used once."""
    wanted = (*KINDS[kind].required, *KINDS[kind].optional)
    normalised = {h: normalise_header(h) for h in headers}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    # Publishers glue footnote numbers to headers ("Country or locality2", "HTS code2"): a last
    # pass reads each header without them.
    footless = {h: re.sub(r"(?<=[a-z])\d{1,2}$", "", n) for h, n in normalised.items()}
    for names_of in (normalised, footless):
        for exact in (True, False):
            for column in wanted:
                if column in mapping:
                    continue
                for header, norm in names_of.items():
                    if header in used:
                        continue
                    names = (normalise_header(column), *SYNONYMS.get(column, ()))
                    hit = norm in names if exact else any(norm.startswith(n + " ") for n in names if len(n) > 2)
                    if hit:
                        mapping[column] = header
                        used.add(header)
                        break
    return mapping


@dataclass(frozen=True)
class KindGuess:
    kind: str | None  # None when no kind's required columns are all there
    closest: str  # the kind that came closest (the one to ask the user about)
    mapping: dict[str, str]
    wide_years: int  # year columns found (a wide country-year table)
    missing: tuple[str, ...]  # required columns of ``closest`` not found


def guess_kind(headers: list[str]) -> KindGuess:
    """The kind whose required columns the headers cover best. A table with a country column
    and one column per year is a (wide) country-year table."""
    years = len(year_columns(headers))
    candidates = []
    for order, kind in enumerate(KINDS.values()):
        mapping = match_columns(headers, kind.name)
        required = ["country"] if kind.name == "country_year" and years >= 2 else list(kind.required)
        missing = tuple(c for c in required if c not in mapping)
        coverage = (len(required) - len(missing)) / len(required)
        candidates.append((coverage, len(mapping), -order, kind.name, mapping, missing))
    coverage, _, _, name, mapping, missing = max(candidates)
    return KindGuess(
        kind=None if missing else name,
        closest=name,
        mapping=mapping,
        wide_years=years if name == "country_year" else 0,
        missing=missing,
    )
