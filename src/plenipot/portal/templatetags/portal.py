"""Template tags for the site-wide layout."""

from django import template
from django.utils.html import format_html

from plenipot.conference import selectors as conference_selectors
from plenipot.portal import selectors as portal_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def current_conference(context):
    """The page's conference, or the current one for pages that do not pass it."""
    conference = context.get("conference")
    if conference is None:
        conference = conference_selectors.conference_current()
    return conference


@register.simple_tag(takes_context=True)
def nav_current(context, url: str) -> str:
    """Marks a navigation link as the current page when the request is under its URL."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if path == url or (url != "/" and path.startswith(url)):
        return format_html(' aria-current="{}"', "page")
    return ""


@register.filter
def delegation_key(delegation) -> str:
    """The key in a delegation's address, for `{% url 'delegation-detail' … %}`."""
    return portal_selectors.delegation_key(delegation)
