"""Each format to clean text and metadata: plain text, Markdown, HTML pages, PDF and Word files built here."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from servanda.errors import InputError
from servanda.ingest import read_bytes, read_path
from servanda.ingest.markdown import markdown_to_text

STATEMENT = (
    "We, the ministers of foreign affairs of Canada and the Republic of Korea, met in Ottawa on "
    "February 25, 2026. We will hold the next meeting in Seoul in 2028."
)


def make_pdf(pages: list[list[str]], *, title: str | None = None) -> bytes:
    """Write a real PDF by hand: one Helvetica text line per string, 14 points apart, top of the page down."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for page_id, lines in zip(page_ids, pages, strict=True):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_id + 1} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        shown = " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
        )
        stream = f"BT /F1 10 Tf 14 TL 50 760 Td {shown} ET".encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if title is not None:
        objects.append(f"<< /Title ({title}) /Producer (servanda tests) >>".encode("cp1252"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = f" /Info {len(objects)} 0 R" if title is not None else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypt_pdf(data: bytes, *, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(*, title: str | None = "Joint Statement on Defence Cooperation") -> bytes:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("Joint Statement on Defence Cooperation", level=0)
    document.add_paragraph("Ottawa, February 25, 2026")
    document.add_heading("Partners for global stability", level=1)
    document.add_paragraph(STATEMENT)
    document.add_paragraph("Renew the Action Plan by 2027;", style="List Bullet")
    document.add_paragraph("Sign a General Security of Information Agreement.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Mechanism"
    table.cell(0, 1).text = "Next meeting"
    table.cell(1, 0).text = "Foreign and Defence (2+2) Ministerial Meeting"
    table.cell(1, 1).text = "2028, Seoul"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- plain text ---------------------------------------------------------------------------------------


def test_txt_keeps_every_line_break(tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text("Joint Statement\nWe met today in Ottawa.\nWe agreed to cooperate.\n", encoding="utf-8")
    document = read_path(path)
    assert document.text == "Joint Statement\nWe met today in Ottawa.\nWe agreed to cooperate."
    assert (document.format, document.origin, document.metadata.title) == (
        "txt",
        str(path),
        "Joint Statement",
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_txt_accepts_byte_order_marks(encoding: str) -> None:
    raw = STATEMENT.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    assert read_bytes(raw, name="s.txt").text == STATEMENT


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_txt_with_front_matter_takes_its_metadata(newline: str) -> None:
    raw = f'---\ntitle: "Second 2+2"\ndate: 2026-02-25\n---\n{STATEMENT}\n'.replace("\n", newline).encode()
    document = read_bytes(raw, name="s.txt")
    assert (document.format, document.text) == ("txt", STATEMENT)
    assert (document.metadata.title, document.metadata.date) == ("Second 2+2", "2026-02-25")


# --- Markdown -----------------------------------------------------------------------------------------

WRAPPED = """---
title: "G7 Leaders\\u2019 Vision on\\_Disarmament"
date: 2023-05-19
source_url: https://example.org/g7-vision/
tags: statements-releases
published_time: 2023-05-19 10:09:01-04:00
---
\u00a0
     We, the Leaders of the G7, met at a historical juncture in
Hiroshima, which together with Nagasaki offers a reminder of the
unprecedented devastation. We reaffirm our commitment to achieving a
world without nuclear weapons with undiminished security for all.\u00a0\u00a0
\u00a0\u00a0
### Next steps

-   We will convene a meeting of experts in 2024 to review the
    implementation of this Vision, and report to Leaders.
-   We call on China to engage in dialogue.

The **G7** will [publish](https://example.org/report) a \\*report\\* on
30<sup>th</sup> anniversary work. ![Photo](photo.jpg)<!-- a comment -->

\\# \\# \\#
"""


def test_markdown_front_matter_becomes_metadata() -> None:
    document = read_bytes(WRAPPED.encode(), name="2023-05-19-g7-vision.md")
    metadata = document.metadata
    assert metadata.title == "G7 Leaders' Vision on Disarmament"
    assert metadata.date == "2023-05-19"
    assert metadata.source == "https://example.org/g7-vision/"
    assert metadata.extra == {"tags": "statements-releases", "published_time": "2023-05-19T10:09:01-04:00"}


def test_markdown_is_unwrapped_and_stripped_of_markup() -> None:
    assert read_bytes(WRAPPED.encode(), name="g7.md").text == (
        "We, the Leaders of the G7, met at a historical juncture in Hiroshima, which together with Nagasaki "
        "offers a reminder of the unprecedented devastation. We reaffirm our commitment to achieving a world "
        "without nuclear weapons with undiminished security for all.\n"
        "\n"
        "Next steps\n"
        "\n"
        "- We will convene a meeting of experts in 2024 to review the implementation of this Vision, and "
        "report to Leaders.\n"
        "- We call on China to engage in dialogue.\n"
        "\n"
        "The G7 will publish a *report* on 30th anniversary work."
    )


def test_markdown_that_is_not_wrapped_keeps_one_paragraph_per_line() -> None:
    body = (
        "November 1, 2024 – Ottawa, Ontario – Global Affairs Canada\n"
        "We, the ministers of foreign affairs and ministers of national defence of Canada and the Republic "
        "of Korea (ROK) met on November 1, 2024, in Ottawa, Canada, for the inaugural meeting.\n"
        "Partners for global stability\n"
        "We condemn in the strongest possible terms North Korea's deepening military cooperation with Russia."
    )
    assert markdown_to_text(body) == body


def test_markdown_numbered_items_keep_their_numbers() -> None:
    assert markdown_to_text("Deliverables:\n\n3. First\n4. Second\n\n## Annex") == (
        "Deliverables:\n\n3. First\n4. Second\n\nAnnex"
    )


def test_markdown_backslash_escapes_are_undone() -> None:
    assert markdown_to_text(r"snake\_case, 2\. point, \*starred\*, \[bracketed\], a\-b") == (
        "snake_case, 2. point, *starred*, [bracketed], a-b"
    )


def test_markdown_front_matter_issuers_go_through_resolve_party_list() -> None:
    from servanda.ingest.issuers import resolve_party_list

    issuers = "Canada (Minister of Foreign Affairs Anita Anand); Republic of Korea (Minister Cho Hyun)"
    raw = f'---\ntitle: "T"\nissuers: "{issuers}"\n---\n{STATEMENT}\n'.encode()
    assert read_bytes(raw, name="s.md").metadata.issuers == tuple(resolve_party_list(issuers))


# --- HTML ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Joint statement of the second Canada-Korea 2+2 - Global Affairs Canada - Canada.ca</title>
<link rel="canonical" href="https://www.canada.ca/en/global-affairs/news/2026/02/joint-statement.html">
<meta name="dcterms.issued" content="2026-02-26">
<script>window.dataLayer = [{"event": "We will track you"}];</script>
<style>.share { display: block }</style>
</head><body>
<a class="skip-link" href="#main">Skip to main content</a>
<header><nav><ul><li><a href="/">Canada.ca</a></li><li><a href="/news">News</a></li></ul></nav></header>
<div id="cookie-consent">We use cookies to improve your experience. <button>Accept</button></div>
<nav class="breadcrumb"><ol><li>Canada.ca</li><li>Global Affairs Canada</li></ol></nav>
<main id="main">
  <h1>Joint statement of the second Canada-Korea 2+2</h1>
  <p>February 25, 2026 &ndash; Ottawa, Ontario &ndash; Global Affairs Canada</p>
  <p>We, the ministers, met in Ottawa on February 25, 2026.<br>We   reaffirm our partnership.</p>
  <h2>Partners for global stability</h2>
  <ul><li>We will renew the <b>Action Plan</b>.</li><li><p>We will meet in 2028.</p></li></ul>
  <ol><li>Terms of Reference</li><li>Cyber dialogue</li></ol>
  <table><tr><th>Mechanism</th><th>Next</th></tr><tr><td>2+2</td><td>2028</td></tr></table>
  <div class="social-share">Share this page: <a href="#">Facebook</a> <a href="#">X</a></div>
  <form><input type="text" value="Search Canada.ca"></form>
  <section id="wb-dtmd"><p>Date modified: 2026-02-26</p></section>
</main>
<aside><h2>Related links</h2><p>Minister Anand travels to Seoul</p></aside>
<footer><p>Terms and conditions</p><p>Privacy</p></footer>
</body></html>
"""


def test_html_keeps_the_statement_and_drops_the_site() -> None:
    document = read_bytes(PAGE.encode(), name="page.html")
    assert document.text == (
        "Joint statement of the second Canada-Korea 2+2\n\n"
        "February 25, 2026 – Ottawa, Ontario – Global Affairs Canada\n\n"
        "We, the ministers, met in Ottawa on February 25, 2026.\nWe reaffirm our partnership.\n\n"
        "Partners for global stability\n\n"
        "- We will renew the Action Plan.\n- We will meet in 2028.\n\n"
        "1. Terms of Reference\n2. Cyber dialogue\n\n"
        "Mechanism | Next\n2+2 | 2028"
    )


def test_html_metadata_comes_from_the_page() -> None:
    metadata = read_bytes(PAGE.encode(), name="page.html").metadata
    assert metadata.title == "Joint statement of the second Canada-Korea 2+2"
    assert metadata.source == "https://www.canada.ca/en/global-affairs/news/2026/02/joint-statement.html"
    assert metadata.date == "2026-02-25"  # the dateline beats the page's publication date


def test_html_without_main_uses_the_block_with_most_paragraph_text() -> None:
    page = (
        "<html><head><title>Readout | The White House</title></head><body>"
        "<div class='menu'><p>Home</p><p>Briefing Room</p></div>"
        "<div class='content'><p>" + STATEMENT + "</p><p>The leaders agreed to stay in close contact.</p></div>"
        "<div><p>Follow us</p></div></body></html>"
    )
    document = read_bytes(page.encode(), name=None)
    assert document.format == "html"
    assert document.text == STATEMENT + "\n\nThe leaders agreed to stay in close contact."
    assert document.metadata.title == "Readout"


def test_html_declared_legacy_charset_is_honoured() -> None:
    page = "<html><head><meta charset='windows-1252'></head><body><p>Canada\u2019s partners \u2013 " + STATEMENT
    document = read_bytes((page + "</p></body></html>").encode("cp1252"), name="old.htm")
    assert document.text.startswith("Canada's partners – We, the ministers")


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_text_is_unwrapped_dehyphenated_and_free_of_page_furniture(tmp_path: Path) -> None:
    header = "Government of Canada - Joint Statement"
    pages = [
        [
            header,
            "Joint Statement on the Canada-Korea Partnership",
            "We, the ministers of foreign affairs and of national defence of Canada and the",
            "Republic of Korea, met in Ottawa on February 25, 2026, and agreed to deepen co-",
            "operation across the Indo-Pacific region and beyond, including in the Indo-",
            "Pacific Partnership for Maritime Domain Awareness.",
            "1",
        ],
        [
            header,
            "We will hold the next ministerial meeting in Seoul in 2028 and we will review the",
            "Action Plan every two years.",
            "\u2022 Renew the Action Plan by 2027.",
            "\u2022 Sign the security of information agreement.",
            "Page 2 of 3",
        ],
        [header, "The ministers agreed to remain in close contact.", "3"],
    ]
    path = tmp_path / "statement.pdf"
    path.write_bytes(make_pdf(pages, title="Joint Statement, Canada-Korea 2+2"))
    document = read_path(path)
    assert document.format == "pdf"
    assert document.metadata.title == "Joint Statement, Canada-Korea 2+2"
    assert document.metadata.date == "2026-02-25"
    assert document.text == (
        "Joint Statement on the Canada-Korea Partnership\n\n"
        "We, the ministers of foreign affairs and of national defence of Canada and the Republic of Korea, "
        "met in Ottawa on February 25, 2026, and agreed to deepen cooperation across the Indo-Pacific region "
        "and beyond, including in the Indo-Pacific Partnership for Maritime Domain Awareness. We will hold "
        "the next ministerial meeting in Seoul in 2028 and we will review the Action Plan every two "
        "years.\n\n"
        "- Renew the Action Plan by 2027.\n"
        "- Sign the security of information agreement.\n\n"
        "The ministers agreed to remain in close contact."
    )


def test_pdf_with_empty_user_password_is_read() -> None:
    data = encrypt_pdf(make_pdf([[STATEMENT]]), user_password="")
    assert read_bytes(data, name="open.pdf").text == STATEMENT


def test_pdf_locked_with_a_password_is_refused() -> None:
    data = encrypt_pdf(make_pdf([[STATEMENT]]), user_password="secret")
    with pytest.raises(InputError, match=r"^locked\.pdf is an encrypted PDF; decrypt it first$"):
        read_bytes(data, name="locked.pdf", origin="locked.pdf")


def test_truncated_pdf_is_refused() -> None:
    data = make_pdf([[STATEMENT]] * 3)
    with pytest.raises(InputError, match=r"^cut\.pdf is a truncated PDF"):
        read_bytes(data[: len(data) // 2], name="cut.pdf", origin="cut.pdf")


def test_corrupt_pdf_is_refused() -> None:
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    with pytest.raises(InputError, match=r"^bad\.pdf (is a damaged PDF|has no extractable text)"):
        read_bytes(data, name="bad.pdf", origin="bad.pdf")


def test_pdf_without_text_is_refused_as_scanned() -> None:
    with pytest.raises(InputError, match=r"scan\.pdf has no extractable text \(a scanned PDF\?\)"):
        read_bytes(make_pdf([[], []]), name="scan.pdf", origin="scan.pdf")


def test_pdf_extension_without_pdf_content_is_refused() -> None:
    with pytest.raises(InputError, match="not a PDF"):
        read_bytes(b"<html><body>Not found</body></html>", name="statement.pdf")


# --- DOCX ---------------------------------------------------------------------------------------------


def test_docx_headings_lists_and_tables_become_lines(tmp_path: Path) -> None:
    path = tmp_path / "statement.docx"
    path.write_bytes(make_docx())
    document = read_path(path)
    assert document.format == "docx"
    assert document.metadata.title == "Joint Statement on Defence Cooperation"
    assert document.metadata.date == "2026-02-25"
    assert document.text == (
        "Joint Statement on Defence Cooperation\n\n"
        "Ottawa, February 25, 2026\n\n"
        "Partners for global stability\n\n"
        f"{STATEMENT}\n\n"
        "- Renew the Action Plan by 2027;\n"
        "- Sign a General Security of Information Agreement.\n\n"
        "Mechanism | Next meeting\n"
        "Foreign and Defence (2+2) Ministerial Meeting | 2028, Seoul"
    )


def test_docx_title_falls_back_to_the_title_paragraph() -> None:
    document = read_bytes(make_docx(title=None), name="s.docx")
    assert document.metadata.title == "Joint Statement on Defence Cooperation"


def test_truncated_docx_is_refused() -> None:
    data = make_docx()
    with pytest.raises(InputError, match=r"^cut\.docx is a damaged"):
        read_bytes(data[: len(data) - 200], name="cut.docx", origin="cut.docx")


def test_docx_with_a_broken_document_part_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package, zipfile.ZipFile(io.BytesIO(make_docx())) as original:
        for item in original.infolist():
            body = b"<w:document>not xml" if item.filename == "word/document.xml" else original.read(item)
            package.writestr(item, body)
    with pytest.raises(InputError, match=r"^broken\.docx is a damaged Word document"):
        read_bytes(out.getvalue(), name="broken.docx", origin="broken.docx")


def test_zip_that_is_not_a_word_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("statement.txt", STATEMENT)
    with pytest.raises(InputError, match="zip archive, not a Word document"):
        read_bytes(out.getvalue(), name="statement.zip")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["pdf", "docx"]))
def test_damaged_pdf_and_docx_raise_nothing_but_input_error(data: st.DataObject, fmt: str) -> None:
    original = bytearray(make_pdf([[STATEMENT], ["We will meet again."]]) if fmt == "pdf" else make_docx())
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        position = data.draw(st.integers(min_value=0, max_value=len(original) - 1))
        original[position] = data.draw(st.integers(min_value=0, max_value=255))
    try:
        read_bytes(bytes(original), name=f"damaged.{fmt}")
    except InputError as error:
        assert "\n" not in str(error)


# --- detection without a file name (stdin) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (make_pdf([[STATEMENT]]), "pdf"),
        (make_docx(), "docx"),
        (PAGE.encode(), "html"),
        (f"---\ntitle: T\n---\n{STATEMENT}\n".encode(), "md"),
        (STATEMENT.encode(), "txt"),
    ],
)
def test_format_is_sniffed_from_content_alone(data: bytes, fmt: str) -> None:
    document = read_bytes(data)
    assert (document.format, document.origin) == (fmt, "<stdin>")
    assert "February 25, 2026" in document.text
