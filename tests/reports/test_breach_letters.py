"""The breach documents as printed: the notification to AZOP carries every Art. 33(3) item, the
contact point, the timestamps, the hours elapsed and the reasons for a late one, in Croatian
and English; the phases are kept as dated versions; the letter to the data subjects says the
Art. 34(2) items in plain words with advice, and is refused without them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dpo_desk.domain.activity import Activity, CatalogueEntry, CatalogueKind, EnisaDataType
from dpo_desk.domain.breach import Confidentiality, Identification, Recommendation
from dpo_desk.domain.changes import Register
from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.incident import (
    Addressee,
    BreachFinding,
    Cause,
    Incident,
    Phase,
)
from dpo_desk.i18n import _, in_language
from dpo_desk.reports.letter_pdf import letter_pdf_bytes, write_letter_pdf
from dpo_desk.services.breach_letters import NotificationTexts
from dpo_desk.services.bundle import Services
from dpo_desk.services.progress import CancelToken, ignore_progress
from dpo_desk.services.sample import fill_sample
from tests.reports.pdf_check import pdf_text, unembedded_fonts_pypdf

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
AWARE = NOW - timedelta(hours=30)


@pytest.fixture
def sample(services: Services, database: object) -> Services:
    fill_sample(database.unit_of_work, ignore_progress, CancelToken())  # type: ignore[attr-defined]
    return services


@pytest.fixture
def breach(sample: Services) -> Incident:
    card, _c = sample.catalogue.save(
        CatalogueEntry(
            CatalogueKind.DATA_CATEGORIES, "Podaci o karticama", enisa_type=EnisaDataType.FINANCIAL
        )
    )
    buyers, _c = sample.catalogue.save(CatalogueEntry(CatalogueKind.SUBJECT_CATEGORIES, "Kupci"))
    shop, _c = sample.activities.save(
        Activity(name="Web-trgovina Đakovo", purposes="Prodaja", data_category_ids=(card.id or 0,))
    )
    incident = Incident(
        title="Skimming na stranici za plaćanje",
        description="Zlonamjerna skripta čitala je podatke s kartica kupaca (čćđšž).",
        detected_at=AWARE - timedelta(hours=2),
        occurred_from=AWARE - timedelta(days=3),
        occurred_to=AWARE - timedelta(hours=3),
        aware_at=AWARE,
        reported_by="Banka",
        confidentiality=True,
        cause=Cause.HACKING,
        finding=BreachFinding.BREACH,
        finding_reasoning="Podaci o karticama u rukama napadača.",
        activity_ids=(shop.id or 0,),
        data_category_ids=(card.id or 0,),
        subject_category_ids=(buyers.id or 0,),
        subjects_approx=1234,
        records_approx=5678,
        consequences="Zlouporaba kartica i financijska šteta.",
        measures_taken="Skripta uklonjena, kartice blokirane.",
        measures_proposed="Nadzor integriteta stranice.",
        cross_border=True,
        cross_border_details="Kupci u Sloveniji",
        identification=Identification.MAXIMUM,
        lost_confidentiality=Confidentiality.UNKNOWN_OR_PUBLIC,
        malicious=True,
        decision=Recommendation.NOTIFY_SUBJECTS_TOO,
        decision_reasoning="Visok rizik za kupce.",
    )
    saved, _c = sample.incidents.save(incident, now=NOW)
    return saved


def _pdf(tmp_path: Path, sample: Services, incident: Incident, **kw: object) -> str:
    addressee = kw.pop("addressee", Addressee.AUTHORITY)
    language = str(kw.pop("language", "hr"))
    letter = sample.breach_letters.compose(
        incident,
        addressee,  # type: ignore[arg-type]
        NOW,
        NotificationTexts(**kw),  # type: ignore[arg-type]
        language,
    )
    path = write_letter_pdf(letter, tmp_path / f"{addressee}-{language}.pdf")
    assert unembedded_fonts_pypdf(path) == []
    return " ".join(pdf_text(path).split())


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_notification_carries_every_art_33_3_item(
    tmp_path: Path, sample: Services, breach: Incident, language: str
) -> None:
    text = _pdf(tmp_path, sample, breach, language=language)
    with in_language(language):
        labels = [
            # (a) nature, categories and approximate numbers
            _("3. Nature of the breach (Art. 33(3)(a))"),
            _("Categories of data subjects"),
            _("Approximate number of data subjects"),
            _("Categories of personal data"),
            _("Approximate number of records"),
            # (b) the DPO or contact point
            _("Data protection officer (contact point)"),
            # (c) likely consequences
            _("4. Likely consequences (Art. 33(3)(c))"),
            # (d) measures taken or proposed
            _("5. Measures taken or proposed (Art. 33(3)(d))"),
            _("The controller became aware at"),
            _("Hours from awareness"),
            _("7. Cross-border aspects"),
        ]
    for label in labels:
        assert label in text, label
    for value in (
        "Skimming na stranici za plaćanje",
        "čćđšž",
        "Kupci",
        "1.234",
        "Podaci o karticama",
        "5.678",
        "Ana Horvat",
        "dpo@leapbit.example",
        "Zlouporaba kartica i financijska šteta.",
        "Skripta uklonjena, kartice blokirane.",
        "Nadzor integriteta stranice.",
        "Kupci u Sloveniji",
        "Web-trgovina Đakovo",
        # the timestamps in Zagreb time with the offset; 30 hours since awareness
        "20.11.2026. 07:00 (UTC+01:00)",
        "23.11.2026. 07:00 (UTC+01:00)",
        "30 h 00 min",
        breach.reference or "",
        "Agencija za zaštitu osobnih podataka",
    ):
        assert value in text, value
    with in_language(language):
        assert _("not yet: they will be told without undue delay") in text
    # 3.5 would be DPC 3 x 1 + 0.5 + 0.5 = 4: very high.
    assert "4, " in text and "DPC 3" in text


def test_a_late_notification_needs_and_prints_the_reasons(
    tmp_path: Path, sample: Services, breach: Incident
) -> None:
    late = replace(
        breach, aware_at=NOW - timedelta(hours=80), detected_at=NOW - timedelta(hours=81)
    )
    with pytest.raises(ValidationError) as refused:
        sample.breach_letters.compose(late, Addressee.AUTHORITY, NOW, language="en")
    assert [e.field for e in refused.value.errors] == ["delay_reasons"]
    explained = replace(late, delay_reasons="Forenzika je trajala četiri dana.")
    text = _pdf(tmp_path, sample, explained, language="en")
    assert "Reasons for the delay (Art. 33(1))" in text
    assert "Forenzika je trajala četiri dana." in text
    assert "80 h 00 min" in text


def test_no_notification_for_a_non_breach_or_without_awareness(
    sample: Services, breach: Incident
) -> None:
    with pytest.raises(ValidationError) as refused:
        sample.breach_letters.compose(
            replace(breach, finding=BreachFinding.NOT_A_BREACH), Addressee.AUTHORITY, NOW
        )
    assert refused.value.errors[0].field == "finding"
    with pytest.raises(ValidationError) as refused:
        sample.breach_letters.compose(replace(breach, aware_at=None), Addressee.AUTHORITY, NOW)
    assert refused.value.errors[0].field == "aware_at"


def test_phases_are_kept_as_dated_versions(
    tmp_path: Path, sample: Services, breach: Incident
) -> None:
    letters = sample.breach_letters
    assert letters.next_phase(breach) is Phase.INITIAL
    initial = letters.compose(breach, Addressee.AUTHORITY, NOW, NotificationTexts(Phase.INITIAL))
    pdf = letter_pdf_bytes(initial)
    kept, changes = letters.keep(
        breach, initial, pdf, Addressee.AUTHORITY, Phase.INITIAL, NOW, mark_sent=True
    )
    assert kept.notified_at == NOW
    assert changes.touches(Register.ATTACHMENTS) and changes.touches(Register.INCIDENTS)
    (version,) = kept.notifications
    assert (version.phase, version.language, version.prepared_at) == (Phase.INITIAL, "hr", NOW)
    assert version.attachment_id is not None
    assert sample.attachments.content(version.attachment_id) == pdf
    assert letters.next_phase(kept) is Phase.FOLLOW_UP
    later = NOW + timedelta(days=2)
    follow_up = letters.compose(
        replace(kept, authority_reference="UP/I-041-02/26-01/5"),
        Addressee.AUTHORITY,
        later,
        NotificationTexts(Phase.FOLLOW_UP),
        "en",
    )
    text = " ".join(pdf_text(write_letter_pdf(follow_up, tmp_path / "f.pdf")).split())
    assert "follow-up notification" in text
    assert "8. Earlier notifications" in text and "UP/I-041-02/26-01/5" in text
    assert "Initial notification: 21.11.2026. 13:00 (UTC+01:00)" in text
    again, _c = letters.keep(
        kept, follow_up, letter_pdf_bytes(follow_up), Addressee.AUTHORITY, Phase.FOLLOW_UP, later
    )
    assert [v.phase for v in again.notifications] == [Phase.INITIAL, Phase.FOLLOW_UP]
    assert again.notified_at == NOW  # the first notification's time stays


def test_keeping_a_late_notification_as_sent_without_reasons_keeps_nothing(
    sample: Services, breach: Incident
) -> None:
    letter = sample.breach_letters.compose(breach, Addressee.AUTHORITY, NOW)
    files_before = len(sample.audit.recent())
    with pytest.raises(ValidationError):
        sample.breach_letters.keep(
            breach,
            letter,
            letter_pdf_bytes(letter),
            Addressee.AUTHORITY,
            Phase.INITIAL,
            NOW + timedelta(hours=50),
            mark_sent=True,
        )
    assert breach.id is not None
    assert sample.incidents.get(breach.id).notifications == ()
    assert len(sample.audit.recent()) == files_before


@pytest.mark.parametrize("language", ["hr", "en"])
def test_the_letter_to_the_data_subjects_is_plain_and_advises(
    tmp_path: Path, sample: Services, breach: Incident, language: str
) -> None:
    advice = sample.breach_letters.default_advice(breach, language)
    with in_language(language):
        assert _("Change your password")[:10] in advice or "lozink" in advice.lower()
    text = _pdf(
        tmp_path,
        sample,
        breach,
        addressee=Addressee.SUBJECTS,
        language=language,
        advice=advice,
    )
    for value in (
        "čćđšž",
        "Zlouporaba kartica i financijska šteta.",
        "Skripta uklonjena, kartice blokirane.",
        "Nadzor integriteta stranice.",
        "Ana Horvat",
        "Agencija za zaštitu osobnih podataka",
        " ".join(advice.split()[:6]),
    ):
        assert value in text, value
    # No articles' jargon for a breach letter to people: no sections, no ENISA.
    assert "ENISA" not in text and "DPC" not in text


def test_the_letter_to_the_data_subjects_needs_the_art_34_2_items(
    sample: Services, breach: Incident
) -> None:
    bare = replace(breach, consequences="", measures_taken="")
    with pytest.raises(ValidationError) as refused:
        sample.breach_letters.compose(bare, Addressee.SUBJECTS, NOW, language="en")
    assert {e.field for e in refused.value.errors} == {"consequences", "measures_taken", "advice"}


def test_advice_follows_what_was_compromised(sample: Services, breach: Incident) -> None:
    advice = sample.breach_letters.default_advice(breach, "en")
    assert "Change your password" in advice  # hacking
    assert "bank and card statements" in advice  # financial data
    lost = replace(breach, cause=Cause.LOST_OR_STOLEN, data_category_ids=())
    advice = sample.breach_letters.default_advice(lost, "en")
    assert "Change your password" not in advice and "bank" not in advice
    assert "never ask you for your password" in advice
