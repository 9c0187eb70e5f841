"""Web load: Servanda's pages and API against Datasette serving the same commitment rows, at 20 concurrent clients.

Builds the demo database (`servanda demo`) in a temporary directory and grows it past 100,000 commitments with
the copies `query_latency.py` inserts (recombined corpus statements with their extracted commitments, spread over
dates, parties and markings). Signs the demo's operator (a Canadian admin cleared SECRET) in as a browser does,
with a session cookie, then serves the file three times, each server one process: `servanda serve` (uvicorn,
background jobs off) and `datasette serve` with the same page size, once as installed and once without the facet
suggestions its table page computes on every request (`--setting suggest_facets off`). Each page is loaded by the
same number of concurrent clients for the same time, with wrk when it is installed (`apt-get install wrk`; it
costs the shared CPUs least) and otherwise an asyncio httpx client; the servers are measured one page at a time,
alternately, so that noise falls on all. Prints requests per second, p50 and p99 latency, and each page's
throughput as a ratio of Datasette's table page. Every page is fetched once first and checked to answer 200.

Servanda's commitment list page (`/commitments`) is measured when the server has one; the dashboard (`/`) and the
API list (`/api/v1/commitments`) always. Reproduce with:

    make bench-web        # or: .venv/bin/python bench/web_load.py [--count 100000] [--clients 20] [--seconds 20]
                          #         [--client wrk|httpx] [--rounds 1]; --count 500 --seconds 2 to check
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from support import CORPUS, machine, percentile

PAGE = 50
TARGET_P99_MS = 100.0
BIN = Path(sys.executable).parent


@dataclass(frozen=True, slots=True)
class Target:
    """One page under load: who serves it, what it shows, its URL, and whether it needs the session cookie."""

    server: str
    name: str
    path: str
    signed_in: bool


@dataclass(frozen=True, slots=True)
class Load:
    """What one page measured."""

    target: Target
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


# --- the database and the servers ---


def build(
    directory: Path, count: int, corpus: Path, *, demo: bool = True, limit: int | None = None
) -> tuple[str, Path, str, int]:
    """The demo database grown to at least `count` commitments besides the demo's: its URL, file, a session
    cookie for the operator, and how many commitments it holds. Without `demo`, the operator alone is added to an
    empty database first (quicker, for a smoke test)."""
    from query_latency import Grower, templates
    from sqlalchemy import func, select

    from servanda.store import add_person, get_person, open_database, transaction
    from servanda.store.models import Commitment
    from servanda.web.sessions import start_session

    path = directory / "servanda.db"
    url = f"sqlite:///{path}"
    if demo:
        subprocess.run([str(BIN / "servanda"), "demo", "--db", url], check=True, capture_output=True)
    engine = open_database(url)
    try:
        if not demo:
            with transaction(engine) as session:
                add_person(
                    session,
                    username="operator",
                    display_name="Operator",
                    nationality="CAN",
                    clearance="SECRET",
                    role="admin",
                    actor=None,
                )
        grower = Grower(engine, templates(corpus, limit))
        grower.grow_to(count)
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA optimize")
        with transaction(engine) as session:
            operator = get_person(session, "operator")
            assert operator is not None, "servanda demo adds its operator"
            cookie = start_session(session, operator.id, lifetime=timedelta(hours=2))
            stored = session.scalar(select(func.count()).select_from(Commitment)) or 0
    finally:
        engine.dispose()
    return url, path, cookie, stored


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A server started with `command`, once it accepts connections on `port`."""
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{command[0]} stopped at once:\n{log.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{command[0]} did not listen on port {port} within a minute:\n{log.read_text()[-2000:]}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- the load ---


def headers(target: Target, cookie: str) -> dict[str, str]:
    found = {"Accept": "application/json" if "/api/" in target.path or ".json" in target.path else "text/html"}
    if target.signed_in:
        found["Cookie"] = f"servanda_session={cookie}"
    return found


def check(base: str, target: Target, cookie: str) -> tuple[int, int]:
    """Fetch the page once: its status and size in bytes."""
    import httpx

    response = httpx.get(base + target.path, headers=headers(target, cookie), timeout=60)
    return response.status_code, len(response.content)


def with_wrk(base: str, target: Target, cookie: str, clients: int, seconds: float) -> Load:
    command = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["--timeout", "10s"]
    for key, value in headers(target, cookie).items():
        command += ["-H", f"{key}: {value}"]
    done = subprocess.run([*command, base + target.path], capture_output=True, text=True, check=True)
    out = done.stdout
    match = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    took = float(match.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[match.group(3)]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return Load(target, int(match.group(1)), errors, took, _wrk_ms(out, "50%"), _wrk_ms(out, "99%"))


def _wrk_ms(out: str, label: str) -> float:
    value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def with_httpx(base: str, target: Target, cookie: str, clients: int, seconds: float) -> Load:
    import httpx

    async def run() -> tuple[list[float], int, float]:
        latencies: list[float] = []
        errors = 0
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=base, headers=headers(target, cookie), limits=limits, timeout=30) as c:
            start = time.perf_counter()
            stop_at = start + seconds

            async def client() -> None:
                nonlocal errors
                while time.perf_counter() < stop_at:
                    sent = time.perf_counter()
                    response = await c.get(target.path)
                    latencies.append((time.perf_counter() - sent) * 1000)
                    errors += response.status_code >= 400

            await asyncio.gather(*(client() for _ in range(clients)))
            return latencies, errors, time.perf_counter() - start

    latencies, errors, took = asyncio.run(run())
    return Load(target, len(latencies), errors, took, percentile(latencies, 0.50), percentile(latencies, 0.99))


# --- the run ---


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="commitments to add to the demo (default 100,000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=20, help="load time for each page (default 20)")
    parser.add_argument("--rounds", type=int, default=1, help="times each page is loaded, alternating servers")
    parser.add_argument("--client", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="statements to copy")
    parser.add_argument("--keep", action="store_true", help="keep the database and the server logs")
    parser.add_argument("--templates", type=int, help="copy only the first N corpus statements (a quick check)")
    parser.add_argument("--no-demo", action="store_true", help="start from an empty database, not the demo's")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="servanda-bench-web-"))
    servers: list[subprocess.Popen] = []
    try:
        started = time.perf_counter()
        url, path, cookie, stored = build(scratch, args.count, args.corpus, demo=not args.no_demo, limit=args.templates)
        print(
            f"database: {stored:,} commitments in {path.stat().st_size / 2**20:,.0f} MiB, built in "
            f"{time.perf_counter() - started:,.0f} s",
            flush=True,
        )
        ports = {"servanda": free_port(), "datasette": free_port(), "datasette-lean": free_port()}
        env = {**os.environ, "SERVANDA_ENVIRONMENT": "development", "SERVANDA_RUN_JOBS": "0"}
        servers.append(
            start(
                [str(BIN / "servanda"), "serve", "--db", url, "--port", str(ports["servanda"]), "--no-jobs"],
                ports["servanda"],
                scratch / "servanda.log",
                env,
            )
        )
        if (BIN / "datasette").exists():
            # As installed, and without the facet suggestions its table page computes on every request.
            for name, extra in (("datasette", []), ("datasette-lean", ["--setting", "suggest_facets", "off"])):
                datasette = [str(BIN / "datasette"), "serve", str(path), "--port", str(ports[name])]
                datasette += ["--setting", "default_page_size", str(PAGE), *extra]
                servers.append(start(datasette, ports[name], scratch / f"{name}.log"))
        else:
            print("datasette is not installed (pip install -e '.[bench]'): Servanda alone is measured")
            del ports["datasette"], ports["datasette-lean"]
        bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}

        candidates = [
            Target("servanda", "commitment list page", f"/commitments?limit={PAGE}", True),
            Target("datasette", "commitment table page", f"/{path.stem}/commitment?_size={PAGE}", False),
            Target(
                "datasette-lean",
                "commitment table page, no facet suggestions",
                f"/{path.stem}/commitment?_size={PAGE}",
                False,
            ),
            Target("servanda", "API commitment list (JSON)", f"/api/v1/commitments?limit={PAGE}", True),
            Target("datasette", "commitment table (JSON)", f"/{path.stem}/commitment.json?_size={PAGE}", False),
            Target("servanda", "dashboard", "/", True),
        ]
        targets = []
        for target in (candidate for candidate in candidates if candidate.server in ports):
            status, size = check(bases[target.server], target, cookie)
            if status == 200:
                targets.append(target)
                print(f"  {target.server} {target.name}: {target.path} answers 200, {size:,} bytes", flush=True)
            else:
                print(f"  {target.server} {target.name}: {target.path} answers {status}; not measured", flush=True)
        measure = with_wrk if args.client == "wrk" else with_httpx
        loads: list[Load] = []
        for _ in range(args.rounds):
            for target in targets:
                measure(bases[target.server], target, cookie, args.clients, min(3.0, args.seconds / 2))  # warm-up
                load = measure(bases[target.server], target, cookie, args.clients, args.seconds)
                loads.append(load)
                print(f"  {target.server} {target.name}: {load.per_second:,.1f} req/s", flush=True)
        _report(loads, stored, args)
    finally:
        for server in servers:
            stop(server)
        if args.keep:
            print(f"kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _report(loads: list[Load], stored: int, args: argparse.Namespace) -> None:
    print()
    print(f"{stored:,} commitments, {args.clients} concurrent clients, {args.seconds:g} s a page, client {args.client}")
    print()
    baseline = next((load for load in loads if load.target.name == "commitment table page"), None)
    print("| server | page | requests/s | p50 ms | p99 ms | errors | req/s ÷ Datasette table page |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for load in loads:
        ratio = f"{load.per_second / baseline.per_second:.2f}" if baseline else "—"
        print(
            f"| {load.target.server} | {load.target.name} | {load.per_second:,.1f} | {load.p50_ms:,.1f} | "
            f"{load.p99_ms:,.1f} | {load.errors} | {ratio} |"
        )
    page = next((load for load in loads if load.target.name == "commitment list page"), None)
    lean = next((load for load in loads if load.target.server == "datasette-lean"), None)
    for other in (baseline, lean):
        if page is not None and other is not None:
            met = page.per_second >= other.per_second and page.p99_ms < TARGET_P99_MS
            print(
                f"goal (list page >= {other.target.server} {other.target.name}'s throughput, p99 < "
                f"{TARGET_P99_MS:.0f} ms at {args.clients} clients): {'met' if met else 'NOT met'} "
                f"({page.per_second / other.per_second:.2f}x its throughput, p99 {page.p99_ms:,.0f} ms)"
            )
    print()
    for line in machine():
        print(line)
    print(
        f"reproduce: .venv/bin/python bench/web_load.py --count {args.count} --clients {args.clients} "
        f"--seconds {args.seconds:g} --rounds {args.rounds} --client {args.client}"
        + (" --no-demo" if args.no_demo else "")
    )


if __name__ == "__main__":
    raise SystemExit(main())
