"""How much the facility list knows: per stage and region, the facilities listed, the share with
a published capacity, how solid their sources are, and when the rows were last checked."""

from __future__ import annotations

import pandas as pd

from rare_earth_atlas.vocabulary import (
    CHINA_ISO3,
    CHINA_REGION,
    DEFAULT_WEST_ISO3,
    EVIDENCE_LABELS,
    REGIONS,
    REST_REGION,
    STAGE_LABELS,
    WEST_REGION,
)

COVERAGE_COLUMNS = [
    "stage", "region", "facilities", "with_capacity", "with_capacity_pct",
    *(f"evidence_{level}" for level in EVIDENCE_LABELS), "checked_from", "checked_to",
]  # fmt: skip


def facility_region(iso3: pd.Series) -> pd.Series:
    """China, the West (the atlas's default members) or the rest of the world."""
    return pd.Series(
        [CHINA_REGION if c == CHINA_ISO3 else WEST_REGION if c in DEFAULT_WEST_ISO3 else REST_REGION for c in iso3],
        index=iso3.index,
    )


def facility_coverage(facilities: pd.DataFrame) -> pd.DataFrame:
    """One row per stage and region that has facilities, in chain order, and a last row for
    the whole list."""
    listed = facilities.assign(region=facility_region(facilities["iso3"]))
    rows = []
    groups = [(s, r) for s in STAGE_LABELS for r in REGIONS]
    for stage, region in [*groups, (None, None)]:
        part = listed if stage is None else listed[(listed["stage"] == stage) & (listed["region"] == region)]
        if part.empty:
            continue
        with_capacity = int(part["capacity_value"].notna().sum())
        evidence = part["evidence"].value_counts()
        rows.append(
            {
                "stage": "All stages" if stage is None else STAGE_LABELS[stage],
                "region": "All regions" if region is None else region,
                "facilities": len(part),
                "with_capacity": with_capacity,
                "with_capacity_pct": round(100 * with_capacity / len(part)),
                **{f"evidence_{level}": int(evidence.get(level, 0)) for level in EVIDENCE_LABELS},
                "checked_from": part["checked_on"].min(),
                "checked_to": part["checked_on"].max(),
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
