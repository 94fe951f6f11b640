"""China's processing against Western mining: regional grouping, stage shares, Western
capacity by stage, quotas and concentration metrics.

"The West" is a user-editable group of countries; every function takes it as a set of ISO3
codes so that regrouping (say, adding India) changes every chart the same way. Shares come
from two bases that are never mixed in one number: USGS mine production (all rare earths,
t REO, every producing country listed) and the IEA's magnet rare earths (Nd, Pr, Dy, Tb;
only the largest countries listed). Where a source lists only some countries, the unlisted
remainder is reported as such rather than assigned to a region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.data.countries import OTHER_ISO3, WORLD_ISO3, iso3_for
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.vocabulary import (
    CHINA_ISO3,
    CHINA_REGION,
    REGIONS,
    REST_REGION,
    WEST_CHOICES,
    WEST_REGION,
)


def west_iso3(choices: Iterable[str]) -> frozenset[str]:
    """ISO3 codes of the countries the user counts as "the West"."""
    codes: set[str] = set()
    for choice in choices:
        if choice not in WEST_CHOICES:
            raise ValueError(f"unknown country or group {choice!r}")
        codes.update(WEST_CHOICES[choice])
    codes.discard(CHINA_ISO3)
    return frozenset(codes)


def canonical_west(choices: Iterable[str]) -> tuple[str, ...]:
    """The user's choice of Western countries in the order the choices are offered, so that the
    same group chosen in another order is the same group."""
    chosen = set(choices)
    return tuple(c for c in WEST_CHOICES if c in chosen)


def west_label(choices: Iterable[str]) -> str:
    """The grouping in words, stated on every chart."""
    chosen = [c for c in WEST_CHOICES if c in set(choices)]
    return "The West = " + (", ".join(chosen) if chosen else "no countries selected")


def region_of(iso3: str, west: frozenset[str]) -> str:
    if iso3 == CHINA_ISO3:
        return CHINA_REGION
    return WEST_REGION if iso3 in west else REST_REGION


# ---------------------------------------------------------------- mine production by region


def production_by_region(production: pd.DataFrame, west: frozenset[str]) -> pd.DataFrame:
    """Mine production per year for China, the West and the rest of the world (t REO, USGS),
    with each year's share of the USGS world total. A region-year is estimated if any of its
    countries' figures is. USGS's 'other countries' aggregate counts as rest of world.

    The table is small (about 20 rows a year), so plain Python is simpler and much faster
    than a pandas group-by with custom aggregations."""
    world: dict[int, float] = {}
    cells: dict[tuple[int, str], dict] = {}
    for row in production.itertuples(index=False):
        year = int(row.year)
        if row.iso3 == WORLD_ISO3:
            world[year] = float(row.tonnes_reo)
            continue
        if pd.isna(row.tonnes_reo):
            continue
        for region in REGIONS:
            cells.setdefault((year, region), {"tonnes_reo": 0.0, "estimated": False, "countries": [], "sources": {}})
        cell = cells[(year, region_of(row.iso3, west))]
        cell["tonnes_reo"] += float(row.tonnes_reo)
        cell["estimated"] |= row.status == "estimated"
        cell["countries"].append(row.country)
        for year_region in (cell, cells[(year, CHINA_REGION)], cells[(year, WEST_REGION)], cells[(year, REST_REGION)]):
            year_region["sources"][row.source_id] = None
    rows = [
        {
            "year": year,
            "region": region,
            "tonnes_reo": cell["tonnes_reo"],
            "estimated": cell["estimated"],
            "countries": ", ".join(sorted(cell["countries"])),
            "source_id": ";".join(cell["sources"]),
            "share_of_world_pct": round(100 * cell["tonnes_reo"] / world[year], 1) if year in world else float("nan"),
        }
        for (year, region), cell in sorted(cells.items(), key=lambda item: (item[0][0], REGIONS.index(item[0][1])))
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- stage ladder


MAGNET_REE = "magnet rare earths (Nd, Pr, Dy, Tb)"


def _region_shares_from_listed(rows: pd.DataFrame, west: frozenset[str]) -> dict:
    """China, West and rest-of-world shares from a source that lists only some countries."""
    china = west_total = 0.0
    west_names = []
    for row in rows.itertuples(index=False):
        iso3 = iso3_for(row.region)
        if iso3 == CHINA_ISO3:
            china += row.share_pct
        elif iso3 in west:
            west_total += row.share_pct
            west_names.append(row.region)
    listed = float(rows["share_pct"].sum())
    return {
        "china_pct": round(china, 1),
        "west_pct": round(west_total, 1),
        "rest_pct": round(100 - china - west_total, 1),
        "unlisted_pct": round(100 - listed, 1),
        "west_countries_listed": ", ".join(west_names),
    }


def stage_ladder(
    reference: ReferenceData, west: frozenset[str], year: int, regions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Share of each stage held by China, the West and the rest of the world.

    Rows: USGS mining for ``year`` (all rare earths, every country listed); then, on the IEA's
    magnet-rare-earth basis, the newest observed mining, refining and magnet shares up to
    ``year`` and the IEA base-case projections for 2030 and 2035. For magnets only China's
    share is published, so the rest is 'outside China' with no West split.
    """
    rows = []
    production = regions if regions is not None else production_by_region(reference.mine_production, west)
    at_year = production[production["year"] == year].set_index("region")
    if not at_year.empty:
        rows.append(
            {
                "stage": "mining",
                "label": f"Mining, all rare earths, {year}",
                "year": year,
                "basis": "actual",
                "scenario": "",
                "material": "all rare earths (t REO)",
                "china_pct": at_year.loc[CHINA_REGION, "share_of_world_pct"],
                "west_pct": at_year.loc[WEST_REGION, "share_of_world_pct"],
                "rest_pct": round(
                    100
                    - at_year.loc[CHINA_REGION, "share_of_world_pct"]
                    - at_year.loc[WEST_REGION, "share_of_world_pct"],
                    1,
                ),
                "unlisted_pct": 0.0,
                "west_countries_listed": at_year.loc[WEST_REGION, "countries"],
                "estimated": bool(at_year["estimated"].any()),
                "source_id": ";".join(dict.fromkeys(";".join(at_year["source_id"]).split(";"))),
            }
        )
    shares = reference.stage_shares
    stage_names = {"mining": "Mining", "refining": "Refining and separation", "magnets": "Magnet making"}
    for stage in ("mining", "refining", "magnets"):
        material = MAGNET_REE if stage != "magnets" else None
        subset = shares[shares["stage"] == stage]
        if material:
            subset = subset[subset["material"] == material]
        actual_years = sorted(y for y in subset.loc[subset["basis"] == "actual", "year"].unique() if y <= year)
        chosen = ([("actual", actual_years[-1])] if actual_years else []) + [
            ("projection", y) for y in sorted(subset.loc[subset["basis"] == "projection", "year"].unique())
        ]
        for basis, y in chosen:
            part = subset[(subset["year"] == y) & (subset["basis"] == basis)]
            regional = _region_shares_from_listed(part, west)
            label = f"{stage_names[stage]}, {part['material'].iloc[0]}, {y}"
            if basis == "projection":
                label += f" ({part['scenario'].iloc[0]} projection)"
            row = {
                "stage": stage,
                "label": label,
                "year": int(y),
                "basis": basis,
                "scenario": part["scenario"].iloc[0],
                "material": part["material"].iloc[0],
                **regional,
                "estimated": False,
                "source_id": ";".join(dict.fromkeys(part["source_id"])),
            }
            if stage == "magnets":
                # Only China's share is published: the rest cannot be split into West and others.
                row.update(west_pct=float("nan"), rest_pct=float("nan"), west_countries_listed="not published")
            rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- Western capacity


