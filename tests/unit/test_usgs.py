"""Reading USGS's original files: number markers, footnotes, estimates, published corrections."""

import pandas as pd
import pytest

from rare_earth_atlas.data import build, usgs

RAW = build.RAW_DIR / "usgs"


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "not_available"),
    [
        ("45,500", 45500.0, "", False),
        ("—", 0.0, "", False),
        ("--", 0.0, "", False),
        ("NA", None, "", True),
        (">85,000,000", 85_000_000.0, ">", False),
        (2900, 2900.0, "", False),
        (float("nan"), None, "", True),
    ],
)
def test_parse_usgs_number(text, value, qualifier, not_available):
    number = usgs.parse_usgs_number(text)
    assert (number.value, number.qualifier, number.not_available) == (value, qualifier, not_available)


def test_parse_usgs_number_rejects_unknown_markers():
    with pytest.raises(ValueError, match="lots"):
        usgs.parse_usgs_number("lots")


@pytest.fixture(scope="module")
def myb() -> pd.DataFrame:
    return usgs.read_myb_world_production(RAW / "usgs_myb2022_rare_earths_tables.xlsx").set_index(["iso3", "year"])


def test_myb_country_suffix_e_marks_every_year_estimated(myb):
    # "Australiae" in the workbook: the trailing e is USGS's estimate marker, not part of the name.
    australia = myb.loc["AUS"]
    assert set(australia["status"]) == {"estimated"}
    assert australia.loc[2018, "tonnes_reo"] == 21000
    assert australia.loc[2018, "country"] == "Australia"


def test_myb_marker_columns_and_footnotes(myb):
    assert myb.loc[("CHN", 2021), "status"] == "reported"
    assert myb.loc[("CHN", 2022), "status"] == "estimated"  # "210000 e"
    assert "production quota" in myb.loc[("CHN", 2021), "notes"].lower()  # footnote 3 glued to "China3"
    assert myb.loc[("RUS", 2021), "status"] == "revised"  # "2500 r"
    assert myb.loc[("USA", 2021), "status"] == "reported"  # marker "6" is a footnote, not a flag
    assert "bastnaesite" in myb.loc[("USA", 2021), "notes"]
    assert myb.loc[("BDI", 2022), "tonnes_reo"] == 0  # "--" means zero


def test_myb_india_name_with_estimate_and_footnote(myb):
    # "Indiae, 4": estimated, footnote 4 (Department of Atomic Energy did not disclose).
    india = myb.loc["IND"]
    assert set(india["status"]) == {"estimated"}
    assert "did not disclose" in india.iloc[0]["notes"]


def test_mcs2026_corrections_are_applied():
    table = usgs.read_mcs2026_rare_earths(RAW / "usgs_mcs2026_commodities_data.csv")
    history = (RAW / "usgs_mcs2026_version_history.txt").read_text(encoding="utf-8", errors="replace")
    reserves = usgs.reserves_from_mcs2026(usgs.apply_corrections(table, history)).set_index("iso3")
    assert reserves.loc["BRA", "tonnes_reo"] == 11_000_000
    assert reserves.loc["WLD", "tonnes_reo"] == 75_000_000
    assert reserves.loc["WLD", "qualifier"] == ">"
    assert pd.isna(reserves.loc["MMR", "tonnes_reo"])  # NA stays empty, never zero


def test_corrections_refuse_a_history_that_does_not_mention_them():
    table = usgs.read_mcs2026_rare_earths(RAW / "usgs_mcs2026_commodities_data.csv")
    with pytest.raises(ValueError, match="version history"):
        usgs.apply_corrections(table, "no corrections here")


def test_mcs2026_production_status_and_notes():
    table = usgs.read_mcs2026_rare_earths(RAW / "usgs_mcs2026_commodities_data.csv")
    production = usgs.mine_production_from_mcs2026(table).set_index(["iso3", "year"])
    assert production.loc[("USA", 2024), "status"] == "reported"
    assert production.loc[("USA", 2025), "status"] == "estimated"
    assert "import data" in production.loc[("MMR", 2025), "notes"]
    assert "revised in MCS 2026" in production.loc[("AUS", 2024), "notes"]


def _row(iso3, year, tonnes, edition):
    return {
        "country": iso3,
        "iso3": iso3,
        "year": year,
        "tonnes_reo": tonnes,
        "status": "estimated",
        "edition": edition,
        "source_id": "x",
        "notes": "",
    }


def test_newest_edition_wins_for_the_same_country_and_year():
    older = pd.DataFrame([_row("CHN", 2023, 240000, usgs.MCS2025_EDITION)])
    newer = pd.DataFrame(
        [_row("CHN", 2023, 255000, usgs.MCS2026_EDITION), _row("CHN", 2024, 270000, usgs.MCS2026_EDITION)]
    )
    merged = usgs.newest_edition_per_year([newer, older]).set_index(["iso3", "year"])
    assert merged.loc[("CHN", 2023), "tonnes_reo"] == 255000
    assert len(merged) == 2


def test_unknown_edition_is_an_error():
    with pytest.raises(ValueError, match="no publication date"):
        usgs.newest_edition_per_year([pd.DataFrame([_row("CHN", 2023, 1, "USGS MCS 1999")])])
