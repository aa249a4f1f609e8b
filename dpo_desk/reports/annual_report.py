"""The DPO's annual report as PDF: for each subject (requests, incidents, complaints, the
register and transfers) the year's key figures in words and tables, with bar charts drawn by
reportlab's own graphics (fonts embedded like the text's), in the current language."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dpo_desk.domain.breach import BAND_LABELS, Band
from dpo_desk.domain.complaint import OUTCOME_LABELS, REASON_LABELS, Outcome, Reason
from dpo_desk.domain.request import CHANNEL_LABELS, Channel, Right
from dpo_desk.domain.timefmt import office_today, utc_now
from dpo_desk.domain.transfer import TOOL_LABELS, TransferTool
from dpo_desk.i18n import N_, _
from dpo_desk.reports.fonts import FONT, FONT_BOLD, register_fonts
from dpo_desk.reports.header import header_lines
from dpo_desk.reports.pdf import build_landscape_pdf, page_table
from dpo_desk.services.annual_report import AnnualFigures
from dpo_desk.services.bundle import Services
from dpo_desk.services.request_columns import RIGHT_SHORT_LABELS

NATURE_LABELS = {
    "confidentiality": N_("confidentiality"),
    "integrity": N_("integrity"),
    "availability": N_("availability"),
}
#: The bars' colour (the header's blue, darker).
BAR_COLOUR = "#4a6f94"


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def bar_chart(title: str, counts: Sequence[tuple[str, int]], width: float) -> Any:
    """A horizontal bar chart of ``counts`` (label, count), each bar labelled with its count;
    "no data" when there is nothing to count."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    rows = max(len(counts), 1)
    height = 34 + 16 * rows
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=FONT_BOLD, fontSize=9))
    if not counts or not any(count for _label, count in counts):
        drawing.add(String(0, height - 30, _("no data"), fontName=FONT, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x = width * 0.42
    chart.y = 6
    chart.width = width * 0.5
    chart.height = height - 28
    # reportlab draws the first category at the bottom: reversed, the list reads top down.
    chart.data = [[count for _label, count in reversed(counts)]]
    chart.categoryAxis.categoryNames = [label for label, _count in reversed(counts)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(count for _label, count in counts) * 1.15 + 1
    chart.valueAxis.visible = False
    # Every text of the chart in DejaVu, even the hidden axis's: reportlab would otherwise name
    # Helvetica in the PDF without embedding it.
    chart.valueAxis.labels.fontName = FONT
    chart.bars[0].fillColor = colors.HexColor(BAR_COLOUR)
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


def _number(value: float | int | None) -> str:
    return "—" if value is None else f"{value:g}"


def _figures_table(rows: Sequence[tuple[str, str]], width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, TableStyle

    small = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10)
    bold = ParagraphStyle("bold", parent=small, fontName=FONT_BOLD)
    table = page_table(
        [
            [Paragraph(_markup(label), small), Paragraph(_markup(value), bold)]
            for label, value in rows
        ],
        colWidths=[width * 0.75, width * 0.25],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5cfda")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _section(title: str, figures: Any, charts: Sequence[Any], width: float) -> list[Any]:
    """A heading, then the figures' table beside the charts (stacked)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

    heading = ParagraphStyle(
        "heading", fontName=FONT_BOLD, fontSize=13, leading=17, spaceBefore=10, spaceAfter=6
    )
    layout = Table(
        [[figures, list(charts)]],
        colWidths=[width * 0.42, width * 0.58],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return [KeepTogether([Paragraph(_markup(title), heading), layout])]


def write_annual_report(services: Services, year: int, destination: Path) -> Path:
    """The report for ``year`` in the current language."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    register_fonts()
    figures: AnnualFigures = services.annual.figures(year, office_today())
    width = landscape(A4)[0] - 30 * mm
    left, chart_width = width * 0.40, width * 0.56
    title = _("Annual report of the data protection officer {year}").format(year=year)
    title_style = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=18, leading=23)
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11)
    story: list[Any] = [Paragraph(_markup(title), title_style), Spacer(1, 3 * mm)]
    for label, value in header_lines(services.organisation.profile(), utc_now()):
        story.append(Paragraph(f"<b>{_markup(label)}:</b> {_markup(value)}", body))

    requests = figures.requests
    story += _section(
        _("Data-subject requests"),
        _figures_table(
            [
                (_("Requests received"), str(requests.received)),
                (_("Answered (or refused)"), str(requests.answered)),
                (
                    _("Answered on time"),
                    f"{requests.answered_on_time} ({_percent(requests.answered_on_time, requests.answered)})",
                ),
                (_("Median days to answer"), _number(requests.median_days)),
                (_("Longest days to answer"), _number(requests.longest_days)),
                (_("Extended (Art. 12(3))"), str(requests.extended)),
                (_("Refused (Art. 12(4), 12(5))"), str(requests.refused)),
            ],
            left,
        ),
        [
            bar_chart(
                _("Requests by right"),
                [
                    (_(RIGHT_SHORT_LABELS[right]), requests.by_right[right])
                    for right in Right
                    if right in requests.by_right
                ],
                chart_width,
            ),
            bar_chart(
                _("Requests by channel"),
                [
                    (_(CHANNEL_LABELS[channel]), requests.by_channel[channel])
                    for channel in Channel
                    if channel in requests.by_channel
                ],
                chart_width,
            ),
        ],
        width,
    )
    incidents = figures.incidents
    bands = [
        (_(BAND_LABELS[band]), incidents.by_band[band])
        for band in Band
        if band in incidents.by_band
    ]
    if None in incidents.by_band:
        bands.append((_("not assessed"), incidents.by_band[None]))
    story += _section(
        _("Incidents and personal-data breaches"),
        _figures_table(
            [
                (_("Incidents recorded"), str(incidents.recorded)),
                (_("Personal-data breaches"), str(incidents.breaches)),
                (_("Notified to AZOP"), str(incidents.notified)),
                (_("within 72 hours"), str(incidents.notified_in_time)),
                (_("late, with the reasons for the delay"), str(incidents.notified_late)),
                (_("Data subjects told (Art. 34)"), str(incidents.subjects_told)),
            ],
            left,
        ),
        [
            bar_chart(
                _("Breaches by nature"),
                [(_(label), incidents.by_nature[key]) for key, label in NATURE_LABELS.items()],
                chart_width,
            ),
            bar_chart(_("Breaches by severity (ENISA)"), bands, chart_width),
        ],
        width,
    )
    complaints = figures.complaints
    outcomes = [
        (_(OUTCOME_LABELS[o]), complaints.by_outcome[o])
        for o in Outcome
        if o in complaints.by_outcome
    ]
    if None in complaints.by_outcome:
        outcomes.append((_("No outcome yet"), complaints.by_outcome[None]))
    story += _section(
        _("Complaints"),
        _figures_table(
            [
                (_("Complaints received"), str(complaints.received)),
                (_("Before AZOP"), str(complaints.escalated)),
            ],
            left,
        ),
        [
            bar_chart(
                _("Complaints by reason"),
                [
                    (_(REASON_LABELS[r]), complaints.by_reason[r])
                    for r in Reason
                    if r in complaints.by_reason
                ],
                chart_width,
            ),
            bar_chart(_("Complaints by outcome"), outcomes, chart_width),
        ],
        width,
    )
    register = figures.register
    tools = [
        (_(TOOL_LABELS[tool]), register.transfers_by_tool[tool])
        for tool in TransferTool
        if tool in register.transfers_by_tool
    ]
    if None in register.transfers_by_tool:
        tools.append((_("no tool chosen yet"), register.transfers_by_tool[None]))
    story += _section(
        _("Register of processing activities and transfers"),
        _figures_table(
            [
                (_("Activities added"), str(register.added)),
                (_("Activities retired"), str(register.retired)),
                (_("Reviews overdue"), str(register.reviews_overdue)),
            ],
            left,
        ),
        [bar_chart(_("Transfers by tool (the register today)"), tools, chart_width)],
        width,
    )
    build_landscape_pdf(destination, title, story)
    return destination
