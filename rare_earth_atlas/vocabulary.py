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
    "concentrate_processing": "Concentrate processing",
    "separation": "Separation / refining",
    "metal_alloy": "Metal & alloy",
    "magnets": "Magnets",
    "recycling": "Recycling",
    "research": "Research & industry bodies",
}
STAGES = tuple(STAGE_LABELS)

# What a stage does, in the order material moves along the chain (recycling feeds it back).
STAGE_MEANINGS = {
    "mining": "Mining ore and concentrating it (mineral concentrate, counted as REO in concentrate).",
    "concentrate_processing": "Cracking and leaching concentrate into a mixed rare earth product (carbonate or chloride), not yet separated.",
    "separation": "Separating mixed rare earths into individual oxides (for example NdPr oxide) and refining them.",
    "metal_alloy": "Reducing oxides to metal and making alloys (for example NdPr metal, NdFeB alloy).",
    "magnets": "Making permanent magnets (sintered or bonded NdFeB, SmCo).",
    "recycling": "Recovering rare earths or magnet material from scrap and end-of-life products.",
    "research": "Research institutes and industry bodies.",
}

# How solid the sources that show a facility exists are.
EVIDENCE_LABELS = {
    "filing": "Company filing or report",
    "government": "Government or agency",
    "press": "Trade press or news",
    "weak": "Weak (directory, market-research blurb or indirect mention)",
}
EVIDENCE_LEVELS = tuple(EVIDENCE_LABELS)

# The units a facility's capacity is recorded in; what the source said exactly is in the row's notes.
CAPACITY_UNITS = {
    "t ore/yr": "ore mined",
    "t concentrate/yr": "mineral concentrate produced or processed (its own weight, any grade)",
    "t REO in concentrate/yr": "rare earth oxide content of the concentrate",
    "t NdPr oxide equivalent in concentrate/yr": "NdPr oxide the concentrate can yield once separated",
    "t mixed rare earth product/yr": "mixed rare earth carbonate, chloride or sulphate (its own weight)",
    "t REO/yr": "rare earth oxides (REO basis), separated or treated",
    "t NdPr oxide/yr": "separated NdPr oxide",
    "t magnet rare earth oxides/yr": "separated Nd, Pr, Dy and Tb oxides",
    "t Dy oxide/yr": "separated dysprosium oxide",
    "t rare earth products/yr (basis not stated)": "rare earth products whose basis (REO or product weight) the source does not state",
    "t rare earth metal/yr": "rare earth metals",
    "t NdPr metal/yr": "NdPr metal",
    "t alloy/yr": "magnet alloy, strip-cast flake or magnet powder",
    "t magnet blanks/yr": "sintered magnet blanks, before machining",
    "t magnets/yr": "magnets or magnet material (finished, or the source does not say)",
    "t scrap feed/yr": "magnet scrap or magnet-rich material taken in for recycling",
    "t end-of-life components/yr": "discarded components (motors, drives, electronics) taken in whole, before magnets are separated out",
}

# China's reach abroad: how a Chinese company is tied to an asset outside China, and where that stands.
OVERSEAS_RELATIONSHIPS = ("equity", "offtake", "equity+offtake", "trade")
STAKE_STATUSES = ("in force", "ended", "proposed", "blocked", "divested", "statistic")

# What a published capacity covers.
CAPACITY_SCOPES = {
    "plant": "this plant",
    "company-wide": "the company as a whole (not split by plant)",
    "planned": "a stated target for a project not yet running",
}

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

# What each reference dataset (data/reference/<key>.csv) is called on screen.
DATASET_LABELS = {
    "mine_production": "Mine production",
    "reserves": "Reserves",
    "stage_shares": "Shares by supply-chain stage",
    "quotas": "China's quotas",
    "policy_events": "Policy events and export controls",
    "facilities": "Facilities",
    "flows": "Documented material flows",
    "overseas_stakes": "China's stakes, contracts and imports abroad",
    "concentration_bands": "Concentration bands",
    "demand_iea": "Magnet rare earth demand (IEA)",
    "supply_iea": "Magnet rare earth supply (IEA)",
    "demand_assumptions": "Assumptions for modelled demand sectors",
    "model_parameters": "Model parameters",
    "demand_forecasts": "Published forecasts for modelled demand sectors",
}
