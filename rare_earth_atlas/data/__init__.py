"""The reference data and the facts every feature shares: loading and validating data/reference/
(reference), USGS's original files (usgs, build), country names (countries), places
(gazetteer), geometry (spatial) and where numbers come from (provenance).

Nothing here imports a feature package: features import data, never the other way."""
