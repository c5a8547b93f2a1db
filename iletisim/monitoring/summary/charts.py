"""Small server-side SVG charts (bars and stacked bars) for the reports: no JavaScript, no
chart library; WeasyPrint draws them into the PDF and the dashboard shows them inline.

Only presentation attributes are used (no style attribute), so the CSP allows them inline.
"""

from __future__ import annotations

from django.utils.html import escape

COLOURS = ["#0b3d91", "#8a1c1c", "#1d6b2c", "#b7791f", "#5a3d8a", "#2c7a7b", "#666666"]
TONE_COLOURS = {"positive": "#1d6b2c", "neutral": "#8c8c8c", "negative": "#a11a1a"}


def bars(title: str, rows: list[tuple[str, int]], *, width: int = 640) -> str:
    """Horizontal bars, one row per label."""
    row_h, label_w = 22, 200
    height = 30 + row_h * max(len(rows), 1)
    top = max((v for _l, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 26 + index * row_h
        length = int((width - label_w - 60) * value / top)
        colour = COLOURS[index % len(COLOURS)]
        parts += [
            f'<text x="0" y="{y + 14}">{escape(label[:32])}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{length}" height="{row_h - 6}" fill="{colour}"/>',
            f'<text x="{label_w + length + 4}" y="{y + 14}">{value}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(
    title: str,
    columns: list[tuple[str, dict[str, int]]],
    colours: dict[str, str],
    *,
    width: int = 640,
) -> str:
    """Vertical columns (one per day), each stacked by series (tones, outlet types)."""
    height, bottom, left = 240, 40, 30
    n = max(len(columns), 1)
    step = (width - left) / n
    top = max((sum(c.values()) for _l, c in columns), default=0) or 1
    scale = (height - bottom - 30) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<text x="0" y="{height - bottom}">0</text><text x="0" y="34">{top}</text>',
    ]
    for index, (label, series) in enumerate(columns):
        x = left + index * step
        y = float(height - bottom)
        for key, colour in colours.items():
            value = series.get(key, 0)
            if value:
                h = value * scale
                y -= h
                parts.append(
                    f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(step - 4, 1):.1f}" '
                    f'height="{h:.1f}" fill="{colour}"><title>{escape(key)}: {value}</title></rect>'
                )
        if n <= 16 or index % 3 == 0:
            parts.append(f'<text x="{x + 2:.1f}" y="{height - bottom + 14}">{escape(label)}</text>')
    legend_x = left
    for key, colour in colours.items():
        parts.append(
            f'<rect x="{legend_x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="{height - 5}">{escape(key)}</text>'
        )
        legend_x += 14 + 8 * len(key) + 16
    parts.append("</svg>")
    return "".join(parts)
