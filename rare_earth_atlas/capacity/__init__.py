"""Capacity: China's processing against Western mining, stage by stage, for a user-chosen West.

Like every feature package: model (numbers) -> figures (drawing) -> views (a chart's figure and
table from the reference data and the page's settings; registered in rare_earth_atlas.charts)."""
