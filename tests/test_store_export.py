"""Exporting commitments as JSON, JSON Lines and CSV that parse back to the same records."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

from conftest import WRITER
from servanda.store.commitments import list_commitments
from servanda.store.engine import session_factory, transaction
from servanda.store.export import FIELDS, commitment_record, export_commitments
from servanda.store.save import save_document


@pytest.fixture
def store(engine: Engine, two_plus_two) -> Engine:
    with transaction(engine) as session:
        save_document(session, *two_plus_two, actor=WRITER)
    return engine


def _export(engine: Engine, fmt: str, **filters) -> str:
    out = io.StringIO(newline="")
    with session_factory(engine, readonly=True)() as session:
        written = export_commitments(session, fmt, out, viewer=WRITER, **filters)
    text = out.getvalue()
    assert written == len(_expected(engine, **filters))
    return text


def _expected(engine: Engine, **filters) -> list[dict]:
    with session_factory(engine)() as session:
        return [commitment_record(c) for c in list_commitments(session, viewer=WRITER, **filters)]


def _from_csv_row(row: dict[str, str]) -> dict:
    record: dict = {key: (value if value != "" else None) for key, value in row.items()}
    for key in ("id", "document_id", "start", "end"):
        record[key] = int(row[key])
    for key in ("actors", "mechanisms", "agreements"):
        record[key] = row[key].split(";") if row[key] else []
    return record


def test_records_carry_every_exported_field(store: Engine, two_plus_two) -> None:
    records = _expected(store)
    document, extraction = two_plus_two
    assert tuple(records[0]) == FIELDS
    last = records[-1]
    assert last["document_title"] == document.metadata.title
    assert (last["document_date"], last["document_sha256"]) == ("2026-02-25", document.sha256)
    assert last["agreements"] == ["SDCP Action Plan"]
    assert records[6]["mechanisms"] == ["Canada-ROK Foreign and Defence (2+2) Ministerial Meeting"]
    assert [r["quote"] for r in records] == [c.quote for c in extraction.commitments]
    assert records[5]["actors"] == ["CAN"]


def _parse(fmt: str, text: str) -> list[dict]:
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return [_from_csv_row(row) for row in csv.DictReader(io.StringIO(text, newline=""))]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_every_format_parses_back_to_the_same_records(store: Engine, fmt: str) -> None:
    assert _parse(fmt, _export(store, fmt)) == _expected(store)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_exports_apply_the_same_filters_as_lists(store: Engine, fmt: str) -> None:
    exported = _parse(fmt, _export(store, fmt, area="defence", strength="firm"))
    assert [record["quote"][:20] for record in exported] == [
        "we commit to expandi",
        "sign the Terms of Re",
        "Action Plan to imple",
    ]


def test_json_export_is_one_array_and_jsonl_one_record_a_line(store: Engine) -> None:
    json_text, jsonl_text = _export(store, "json"), _export(store, "jsonl")
    assert json_text.startswith("[\n{") and json_text.endswith("}\n]\n")
    assert len(jsonl_text.splitlines()) == 8 and all(line.startswith("{") for line in jsonl_text.splitlines())


def test_csv_export_has_a_header_and_joins_lists_with_semicolons(store: Engine) -> None:
    reader = csv.DictReader(io.StringIO(_export(store, "csv"), newline=""))
    assert tuple(reader.fieldnames or ()) == FIELDS
    rows = list(reader)
    assert rows[2]["agreements"] == "Security and Defence Cooperation Partnership;SDCP Action Plan"
    assert rows[0]["actors"] == "CAN;KOR"


def test_an_empty_export_is_still_well_formed(store: Engine) -> None:
    assert json.loads(_export(store, "json", actor="USA")) == []
    assert _export(store, "jsonl", actor="USA") == ""
    assert _export(store, "csv", actor="USA").splitlines() == [",".join(FIELDS)]


def test_an_unknown_format_is_refused(store: Engine) -> None:
    with session_factory(store)() as session, pytest.raises(ValueError, match="unknown export format 'xml'"):
        export_commitments(session, "xml", io.StringIO(), viewer=WRITER)  # type: ignore[arg-type]
