"""Processing plants (separation, metal and alloy, magnets, recycling) of a set of countries,
operating and in the pipeline, with each tonne of capacity counted once. Shared by the
Capacity page (the West's plants) and the export what-if (every plant outside China).
"""

from __future__ import annotations

import pandas as pd

PIPELINE_STATUSES = ("commissioning", "construction", "planned")
CAPACITY_STATUSES = ("operating", *PIPELINE_STATUSES)
CAPACITY_STAGES = {
    "separation": "Separation and refining",
    "metal_alloy": "Metal and alloy",
    "magnets": "Magnet making",
    "recycling": "Recycling",
}


def processing_plants(facilities: pd.DataFrame, countries: frozenset[str], include_pipeline: bool) -> pd.DataFrame:
    """Processing facilities of ``countries`` (separation, metal and alloy, magnets, recycling), operating
    and, if asked, in the pipeline, ordered by stage, unit, status and start year. Capacity
    stays in its own unit; undisclosed capacity stays empty.

    ``status`` is the capacity's status: a planned capacity of a plant that already operates (a
    2030 target, say) is counted as planned, and the plant's own status is in ``plant_status``.
    Each tonne is counted once: a plant whose capacity another listed figure already includes
    (``capacity_includes``, a company total) keeps its row with its capacity moved to
    ``capacity_counted_in``."""
    statuses = CAPACITY_STATUSES if include_pipeline else ("operating",)
    western = facilities[facilities["iso3"].isin(countries) & facilities["stage"].isin(CAPACITY_STAGES)].copy()
    western["plant_status"] = western["status"]
    planned_target = (western["capacity_scope"] == "planned") & (western["status"] == "operating")
    western.loc[planned_target, "status"] = "planned"
    western = western[western["status"].isin(statuses)]
    western = counted_once(western)
    western["stage_label"] = western["stage"].map(CAPACITY_STAGES)
    western["_stage"] = western["stage"].map({s: i for i, s in enumerate(CAPACITY_STAGES)})
    western["_status"] = western["status"].map({s: i for i, s in enumerate(CAPACITY_STATUSES)})
    western = western.sort_values(["_stage", "capacity_unit", "_status", "start_year", "name"], na_position="last")
    columns = [
        "facility_id", "name", "country", "company", "stage", "stage_label", "status", "plant_status",
        "capacity_value", "capacity_unit", "capacity_year", "capacity_scope", "capacity_counted_in",
        "start_year", "start_year_basis", "evidence", "capacity_source_id", "source_id",
    ]  # fmt: skip
    return western[columns].reset_index(drop=True)


def counted_once(facilities: pd.DataFrame) -> pd.DataFrame:
    """The facilities with the capacity of every plant that another row's figure already
    includes (and that row is among them, with a capacity) set empty, and the including row's
    id in ``capacity_counted_in``: sums over the result count each tonne once."""
    out = facilities.copy()
    out["capacity_counted_in"] = ""
    present = out.dropna(subset=["capacity_value"])
    for including, includes in zip(present["facility_id"], present["capacity_includes"], strict=True):
        for included in [i for i in str(includes).split(";") if i]:
            at = out["facility_id"] == included
            out.loc[at, "capacity_value"] = float("nan")
            out.loc[at, "capacity_counted_in"] = including
    return out
