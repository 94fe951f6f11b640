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


def _iea_arrays(demand_iea: pd.DataFrame, scenario: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{sector: (values per model year, is-anchor flags)} for total, EVs and wind."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    anchors: dict[str, dict[int, float]] = {"total": {}, "electric_vehicles": {}, "wind": {}}
    for year, sector, kt, row_scenario in zip(
        demand_iea["year"].tolist(),
        demand_iea["sector"].tolist(),
        demand_iea["kt_magnet_ree"].tolist(),
        demand_iea["scenario"].tolist(),
        strict=True,
    ):
        if sector in anchors and (year == BASE_YEAR or row_scenario == scenario):
            anchors[sector][int(year)] = float(kt)
    return {sector: _interpolate(points) for sector, points in anchors.items()}


def iea_series(demand_iea: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """IEA demand per year for EVs, wind, other uses and the total in one scenario.

    ``basis`` is ``sourced`` for the IEA's own figures, ``derived`` for other uses (total minus
    EVs minus wind) and ``interpolated`` between anchor years."""
    arrays = _iea_arrays(demand_iea, scenario)
    (total, total_anchor), (evs, ev_anchor), (wind, wind_anchor) = (
        arrays["total"],
        arrays["electric_vehicles"],
        arrays["wind"],
    )
    other = total - evs - wind
    other_basis = [
        "sourced" if y == BASE_YEAR else ("derived" if a else "interpolated")
        for y, a in zip(YEARS, total_anchor & ev_anchor, strict=True)
    ]

    def basis(flags):
        return ["sourced" if a else "interpolated" for a in flags]

    n = len(YEARS)
    return pd.DataFrame(
        {
            "year": list(YEARS) * 4,
            "sector": ["electric_vehicles"] * n + ["wind"] * n + ["other_uses"] * n + ["total"] * n,
            "kt": np.concatenate([evs, wind, other, total]),
            "basis": basis(ev_anchor) + basis(wind_anchor) + other_basis + basis(total_anchor),
        }
    )


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
    off removes exactly its own demand. Several assumption rows can make up one sector
    (smartphones, hard drives, earbuds)."""
    arrays = _iea_arrays(demand_iea, scenario)
    (total, total_anchor), (evs, ev_anchor), (wind, wind_anchor) = (
        arrays["total"],
        arrays["electric_vehicles"],
        arrays["wind"],
    )
    elapsed = np.array(YEARS) - BASE_YEAR
    modelled: dict[str, np.ndarray] = {}
    for a in assumptions:
        series = a.base_kt() * (1 + a.growth_pct[scenario] / 100) ** elapsed
        modelled[a.sector] = modelled.get(a.sector, 0) + series
    carved = sum(modelled.values()) if modelled else np.zeros(len(YEARS))
    remaining = total - evs - wind - carved
    other = np.clip(remaining, 0, None)
    other_basis = [
        "sourced" if y == BASE_YEAR else ("derived" if a else "interpolated")
        for y, a in zip(YEARS, total_anchor & ev_anchor, strict=True)
    ]
    other_notes = ["modelled sectors exceed IEA other uses" if r < 0 else "" for r in remaining]

    def basis(flags):
        return ["sourced" if f else "interpolated" for f in flags]

    wanted = None if sectors_on is None else set(sectors_on)
    blocks = [
        ("electric_vehicles", evs, basis(ev_anchor), [""] * len(YEARS)),
        ("wind", wind, basis(wind_anchor), [""] * len(YEARS)),
        ("other_uses", other, other_basis, other_notes),
        *((sector, values, ["modelled"] * len(YEARS), [""] * len(YEARS)) for sector, values in modelled.items()),
    ]
    blocks = [b for b in blocks if wanted is None or b[0] in wanted]
    labels = {**IEA_SECTORS, **MODELLED_SECTORS}
    n = len(YEARS)
    return pd.DataFrame(
        {
            "year": np.tile(np.array(YEARS), len(blocks)) if blocks else np.array([], dtype=int),
            "sector": [b[0] for b in blocks for _ in range(n)],
            "kt": np.concatenate([np.asarray(b[1], dtype=float) for b in blocks]) if blocks else np.array([]),
            "basis": [x for b in blocks for x in b[2]],
            "notes": [x for b in blocks for x in b[3]],
            "label": [labels[b[0]] for b in blocks for _ in range(n)],
            "scenario": scenario,
        }
    )


def refined_supply(supply_iea: pd.DataFrame) -> pd.DataFrame:
    """Refined magnet REE supply per year, in total and outside China (kt), interpolated between
    the IEA's years and empty beyond its last projection year (never extrapolated)."""
    refined = supply_iea[supply_iea["measure"] == "refined"]
    years = [int(y) for y in refined["year"].tolist()]
    totals = [float(t) for t in refined["total_kt"].tolist()]
    china_pct = [float(c) for c in refined["china_share_pct"].tolist()]
    total = dict(zip(years, totals, strict=True))
    outside = {y: t * (1 - c / 100) for y, t, c in zip(years, totals, china_pct, strict=True)}
    total_values, anchor = _interpolate(total)
    outside_values, _ = _interpolate(outside)
    return pd.DataFrame(
        {
            "year": YEARS,
            "supply_total_kt": total_values,
            "supply_outside_china_kt": outside_values,
            "basis": [
                "sourced" if a else ("interpolated" if not np.isnan(v) else "not projected")
                for a, v in zip(anchor, total_values, strict=True)
            ],
        }
    )


def balance(demand: pd.DataFrame, supply: pd.DataFrame) -> pd.DataFrame:
    """Surplus (+) or deficit (-) of refined supply against the demand shown, per year."""
    table = supply.copy()
    table["demand_kt"] = _per_year(demand, "kt")
    table["surplus_kt"] = table["supply_total_kt"] - table["demand_kt"]
    return table


# Sectors the page calls "emerging": drones (with low-altitude aviation) and robots.
EMERGING_SECTORS = ("drones", "robots")


def _per_year(table: pd.DataFrame, column: str) -> np.ndarray:
    """A column summed per model year, as an array aligned with ``YEARS``."""
    totals = dict.fromkeys(YEARS, 0.0)
    for year, value in zip(table["year"].tolist(), table[column].tolist(), strict=True):
        totals[int(year)] += value
    return np.array([totals[y] for y in YEARS])


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
    total = _per_year(demand, "kt")
    supply_by_year = supply.set_index("year").reindex(YEARS)
    supply_total = supply_by_year["supply_total_kt"].to_numpy(dtype=float)
    supply_outside = supply_by_year["supply_outside_china_kt"].to_numpy(dtype=float)
    demand_outside = total * outside_share_pct / 100
    exports = np.clip((supply_total - supply_outside) - (total - demand_outside), 0, None)

    def met(cut: float) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.minimum(100 * (supply_outside + exports * (1 - cut / 100)) / demand_outside, 100)

    return pd.DataFrame(
        {
            "year": list(YEARS),
            "supply_total_kt": supply_total,
            "supply_outside_china_kt": supply_outside,
            "demand_kt": total,
            "demand_outside_china_kt": demand_outside,
            "china_exports_kt": exports,
            "met_baseline_pct": met(0),
            "met_pct": met(cut_pct),
            "cut_pct": cut_pct,
        }
    )


# ---------------------------------------------------------------- editable assumptions

ASSUMPTION_COLUMNS = {
    "units_base_year": ("Units in the base year", 0.0, 1e12),
    # Up to 1,000 t: defence is entered as one "unit" of 175 t of magnets a year.
    "magnet_kg_per_unit": ("Magnet mass per unit (kg)", 0.0, 1_000_000.0),
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
            growth_pct={
                "STEPS": float(r.growth_steps_pct),
                "APS": float(r.growth_aps_pct),
                "NZE": float(r.growth_nze_pct),
            },
        )
        for r in table.itertuples(index=False)
    ]
