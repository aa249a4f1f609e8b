"""The portability package (Art. 20): data read from CSV and JSON, written as both in a ZIP
with a manifest whose checksums match; bad files refused by name."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime

import pytest

from dpo_desk.domain.errors import ValidationError
from dpo_desk.domain.organisation import OrganisationProfile, Person
from dpo_desk.domain.request import Request, Right
from dpo_desk.i18n import set_language
from dpo_desk.services.portability import MANIFEST_FORMAT, build_package, read_dataset

REQUEST = Request(
    received_on=date(2026, 11, 2),
    rights=(Right.PORTABILITY,),
    subject=Person(name="Đurđa Šimić", email="d@example.hr"),
    reference="DSR-2026-0042",
)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_csv_with_semicolons_and_a_bom_and_json_keep_their_values() -> None:
    account = read_dataset("Račun korisnika.csv", "\ufeffemail;ime\nd@example.hr;Đurđa\n".encode())
    assert account.name == "Račun-korisnika"
    assert account.rows == ({"email": "d@example.hr", "ime": "Đurđa"},)
    orders = read_dataset("../orders.json", b'[{"order": "A-1", "total": 12.5, "items": ["k"]}]')
    assert orders.name == "orders" and orders.rows[0]["total"] == 12.5


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", b"{not json", "is not valid JSON (line 1"),
        ("a.json", b'{"a": 1}', "must hold a list of objects"),
        ("a.csv", b"", "is empty"),
        ("a.csv", b"only,header\n", "holds no records"),
        ("a.csv", b"\xff\xfe\x00x", "is not UTF-8 text"),
    ],
)
def test_bad_files_are_refused_by_name(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        read_dataset(name, content)
    assert str(refused.value).startswith(f"{name}: {message}")


def test_the_package_holds_json_csv_and_a_manifest_whose_checksums_match() -> None:
    account = read_dataset("account.csv", "email,ime\nd@example.hr,Đurđa\n".encode())
    orders = read_dataset("orders.json", b'[{"order": "A-1", "total": 12.5}, {"order": "A-2"}]')
    created = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    package = build_package(
        REQUEST, OrganisationProfile(controller_name="Tvrtka d.o.o."), (account, orders), created
    )
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "data/account.csv",
            "data/account.json",
            "data/orders.csv",
            "data/orders.json",
            "manifest.json",
        ]
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == MANIFEST_FORMAT
        assert (manifest["request"], manifest["data_subject"]) == ("DSR-2026-0042", "Đurđa Šimić")
        assert manifest["created_at"] == "2026-11-22T09:00:00+00:00"
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        assert json.loads(archive.read("data/orders.json"))[0]["total"] == 12.5  # a number
        rows = list(csv.DictReader(io.StringIO(archive.read("data/orders.csv").decode())))
        assert rows == [{"order": "A-1", "total": "12.5"}, {"order": "A-2", "total": ""}]
        assert "Đurđa" in archive.read("data/account.csv").decode()


def test_a_package_needs_data() -> None:
    with pytest.raises(ValidationError, match="attach at least one file"):
        build_package(REQUEST, None, (), datetime(2026, 11, 22, tzinfo=UTC))
