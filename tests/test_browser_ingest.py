"""The ingest page in real headless Chromium: upload a statement, watch the job read it (htmx polls its progress),
correct one commitment in the preview, save, and find the statement stored with the correction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_support import LiveServer, chromium, demo_server, screenshot, signed_in_page
from draft_support import CONVENE, TITLE, statement
from servanda.tracking.background import start_worker_thread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with demo_server(tmp_path_factory.mktemp("browser-ingest")) as running:
        thread, stop = start_worker_thread(running.engine, poll=0.2)  # what `servanda serve` runs beside the app
        try:
            yield running
        finally:
            stop.set()
            thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as running:
        yield running


def test_upload_preview_correct_and_save(server: LiveServer, browser, tmp_path: Path) -> None:
    upload = tmp_path / "fisheries.txt"
    upload.write_bytes(statement("Uploaded in the browser."))
    page = signed_in_page(browser, server, "operator")
    page.goto(server.url("/ingest"))
    page.set_input_files("#file-field", str(upload))
    page.fill("#issuers-field", "CAN, KOR")
    page.click("button:has-text('Upload and extract')")
    page.wait_for_url("**/ingest/drafts/*", timeout=30_000)  # the progress panel hands over to the draft
    assert page.locator("fieldset.draft-row").count() == 5
    screenshot(page, "ingest-preview")

    row = page.locator("fieldset.draft-row", has=page.locator(f"textarea:has-text('{CONVENE[:30]}')"))
    row.locator("select[name^='strength_']").select_option("firm")
    row.locator("input[name^='due_']").fill("2027")
    page.click("button:has-text('Save the statement')")
    page.wait_for_selector("text=Saved: the statement is stored as document")

    page.click(f"a:has-text('{TITLE}')")
    page.wait_for_url("**/documents/*")
    assert TITLE in page.title() or page.locator("h1").inner_text().startswith(TITLE)
    page.context.close()
