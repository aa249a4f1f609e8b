"""The complaint documents: the dossier of one complaint (every fact, the AZOP case, and every
log entry with its documents, in order) for a file or for AZOP; and the complaint-handling log
for a period (a summary of the figures, then the complaints with their actions and outcomes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dpo_desk.domain.attachment import human_size
from dpo_desk.domain.columns import Column
from dpo_desk.domain.complaint import (
    COMPLAINT_STATUS_LABELS,
    DECISION_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    Complaint,
    ComplaintStatus,
    Outcome,
    Reason,
)
from dpo_desk.domain.request import CHANNEL_LABELS
from dpo_desk.domain.timefmt import format_day, format_instant, utc_now
from dpo_desk.i18n import N_, _
from dpo_desk.reports.fonts import FONT, FONT_BOLD, register_fonts
from dpo_desk.reports.header import header_lines
from dpo_desk.reports.pdf import build_landscape_pdf, page_table
from dpo_desk.services.bundle import Services
from dpo_desk.services.complaint_columns import (
    LOG_COLUMNS,
    complainant_text,
    concerns_text,
    entry_text,
    reason_text,
)
from dpo_desk.services.complaints import ComplaintLine, LogFigures
from dpo_desk.services.progress import CancelToken, ProgressReporter


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "bold": ParagraphStyle("bold", parent=body, fontName=FONT_BOLD, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=6),
        "heading": ParagraphStyle(
            "heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
    }


def _grid() -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )


def _pairs(rows: Sequence[tuple[str, str]], widths: tuple[float, float]) -> Any:
    """A two-column table of labels and values."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, TableStyle

    styles = _styles()
    data = [
        [Paragraph(_markup(label), styles["bold"]), Paragraph(_markup(value), styles["small"])]
        for label, value in rows
    ]
    table = page_table(data, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(_grid())
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f6"))]))
    return table


def _opening(services: Services, title: str) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = _styles()
    story: list[Any] = [Paragraph(_markup(title), styles["title"])]
    for label, value in header_lines(services.organisation.profile(), utc_now()):
        story.append(Paragraph(f"<b>{_markup(label)}:</b> {_markup(value)}", styles["body"]))
    story.append(Spacer(1, 4 * mm))
    return story


def write_dossier(services: Services, complaint: Complaint, destination: Path) -> Path:
    """One complaint's dossier: its facts, the AZOP case, and every log entry in order with
    the documents attached (name, size, SHA-256), for the file or for AZOP."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    styles = _styles()
    width = landscape(A4)[0] - 30 * mm
    (line,) = services.complaints.lines([complaint])
    title = _("Complaint {reference}: dossier").format(reference=complaint.reference)
    story = _opening(services, title)
    facts = [
        (
            _("Received"),
            f"{format_day(complaint.received_on)}, {_(CHANNEL_LABELS[complaint.channel])}",
        ),
        (_("Complainant"), complainant_text(complaint)),
        (
            _("Contact"),
            ", ".join(p for p in (complaint.complainant.email, complaint.complainant.phone) if p),
        ),
        (_("Reason"), reason_text(complaint)),
        (_("Concerns"), concerns_text(line)),
        (_("Summary"), complaint.summary),
        (_("Status"), _(COMPLAINT_STATUS_LABELS[complaint.status])),
        (_("Answered"), format_day(complaint.answered_on)),
        (_("Outcome"), _(OUTCOME_LABELS[complaint.outcome]) if complaint.outcome else ""),
        (_("Closed"), format_day(complaint.closed_on)),
    ]
    story.append(Paragraph(_markup(_("The complaint")), styles["heading"]))
    story.append(_pairs(facts, (55 * mm, width - 55 * mm)))
    case = complaint.authority
    if case is not None:
        rows = [
            (_("AZOP case number"), case.case_number),
            (_("Lodged with AZOP on"), format_day(case.lodged_on)),
            (
                _("Decision"),
                f"{_(DECISION_LABELS[case.decision])}, {format_day(case.decided_on)}"
                if case.decision
                else _("not yet decided"),
            ),
            (_("Decision in short"), case.decision_summary),
        ]
        if case.lawsuit_filed_on is not None:
            rows.append(
                (
                    _("Administrative lawsuit"),
                    ", ".join(
                        p
                        for p in (
                            format_day(case.lawsuit_filed_on),
                            case.lawsuit_court,
                            case.lawsuit_number,
                            case.lawsuit_outcome,
                        )
                        if p
                    ),
                )
            )
        deadlines = complaint.open_deadlines()
        if deadlines:
            rows.append(
                (
                    _("Open AZOP deadlines"),
                    "; ".join(
                        _("{date} (entry {n})").format(date=format_day(e.due_on), n=n)
                        for n, e in deadlines
                    ),
                )
            )
        story.append(Paragraph(_markup(_("Before AZOP")), styles["heading"]))
        story.append(_pairs(rows, (55 * mm, width - 55 * mm)))
    story.append(Paragraph(_markup(_("Log")), styles["heading"]))
    data: list[list[Any]] = [
        [Paragraph(_markup(h), styles["bold"]) for h in (_("Entry"), _("Documents"))]
    ]
    for number, entry in enumerate(complaint.entries, start=1):
        documents = []
        for document_id in entry.document_ids:
            attachment = services.attachments.get(document_id)
            documents.append(
                f"{attachment.file_name} ({human_size(attachment.size)}), "
                f"SHA-256 {attachment.sha256}"
            )
        recorded = (
            "\n" + _("recorded {when}").format(when=format_instant(entry.recorded_at))
            if entry.recorded_at
            else ""
        )
        data.append(
            [
                Paragraph(_markup(entry_text(number, entry) + recorded), styles["small"]),
                Paragraph(_markup("\n".join(documents)), styles["small"]),
            ]
        )
    if not complaint.entries:
        data.append([Paragraph(_markup(_("No entries.")), styles["small"]), ""])
    table = page_table(data, colWidths=[width * 0.6, width * 0.4], repeatRows=1)
    table.setStyle(_grid())
    story.append(table)
    build_landscape_pdf(destination, title, story)
    return destination


def _counts(title: str, counts: Sequence[tuple[str, int]], width: float) -> list[Any]:
    from reportlab.platypus import Paragraph

    styles = _styles()
    rows = [(label, str(count)) for label, count in counts]
    return [Paragraph(_markup(title), styles["heading"]), _pairs(rows, (width * 0.7, width * 0.3))]


def summary_story(figures: LogFigures, width: float) -> list[Any]:
    """The log's summary: counts by reason, status and outcome, and the days to answer."""
    from reportlab.platypus import Paragraph

    styles = _styles()
    story: list[Any] = [
        Paragraph(
            _markup(
                _(
                    "{count} complaints received from {start} to {end}; {escalated} before AZOP."
                ).format(
                    count=len(figures.complaints),
                    start=format_day(figures.start),
                    end=format_day(figures.end),
                    escalated=figures.escalated,
                )
            ),
            styles["body"],
        ),
        Paragraph(
            _markup(
                _(
                    "Answered: {answered}; median days to answer: {median}; longest: {longest}."
                ).format(
                    answered=figures.answered,
                    median=f"{figures.median_days_to_answer:g}"
                    if figures.median_days_to_answer is not None
                    else "—",
                    longest=figures.longest_days_to_answer
                    if figures.longest_days_to_answer is not None
                    else "—",
                )
            ),
            styles["body"],
        ),
    ]
    story += _counts(
        _("By reason"),
        [(_(REASON_LABELS[r]), figures.by_reason[r]) for r in Reason if r in figures.by_reason],
        width,
    )
    story += _counts(
        _("By status"),
        [
            (_(COMPLAINT_STATUS_LABELS[s]), figures.by_status[s])
            for s in ComplaintStatus
            if s in figures.by_status
        ],
        width,
    )
    outcomes = [
        (_(OUTCOME_LABELS[o]), figures.by_outcome[o]) for o in Outcome if o in figures.by_outcome
    ]
    if None in figures.by_outcome:
        outcomes.append((_("No outcome yet"), figures.by_outcome[None]))
    story += _counts(_("By outcome"), outcomes, width)
    return story


def write_complaint_log(
    services: Services,
    start: date,
    end: date,
    destination: Path,
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """The complaint-handling log for the complaints received from ``start`` to ``end``."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph

    styles = _styles()
    width = landscape(A4)[0] - 30 * mm
    figures = services.complaints.log(start, end)
    lines = services.complaints.lines(figures.complaints)
    title = _("Complaint-handling log {start} – {end}").format(
        start=format_day(start), end=format_day(end)
    )
    story = _opening(services, title)
    story += summary_story(figures, width / 2)
    story.append(PageBreak())
    story.append(Paragraph(_markup(_("Complaints and their actions")), styles["heading"]))
    total_width = sum(c.width for c in LOG_COLUMNS)
    data: list[list[Any]] = [[Paragraph(_markup(_(c.header)), styles["bold"]) for c in LOG_COLUMNS]]
    for done, line in enumerate(lines):
        if done % 50 == 0:
            progress(done, len(lines), title)
            cancel.raise_if_cancelled()
        data.append([Paragraph(_markup(c.text(line)), styles["small"]) for c in LOG_COLUMNS])
    if not lines:
        data.append(
            [Paragraph(_markup(_("No entries.")), styles["small"])] + [""] * (len(LOG_COLUMNS) - 1)
        )
    table = page_table(
        data, colWidths=[width * c.width / total_width for c in LOG_COLUMNS], repeatRows=1
    )
    table.setStyle(_grid())
    story.append(table)
    build_landscape_pdf(destination, title, story)
    progress(len(lines), len(lines), title)
    return destination


def complaint_lines(services: Services) -> list[ComplaintLine]:
    """Every complaint, oldest first, for the register's export."""
    return services.complaints.lines(services.complaints.all())


def write_complaint_log_xlsx(
    services: Services,
    start: date,
    end: date,
    destination: Path,
    progress: ProgressReporter,
    cancel: CancelToken,
) -> Path:
    """The log for a period as a workbook: the complaints with every action, then the figures."""
    from dpo_desk.reports.tables import Sheet, write_workbook

    figures = services.complaints.log(start, end)
    title = _("Complaint-handling log {start} – {end}").format(
        start=format_day(start), end=format_day(end)
    )
    header = header_lines(services.organisation.profile(), utc_now())
    counts: list[tuple[str, str, float]] = [
        *((_("By reason"), _(REASON_LABELS[r]), n) for r, n in figures.by_reason.items()),
        *((_("By status"), _(COMPLAINT_STATUS_LABELS[s]), n) for s, n in figures.by_status.items()),
        *(
            (_("By outcome"), _(OUTCOME_LABELS[o]) if o else _("No outcome yet"), n)
            for o, n in figures.by_outcome.items()
        ),
        (_("Days to answer"), _("median"), figures.median_days_to_answer or 0),
        (_("Days to answer"), _("longest"), figures.longest_days_to_answer or 0),
    ]
    summary_columns: tuple[Column[tuple[str, str, float]], ...] = (
        Column("group", N_("Figure"), lambda r: str(r[0]), 20),
        Column("value", N_("Value"), lambda r: str(r[1]), 30),
        Column("count", N_("Count"), lambda r: f"{r[2]:g}", 10),
    )
    return write_workbook(
        destination,
        [
            Sheet(
                title, header, LOG_COLUMNS, services.complaints.lines(figures.complaints), _("Log")
            ),
            Sheet(_("Summary"), header, summary_columns, counts, _("Summary")),
        ],
        progress,
        cancel,
    )
