"""Figures behind the executive Overview: headline shares, the midstream gap, production trends.

Every function returns the numbers together with their year, status and source ids, so
the page can show where each one comes from and mark estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.data.countries import OTHER_ISO3, WORLD_ISO3, display_name
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.vocabulary import CHINA_ISO3


@dataclass(frozen=True)
class Headline:
    """One KPI: a value with its unit, year, whether it is an estimate, and its sources."""

    label: str
    value: float
    unit: str  # "%" or "t REO"
    year: int
    estimated: bool
    source_ids: tuple[str, ...]
    basis: str  # what is counted, in words
    change_pct: float | None = None  # change against the previous year, where meaningful
    change_label: str = ""

    def formatted(self) -> str:
        if self.unit == "%":
            return f"{self.value:.0f}%"
        return f"{self.value / 1000:,.0f} kt REO"


def _year_rows(production: pd.DataFrame, year: int) -> pd.DataFrame:
    return production[production["year"] == year].set_index("iso3")


def latest_production_year(production: pd.DataFrame) -> int:
    """Newest year with a world total."""
    return int(production.loc[production["iso3"] == WORLD_ISO3, "year"].max())


def china_mining_share(production: pd.DataFrame, year: int | None = None) -> Headline:
    """China's share of world mine production (USGS, all rare earths, t REO)."""
    year = year or latest_production_year(production)
    rows = _year_rows(production, year)
    china, world = rows.loc[CHINA_ISO3], rows.loc[WORLD_ISO3]
    share = 100 * float(china["tonnes_reo"]) / float(world["tonnes_reo"])
    return Headline(
        label="China's mining share",
        value=share,
        unit="%",
        year=year,
        estimated="estimated" in (china["status"], world["status"]),
        source_ids=tuple(dict.fromkeys([china["source_id"], world["source_id"]])),
        basis="all rare earths, t REO",
    )


def world_production(production: pd.DataFrame, year: int | None = None) -> Headline:
    """World mine production in the given (default newest) year and its change on the year before."""
    year = year or latest_production_year(production)
    world = production[production["iso3"] == WORLD_ISO3].set_index("year")
    current = world.loc[year]
    change = None
    label = ""
    if year - 1 in world.index:
        previous = world.loc[year - 1]
        change = 100 * (float(current["tonnes_reo"]) / float(previous["tonnes_reo"]) - 1)
        label = f"vs {year - 1}"
    return Headline(
        label="World mine production",
        value=float(current["tonnes_reo"]),
        unit="t REO",
        year=year,
        estimated=current["status"] == "estimated",
        source_ids=(current["source_id"],),
        basis="USGS world total, rounded",
        change_pct=change,
        change_label=label,
    )


def latest_stage_share(stage_shares: pd.DataFrame, stage: str, region: str = "China") -> Headline:
    """Newest observed (not projected) share of a stage held by a region."""
    rows = stage_shares[
        (stage_shares["stage"] == stage) & (stage_shares["region"] == region) & (stage_shares["basis"] == "actual")
    ]
    if rows.empty:
        raise ValueError(f"no actual {stage} share for {region} in stage_shares.csv")
    row = rows.sort_values("year").iloc[-1]
    labels = {
        "refining": "China's refining share",
        "magnets": "China's magnet share",
        "mining": "China's mining share",
    }
    return Headline(
        label=labels.get(stage, stage) if region == "China" else f"{region}'s share of {stage}",
        value=float(row["share_pct"]),
        unit="%",
        year=int(row["year"]),
        estimated=False,
        source_ids=(row["source_id"],),
        basis=row["material"],
    )


def headlines(reference: ReferenceData) -> list[Headline]:
    """The Overview's KPI cards, in display order."""
    return [
        china_mining_share(reference.mine_production),
        latest_stage_share(reference.stage_shares, "refining"),
        latest_stage_share(reference.stage_shares, "magnets"),
        world_production(reference.mine_production),
    ]


GAP_STAGES = ("mining", "refining", "magnets")
GAP_STAGE_LABELS = {"mining": "Mining", "refining": "Refining / separation", "magnets": "Magnet making"}


