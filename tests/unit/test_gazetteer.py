"""Placing a city by name: within the state or province a file gives, never in another one."""

from rare_earth_atlas.data import gazetteer


def test_a_state_is_recognised_as_files_write_it():
    for written in ("Western Australia", "WA", "AU-WA", "western australia", "Western Australia State"):
        assert gazetteer.admin1_codes(written, "AU") == {"08"}, written
    for written in ("Jiangxi", "Jiangxi Province", "Jiangxi Sheng", "CN-JX"):
        assert gazetteer.admin1_codes(written, "CN") == {"03"}, written
    assert gazetteer.admin1_codes("CA", "US") == {"CA"}
    assert gazetteer.admin1_codes("Atlantis", "AU") == set()


def test_the_town_in_the_given_state_wins_over_a_bigger_one_elsewhere():
    found = gazetteer.locate_city("Laverton", "AUS", "Western Australia")
    assert (round(found.chosen.lat, 1), round(found.chosen.lon, 1)) == (-28.6, 122.4)
    assert [c.province for c in found.elsewhere] == ["Victoria"]
    assert gazetteer.locate_city("Laverton", "AUS").chosen.province == "Victoria"  # no state: the largest


def test_a_county_is_placed_at_its_seat_and_the_other_places_are_listed():
    found = gazetteer.locate_city("Xinfeng", "CHN", "Jiangxi")
    assert found.chosen.name == "Jiading" and round(found.chosen.lat, 2) == 25.39
    assert len(found.rivals) == 2  # the other Xinfengs in Jiangxi, listed in the report


def test_a_city_not_in_the_given_province_is_not_placed_elsewhere():
    found = gazetteer.locate_city("Ganzhou", "CHN", "Guangdong")
    assert found.chosen is None and {c.province for c in found.elsewhere} == {"Jiangxi"}


def test_a_village_does_not_make_a_big_city_doubtful():
    found = gazetteer.locate_city("Ganzhou", "CHN", "Jiangxi")
    assert found.chosen.population > 1_000_000 and found.alternatives and not found.rivals
