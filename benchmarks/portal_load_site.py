"""Settings for the portal benchmark: the site's own, with one bare view added to its
URLs (`portal_load_urls`)."""

from plenipot.site.settings import *  # noqa: F403

ROOT_URLCONF = "portal_load_urls"
