"""The demo's example assessments and decisions (`contents.yaml`, `examples`), applied once through the tracking
library as the demo's operator, so that a newcomer sees a living tracker rather than an empty one.

Each is clearly labelled: every rationale starts with "Example assessment for the demo:", and evidence invented for
the demo says it is an example. Running the demo again finds them applied and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from servanda.access import Person
from servanda.demo import examples
from servanda.store import get_commitment, iter_commitments
from servanda.tracking.assess import AssessmentCreate, assess, history
from servanda.tracking.evidence import EvidenceCreate
from servanda.tracking.suggest import ProposalPublic, accept_proposal, list_proposals

LABEL = "Example assessment for the demo:"


def apply_examples(session: Session, *, actor: Person) -> tuple[list[str], int]:
    """Apply the examples not applied yet, in the caller's transaction; return a line saying what each example is
    (whether applied now or before), and how many were applied now. An example whose commitment or proposal the
    store does not hold (the extractor read the statements otherwise) is left out."""
    lines: list[str] = []
    applied = 0
    for example in examples():
        if example["kind"] == "assessment":
            found = _assessment(session, actor, example)
        else:
            found = _proposal(session, actor, example)
        if found is not None:
            lines.append(found[0])
            applied += found[1]
    return lines, applied


def _assessment(session: Session, actor: Person, example: dict[str, Any]) -> tuple[str, bool] | None:
    rationale = " ".join(example["rationale"].split())
    assert rationale.startswith(LABEL), "an example's rationale says it is one"
    commitment = next((c for c in iter_commitments(session, viewer=actor) if example["commitment"] in c.quote), None)
    if commitment is None:
        return None
    done = any(a.rationale == rationale for a in history(session, commitment.id, viewer=actor))
    if not done:
        reference = example["reference"]
        evidence = EvidenceCreate.reference(
            reference["url"], reference["title"], date=reference["date"], passage=" ".join(reference["passage"].split())
        )
        request = AssessmentCreate(
            commitment.id,
            example["status"],
            rationale,
            [evidence],
            example["scores"],
            as_of=date.fromisoformat(example["as_of"]),
        )
        assess(session, request, actor=actor)
    scores = ", ".join(f"{party} {score}" for party, score in example["scores"].items())
    line = (
        f"commitment {commitment.id} {example['status']} as of {example['as_of']} ({scores}), "
        "on an invented readout: servanda history " + str(commitment.id)
    )
    return line, not done


def _proposal(session: Session, actor: Person, example: dict[str, Any]) -> tuple[str, bool] | None:
    proposal = next((p for p in list_proposals(session, viewer=actor) if _matches(p, example)), None)
    if proposal is None or proposal.state == "rejected":
        return None
    status = example.get("status")
    note = " ".join(example["note"].split())
    if proposal.state == "pending":
        scores = None
        if status is not None and proposal.commitment_id is not None:
            commitment = get_commitment(session, proposal.commitment_id, viewer=actor)
            assert commitment is not None, "the proposal was found, so is its commitment"
            scores = dict.fromkeys(commitment.parties, example["score"])
        rationale = " ".join(example["rationale"].split()) if "rationale" in example else None
        accept_proposal(session, proposal.id, actor=actor, status=status, scores=scores, rationale=rationale)
    target = (
        f"commitment {proposal.commitment_id}" if proposal.commitment_id else f"achievement {proposal.achievement_id}"
    )
    assessed = f", assessed {status}" if status else ""
    return f"proposal {proposal.id} accepted: {note} (evidence on {target}{assessed})", proposal.state == "pending"


def _matches(proposal: ProposalPublic, example: dict[str, Any]) -> bool:
    return example["target"] in proposal.target_quote and example["passage"] in proposal.passage
