"""A histogram of household totals as inline SVG, drawn on the server (no chart library, no
CDN): bars for the number of households in each income band, with the bands' bounds."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.money import format_cny


def histogram_svg(values: list[Decimal], *, bins: int = 10, width: int = 640,
                  height: int = 220) -> SafeString:
    if not values:
        return format_html('<p class="help-block">{}</p>', _("No households in this range."))
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / span * bins), bins - 1)] += 1
    top = max(counts)
    pad, base = 36, height - 28
    bar = (width - 2 * pad) / bins
    bars = []
    for index, count in enumerate(counts):
        h = (base - 10) * count / top
        x = pad + index * bar
        band_low = low + span * index / bins
        band_high = low + span * (index + 1) / bins
        bars.append((
            f"{x + 2:.1f}", f"{base - h:.1f}", f"{bar - 4:.1f}", f"{h:.1f}",
            _("%(count)s households from %(low)s to %(high)s") % {
                "count": count, "low": format_cny(band_low), "high": format_cny(band_high)},
            f"{x + bar / 2:.1f}", f"{base - h - 4:.1f}", count,
        ))
    title = _("Households by total earnings: %(n)s households from %(low)s to %(high)s") % {
        "n": len(values), "low": format_cny(low), "high": format_cny(high)}
    return format_html(
        '<svg class="earnings-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-label="{title}" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
        '<line x1="{pad}" y1="{base}" x2="{right}" y2="{base}" stroke="currentColor"/>'
        '{bars}'
        '<text x="{pad}" y="{label_y}" font-size="12" fill="currentColor">{low}</text>'
        '<text x="{right}" y="{label_y}" font-size="12" text-anchor="end" '
        'fill="currentColor">{high}</text></svg>',
        w=width, h=height, title=title, pad=pad, base=base, right=width - pad,
        label_y=height - 8, low=format_cny(low), high=format_cny(high),
        bars=format_html_join(
            "", '<rect x="{}" y="{}" width="{}" height="{}" fill="#2e7d4f"><title>{}</title>'
            '</rect><text x="{}" y="{}" font-size="11" text-anchor="middle" '
            'fill="currentColor">{}</text>', bars),
    )
