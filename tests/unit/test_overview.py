"""Headline figures, the midstream gap and the production series."""

import pandas as pd
import pytest

from rare_earth_atlas.data.countries import WORLD_ISO3
from rare_earth_atlas.overview import model as overview


def _production(rows):
    return pd.DataFrame(
        [
            {
                "country": c,
                "iso3": i,
                "year": y,
                "tonnes_reo": t,
                "status": s,
                "edition": "USGS MCS 2026 (v1.3)",
                "source_id": "usgs_mcs2026",
                "notes": "",
            }
            for c, i, y, t, s in rows
        ]
    )


SMALL = _production(
    [
        ("China", "CHN", 2024, 60, "reported"),
        ("United States", "USA", 2024, 30, "reported"),
        ("Brazil", "BRA", 2024, 10, "reported"),
        ("World total", WORLD_ISO3, 2024, 100, "reported"),
        ("China", "CHN", 2025, 75, "estimated"),
        ("United States", "USA", 2025, 20, "reported"),
        ("Brazil", "BRA", 2025, 5, "reported"),
        ("World total", WORLD_ISO3, 2025, 100, "estimated"),
    ]
)


def test_china_mining_share_uses_the_newest_world_total_and_flags_estimates():
    share = overview.china_mining_share(SMALL)
    assert (share.value, share.year, share.estimated) == (75.0, 2025, True)
    assert overview.china_mining_share(SMALL, 2024).estimated is False


def test_world_production_change_on_previous_year():
    world = overview.world_production(SMALL)
    assert world.value == 100 and world.change_pct == pytest.approx(0.0) and world.change_label == "vs 2024"


def test_production_by_country_groups_the_rest_as_other_and_flags_estimates():
    table = overview.production_by_country(SMALL, top_n=1)
    year = table[table["year"] == 2025].set_index("country")
    assert list(year.index) == ["China", "All other countries", "World total (USGS, rounded)"]
    assert year.loc["All other countries", "tonnes_reo"] == 25
    assert bool(year.loc["China", "estimated"]) is True
    assert bool(year.loc["All other countries", "estimated"]) is False


def test_share_of_world_divides_by_the_world_total():
    shares = overview.as_share_of_world(overview.production_by_country(SMALL, top_n=2))
    row = shares[(shares["year"] == 2024) & (shares["iso3"] == "USA")].iloc[0]
    assert row["share_of_world_pct"] == 30.0


def test_latest_stage_share_ignores_projections():
    shares = pd.DataFrame(
        [
            {
                "stage": "refining",
                "region": "China",
                "year": 2024,
                "share_pct": 91.3,
                "basis": "actual",
                "scenario": "",
                "material": "m",
                "source_id": "a",
                "notes": "",
            },
            {
                "stage": "refining",
                "region": "China",
                "year": 2035,
                "share_pct": 75.5,
                "basis": "projection",
                "scenario": "base case",
                "material": "m",
                "source_id": "a",
                "notes": "",
            },
        ]
    )
    assert overview.latest_stage_share(shares, "refining").year == 2024
    with pytest.raises(ValueError, match="no actual magnets share"):
        overview.latest_stage_share(shares, "magnets")


def test_midstream_gap_on_the_real_data_puts_china_against_the_rest(reference):
    gap = overview.midstream_gap(reference)
    assert list(gap["stage"]) == ["mining", "mining", "refining", "magnets"]
    assert ((gap["china_pct"] + gap["rest_of_world_pct"]).round(6) == 100).all()
    production = reference.mine_production.set_index(["iso3", "year"])["tonnes_reo"]
    latest = int(gap.iloc[0]["year"])
    expected = 100 * production[("CHN", latest)] / production[(WORLD_ISO3, latest)]
    assert gap.iloc[0]["china_pct"] == round(expected, 1)
    # The midstream gap itself: China's refining and magnet shares exceed its mining share.
    assert gap.iloc[2]["china_pct"] > gap.iloc[1]["china_pct"]
    assert gap.iloc[3]["china_pct"] > gap.iloc[0]["china_pct"]


def test_production_trend_on_the_real_data(reference):
    trend = overview.production_trend(reference.mine_production)
    assert (trend.first_year, trend.latest_year) == (2018, 2025)
    assert trend.china_growth_factor > 1
