"""Demand: magnet rare earth demand by sector against supply, modelled sectors and the export
what-if.

Like every feature package: model (numbers) -> figures (drawing) -> views (a chart's figure and
table from the reference data and the page's settings; registered in rare_earth_atlas.charts)."""
