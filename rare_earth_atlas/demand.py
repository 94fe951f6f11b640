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
MODELLED_SECTORS = {
    "drones": "Drones and low-altitude aviation",
    "robots": "Humanoid and industrial robots",
    "electronics": "Consumer electronics",
    "industrial_motors": "Industrial motors and HVAC",
    "defence": "Defence",
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
    # Several assumption rows can make up one sector (smartphones, hard drives, earbuds).
    modelled = modelled.groupby(["year", "sector"], as_index=False).agg(kt=("kt", "sum"), basis=("basis", "first"))
    carved = modelled.groupby("year")["kt"].sum().reindex(YEARS, fill_value=0.0)
    other = iea["sector"] == "other_uses"
    remaining = iea.loc[other, "kt"].to_numpy(dtype=float) - carved.to_numpy(dtype=float)
    iea = iea.copy()
    iea.loc[other, "kt"] = np.clip(remaining, 0, None)
    iea["notes"] = ""
    iea.loc[iea.index[other][remaining < 0], "notes"] = "modelled sectors exceed IEA other uses"
    modelled["notes"] = ""
    table = pd.concat([iea, modelled], ignore_index=True)
    labels = {**IEA_SECTORS, **MODELLED_SECTORS}
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


# Sectors the page calls "emerging": drones (with low-altitude aviation) and robots.
EMERGING_SECTORS = ("drones", "robots")


def export_whatif(demand: pd.DataFrame, supply: pd.DataFrame, outside_share_pct: float, cut_pct: float) -> pd.DataFrame:
    """How much of demand outside China supply could meet if China's exports fell by ``cut_pct``.

    Demand outside China is the demand shown times ``outside_share_pct`` (an assumption the page
    states). China's exports are what China refines beyond its own demand (never below zero).
    Available outside China = refined supply outside China + China's exports x (1 - cut).
    Years without a supply projection are left empty."""
    if not 0 <= cut_pct <= 100:
        raise ValueError("the export cut must be between 0 and 100 percent")
    if not 0 < outside_share_pct <= 100:
        raise ValueError("the share of demand outside China must be above 0 and at most 100 percent")
    total = demand.groupby("year")["kt"].sum().reindex(YEARS)
    table = supply.set_index("year")[["supply_total_kt", "supply_outside_china_kt"]].reindex(YEARS)
    table["demand_kt"] = total
    table["demand_outside_china_kt"] = total * outside_share_pct / 100
    china_supply = table["supply_total_kt"] - table["supply_outside_china_kt"]
    china_demand = table["demand_kt"] - table["demand_outside_china_kt"]
    table["china_exports_kt"] = (china_supply - china_demand).clip(lower=0)

    def met(cut: float) -> pd.Series:
        available = table["supply_outside_china_kt"] + table["china_exports_kt"] * (1 - cut / 100)
        return (100 * available / table["demand_outside_china_kt"]).clip(upper=100)

    table["met_baseline_pct"] = met(0)
    table["met_pct"] = met(cut_pct)
    table["cut_pct"] = cut_pct
    return table.reset_index()


# ---------------------------------------------------------------- editable assumptions

ASSUMPTION_COLUMNS = {
    "units_base_year": ("Units in the base year", 0.0, 1e12),
    "magnet_kg_per_unit": ("Magnet mass per unit (kg)", 0.0, 100_000.0),
    "ree_content_pct": ("Rare earth content of the magnet (%)", 0.0, 100.0),
    "growth_steps_pct": ("Growth per year, STEPS (%)", -50.0, 100.0),
    "growth_aps_pct": ("Growth per year, APS (%)", -50.0, 100.0),
    "growth_nze_pct": ("Growth per year, NZE (%)", -50.0, 100.0),
}


def validate_assumptions(edited: pd.DataFrame, last_good: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Check an edited assumptions table cell by cell. A bad cell (not a number, negative units,
    content outside 0-100 %, growth outside -50 to +100 % a year) keeps its last good value and
    produces one sentence saying what was wrong and what was kept."""
    result = last_good.copy()
    problems = []
    for i in edited.index:
        label = str(last_good.at[i, "label"])
        for column, (name, low, high) in ASSUMPTION_COLUMNS.items():
            value = edited.at[i, column]
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            if np.isnan(number) or not low <= number <= high:
                if value is None or (isinstance(value, float) and np.isnan(value)):
                    shown = "empty"
                elif isinstance(value, str):
                    shown = repr(value)
                else:
                    shown = f"{float(value):g}"
                problems.append(
                    f"{label}, {name}: {shown} is not allowed (use a number from {low:g} to {high:g}); "
                    f"kept {last_good.at[i, column]:g}."
                )
            else:
                result.at[i, column] = number
    return result, problems


def assumptions_from_table(table: pd.DataFrame) -> list[SectorAssumption]:
    """SectorAssumption objects from a (validated) assumptions table."""
    return [
        SectorAssumption(
            sector=r.sector,
            label=r.label,
            units_base_year=float(r.units_base_year),
            magnet_kg_per_unit=float(r.magnet_kg_per_unit),
            ree_content_pct=float(r.ree_content_pct),
            growth_pct={"STEPS": float(r.growth_steps_pct), "APS": float(r.growth_aps_pct), "NZE": float(r.growth_nze_pct)},
        )
        for r in table.itertuples(index=False)
    ]
