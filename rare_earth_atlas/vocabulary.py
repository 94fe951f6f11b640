"""The atlas's shared words: country codes, region names, the countries counted as the West,
supply-chain stages and statuses, demand sectors and page titles.

Every feature uses these names for the same things, so a stage, a region or a sector is spelled
(and labelled) in one place.
"""

from __future__ import annotations

CHINA_ISO3 = "CHN"

# Regions a chart groups countries into.
CHINA_REGION = "China"
WEST_REGION = "The West"
REST_REGION = "Rest of world"
REGIONS = (CHINA_REGION, WEST_REGION, REST_REGION)

EU_MEMBERS_ISO3 = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
)  # fmt: skip
EU_GROUP = "EU members"
# The countries a user may count as "the West": the EU as one group, then single countries.
WEST_CHOICES: dict[str, tuple[str, ...]] = {
    "United States": ("USA",),
    "Canada": ("CAN",),
    EU_GROUP: EU_MEMBERS_ISO3,
    "United Kingdom": ("GBR",),
    "Norway": ("NOR",),
    "Australia": ("AUS",),
    "Japan": ("JPN",),
    "South Korea": ("KOR",),
    "India": ("IND",),
    "Brazil": ("BRA",),
    "Greenland": ("GRL",),
    "Malaysia": ("MYS",),
    "Vietnam": ("VNM",),
    "Thailand": ("THA",),
    "South Africa": ("ZAF",),
    "Tanzania": ("TZA",),
    "Madagascar": ("MDG",),
    "Nigeria": ("NGA",),
    "Russia": ("RUS",),
    "Burma (Myanmar)": ("MMR",),
}
DEFAULT_WEST = ("United States", "Canada", EU_GROUP, "United Kingdom", "Norway", "Australia", "Japan", "South Korea")
DEFAULT_WEST_ISO3 = tuple(code for choice in DEFAULT_WEST for code in WEST_CHOICES[choice])

# A facility's main stage in the supply chain, and what the app calls it.
STAGE_LABELS = {
    "mining": "Mining",
    "separation": "Separation / refining",
    "metal_alloy": "Metal & alloy",
    "magnets": "Magnets",
    "recycling": "Recycling",
    "research": "Research & industry bodies",
}
STAGES = tuple(STAGE_LABELS)

STATUS_LABELS = {
    "operating": "Operating",
    "commissioning": "Commissioning",
    "construction": "Under construction",
    "planned": "Planned",
    "suspended": "Suspended",
    "blocked": "Blocked",
}
FACILITY_STATUSES = tuple(STATUS_LABELS)

# Demand sectors, by the label the Demand page shows (and writes into its URL: ?sectors=EVs).
SECTOR_LABELS = {
    "electric_vehicles": "EVs",
    "wind": "Wind",
    "drones": "Drones & low-altitude",
    "robots": "Robots",
    "electronics": "Electronics",
    "industrial_motors": "Industrial motors & HVAC",
    "defence": "Defence",
    "other_uses": "Other uses",
}

# Each page by its URL path (without the slash; "" is the Overview) and its title in the menu.
PAGE_TITLES = {
    "": "Overview",
    "map": "Map",
    "capacity": "Capacity",
    "demand": "Demand",
    "data": "Your data",
    "sources": "Sources",
}
