"""Charts as reportlab vector drawings: horizontal bars for options, vertical bars for months,
histograms and grouped bars (cross-tabulations), with Chinese labels and legends.

The same drawing goes into the PDF as vector graphics and into the Word document as a PNG
picture (``png.drawing_png``). Everything is placed by hand so that nothing leaves the
drawing: long option labels wrap onto two lines and end in … when still too long, value
labels get room at the end of the bars, and legends flow onto as many rows as they need.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldkit.core.reports.fonts import LATIN, fit_lines, font_for, register_fonts
from fieldkit.core.reports.model import Chart

PALETTE = ["#2F5597", "#C55A11", "#548235", "#BF9000", "#7030A0", "#1F6F78", "#7F7F7F",
           "#843C0C", "#4BACC6", "#9E480E"]
GRID = colors.HexColor("#D9D9D9")
INK = colors.HexColor("#262626")
LABEL = 8.0
TITLE = 9.5


def nice_ceiling(value: float) -> float:
    """The next round number at or above ``value`` (1, 2, 2.5, 5 x 10^k)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-9:
            return step * power
    return 10 * power


def _value_text(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _ticks(top: float) -> list[float]:
    step = nice_ceiling(top / 5)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def _title(d: Drawing, chart: Chart, width: float, y: float, font: str) -> None:
    line = fit_lines(chart.title, font, TITLE, width, 1)[0]
    d.add(String(width / 2, y, line, fontName=font, fontSize=TITLE, fillColor=INK,
                 textAnchor="middle"))


def chart_drawing(chart: Chart, width: float, *, title: bool = False) -> Drawing:
    """The chart ``width`` points wide; its height follows from its content. The title is
    drawn inside only when asked (the PDF and Word reports caption it below instead)."""
    body, heading = register_fonts()
    title_h = 16.0 if title else 2.0
    if not chart.categories or not chart.series:
        d = Drawing(width, title_h + 4)
        d.initialFontName = body
        return d
    if chart.horizontal and len(chart.series) == 1:
        d = _horizontal(chart, width, body, title_h)
    else:
        d = _vertical(chart, width, body, title_h)
    if title:
        _title(d, chart, width, d.height - 11, heading)
    d.initialFontName = body          # not reportlab's default Helvetica, which is not embedded
    return d


def _horizontal(chart: Chart, width: float, body: str, title_h: float) -> Drawing:
    values = chart.series[0][1]
    fonts = [font_for(c, body) for c in chart.categories]
    label_width = min(width * 0.38, max([stringWidth(c, f, LABEL) for c, f in
                                         zip(chart.categories, fonts)] + [20]) + 4)
    labels = [fit_lines(c, f, LABEL, label_width - 4) for c, f in zip(chart.categories, fonts)]
    rows = [max(14.0, 10.0 * len(lines) + 4) for lines in labels]
    value_room = stringWidth("100.0%", LATIN, LABEL) + 6
    plot_x, plot_w = label_width + 4, width - label_width - 4 - value_room
    top = 100.0 if chart.percent and max(values or [0]) > 50 else nice_ceiling(max(values or [0]))
    axis_h = 14.0
    height = sum(rows) + axis_h + title_h + 4
    d = Drawing(width, height)
    y = height - title_h
    base = axis_h
    for tick in _ticks(top):
        x = plot_x + plot_w * tick / top
        d.add(Line(x, base, x, y, strokeColor=GRID, strokeWidth=0.5))
        d.add(String(x, base - 9, _value_text(tick, chart.percent), fontName=LATIN,
                     fontSize=LABEL - 1, fillColor=INK, textAnchor="middle"))
    for lines, font, h, value in zip(labels, fonts, rows, values):
        y -= h
        text_y = y + h / 2 + (len(lines) - 1) * 5 - 3
        for line in lines:
            d.add(String(label_width, text_y, line, fontName=font, fontSize=LABEL,
                         fillColor=INK, textAnchor="end"))
            text_y -= 10
        bar_h = min(10.0, h - 4)
        bar_w = plot_w * min(value, top) / top
        d.add(Rect(plot_x, y + (h - bar_h) / 2, bar_w, bar_h, fillColor=colors.HexColor(PALETTE[0]),
                   strokeColor=None))
        d.add(String(plot_x + bar_w + 3, y + h / 2 - 3, _value_text(value, chart.percent),
                     fontName=LATIN, fontSize=LABEL, fillColor=INK))
    d.add(Line(plot_x, base, plot_x, height - title_h, strokeColor=INK, strokeWidth=0.6))
    return d


def _legend(d: Drawing, names: list[str], width: float, font: str, y: float) -> None:
    x = 0.0
    for i, name in enumerate(names):
        face = font_for(name, font)
        text = fit_lines(name, face, LABEL, width / 2 - 16, 1)[0]
        item = 12 + stringWidth(text, face, LABEL) + 10
        if x + item > width and x > 0:
            x, y = 0.0, y - 12
        d.add(Rect(x, y - 1, 8, 8, fillColor=colors.HexColor(PALETTE[i % len(PALETTE)]),
                   strokeColor=None))
        d.add(String(x + 11, y, text, fontName=face, fontSize=LABEL, fillColor=INK))
        x += item


def _legend_rows(names: list[str], width: float, font: str) -> int:
    rows, x = 1, 0.0
    for name in names:
        face = font_for(name, font)
        text = fit_lines(name, face, LABEL, width / 2 - 16, 1)[0]
        item = 12 + stringWidth(text, face, LABEL) + 10
        if x + item > width and x > 0:
            rows, x = rows + 1, 0.0
        x += item
    return rows


def _vertical(chart: Chart, width: float, body: str, title_h: float) -> Drawing:
    n = max(1, len(chart.categories))
    series = chart.series
    peak = max([v for _, vals in series for v in vals] + [0])
    top = 100.0 if chart.percent and peak > 50 else nice_ceiling(peak)
    axis_w = stringWidth(_value_text(top, chart.percent), LATIN, LABEL - 1) + 6
    plot_x, plot_w = axis_w, width - axis_w - 2
    slot = plot_w / n
    fonts = [font_for(c, body) for c in chart.categories]
    label_lines = [fit_lines(c, f, LABEL - 0.5, max(slot - 2, 10), 3 if slot > 40 else 2)
                   for c, f in zip(chart.categories, fonts)]
    labels_h = 10.0 * max([len(lines) for lines in label_lines] + [1]) + 4
    legend = len(series) > 1
    legend_h = 12.0 * _legend_rows([s for s, _ in series], width, body) + 4 if legend else 0.0
    plot_h = 150.0
    height = legend_h + labels_h + plot_h + title_h + 8
    d = Drawing(width, height)
    base = legend_h + labels_h
    for tick in _ticks(top):
        y = base + plot_h * tick / top
        d.add(Line(plot_x, y, plot_x + plot_w, y, strokeColor=GRID, strokeWidth=0.5))
        d.add(String(plot_x - 3, y - 3, _value_text(tick, chart.percent), fontName=LATIN,
                     fontSize=LABEL - 1, fillColor=INK, textAnchor="end"))
    gap = 0.0 if chart.kind == "histogram" else slot * 0.2
    bar_w = (slot - gap) / len(series)
    show_values = len(series) * n <= 24 and bar_w >= stringWidth("00.0%", LATIN, LABEL - 1.5)
    for s, (_, values) in enumerate(series):
        fill = colors.HexColor(PALETTE[s % len(PALETTE)])
        for i, value in enumerate(values):
            x = plot_x + i * slot + gap / 2 + s * bar_w
            h = plot_h * min(value, top) / top
            d.add(Rect(x, base, bar_w, h, fillColor=fill, strokeColor=colors.white if
                       chart.kind == "histogram" else None, strokeWidth=0.5))
            if show_values and value:
                d.add(String(x + bar_w / 2, base + h + 2, _value_text(value, chart.percent),
                             fontName=LATIN, fontSize=LABEL - 1.5, fillColor=INK,
                             textAnchor="middle"))
    for i, (lines, font) in enumerate(zip(label_lines, fonts)):
        y = base - 10
        for line in lines:
            d.add(String(plot_x + i * slot + slot / 2, y, line, fontName=font,
                         fontSize=LABEL - 0.5, fillColor=INK, textAnchor="middle"))
            y -= 10
    d.add(Line(plot_x, base, plot_x + plot_w, base, strokeColor=INK, strokeWidth=0.6))
    if legend:
        _legend(d, [s for s, _ in series], width, body, legend_h - 10)
    return d
