"""Magnet rare earth demand by sector against supply, 2024-2040 (the model behind /demand).

Two kinds of numbers, never confused:
* **IEA figures** (base year 2024, and the STEPS, APS and NZE scenarios in 2030, 2035, 2040)
  for total demand, electric vehicles and wind; "other uses" is what the IEA's total leaves
  after EVs and wind. Years between the IEA's anchor years are linearly interpolated and
  flagged ``interpolated``.
* **Modelled sectors** the IEA does not split out (drones and low-altitude aviation, robots,
  defence, consumer electronics, industrial motors and HVAC): units in the base year x magnet
  mass per unit x rare earth content of the magnet, grown at a yearly rate. They are carved
  out of the IEA's "other uses", so with every sector on the total still equals the IEA total;
  switching a sector off removes exactly its own demand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

BASE_YEAR = 2024
HORIZON = 2040
YEARS = tuple(range(BASE_YEAR, HORIZON + 1))
SCENARIOS = ("STEPS", "APS", "NZE")
IEA_SECTORS = {
    "electric_vehicles": "Electric vehicles (traction motors)",
    "wind": "Wind turbines",
    "other_uses": "Other uses",
}


@dataclass(frozen=True)
class SectorAssumption:
    """A modelled sector: base-year units, magnet mass per unit, rare earth content of the
    magnet, and yearly growth per scenario."""

    sector: str
    label: str
    units_base_year: float
    magnet_kg_per_unit: float
    ree_content_pct: float
    growth_pct: Mapping[str, float]  # per scenario, per year

    def base_kt(self) -> float:
        """Magnet rare earth demand in the base year, kt."""
        return self.units_base_year * self.magnet_kg_per_unit * self.ree_content_pct / 100 / 1e6

    def kt_in(self, year: int, scenario: str) -> float:
        """Compound growth from the base year: base x (1 + g)^(year - base year)."""
        return self.base_kt() * (1 + self.growth_pct[scenario] / 100) ** (year - BASE_YEAR)


def _interpolate(anchors: Mapping[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """Values for every model year, linear between anchor years; NaN outside them."""
    xs = sorted(anchors)
    values = np.interp(YEARS, xs, [anchors[x] for x in xs], left=np.nan, right=np.nan)
    is_anchor = np.array([y in anchors for y in YEARS])
    return values, is_anchor


def iea_series(demand_iea: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """IEA demand per year for EVs, wind, other uses and the total in one scenario.

    ``basis`` is ``sourced`` for the IEA's own figures, ``derived`` for other uses (total minus
    EVs minus wind) and ``interpolated`` between anchor years."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    base = demand_iea[demand_iea["year"] == BASE_YEAR]
    projected = demand_iea[demand_iea["scenario"] == scenario]
    series = {}
    for sector in ("total", "electric_vehicles", "wind"):
        anchors = {int(r.year): float(r.kt_magnet_ree) for r in pd.concat([base, projected]).itertuples() if r.sector == sector}
        series[sector] = _interpolate(anchors)
    rows = []
    for sector in ("electric_vehicles", "wind"):
        values, anchor = series[sector]
        rows += [
            {"year": y, "sector": sector, "kt": v, "basis": "sourced" if a else "interpolated"}
            for y, v, a in zip(YEARS, values, anchor, strict=True)
        ]
    total, total_anchor = series["total"]
    other = total - series["electric_vehicles"][0] - series["wind"][0]
    rows += [
        {"year": y, "sector": "other_uses", "kt": v, "basis": "sourced" if y == BASE_YEAR else ("derived" if a else "interpolated")}
        for y, v, a in zip(YEARS, other, total_anchor & series["electric_vehicles"][1], strict=True)
    ]
    rows += [
        {"year": y, "sector": "total", "kt": v, "basis": "sourced" if a else "interpolated"}
        for y, v, a in zip(YEARS, total, total_anchor, strict=True)
    ]
    return pd.DataFrame(rows)


def demand_by_sector(
    demand_iea: pd.DataFrame,
    scenario: str,
    assumptions: Iterable[SectorAssumption],
    sectors_on: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Demand per year and sector (kt magnet REE) for the sectors switched on.

    Modelled sectors are subtracted from the IEA's other uses (never below zero: where they
    would exceed it, ``other uses`` is 0 and the row says ``modelled sectors exceed IEA other
    uses``). The subtraction does not depend on which sectors are on, so switching a sector
    off removes exactly its own demand."""
    assumptions = list(assumptions)
    iea = iea_series(demand_iea, scenario)
    iea = iea[iea["sector"] != "total"]
    modelled = pd.DataFrame(
        [
            {"year": y, "sector": a.sector, "kt": a.kt_in(y, scenario), "basis": "modelled"}
            for a in assumptions
            for y in YEARS
        ],
        columns=["year", "sector", "kt", "basis"],
    )
    carved = modelled.groupby("year")["kt"].sum().reindex(YEARS, fill_value=0.0)
    other = iea["sector"] == "other_uses"
    remaining = iea.loc[other, "kt"].to_numpy(dtype=float) - carved.to_numpy(dtype=float)
    iea = iea.copy()
    iea.loc[other, "kt"] = np.clip(remaining, 0, None)
    iea["notes"] = ""
    iea.loc[iea.index[other][remaining < 0], "notes"] = "modelled sectors exceed IEA other uses"
    modelled["notes"] = ""
    table = pd.concat([iea, modelled], ignore_index=True)
    labels = {**IEA_SECTORS, **{a.sector: a.label for a in assumptions}}
    table["label"] = table["sector"].map(labels)
    table["scenario"] = scenario
    table = table.astype({"year": int, "kt": float})
    if sectors_on is not None:
        table = table[table["sector"].isin(set(sectors_on))]
    return table.reset_index(drop=True)


def refined_supply(supply_iea: pd.DataFrame) -> pd.DataFrame:
    """Refined magnet REE supply per year, in total and outside China (kt), interpolated between
    the IEA's years and empty beyond its last projection year (never extrapolated)."""
    refined = supply_iea[supply_iea["measure"] == "refined"]
    total = {int(r.year): float(r.total_kt) for r in refined.itertuples()}
    outside = {int(r.year): float(r.total_kt) * (1 - float(r.china_share_pct) / 100) for r in refined.itertuples()}
    total_values, anchor = _interpolate(total)
    outside_values, _ = _interpolate(outside)
    return pd.DataFrame(
        {
            "year": YEARS,
            "supply_total_kt": total_values,
            "supply_outside_china_kt": outside_values,
            "basis": ["sourced" if a else ("interpolated" if not np.isnan(v) else "not projected") for a, v in zip(anchor, total_values, strict=True)],
        }
    )


def balance(demand: pd.DataFrame, supply: pd.DataFrame) -> pd.DataFrame:
    """Surplus (+) or deficit (-) of refined supply against the demand shown, per year."""
    total = demand.groupby("year")["kt"].sum().rename("demand_kt")
    table = supply.set_index("year").join(total).reset_index()
    table["surplus_kt"] = table["supply_total_kt"] - table["demand_kt"]
    return table
