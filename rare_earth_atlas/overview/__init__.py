"""The Overview: headline shares, the midstream gap and mine production by country.

Like every feature package: model (numbers) -> figures (drawing) -> views (a chart's figure and
table from the reference data and the page's settings; registered in rare_earth_atlas.charts)."""
