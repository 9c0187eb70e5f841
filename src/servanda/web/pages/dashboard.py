"""The dashboard (`/`, where signing in lands): what the person may read, summed up as of today, with charts
where a picture reads faster than a table, and the deadlines, meetings and agreements to watch."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from servanda.extract.model import AGREEMENT_STAGES
from servanda.store.due import due_by
from servanda.tracking.agreements import list_agreements
from servanda.tracking.dashboard import dashboard
from servanda.tracking.due_items import due_items
from servanda.tracking.mechanisms import list_mechanisms
from servanda.tracking.party_figures import figures_marking, party_figures
from servanda.web.auth import Viewer
from servanda.web.charts import Bar, Score, bar_chart, compliance_chart
from servanda.web.database import Db
from servanda.web.formatting import party, words
from servanda.web.pages.layout import PageMarkings, render

router = APIRouter()

LISTED = 8  # deadlines and meetings listed in each box; the calendar has the rest


@router.get("/", name="dashboard", response_class=HTMLResponse)
def show_dashboard(request: Request, viewer: Viewer, db: Db) -> HTMLResponse:
    with db.reading() as session:
        board = dashboard(session, viewer=viewer)
        by_party = party_figures(session, viewer=viewer, today=board.today)
        due = due_items(session, viewer=viewer, as_of=board.today, within=board.within, limit=LISTED)
        mechanisms = [m for m in list_mechanisms(session, viewer=viewer, as_of=board.today) if m.next.expected]
        mechanisms.sort(key=lambda m: (due_by(m.next.expected or ""), m.name))
        agreements = list_agreements(session, viewer=viewer, as_of=board.today)
        marks = PageMarkings(session, viewer)
        stages = Counter(a.current.stage if a.current else "no stage recorded" for a in agreements)
        stage_order = [*AGREEMENT_STAGES, "no stage recorded"]
        shown_mechanisms = mechanisms[:LISTED]
        context = {
            "board": board,
            "by_party": by_party,
            "overdue": [(item, marks.view(due.markings[item.key])) for item in due.overdue],
            "upcoming": [(item, marks.view(due.markings[item.key])) for item in due.upcoming],
            "due": due,
            "mechanisms": [(m, marks.view(m.marking)) for m in shown_mechanisms],
            "mechanisms_total": len(mechanisms),
            "stages": [(stage, stages[stage]) for stage in stage_order if stages[stage]],
            "agreements_total": len(agreements),
            "recent": [(r, marks.view(r.marking)) for r in board.recent],
            "charts": {
                "status": bar_chart(
                    [Bar(words(s), n, s) for s, n in board.by_status.items()], title="Commitments by status"
                ),
                "area": bar_chart([Bar(words(a), n) for a, n in board.by_area.items()], title="Commitments by area"),
                "strength": bar_chart(
                    [Bar(s, n, s) for s, n in board.by_strength.items()], title="Commitments by strength"
                ),
                "party": bar_chart(
                    [Bar(party(p), n) for p, n in by_party.commitments.items()], title="Commitments by party"
                ),
                "compliance": compliance_chart(
                    [Score(party(p), c.mean, c.assessed) for p, c in by_party.compliance.items()],
                    title="Compliance by party, G7 Research Group scale",
                ),
                "stages": bar_chart(
                    [Bar(words(stage), n) for stage in stage_order if (n := stages[stage])],
                    title="Agreements by stage",
                    unit="agreements",
                ),
            },
        }
        page_marking = figures_marking(session, viewer=viewer)
        stage_markings = [a.current.marking for a in agreements if a.current]
        shown = [page_marking, due.marking, *(m.marking for m in shown_mechanisms), *(a.marking for a in agreements)]
        shown += stage_markings
        return render(request, session, viewer, "dashboard.html", context, marking=marks.view_highest(shown))
