"""Site profiles: what an outlet's own pages teach about its template.

:mod:`.features` (what one page contributes), :mod:`.learn` (counting pages into a
profile), :mod:`.model` (the profile as plain, versioned data), :mod:`.apply` (what a
profile changes on one page). Pure: no Scrapy, no seed, no settings.
"""

from crawler.extract.profile.features import PageFeatures, page_features
from crawler.extract.profile.learn import ProfileLearner, learn_profile
from crawler.extract.profile.model import PROFILE_VERSION, SiteProfile

__all__ = [
    "PROFILE_VERSION",
    "PageFeatures",
    "ProfileLearner",
    "SiteProfile",
    "learn_profile",
    "page_features",
]
