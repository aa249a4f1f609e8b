"""Changes: which registers a service call touched; every write also touches the audit log."""

from __future__ import annotations

import pytest

from dpo_desk.domain.changes import Changes, Register


def test_a_write_touches_its_register_and_the_audit_log() -> None:
    changes = Changes.of(Register.ORGANISATION)
    assert changes.registers == frozenset({Register.ORGANISATION, Register.AUDIT})
    assert changes.touches(Register.ORGANISATION)
    assert changes.touches(Register.AUDIT)
    assert not changes.touches(Register.ATTACHMENTS)
    assert changes


def test_nothing_changed_is_false_and_does_not_touch_the_audit_log() -> None:
    for empty in (Changes(), Changes.of()):
        assert not empty
        assert empty.registers == frozenset()
        assert not empty.touches(Register.AUDIT)


def test_changes_combine() -> None:
    combined = Changes.of(Register.ORGANISATION) | Changes.of(Register.ATTACHMENTS) | Changes()
    assert combined.registers == {Register.ORGANISATION, Register.ATTACHMENTS, Register.AUDIT}
    assert Changes() | Changes() == Changes()


def test_changes_are_immutable_and_comparable() -> None:
    changes = Changes.of(Register.DATABASE, Register.ORGANISATION)
    assert changes == Changes.of(Register.ORGANISATION, Register.DATABASE)
    with pytest.raises(AttributeError):
        changes.registers = frozenset()  # type: ignore[misc]
    assert {changes: 1}[Changes.of(Register.ORGANISATION, Register.DATABASE)] == 1


def test_register_values_are_stable_names() -> None:
    # Pages subscribe by these; renaming one silently stops refreshes.
    assert {register.value for register in Register} == {
        "organisation",
        "activities",
        "catalogues",
        "recipients",
        "transfers",
        "destinations",
        "requests",
        "incidents",
        "complaints",
        "attachments",
        "audit",
        "database",
    }
