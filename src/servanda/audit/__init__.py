"""The tamper-evident audit log: hash-chained entries, signed checkpoints, and the check of both."""

from servanda.audit.chain import GENESIS, SYSTEM, append, lock_chain
from servanda.audit.checkpoint import Checkpoint, checkpoint, checkpoint_key
from servanda.audit.durable import append_durable
from servanda.audit.models import AuditCheckpoint, AuditEntry
from servanda.audit.verify import VerifyResult, verify

__all__ = [
    "GENESIS",
    "SYSTEM",
    "AuditCheckpoint",
    "AuditEntry",
    "Checkpoint",
    "VerifyResult",
    "append",
    "append_durable",
    "checkpoint",
    "checkpoint_key",
    "lock_chain",
    "verify",
]
