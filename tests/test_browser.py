"""End to end in real headless Chromium, driven by Playwright, against the demo database served by uvicorn: the
dashboard loads; a highlighted commitment in a statement opens its page; an assessment with evidence changes its
status; two personas see different records; the .ics feed downloads. With SERVANDA_SCREENSHOTS=1 the main pages
are saved under docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import chromium, demo_server, screenshot, signed_in_page

# The demo's founding statement (document 11) and its note marked CAN SECRET//REL TO CAN, KOR//SDCP (document 12).
STATEMENT = 11
SDCP_NOTE = 12


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with demo_server(tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def test_the_dashboard_loads_with_its_charts_and_banner(server, browser) -> None:
    page = signed_in_page(browser, server, "operator")
    assert page.title() == "Dashboard · Servanda"
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator("svg.chart").count() >= 3
    assert "CAN SECRET" in page.locator(".page-banner-top").inner_text()
    assert page.get_by_role("link", name="Ingest").get_attribute("href") == "/ingest"
    screenshot(page, "dashboard")
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for path, name in (
        ("/commitments", "commitments"),
        ("/calendar?month=2026-03", "calendar"),
        ("/search?q=cyber", "search"),
        ("/report", "report"),
        ("/mechanisms", "mechanisms"),
    ):
        page.goto(server.url(path))
        assert page.locator("h1").count() == 1, path
        screenshot(page, name)
    page.context.close()


def test_a_highlighted_commitment_opens_its_page(server, browser) -> None:
    page = signed_in_page(browser, server, "operator")
    page.goto(server.url(f"/documents/{STATEMENT}"))
    highlighted = page.locator(".statement-text a.commitment")
    assert highlighted.count() >= 20
    first = highlighted.first
    assert re.search(r"commitment-(firm|reaffirmed|position|aspirational)", first.get_attribute("class") or "")
    target = first.get_attribute("href")
    screenshot(page, "document")
    first.click()
    page.wait_for_url(server.url(target))
    assert page.locator("h1").inner_text().startswith(f"Commitment {target.rsplit('/', 1)[1]}")
    assert page.locator("blockquote.in-context mark").count() == 1
    screenshot(page, "commitment")
    page.context.close()


def test_an_assessment_with_evidence_changes_the_status(server, browser) -> None:
    page = signed_in_page(browser, server, "operator")
    page.goto(server.url("/commitments?status=not-assessed&limit=1"))
    page.locator("table a[href^='/commitments/']").first.click()
    assert "not assessed" in page.locator("h1 .status").inner_text()
    page.select_option("#status-field", "delivered")
    page.fill("#as-of-field", "2026-03-31")
    page.fill("#rationale-field", "Delivered, as the readout of the meeting says.")
    page.fill("#url-field", "https://example.org/servanda-browser-test/readout")
    page.fill("#title-field", "Readout (browser test)")
    page.get_by_role("button", name="Record the assessment").click()
    page.wait_for_selector(".notice")
    assert "Its status is now delivered" in page.locator(".notice").inner_text()
    assert page.locator("h1 .status").inner_text() == "delivered"
    assert page.get_by_role("link", name="Readout (browser test)").count() >= 1
    page.context.close()


def test_two_personas_see_different_records(server, browser) -> None:
    cleared = signed_in_page(browser, server, "operator")
    uncleared = signed_in_page(browser, server, "uncleared")
    cleared.goto(server.url("/documents"))
    uncleared.goto(server.url("/documents"))
    listed = {p: set(p.locator("tbody tr td:first-child").all_inner_texts()) for p in (cleared, uncleared)}
    assert str(SDCP_NOTE) in listed[cleared] and str(SDCP_NOTE) not in listed[uncleared]
    assert listed[uncleared] < listed[cleared]
    answer = uncleared.goto(server.url(f"/documents/{SDCP_NOTE}"))
    assert answer is not None and answer.status == 404
    assert uncleared.title() == "Not found · Servanda"
    cleared.goto(server.url(f"/documents/{SDCP_NOTE}"))
    assert "SDCP" in cleared.locator(".page-banner-top").inner_text()
    cleared.context.close()
    uncleared.context.close()


def test_the_calendar_feed_downloads(server, browser, tmp_path: Path) -> None:
    page = signed_in_page(browser, server, "operator", accept_downloads=True)
    page.goto(server.url("/calendar"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Calendar feed (.ics)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    body = saved.read_text(encoding="utf-8")
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    page.context.close()
