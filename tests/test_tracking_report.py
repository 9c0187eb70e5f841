"""The compliance report: its figures, its three formats, its marking, and snapshots compared."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from servanda.tracking.render import render
from servanda.tracking.report import (
    AgreementLine,
    Footnote,
    MechanismLine,
    ReportData,
    ReportItem,
    compare,
    summarise,
)


def _data(marking: str = "UNCLASSIFIED", status: str = "in-progress") -> ReportData:
    return ReportData(
        "Canada–Korea commitments",
        date(2027, 1, 1),
        "Ann Analyst",
        marking,
        ("CAN", "KOR"),
        (
            ReportItem(
                1,
                "Sign the Terms of Reference on regular Air Force Staff Talks in 2026.",
                "2+2 (2026)",
                ("CAN", "KOR"),
                "defence",
                "firm",
                "2026",
                status,
                {"CAN": 0, "KOR": None},
                (1,),
            ),
            ReportItem(
                2,
                "Hold the first Cyber Policy Consultations in March 2026.",
                "2+2 (2026)",
                ("CAN", "KOR"),
                "cyber",
                "firm",
                "2026-03",
                "delivered",
                {"CAN": 1, "KOR": 1},
                (2,),
            ),
            ReportItem(
                3,
                "Canada is keen to establish a Space Security Dialogue.",
                "2+2 (2026)",
                ("CAN",),
                "space",
                "aspirational",
                None,
                "not-assessed",
                {"CAN": None},
            ),
        ),
        (MechanismLine("2+2 Ministerial Meeting", "P2Y", "2026-02-25", "2028", False, (3,)),),
        (
            AgreementLine(
                "Agreement on the Protection of Military and Defence Classified Information",
                "agreement",
                "signed",
                "2026-02-25",
                (3,),
            ),
        ),
        (
            Footnote(1, "Joint statement of the second 2+2 (2026-02-25)", "sign the Terms of Reference"),
            Footnote(2, "Readout of the Cyber Policy Consultations (2026-03-18)"),
            Footnote(3, "Joint statement of the second 2+2 (2026-02-25)"),
        ),
    )


def test_compliance_follows_the_g7_research_group_and_skips_unassessed_parties() -> None:
    s = summarise(_data())
    assert s.per_party["CAN"].mean == 0.5  # +1 and 0, and one not assessed (left out, not counted as 0)
    assert s.per_party["KOR"].mean == 1.0 and s.per_party["KOR"].not_assessed == 1
    assert s.overall.percent == pytest.approx((2 / 3 + 1) / 2 * 100)
    assert [i.commitment_id for i in s.overdue] == [1]
    assert s.by_status == {"in-progress": 1, "delivered": 1, "not-assessed": 1}


def test_markdown_carries_the_marking_footnotes_and_figures() -> None:
    text = render(_data(), "md").decode()
    assert text.startswith("**UNCLASSIFIED**") and text.rstrip().endswith("**UNCLASSIFIED**")
    assert "| Canada | +0.50 | 75% | 2 | 1 |" in text
    assert "[^1]: Joint statement of the second 2+2 (2026-02-25)" in text
    assert "Air Force Staff Talks in 2026. [^1]" in text


def test_html_is_a_printable_page_with_charts_and_linked_footnotes() -> None:
    page = render(_data("CAN SECRET//REL TO CAN, KOR"), "html").decode()
    assert page.count("CAN SECRET//REL TO CAN, KOR") == 2
    assert page.count("<svg") == 2
    assert 'href="#note-1"' in page and 'id="note-1"' in page
    assert "@media print" in page and "Republic of Korea" in page


def test_pdf_opens_and_shows_the_marking_on_every_page() -> None:
    pdf = render(_data("군사Ⅱ급비밀//REL TO KOR, CAN"), "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Cyber Policy Consultations" in text and "Sources" in text
    assert reader.metadata.title == "Canada–Korea commitments"


def test_two_snapshots_compare_by_status_score_and_membership() -> None:
    before = _data().to_json()
    after = _data(status="delivered").to_json()
    after["items"][1]["scores"]["KOR"] = 0
    after["items"] = after["items"][:2]
    changes = {(c.commitment_id, c.field): (c.before, c.after) for c in compare(before, after)}
    assert changes == {
        (1, "status"): ("in-progress", "delivered"),
        (2, "score:KOR"): ("+1", "0"),
        (3, "removed"): ("not-assessed", None),
    }


def test_unknown_report_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="md, html or pdf"):
        render(_data(), "docx")