def capacity_by_status(western: pd.DataFrame) -> pd.DataFrame:
    """Disclosed capacity per stage, unit and status (never summed across units)."""
    disclosed = western.dropna(subset=["capacity_value"])
    return (
        disclosed.groupby(["stage", "stage_label", "capacity_unit", "status"], sort=False)
        .agg(capacity=("capacity_value", "sum"), facilities=("facility_id", "count"))
        .reset_index()
    )


def west_mine_output(by_region: pd.DataFrame, year: int) -> dict:
    """The West's mine production in ``year`` (t REO, USGS) from ``production_by_region``."""
    row = by_region[(by_region["year"] == year) & (by_region["region"] == WEST_REGION)].iloc[0]
    return {
        "tonnes_reo": float(row["tonnes_reo"]),
        "estimated": bool(row["estimated"]),
        "source_id": row["source_id"],
        "countries": row["countries"],
    }


# ---------------------------------------------------------------- concentration


@dataclass(frozen=True)
class Concentration:
    """Concentration of one stage: top-1 and top-3 shares and the HHI (as a range where the
    source lists only the largest countries)."""

    top1_pct: float
    top3_pct: float | None  # None when fewer than three countries are listed
    top3_is_lower_bound: bool
    hhi_low: float
    hhi_high: float


