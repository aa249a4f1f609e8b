"""The Qt binding itself: PySide6-Essentials 6.12.0 on Python 3.11 dropped a reference to None
on every call that returns nothing, and the interpreter aborted ("none_dealloc") after a few
thousand calls, which a DPO's working day easily makes. The pinned version must not."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_calls_that_return_nothing_keep_none_alive() -> None:
    holder = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        holder.setObjectName("x")
    # Other threads may take or drop a few references meanwhile; 2,000 lost ones are the bug.
    assert abs(sys.getrefcount(None) - before) < 100
