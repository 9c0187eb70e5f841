"""read_path and read_bytes: overrides, front matter, inference, hashes, and every kind of bad input."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servanda.errors import InputError
from servanda.ingest import DEFAULT_MAX_BYTES, read_bytes, read_path
from servanda.ingest.issuers import infer_issuers, resolve_party_list

STATEMENT = (
    "November 1, 2024 – Ottawa, Ontario\n"
    "We, the ministers of foreign affairs of Canada and the Republic of Korea, met in Ottawa. "
    "We will hold the next meeting in Seoul."
)
FRONT = '---\ntitle: "From front matter"\ndate: 2024-11-02\nissuers: "Canada; Republic of Korea"\n---\n'

KOREAN = (
    "캐나다와 대한민국의 외교장관과 국방장관은 2026년 2월 25일 오타와에서 제2차 외교·국방(2+2) 장관회의를 "
    "개최하였다. 양측은 인도·태평양 지역의 평화와 안정을 위해 협력을 강화하기로 하였다."
)
FRENCH = (
    "Aujourd'hui, le premier ministre a rencontré le président de la République de Corée. Le Canada et la "
    "Corée entretiennent une relation dynamique en matière de commerce et d'investissement, et les deux "
    "dirigeants ont convenu de resserrer la coopération entre leurs pays."
)


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))


# --- metadata precedence ------------------------------------------------------------------------------


def test_overrides_win_over_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "2024-11-03_statement.md"
    path.write_text(FRONT + STATEMENT, encoding="utf-8")
    metadata = read_path(path, title="Given title", date="2024-11", issuers=["CAN", "KOR"]).metadata
    assert (metadata.title, metadata.date, metadata.issuers) == ("Given title", "2024-11", ("CAN", "KOR"))


def test_front_matter_wins_over_inference(tmp_path: Path) -> None:
    path = tmp_path / "2024-11-03_statement.md"
    path.write_text(FRONT + STATEMENT, encoding="utf-8")
    metadata = read_path(path).metadata
    assert (metadata.title, metadata.date) == ("From front matter", "2024-11-02")
    assert metadata.issuers == tuple(resolve_party_list("Canada; Republic of Korea"))


def test_inference_fills_what_nothing_gives(tmp_path: Path) -> None:
    path = tmp_path / "2024-11-03_statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    document = read_path(path)
    assert document.metadata.date == "2024-11-01"  # the dateline beats the file name
    assert document.metadata.title is None  # a dateline is not a title
    assert document.metadata.issuers == tuple(infer_issuers(document.text))


def test_file_name_date_is_the_last_resort() -> None:
    text = b"We, the leaders of Japan and the Philippines, met today for the first summit between us."
    assert read_bytes(text, name="2024-04-11_japan-philippines.txt").metadata.date == "2024-04-11"
    assert read_bytes(text, name="statement.txt").metadata.date is None


def test_issuers_override_accepts_a_comma_separated_string() -> None:
    assert read_bytes(STATEMENT.encode(), issuers="CAN,KOR").metadata.issuers == tuple(resolve_party_list("CAN,KOR"))


@pytest.mark.parametrize("date", ["2026-02-30", "25/02/2026", "February 25, 2026", "2026-2-5", "soon"])
def test_date_override_must_be_iso(date: str) -> None:
    with pytest.raises(InputError, match=rf"^<stdin>: date '{date}' is not an ISO date"):
        read_bytes(STATEMENT.encode(), date=date)


@pytest.mark.parametrize("date", ["2026-02-25", "2026-02", "2026"])
def test_date_override_accepts_reduced_precision(date: str) -> None:
    assert read_bytes(STATEMENT.encode(), date=date).metadata.date == date


def test_front_matter_date_in_words_is_normalised() -> None:
    raw = f'---\ndate: "February 25, 2026"\n---\n{STATEMENT}'.encode()
    assert read_bytes(raw, name="s.md").metadata.date == "2026-02-25"


def test_front_matter_date_that_is_no_date_is_refused() -> None:
    raw = f'---\ndate: "next week"\n---\n{STATEMENT}'.encode()
    with pytest.raises(InputError, match=r"^s\.md: front-matter date 'next week' is not a date"):
        read_bytes(raw, name="s.md", origin="s.md")


def test_front_matter_extra_is_kept_as_json_data() -> None:
    raw = (
        "---\ntitle: T\ncompleteness: whole\nscore: .nan\nblob: !!binary aGVsbG8=\n"
        "kinds: !!set {b, a}\n2026: year key\nwhen: 2026-02-25 10:00:00\n---\n" + STATEMENT
    ).encode()
    extra = read_bytes(raw, name="s.md").metadata.extra
    assert extra == {
        "completeness": "whole",
        "score": "nan",
        "blob": "hello",
        "kinds": ["a", "b"],
        "2026": "year key",
        "when": "2026-02-25T10:00:00",
    }
    json.dumps(extra, allow_nan=False)


def test_sha256_is_of_the_original_bytes() -> None:
    raw = ("\ufeff" + STATEMENT.replace("\n", "\r\n") + "\u2019").encode("utf-8")
    assert read_bytes(raw).sha256 == hashlib.sha256(raw).hexdigest()


# --- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff \u00a0\n".encode()])
def test_empty_or_blank_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))} (is empty|has no statement text)$"):
        read_path(path)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.png", png_bytes(), "PNG image"),
        ("statement.txt", png_bytes(), "PNG image"),
        ("tool", b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x00\x01" * 100, "ELF executable"),
        ("data.md", b"We will\x00\x00\x01\x02 cooperate" * 10, "binary data"),
    ],
)
def test_binary_file_is_refused_with_its_kind(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(
        InputError, match=rf"^{re.escape(str(path))} is a binary file \({kind}\), not a text statement$"
    ):
        read_path(path)


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("We met in Montréal.\nWe agreed.".encode("latin-1"))
    with pytest.raises(
        InputError,
        match=rf"^{re.escape(str(path))} is not valid UTF-8: byte 15 \(line 1\) is 0xe9; save it as",
    ):
        read_path(path)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"We will cooperate. " * (20 * 1024 * 1024 // 19 + 1))
    assert path.stat().st_size > 20 * 1024 * 1024
    with pytest.raises(
        InputError, match=rf"^{re.escape(str(path))} is 20\.0 MiB, over the 10\.0 MiB limit for a statement$"
    ):
        read_path(path)
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


def test_max_bytes_applies_to_bytes_too() -> None:
    with pytest.raises(InputError, match=r"over the 0\.0 MiB limit"):
        read_bytes(STATEMENT.encode(), max_bytes=10)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=rf"^{re.escape(str(tmp_path))} is a directory, not a statement file$"):
        read_path(tmp_path)


def test_device_or_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match=r"pipe is not a regular file$"):
        read_path(pipe)
    with pytest.raises(InputError, match=r"^/dev/zero is not a regular file$"):
        read_path("/dev/zero")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nothing\.txt does not exist$"):
        read_path(tmp_path / "nothing.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match=r"cannot be read \(permission denied\)$"):
        read_path(path)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_to_read_is_refused() -> None:
    # /proc/self/mem exists but reading its first page fails with EIO: a real unreadable file, even for root.
    with pytest.raises(InputError, match=r"^/proc/self/mem cannot be read \("):
        read_path("/proc/self/mem")


@pytest.mark.parametrize(("text", "language"), [(KOREAN, "Korean"), (FRENCH, "French")])
def test_statement_in_another_language_is_refused(text: str, language: str) -> None:
    with pytest.raises(InputError, match=rf"^s\.txt appears to be in {language}; Servanda reads English statements$"):
        read_bytes(text.encode(), name="s.txt", origin="s.txt")


@pytest.mark.parametrize(
    "text",
    [
        "Canada and Korea will cooperate on defence. They will meet again in 2028.",
        "Joint Statement",
        "We welcome the Agreement. 캐나다-대한민국 (Canada-Korea) partnership remains strong; we renew it.",
    ],
)
def test_short_or_mixed_english_is_accepted(text: str) -> None:
    assert read_bytes(text.encode()).text == text


def test_invalid_front_matter_yaml_is_refused() -> None:
    raw = f"---\ntitle: [unclosed\n---\n{STATEMENT}".encode()
    with pytest.raises(InputError, match=r"^s\.md has front matter that is not valid YAML at line"):
        read_bytes(raw, name="s.md", origin="s.md")


def test_front_matter_aliases_are_refused() -> None:
    raw = f"---\na: &x [1, 2]\nb: [*x, *x]\n---\n{STATEMENT}".encode()
    with pytest.raises(InputError, match="YAML aliases"):
        read_bytes(raw, name="s.md")


_NAMES = st.sampled_from([None, "s.txt", "s.md", "s.html", "s.pdf", "s.docx", "s.bin"])
_PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"---\ntitle: x\n---\n", b"<!doctype html>", b"\xff\xfe"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PREFIXES, st.binary(max_size=400), _NAMES)
def test_arbitrary_bytes_raise_nothing_but_input_error(prefix: bytes, data: bytes, name: str | None) -> None:
    try:
        document = read_bytes(prefix + data, name=name)
    except InputError as error:
        assert "\n" not in str(error)
    else:
        assert document.text.strip()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["s.txt", "s.md", "s.html", None]))
def test_arbitrary_text_raises_nothing_but_input_error(text: str, name: str | None) -> None:
    with contextlib.suppress(InputError):
        read_bytes(text.encode("utf-8", "surrogatepass"), name=name)


def test_issuers_are_read_from_a_long_list_of_ministers_that_recognize() -> None:
    names = ", ".join(["Chile", "Colombia", "Costa Rica", "Ecuador", "Guatemala", "Honduras", "Jamaica", "Panama"])
    text = (
        f"Having met in Lima on 3 and 4 May, we the Ministers and Representatives of {names}, Paraguay, Peru, "
        "Uruguay, the Dominican Republic, the Republic of Trinidad and Tobago, Barbados and the Bahamas recognize "
        "that illegal fishing threatens our coastal communities. We will share vessel data."
    )
    found = infer_issuers(text)
    assert found[:3] == ("CHL", "COL", "CRI") and {"PER", "URY", "BHS"} <= set(found)


def test_we_of_a_statement_whose_issuers_are_unknown_still_undertakes() -> None:
    from servanda.extract import extract

    result = extract("We will share vessel data with coastal states every month.", date="2024-05-04", issuers=())
    (commitment,) = result.commitments
    assert commitment.actors == () and commitment.strength == "firm"
