"""What a service call changed, so open pages refresh only what they show (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Register(StrEnum):
    """The kinds of record a change can touch; pages subscribe to the ones they display."""

    ORGANISATION = "organisation"
    ACTIVITIES = "activities"
    CATALOGUES = "catalogues"
    RECIPIENTS = "recipients"
    TRANSFERS = "transfers"
    DESTINATIONS = "destinations"
    REQUESTS = "requests"
    INCIDENTS = "incidents"
    COMPLAINTS = "complaints"
    ATTACHMENTS = "attachments"
    AUDIT = "audit"
    DATABASE = "database"


@dataclass(frozen=True)
class Changes:
    """The registers one service call wrote to (every write also writes the audit log)."""

    registers: frozenset[Register] = frozenset()

    @classmethod
    def of(cls, *registers: Register) -> Changes:
        touched = set(registers)
        if touched:
            touched.add(Register.AUDIT)
        return cls(frozenset(touched))

    def touches(self, register: Register) -> bool:
        return register in self.registers

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.registers | other.registers)

    def __bool__(self) -> bool:
        return bool(self.registers)