def hhi(shares_pct: Iterable[float]) -> float:
    """Herfindahl-Hirschman index of percentage shares (0 to 10,000)."""
    return float(sum(s * s for s in shares_pct))


def concentration(listed_shares_pct: Iterable[float], complete: bool) -> Concentration:
    """Top-N shares and HHI bounds from the shares a source lists.

    If the list is complete, the HHI is exact. Otherwise the unlisted remainder r is spread
    over countries each no larger than the smallest listed one: the lower bound spreads it
    infinitely thin (adds ~0), the upper bound packs it into as few such countries as possible.
    """
    shares = sorted((float(s) for s in listed_shares_pct if s > 0), reverse=True)
    if not shares:
        raise ValueError("no shares to measure")
    base = hhi(shares)
    remainder = max(0.0, 100.0 - sum(shares))
    if complete or remainder < 1e-9:
        low = high = base
    else:
        cap = shares[-1]
        full, rest = divmod(remainder, cap)
        low, high = base, base + full * cap * cap + rest * rest
    top3 = sum(shares[:3]) if len(shares) >= 3 else None
    return Concentration(
        top1_pct=shares[0],
        top3_pct=top3 if top3 is not None else (sum(shares) if not complete else None),
        top3_is_lower_bound=not complete and len(shares) < 3,
        hhi_low=round(low, 0),
        hhi_high=round(high, 0),
    )


def band_for(hhi_low: float, hhi_high: float, bands: pd.DataFrame) -> str:
    """The band in words; 'at least X' when the range spans two bands."""
    ordered = bands.sort_values("hhi_min")

    def band(value: float) -> str:
        match = ordered[(ordered["hhi_min"] <= value) & ((value < ordered["hhi_max"]) | (ordered["hhi_max"] == 10000))]
        return str(match.iloc[0]["band"])

    low, high = band(hhi_low), band(hhi_high)
    return low if low == high else f"at least {low}"


def concentration_by_stage(reference: ReferenceData, year: int) -> pd.DataFrame:
    """Top-1, top-3 and HHI per stage: USGS mining for ``year`` (complete but for USGS's small
    'other countries' aggregate) and the IEA's newest observed magnet-rare-earth shares."""
    rows = []
    production = reference.mine_production
    at_year = production[(production["year"] == year) & ~production["iso3"].isin([WORLD_ISO3])].dropna(
        subset=["tonnes_reo"]
    )
    world = production[(production["year"] == year) & (production["iso3"] == WORLD_ISO3)]
    if not at_year.empty and not world.empty:
        total = float(world["tonnes_reo"].iloc[0])
        countries = at_year[at_year["iso3"] != OTHER_ISO3]
        shares = (100 * countries["tonnes_reo"] / total).tolist()
        top = countries.sort_values("tonnes_reo", ascending=False)["country"].tolist()
        c = concentration(shares, complete=False)
        rows.append(
            _concentration_row(
                "mining",
                f"Mining, all rare earths, {year}",
                year,
                c,
                top,
                ";".join(dict.fromkeys(at_year["source_id"])),
            )
        )
    shares_table = reference.stage_shares
    for stage, label in (("mining", "Mining"), ("refining", "Refining and separation"), ("magnets", "Magnet making")):
        part = shares_table[
            (shares_table["stage"] == stage) & (shares_table["basis"] == "actual") & (shares_table["year"] <= year)
        ]
        if stage != "magnets":
            part = part[part["material"] == MAGNET_REE]
        if part.empty:
            continue
        newest = part[part["year"] == part["year"].max()].sort_values("share_pct", ascending=False)
        c = concentration(newest["share_pct"], complete=False)
        y = int(newest["year"].iloc[0])
        rows.append(
            _concentration_row(
                stage,
                f"{label}, {newest['material'].iloc[0]}, {y}",
                y,
                c,
                newest["region"].tolist(),
                ";".join(dict.fromkeys(newest["source_id"])),
            )
        )
    table = pd.DataFrame(rows)
    table["band"] = [
        band_for(lo, hi, reference.concentration_bands)
        for lo, hi in zip(table["hhi_low"], table["hhi_high"], strict=True)
    ]
    return table


