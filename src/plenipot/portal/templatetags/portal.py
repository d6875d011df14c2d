"""Template tags for the site-wide layout."""

from django import template
from django.utils.html import format_html

from plenipot.accounts.access import body_watchable
from plenipot.accounts.roles import actor_for
from plenipot.accounts.selectors import user_follows
from plenipot.conference import selectors as conference_selectors
from plenipot.portal import navigation
from plenipot.portal import selectors as portal_selectors
from plenipot.portal.navigation import Navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def current_conference(context):
    """The page's conference, or the current one for pages that do not pass it."""
    conference = context.get("conference")
    if conference is None:
        conference = conference_selectors.conference_current()
    return conference


@register.simple_tag(takes_context=True)
def site_navigation(context) -> Navigation:
    """The navigation and user menu for the page's reader (`portal.navigation`)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    conference = current_conference(context)
    return navigation.site_navigation(
        actor=actor_for(user),
        user=user,
        path=getattr(request, "path", ""),
        conference_id=getattr(conference, "pk", None),
    )


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


@register.inclusion_tag("portal/_follow.html", takes_context=True)
def follow_button(context, *, body=None, instrument=None):
    """Follow or stop following a body or an instrument, for the daily digest.

    A signed-in reader sees the button that fits (a body whose meetings they may not
    follow gets none); an anonymous visitor is offered to log in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if body is not None:
        what, key = "body", body.code
    else:
        what, key = "instrument", instrument.number
    signed_in = bool(user is not None and user.is_authenticated)
    allowed = signed_in and (body is None or body_watchable(user, body))
    return {
        "what": what,
        "key": key,
        "signed_in": signed_in,
        "allowed": allowed,
        "following": allowed and user_follows(user=user, body=body, instrument=instrument),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
