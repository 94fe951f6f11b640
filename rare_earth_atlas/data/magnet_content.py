"""Tonnes of anything along the chain as tonnes of magnet rare earths (Nd, Pr, Dy, Tb).

Mine output, separation, metal, magnet and recycling capacities are published in their own
units (t REO, t NdPr oxide, t magnets, t scrap feed). To put them on one axis each unit is
converted here, once, by a factor from ``model_parameters.csv``, each with its source:

* REO (mine output, REO in concentrate, separated REO) x the magnet rare earths' share of world
  mine output (the IEA's mined magnet rare earths over USGS's world mine production);
* NdPr oxide, magnet rare earth oxides, Dy oxide and rare earth metal count one for one;
* magnets, magnet blanks and alloy x the rare earth content of NdFeB;
* scrap feed for recycling x the rare earth content of NdFeB x the recovery rate.

Units whose rare earth content cannot be known (ore, concentrate by weight, mixed products,
products of unstated basis) are not converted: callers say so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Conversion:
    """How one unit becomes tonnes of magnet rare earths: ``factor`` x the value, times the
    recycling recovery rate where ``recovered``."""

    factor: float
    explanation: str
    source_id: str
    recovered: bool = False


REO_UNITS = ("t REO", "t REO/yr", "t REO in concentrate/yr")
ONE_FOR_ONE_UNITS = (
    "t NdPr oxide/yr",
    "t magnet rare earth oxides/yr",
    "t Dy oxide/yr",
    "t NdPr metal/yr",
    "t rare earth metal/yr",
    "t NdPr oxide equivalent in concentrate/yr",
)
MAGNET_UNITS = ("t magnets/yr", "t magnet blanks/yr", "t alloy/yr")
SCRAP_UNITS = ("t scrap feed/yr",)


def parameter(parameters: pd.DataFrame, name: str) -> tuple[float, str, str]:
    """(value, reasoning, source ids) of one row of ``model_parameters``."""
    row = parameters.loc[parameters["parameter"] == name]
    if row.empty:
        raise ValueError(f"model_parameters.csv has no row {name!r}")
    first = row.iloc[0]
    return float(first["value"]), str(first["reasoning"]), str(first["source_id"])


def conversions(parameters: pd.DataFrame) -> dict[str, Conversion]:
    """{unit: Conversion} for every unit that converts."""
    reo_share, _, reo_source = parameter(parameters, "magnet_ree_share_of_mined_reo_pct")
    content, _, content_source = parameter(parameters, "ree_content_of_ndfeb_pct")
    table: dict[str, Conversion] = {}
    for unit in REO_UNITS:
        table[unit] = Conversion(
            reo_share / 100, f"REO x {reo_share:g}% (magnet rare earths' share of world mine output)", reo_source
        )
    for unit in ONE_FOR_ONE_UNITS:
        table[unit] = Conversion(1.0, "counted one for one", "atlas_assumptions")
    for unit in MAGNET_UNITS:
        table[unit] = Conversion(content / 100, f"x {content:g}% rare earth content of NdFeB", content_source)
    for unit in SCRAP_UNITS:
        table[unit] = Conversion(
            content / 100, f"x {content:g}% rare earth content x recovery rate", content_source, recovered=True
        )
    return table


def magnet_ree_tonnes(value: float, unit: str, table: Mapping[str, Conversion], recovery_pct: float) -> float | None:
    """``value`` in ``unit`` as tonnes of magnet rare earths; None when the unit does not convert."""
    conversion = table.get(unit)
    if conversion is None or pd.isna(value):
        return None
    tonnes = float(value) * conversion.factor
    return tonnes * recovery_pct / 100 if conversion.recovered else tonnes


def with_magnet_ree(facilities: pd.DataFrame, parameters: pd.DataFrame, recovery_pct: float) -> pd.DataFrame:
    """The facilities with ``magnet_ree_t`` (their disclosed capacity as tonnes of magnet rare
    earths a year; empty where undisclosed or not convertible) and ``conversion`` (how, in words)."""
    table = conversions(parameters)
    out = facilities.copy()
    out["magnet_ree_t"] = [
        magnet_ree_tonnes(v, u, table, recovery_pct)
        for v, u in zip(out["capacity_value"], out["capacity_unit"], strict=True)
    ]
    out["magnet_ree_t"] = out["magnet_ree_t"].astype(float)
    out["conversion"] = [
        "" if pd.isna(v) else (table[u].explanation if u in table else "unit does not convert")
        for v, u in zip(out["capacity_value"], out["capacity_unit"], strict=True)
    ]
    return out


MINING = "mining"


def stage_totals(
    western: pd.DataFrame, mine_output: Mapping, parameters: pd.DataFrame, recovery_pct: float
) -> pd.DataFrame:
    """The West's mine output and its capacity at each later stage, per status, in kt of magnet
    rare earths a year: one row per (stage, status) with the facilities it sums, and per stage
    how many facilities are not counted because their capacity is not disclosed or its unit
    does not convert.

    ``western`` is ``plants.processing_plants`` for the West; ``mine_output`` is the Capacity model's
    ``west_mine_output``."""
    converted = with_magnet_ree(western, parameters, recovery_pct)
    table = conversions(parameters)
    share, _, share_source = parameter(parameters, "magnet_ree_share_of_mined_reo_pct")
    rows = [
        {
            "stage": MINING,
            "stage_label": "Mining",
            "status": "output",
            "magnet_ree_kt": mine_output["tonnes_reo"] * share / 100 / 1000,
            "facilities": 0,
            "not_disclosed": 0,
            "not_converted": 0,
            "estimated": bool(mine_output["estimated"]),
            "conversion": f"mine output {mine_output['tonnes_reo'] / 1000:,.0f} kt REO x {share:g}%",
            "source_id": f"{mine_output['source_id']};{share_source}",
        }
    ]
    for stage in dict.fromkeys(converted["stage"]):
        members = converted[converted["stage"] == stage]
        not_disclosed = int((members["capacity_value"].isna() & (members["capacity_counted_in"] == "")).sum())
        not_converted = int((members["capacity_value"].notna() & members["magnet_ree_t"].isna()).sum())
        counted = members.dropna(subset=["magnet_ree_t"])
        ways = "; ".join(
            sorted({f"{u}: {c}" for u, c in zip(counted["capacity_unit"], counted["conversion"], strict=True)})
        )
        statuses = list(dict.fromkeys(counted["status"])) or ["operating"]
        for status in statuses:
            group = counted[counted["status"] == status]
            rows.append(
                {
                    "stage": stage,
                    "stage_label": members["stage_label"].iloc[0],
                    "status": status,
                    "magnet_ree_kt": group["magnet_ree_t"].sum() / 1000,
                    "facilities": len(group),
                    "not_disclosed": not_disclosed,
                    "not_converted": not_converted,
                    "estimated": False,
                    "conversion": ways,
                    "source_id": ";".join(
                        dict.fromkeys(
                            s
                            for s in [
                                *group["source_id"],
                                *group["capacity_source_id"],
                                *(table[u].source_id for u in group["capacity_unit"]),
                            ]
                            if isinstance(s, str) and s
                        )
                    ),
                }
            )
    return pd.DataFrame(rows)