def _concentration_row(stage: str, label: str, year: int, c: Concentration, leaders: list[str], source_id: str) -> dict:
    return {
        "stage": stage,
        "label": label,
        "year": year,
        "top1_pct": round(c.top1_pct, 1),
        "top1_country": leaders[0],
        "top3_pct": None if c.top3_pct is None else round(c.top3_pct, 1),
        "top3_is_lower_bound": c.top3_is_lower_bound,
        "hhi_low": c.hhi_low,
        "hhi_high": c.hhi_high,
        "source_id": source_id,
    }


# ---------------------------------------------------------------- quotas


def quota_table(quotas: pd.DataFrame) -> pd.DataFrame:
    """China's quotas in long form for charting: one row per year and quota kind."""
    rows = []
    for row in quotas.itertuples(index=False):
        for kind, column in (("Mining", "mining_quota_t_reo"), ("Smelting and separation", "separation_quota_t")):
            value = getattr(row, column)
            derived = row.status == "derived" and kind == "Smelting and separation"
            rows.append(
                {
                    "year": int(row.year),
                    "quota": kind,
                    "tonnes_reo": value,
                    "status": "not published" if pd.isna(value) else ("derived" if derived else "published"),
                    "source_id": row.source_id,
                    "notes": row.notes,
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- China's reach abroad

REACH_STATUSES = ("in force", "statistic")


def china_reach_abroad(stakes: pd.DataFrame, production: pd.DataFrame, year: int) -> pd.DataFrame:
    """Chinese stakes and offtake contracts in force outside China, and customs figures of
    China's imports by origin, each beside its country's mine output in ``year`` (USGS, t REO)
    for scale. A share is kept with what it is a share of; nothing is summed across rows, as
    contracts rarely publish tonnages and shares of different things do not add up."""
    output = production[(production["year"] == year)].set_index("iso3")["tonnes_reo"]
    shown = stakes[stakes["status"].isin(REACH_STATUSES)].copy()
    shown["country_mine_output_t_reo"] = shown["asset_iso3"].map(output)
    shown["mine_output_year"] = year
    columns = [
        "asset_country", "asset", "chinese_company", "relationship", "share_pct", "share_of",
        "tonnage_value", "tonnage_unit", "start_year", "end_year", "status", "evidence",
        "country_mine_output_t_reo", "mine_output_year", "source_id",
    ]  # fmt: skip
    return shown.sort_values(["relationship", "asset_country"])[columns].reset_index(drop=True)


def reach_abroad_sentence(reach: pd.DataFrame) -> str:
    """What the table says, in one sentence with its counts."""
    contracts = reach[reach["relationship"] != "trade"]
    trade = reach[reach["relationship"] == "trade"]
    countries = sorted(set(contracts["asset_country"]))
    return (
        f"{len(contracts)} Chinese stakes or offtake contracts in force in {len(countries)} countries outside China "
        f"({', '.join(countries)}), and {len(trade)} customs figures of China's imports by origin. "
        "Sources do not allow one share of all mined output outside China contracted to Chinese buyers: "
        "most contracts publish no tonnage, so each row's share is only of what it says."
    )
