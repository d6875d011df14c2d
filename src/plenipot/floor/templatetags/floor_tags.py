"""How the floor's pages write a time spoken: minutes and seconds, as a clock does."""

from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"
