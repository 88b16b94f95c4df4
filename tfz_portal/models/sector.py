"""The sectors a community rolls the program out across.

A fixed list: dashboards, training and templates are keyed by these slugs, so
they are code, not data a community edits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    description: str
    individual: bool = False


SECTORS: tuple[Sector, ...] = (
    Sector("law_enforcement", "Law enforcement",
           "Police, sheriff's offices and prosecutors who investigate buyers and protect victims."),
    Sector("business", "Businesses",
           "Employers, hotels, transport and shops that keep trafficking off their premises."),
    Sector("school", "Schools",
           "Schools, colleges and youth programs that teach students and spot warning signs."),
    Sector("medical", "Medical facilities",
           "Hospitals, clinics and practices whose staff may meet victims in their care."),
    Sector("faith", "Faith-based organizations",
           "Churches and other congregations that speak to their members about sex buying."),
    Sector("government", "Government agencies",
           "State, county and city offices that set public policy and serve residents."),
    Sector("community_org", "Community organizations",
           "Nonprofits, clubs and civic groups that reach neighbors where they live."),
    Sector("media", "Media",
           "Newspapers, broadcasters and publishers that tell the public what is happening."),
    Sector("individual", "Individual residents",
           "People who pledge, on their own behalf, not to buy sex and to speak up.",
           individual=True),
)

_BY_KEY = {sector.key: sector for sector in SECTORS}
ORGANIZATION_SECTORS = tuple(s for s in SECTORS if not s.individual)


def sector_by_key(key: str) -> Sector:
    return _BY_KEY[key]


def is_sector(key: str) -> bool:
    return key in _BY_KEY
