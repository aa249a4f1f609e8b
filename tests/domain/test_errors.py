"""User-facing errors: each names the field, file or record it is about."""

from __future__ import annotations

from dpo_desk.domain.errors import (
    ConcurrentEditError,
    DpoDeskError,
    FieldError,
    TaskCancelledError,
    ValidationError,
)


def test_validation_error_lists_every_field_by_label() -> None:
    errors = [
        FieldError("oib", "OIB", "the check digit is wrong"),
        FieldError("email", "E-mail", "is required"),
        FieldError("email", "E-mail", "is not an e-mail address"),
    ]
    error = ValidationError(errors)
    assert isinstance(error, DpoDeskError)
    assert str(error) == (
        "OIB: the check digit is wrong\nE-mail: is required\nE-mail: is not an e-mail address"
    )
    assert error.errors == tuple(errors)
    assert [e.message for e in error.for_field("email")] == [
        "is required",
        "is not an e-mail address",
    ]
    assert error.for_field("phone") == []


def test_concurrent_edit_names_the_record_and_what_to_do() -> None:
    error = ConcurrentEditError("The organisation profile")
    assert error.record == "The organisation profile"
    assert str(error).startswith("The organisation profile was changed by someone else")
    assert "reload" in str(error)


def test_cancelled_task_message() -> None:
    assert str(TaskCancelledError()) == "Cancelled."
    assert isinstance(TaskCancelledError(), DpoDeskError)
