"""Personal-data breaches (Art. 33, 34): the 72-hour clock and the severity assessment by
ENISA's method (2013), as pure functions over plain values.

The clock counts elapsed hours between UTC instants: Art. 33(1)'s 72 hours are not a period in
days, so neither weekends, holidays nor a daylight-saving change lengthen or shorten them (Art.
3(4) of Regulation 1182/71 does not apply to periods in hours).

Severity is SE = DPC x EI + CB. ENISA does not say which band must be notified: that is the
organisation's policy (``NotificationPolicy``), shown beside the DPO's own decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from dpo_desk.domain.activity import EnisaDataType
from dpo_desk.domain.errors import FieldError
from dpo_desk.i18n import N_, _

#: Art. 33(1): "where feasible, not later than 72 hours after having become aware of it".
NOTIFICATION_HOURS = 72
#: The clock turns red in its last hours.
WARNING_HOURS = 12


def _require_aware(*instants: datetime) -> None:
    for instant in instants:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError("the 72-hour clock needs instants with a time zone")


def notification_deadline(aware_at: datetime) -> datetime:
    """72 elapsed hours after the organisation became aware (an instant, in UTC)."""
    _require_aware(aware_at)
    # In UTC: adding hours to a Europe/Zagreb time would add wall-clock hours, one too many
    # or too few across a daylight-saving change.
    return aware_at.astimezone(UTC) + timedelta(hours=NOTIFICATION_HOURS)


def hours_elapsed(aware_at: datetime, now: datetime) -> float:
    """Hours from awareness to ``now``, counted on the instants (a night when clocks change
    has 23 or 25 hours, and counts as such)."""
    _require_aware(aware_at, now)
    # Both in UTC: Python subtracts two times of the same zone as wall-clock times.
    return (now.astimezone(UTC) - aware_at.astimezone(UTC)).total_seconds() / 3600


def is_in_last_hours(aware_at: datetime, now: datetime, hours: int = WARNING_HOURS) -> bool:
    """Whether the clock is in its last ``hours`` (or past them): shown in red."""
    return hours_elapsed(aware_at, now) >= NOTIFICATION_HOURS - hours


def is_late(aware_at: datetime, notified_at: datetime) -> bool:
    return hours_elapsed(aware_at, notified_at) > NOTIFICATION_HOURS


def notification_problems(
    aware_at: datetime, notified_at: datetime, delay_reasons: str
) -> list[FieldError]:
    """Art. 33(1): a notification after 72 hours carries the reasons for the delay."""
    problems: list[FieldError] = []
    if notified_at < aware_at:
        problems.append(
            FieldError(
                "notified_at",
                _("Notified at"),
                _("is before the organisation became aware of the breach"),
            )
        )
    elif is_late(aware_at, notified_at) and not delay_reasons.strip():
        problems.append(
            FieldError(
                "delay_reasons",
                _("Reasons for the delay"),
                _(
                    "a notification after {hours} hours must give the reasons for the delay "
                    "(Art. 33(1))"
                ).format(hours=NOTIFICATION_HOURS),
            )
        )
    return problems


# --- ENISA severity ------------------------------------------------------------------------


class Identification(StrEnum):
    """Ease of identification (EI): how easily the data point to the people."""

    NEGLIGIBLE = "negligible"  # e.g. strongly encrypted, the key safe
    LIMITED = "limited"
    SIGNIFICANT = "significant"
    MAXIMUM = "maximum"

    @property
    def factor(self) -> float:
        return _EI[self]


_EI = {
    Identification.NEGLIGIBLE: 0.25,
    Identification.LIMITED: 0.5,
    Identification.SIGNIFICANT: 0.75,
    Identification.MAXIMUM: 1.0,
}


class Confidentiality(StrEnum):
    NONE = "none"
    KNOWN_RECIPIENTS = "known"  # +0.25
    UNKNOWN_OR_PUBLIC = "unknown"  # +0.5


class Integrity(StrEnum):
    NONE = "none"
    RECOVERABLE = "recoverable"  # +0.25
    NOT_RECOVERABLE = "lost"  # +0.5


class Availability(StrEnum):
    NONE = "none"
    TEMPORARY = "temporary"  # +0.25
    PERMANENT = "permanent"  # +0.5


#: The circumstances' points (ENISA): each loss by its own enum.
_LOSS: dict[Confidentiality | Integrity | Availability, float] = {
    Confidentiality.NONE: 0.0,
    Confidentiality.KNOWN_RECIPIENTS: 0.25,
    Confidentiality.UNKNOWN_OR_PUBLIC: 0.5,
    Integrity.NONE: 0.0,
    Integrity.RECOVERABLE: 0.25,
    Integrity.NOT_RECOVERABLE: 0.5,
    Availability.NONE: 0.0,
    Availability.TEMPORARY: 0.25,
    Availability.PERMANENT: 0.5,
}


class AdjustmentKind(StrEnum):
    """ENISA's adjustments of the data processing context, each to be justified."""

    VOLUME = "volume"
    CONTEXT = "context"  # e.g. a pharmacy's customer list implies health
    VULNERABLE = "vulnerable"
    PUBLICLY_AVAILABLE = "public"
    OUTDATED = "outdated"