def midstream_gap(reference: ReferenceData) -> pd.DataFrame:
    """China's share against the rest of the world, stage by stage.

    One row per bar: USGS's mine production share (all rare earths, newest year) and, on the
    IEA's magnet-rare-earth basis, the newest observed mining, refining and magnet shares.
    Both mining bars are kept so the like-for-like comparison stays visible.
    """
    usgs = china_mining_share(reference.mine_production)
    rows = [
        {
            "stage": "mining",
            "measure": f"{GAP_STAGE_LABELS['mining']}: all rare earths, {usgs.year}{' (estimate)' if usgs.estimated else ''}",
            "year": usgs.year,
            "material": "all rare earths (t REO)",
            "china_pct": round(usgs.value, 1),
            "estimated": usgs.estimated,
            "source_id": ";".join(usgs.source_ids),
        }
    ]
    for stage in GAP_STAGES:
        try:
            share = latest_stage_share(reference.stage_shares, stage)
        except ValueError:
            continue
        rows.append(
            {
                "stage": stage,
                "measure": f"{GAP_STAGE_LABELS[stage]}: {share.basis}, {share.year}",
                "year": share.year,
                "material": share.basis,
                "china_pct": share.value,
                "estimated": share.estimated,
                "source_id": ";".join(share.source_ids),
            }
        )
    table = pd.DataFrame(rows)
    table["rest_of_world_pct"] = (100 - table["china_pct"]).round(1)
    return table


def production_by_country(production: pd.DataFrame, top_n: int = 5) -> pd.DataFrame:
    """Mine production per year for the ``top_n`` countries of the newest year plus 'Other'.

    'Other' sums the remaining country rows (USGS's own 'other countries' included), so a
    year's bars add up to the sum of country rows; the rounded world total is kept as its
    own rows (``iso3 = WLD``) for comparison. An 'Other' figure is estimated if any of its
    parts is.
    """
    latest = latest_production_year(production)
    countries = production[~production["iso3"].isin([WORLD_ISO3])].dropna(subset=["tonnes_reo"])
    ranking = (
        countries[(countries["year"] == latest) & (countries["iso3"] != OTHER_ISO3)]
        .sort_values("tonnes_reo", ascending=False)["iso3"]
        .head(top_n)
        .tolist()
    )
    shown = countries[countries["iso3"].isin(ranking)].copy()
    shown["country"] = [display_name(c, i) for c, i in zip(shown["country"], shown["iso3"], strict=True)]
    rest = countries[~countries["iso3"].isin(ranking)]
    other = (
        rest.groupby("year")
        .agg(
            tonnes_reo=("tonnes_reo", "sum"),
            estimated=("status", lambda s: bool((s == "estimated").any())),
            edition=("edition", "first"),
            source_id=("source_id", "first"),
        )
        .reset_index()
    )
    other["country"] = "All other countries"
    other["iso3"] = "REST"
    other["status"] = other["estimated"].map({True: "estimated", False: "reported"})
    world = production[production["iso3"] == WORLD_ISO3].copy()
    world["country"] = "World total (USGS, rounded)"
    columns = ["year", "country", "iso3", "tonnes_reo", "status", "edition", "source_id"]
    table = pd.concat([shown[columns], other[columns], world[columns]], ignore_index=True)
    order = {iso: i for i, iso in enumerate([*ranking, "REST", WORLD_ISO3])}
    table["_order"] = table["iso3"].map(order)
    table = table.sort_values(["year", "_order"]).drop(columns="_order").reset_index(drop=True)
    table["estimated"] = table["status"] == "estimated"
    return table


def as_share_of_world(table: pd.DataFrame) -> pd.DataFrame:
    """Express a ``production_by_country`` table as percent of each year's USGS world total.

    The world total is USGS's rounded figure (the convention behind published shares such as
    China's 69%), so a year's bars may add up to slightly more or less than 100.
    """
    world = table[table["iso3"] == WORLD_ISO3].set_index("year")["tonnes_reo"]
    shares = table.copy()
    shares["share_of_world_pct"] = (100 * shares["tonnes_reo"] / shares["year"].map(world)).round(1)
    return shares


@dataclass(frozen=True)
class ProductionTrend:
    first_year: int
    latest_year: int
    china_first_t: float
    china_latest_t: float
    china_share_first_pct: float
    china_share_latest_pct: float

    @property
    def china_growth_factor(self) -> float:
        return self.china_latest_t / self.china_first_t


def production_trend(production: pd.DataFrame) -> ProductionTrend:
    """China's output and share in the first and newest years, for the chart's takeaway title."""
    world = production[production["iso3"] == WORLD_ISO3].set_index("year")["tonnes_reo"]
    china = production[production["iso3"] == CHINA_ISO3].set_index("year")["tonnes_reo"]
    years = sorted(set(world.dropna().index) & set(china.dropna().index))
    first, latest = years[0], years[-1]
    return ProductionTrend(
        first_year=int(first),
        latest_year=int(latest),
        china_first_t=float(china[first]),
        china_latest_t=float(china[latest]),
        china_share_first_pct=100 * float(china[first]) / float(world[first]),
        china_share_latest_pct=100 * float(china[latest]) / float(world[latest]),
    )
