"""Magnet rare earth demand by sector against supply, 2024-2040 (the model behind /demand).

Two kinds of numbers, never confused:
* **IEA figures** (base year 2024, and the STEPS, APS and NZE scenarios in 2030, 2035, 2040)
  for total demand, electric vehicles and wind; "other uses" is what the IEA's total leaves
  after EVs and wind. Years between the IEA's anchor years are linearly interpolated and
  flagged ``interpolated``.
* **Modelled sectors** the IEA does not split out (drones and low-altitude aviation, robots,
  defence, consumer electronics, industrial motors and HVAC): units a year x magnet mass per
  unit x rare earth content of the magnet. Units grow along a logistic curve: at the stated
  starting rate at first, slowing as they near the market size at saturation, never beyond
  it (a falling rate simply compounds down). They are carved out of the IEA's "other uses",
  so with every sector on the total still equals the IEA total; switching a sector off
  removes exactly its own demand. Assumptions that would make the modelled sectors exceed
  "other uses" in any scenario and year are refused (``modelled_beyond_other_uses``).

The IEA's scenarios (STEPS, APS, NZE) describe EVs and wind; what the modelled sectors do
under each is the atlas's assumption (a low, central and high case), and is labelled so.
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


# What the modelled sectors' growth is called under each IEA scenario: the atlas's own cases.
MODELLED_CASES = {"STEPS": "low case", "APS": "central case", "NZE": "high case"}


def scenario_label(scenario: str) -> str:
    """The scenario as charts name it: the IEA's for EVs and wind, the atlas's case for the rest."""
    return f"IEA {scenario} for EVs and wind; atlas's {MODELLED_CASES[scenario]} for modelled sectors"


def logistic_units(units_base_year: float, ceiling_units: float, growth_pct: float, elapsed_years) -> np.ndarray:
    """Units per year after ``elapsed_years``: a logistic curve from the base-year units towards
    ``ceiling_units`` whose growth in the first year is ``growth_pct``; with a falling rate (or
    a ceiling at the base) units compound down (or stay flat) instead. Never above the ceiling."""
    t = np.asarray(elapsed_years, dtype=float)
    if growth_pct <= 0 or np.isinf(ceiling_units):
        return units_base_year * (1 + growth_pct / 100) ** t
    if ceiling_units <= units_base_year or units_base_year <= 0:
        return np.full_like(t, units_base_year)
    first_year = units_base_year * (1 + growth_pct / 100)
    if first_year >= ceiling_units:
        return np.minimum(units_base_year * (1 + growth_pct / 100) ** t, ceiling_units)
    # The rate that makes the first year's growth exactly growth_pct.
    ratio = ceiling_units / units_base_year - 1
    rate = -np.log((ceiling_units / first_year - 1) / ratio)
    return ceiling_units / (1 + ratio * np.exp(-rate * t))


@dataclass(frozen=True)
class SectorAssumption:
    """A modelled sector: base-year units, market size at saturation, magnet mass per unit,
    rare earth content of the magnet, and starting growth per scenario."""

    sector: str
    label: str
    units_base_year: float
    magnet_kg_per_unit: float
    ree_content_pct: float
    growth_pct: Mapping[str, float]  # per scenario: growth in the first year, %
    ceiling_units: float = float("inf")  # units a year at saturation

    def kt_per_unit(self) -> float:
        """Magnet rare earths per unit, kt."""
        return self.magnet_kg_per_unit * self.ree_content_pct / 100 / 1e6

    def base_kt(self) -> float:
        """Magnet rare earth demand in the base year, kt."""
        return self.units_base_year * self.kt_per_unit()

    def units(self, scenario: str, years=YEARS) -> np.ndarray:
        return logistic_units(
            self.units_base_year, self.ceiling_units, self.growth_pct[scenario], np.asarray(years) - BASE_YEAR
        )

    def kt(self, scenario: str, years=YEARS) -> np.ndarray:
        return self.units(scenario, years) * self.kt_per_unit()

    def kt_in(self, year: int, scenario: str) -> float:
        return float(self.kt(scenario, [year])[0])


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
    modelled: dict[str, np.ndarray] = {}
    for a in assumptions:
        modelled[a.sector] = modelled.get(a.sector, 0) + a.kt(scenario)
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


def _per_year(table: pd.DataFrame, column: str) -> np.ndarray:
    """A column summed per model year, as an array aligned with ``YEARS``."""
    totals = dict.fromkeys(YEARS, 0.0)
    for year, value in zip(table["year"].tolist(), table[column].tolist(), strict=True):
        totals[int(year)] += value
    return np.array([totals[y] for y in YEARS])


# ---------------------------------------------------------------- editable assumptions

ASSUMPTION_COLUMNS = {
    "units_base_year": ("Units in the base year", 0.0, 1e12),
    "ceiling_units": ("Market size at saturation (units a year)", 0.0, 1e13),
    # Up to 1,000 t: defence is entered as one "unit" of 175 t of magnets a year.
    "magnet_kg_per_unit": ("Magnet mass per unit (kg)", 0.0, 1_000_000.0),
    "ree_content_pct": ("Rare earth content of the magnet (%)", 0.0, 100.0),
    "growth_steps_pct": ("Starting growth a year, low case with STEPS (%)", -50.0, 100.0),
    "growth_aps_pct": ("Starting growth a year, central case with APS (%)", -50.0, 100.0),
    "growth_nze_pct": ("Starting growth a year, high case with NZE (%)", -50.0, 100.0),
}


def validate_assumptions(
    edited: pd.DataFrame, last_good: pd.DataFrame, demand_iea: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Check an edited assumptions table cell by cell. A bad cell (not a number, negative units,
    content outside 0-100 %, growth outside -50 to +100 % a year, a market size below the
    base-year units) keeps its last good value and produces one sentence saying what was wrong
    and what was kept. Given the IEA's demand, an edit that would make the modelled sectors
    exceed the IEA's "other uses" in any scenario and year is refused as a whole, with a
    sentence saying where."""
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
        if result.at[i, "ceiling_units"] < result.at[i, "units_base_year"]:
            problems.append(
                f"{label}: the market size at saturation ({result.at[i, 'ceiling_units']:g} a year) cannot be below "
                f"the units in the base year ({result.at[i, 'units_base_year']:g}); kept {last_good.at[i, 'ceiling_units']:g} "
                f"and {last_good.at[i, 'units_base_year']:g}."
            )
            result.at[i, "ceiling_units"] = last_good.at[i, "ceiling_units"]
            result.at[i, "units_base_year"] = last_good.at[i, "units_base_year"]
    if demand_iea is not None:
        beyond = modelled_beyond_other_uses(assumptions_from_table(result), demand_iea)
        if beyond:
            return last_good.copy(), [*problems, beyond]
    return result, problems