ADJUSTMENT_LABELS = {
    AdjustmentKind.VOLUME: N_("Volume of data"),
    AdjustmentKind.CONTEXT: N_("Context of the processing"),
    AdjustmentKind.VULNERABLE: N_("Vulnerable individuals"),
    AdjustmentKind.PUBLICLY_AVAILABLE: N_("Data publicly available"),
    AdjustmentKind.OUTDATED: N_("Data inaccurate or outdated"),
}


@dataclass(frozen=True)
class Adjustment:
    kind: AdjustmentKind
    points: int  # -3 to +3
    justification: str


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


BAND_LABELS = {
    Band.LOW: N_("Low"),
    Band.MEDIUM: N_("Medium"),
    Band.HIGH: N_("High"),
    Band.VERY_HIGH: N_("Very high"),
}
_BAND_ORDER = list(Band)


def band_of(score: float) -> Band:
    """ENISA's bands: low < 2, medium 2 to < 3, high 3 to < 4, very high >= 4."""
    if score < 2:
        return Band.LOW
    if score < 3:
        return Band.MEDIUM
    if score < 4:
        return Band.HIGH
    return Band.VERY_HIGH


@dataclass(frozen=True)
class Assessment:
    """The DPO's inputs to ENISA's method."""

    data_types: tuple[EnisaDataType, ...]
    identification: Identification
    confidentiality: Confidentiality = Confidentiality.NONE
    integrity: Integrity = Integrity.NONE
    availability: Availability = Availability.NONE
    malicious: bool = False
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True)
class Severity:
    base: int  # the highest data type's score
    dpc: int  # after the adjustments, kept within 1-4
    ei: float
    cb: float
    score: float
    band: Band


def base_context(data_types: Iterable[EnisaDataType]) -> int:
    """ENISA: the highest category involved (1 when nothing is known yet)."""
    return max((kind.score for kind in data_types), default=1)


def assessment_problems(assessment: Assessment) -> list[FieldError]:
    """Every adjustment needs a justification and stays within -3..+3."""
    problems = []
    for adjustment in assessment.adjustments:
        label = _(ADJUSTMENT_LABELS[adjustment.kind])
        if not adjustment.justification.strip():
            problems.append(
                FieldError("adjustments", label, _("justify the adjustment (ENISA requires it)"))
            )
        if not -3 <= adjustment.points <= 3:
            problems.append(FieldError("adjustments", label, _("must be between -3 and +3")))
    return problems


def severity(assessment: Assessment) -> Severity:
    """SE = DPC x EI + CB (ENISA 2013). DPC is the highest data type's score adjusted and
    kept within 1-4; CB adds the losses of confidentiality, integrity and availability and
    0.5 for malicious intent."""
    base = base_context(assessment.data_types)
    dpc = min(4, max(1, base + sum(a.points for a in assessment.adjustments)))
    ei = assessment.identification.factor
    cb = (
        _LOSS[assessment.confidentiality]
        + _LOSS[assessment.integrity]
        + _LOSS[assessment.availability]
        + (0.5 if assessment.malicious else 0.0)
    )
    score = round(dpc * ei + cb, 4)
    return Severity(base, dpc, ei, cb, score, band_of(score))


class Recommendation(StrEnum):
    RECORD_ONLY = "record"  # Art. 33(5) only
    NOTIFY_AUTHORITY = "authority"  # Art. 33
    NOTIFY_SUBJECTS_TOO = "subjects"  # Art. 33 and 34


@dataclass(frozen=True)
class NotificationPolicy:
    """From which band the organisation notifies AZOP and tells the data subjects. The
    default: medium and above is a risk (Art. 33(1)), high and above a high risk (Art. 34(1))."""

    authority_from: Band = Band.MEDIUM
    subjects_from: Band = Band.HIGH

    def recommend(self, band: Band) -> Recommendation:
        if _BAND_ORDER.index(band) >= _BAND_ORDER.index(self.subjects_from):
            return Recommendation.NOTIFY_SUBJECTS_TOO
        if _BAND_ORDER.index(band) >= _BAND_ORDER.index(self.authority_from):
            return Recommendation.NOTIFY_AUTHORITY
        return Recommendation.RECORD_ONLY


def policy_problems(policy: NotificationPolicy) -> Sequence[FieldError]:
    """Telling the subjects of a risk AZOP is not told of would make no sense."""
    if _BAND_ORDER.index(policy.subjects_from) < _BAND_ORDER.index(policy.authority_from):
        return [
            FieldError(
                "subjects_from",
                _("Tell the data subjects from"),
                _("cannot be a lower band than notifying the authority"),
            )
        ]
    return []
