"""What the scale benchmarks share: throwaway databases, the machine they ran on, peak memory and percentiles."""

from __future__ import annotations

import math
import os
import platform
import resource
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
POSTGRES_ADMIN_URL = os.environ.get(
    "SERVANDA_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")


def backends(text: str) -> list[str]:
    """'sqlite,postgresql' → the backends named, in that order; ValueError for any other name."""
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BACKENDS]
    if unknown or not chosen:
        raise ValueError(f"--backend takes some of {', '.join(BACKENDS)}, not {text!r}")
    return chosen


@contextmanager
def scratch_database(backend: str, directory: Path, name: str, *, keep: bool = False) -> Iterator[str]:
    """The URL of an empty database for one run, removed afterwards unless `keep`: a file in `directory` on
    SQLite, a database `servanda_bench_<pid>_<name>` created through the admin URL on PostgreSQL."""
    if backend == "sqlite":
        path = directory / f"{name}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                if not keep:
                    leftover.unlink(missing_ok=True)
        return
    database = f"servanda_bench_{os.getpid()}_{name}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {database}")
            connection.exec_driver_sql(f"CREATE DATABASE {database}")
        yield make_url(POSTGRES_ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.dispose()


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """The peak resident memory of this process (or, with RUSAGE_CHILDREN, of the largest child it has waited
    for), in MiB; Linux reports it in KiB."""
    return resource.getrusage(who).ru_maxrss / 1024


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value at least `fraction` of the values are at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def machine() -> list[str]:
    """Lines describing where the figures were measured: CPU, memory, disk, database and Python versions."""
    cpu = _first_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    memory_kib = int((_first_field("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    lines = [
        f"CPU: {cpu}, {os.cpu_count()} logical CPUs ({len(os.sched_getaffinity(0))} usable)",
        f"memory: {memory_kib / 1024 / 1024:.1f} GiB",
        f"disk: {_disk(Path(os.environ.get('TMPDIR', '/tmp')))}",
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}, "
        f"SQLite {sqlite3.sqlite_version}",
    ]
    try:
        admin = create_engine(POSTGRES_ADMIN_URL)
        with admin.connect() as connection:
            lines.append(f"PostgreSQL {connection.exec_driver_sql('SHOW server_version').scalar()}")
        admin.dispose()
    except Exception as err:  # the SQLite figures stand without it
        lines.append(f"PostgreSQL: not reachable ({type(err).__name__})")
    return lines


def _first_field(path: str, name: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == name:
                return value.strip()
    except OSError:
        pass
    return None


def _disk(directory: Path) -> str:
    """The device and file system holding `directory`, its size, and whether the kernel calls it rotational."""
    target = str(directory.resolve())
    mounts = [line.split()[:3] for line in Path("/proc/mounts").read_text().splitlines()]
    device, point, kind = max(
        (m for m in mounts if target == m[1] or target.startswith(m[1].rstrip("/") + "/")), key=lambda m: len(m[1])
    )
    stat = os.statvfs(point)
    flag = Path(f"/sys/block/{Path(device).name}/queue/rotational")
    medium = {"0": ", non-rotational", "1": ", rotational"}.get(flag.read_text().strip(), "") if flag.exists() else ""
    return f"{device} ({kind}, {stat.f_blocks * stat.f_frsize / 1024**3:.0f} GiB{medium}) holding {target}"