def modelled_beyond_other_uses(assumptions: Iterable[SectorAssumption], demand_iea: pd.DataFrame) -> str:
    """A sentence saying where the modelled sectors would exceed the IEA's "other uses" they are
    carved from (the first scenario and year), or "" when they never do."""
    assumptions = list(assumptions)
    for scenario in SCENARIOS:
        arrays = _iea_arrays(demand_iea, scenario)
        other = arrays["total"][0] - arrays["electric_vehicles"][0] - arrays["wind"][0]
        modelled = sum((a.kt(scenario) for a in assumptions), np.zeros(len(YEARS)))
        over = np.flatnonzero(modelled > other + 1e-9)
        if len(over):
            i = int(over[0])
            return (
                f"Not taken: with these assumptions the modelled sectors would need {modelled[i]:,.1f} kt in "
                f"{YEARS[i]} ({scenario}), more than the {other[i]:,.1f} kt of the IEA's 'other uses' they are part of. "
                "Lower a growth rate, a market size or a magnet mass; the previous values are kept."
            )
    return ""


def assumptions_from_table(table: pd.DataFrame) -> list[SectorAssumption]:
    """SectorAssumption objects from a (validated) assumptions table."""
    return [
        SectorAssumption(
            sector=r.sector,
            label=r.label,
            units_base_year=float(r.units_base_year),
            ceiling_units=float(r.ceiling_units),
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


# ---------------------------------------------------------------- new demand, against forecasts

FORECAST_UNITS = ("units a year", "kt magnets a year", "kt magnet rare earths a year")


def product_demand(assumptions: Iterable[SectorAssumption], scenario: str, years: Iterable[int]) -> pd.DataFrame:
    """Modelled demand per assumption row (product) in ``years``: units and kt."""
    rows = []
    years = list(years)
    for a in assumptions:
        units = a.units(scenario, years)
        for year, u in zip(years, units, strict=True):
            rows.append({"sector": a.sector, "label": a.label, "year": year, "units": u, "kt": u * a.kt_per_unit()})
    return pd.DataFrame(rows, columns=["sector", "label", "year", "units", "kt"])


def forecast_checks(assumptions: Iterable[SectorAssumption], forecasts: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """Each published forecast next to the model's value for the same product and year, both in
    kt of magnet rare earths (a forecast in units or in magnet tonnes is converted with the
    product's own magnet mass and rare earth content), and whether the model is within, below
    or above the published range, or there is no forecast to check against."""
    by_label = {a.label: a for a in assumptions}
    rows = []
    for f in forecasts.itertuples(index=False):
        a = by_label.get(f.label)
        if a is None:
            continue
        units = float(a.units(scenario, [int(f.year)])[0])
        model_kt = units * a.kt_per_unit()
        per = {
            "units a year": a.kt_per_unit(),
            "kt magnets a year": a.ree_content_pct / 100,
            "kt magnet rare earths a year": 1.0,
        }[f.unit]
        low = float("nan") if pd.isna(f.low) else f.low * per
        high = float("inf") if pd.isna(f.high) else f.high * per  # "more than X": no upper bound
        tolerance = 1e-9 + 0.005 * (low if not np.isnan(low) else 0)
        verdict = (
            "no published forecast found" if np.isnan(low)
            else "above the published range" if model_kt > high + tolerance
            else "below the published range" if model_kt < low - tolerance
            else "within the published range"
        )  # fmt: skip
        rows.append(
            {
                "sector": f.sector, "label": f.label, "year": int(f.year), "model_units": units, "model_kt": model_kt,
                "forecast_low_kt": low, "forecast_high_kt": high, "verdict": verdict, "what": f.what,
                "source_id": f.source_id,
            }
        )  # fmt: skip
    columns = ["sector", "label", "year", "model_units", "model_kt", "forecast_low_kt", "forecast_high_kt", "verdict", "what", "source_id"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
