"""The portability package (Art. 20): the data the DPO collected from the systems, each set
written as JSON and as CSV in a ZIP, with a manifest that names the request, the controller,
the files and their SHA-256."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from dpo_desk.domain.errors import FieldError, ValidationError
from dpo_desk.domain.organisation import OrganisationProfile
from dpo_desk.domain.request import Request
from dpo_desk.i18n import _, ngettext

#: The manifest's own format, so that a recipient's program can check what it reads.
MANIFEST_FORMAT = "dpo-desk-portability/1"


@dataclass(frozen=True)
class Dataset:
    """One set of records (an export of the account, the orders, …), field by field."""

    name: str
    #: Values as read: text from CSV, JSON's own types from JSON (kept in the JSON file).
    rows: tuple[dict[str, object], ...]

    @property
    def label(self) -> str:
        """ "orders (12 records)": how the letter and the window name the set."""
        return ngettext(
            "{name} ({count} record)", "{name} ({count} records)", len(self.rows)
        ).format(name=self.name, count=len(self.rows))

    @property
    def fields(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.update(dict.fromkeys(row))
        return tuple(seen)


def _stem(file_name: str) -> str:
    """A file name safe inside the ZIP: letters, digits, - and _ only."""
    stem = PurePath(file_name.replace("\\", "/")).stem
    cleaned = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_")
    return cleaned[:60] or "data"


def _refused(file_name: str, message: str) -> ValidationError:
    return ValidationError([FieldError("datasets", file_name, message)])


def read_dataset(file_name: str, content: bytes) -> Dataset:
    """A CSV file (UTF-8, a header row; comma or semicolon) or a JSON file (a list of objects)
    as a data set. ValidationError names the file and what is wrong with it."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refused(file_name, _("is not UTF-8 text")) from error
    if not text.strip():
        raise _refused(file_name, _("is empty"))
    if file_name.lower().endswith(".json"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            raise _refused(
                file_name,
                _("is not valid JSON (line {line}: {reason})").format(
                    line=error.lineno, reason=error.msg
                ),
            ) from error
        if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
            raise _refused(file_name, _("must hold a list of objects, one per record"))
        rows: tuple[dict[str, object], ...] = tuple(
            {str(key): value for key, value in item.items()} for item in loaded
        )
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        if not reader.fieldnames:
            raise _refused(file_name, _("has no header row"))
        rows = tuple(
            {str(key): value or "" for key, value in row.items() if key is not None}
            for row in reader
        )
    if not rows:
        raise _refused(file_name, _("holds no records"))
    return Dataset(_stem(file_name), rows)


def _cell(value: object) -> str:
    """A CSV cell: text as it is, anything else (numbers, lists) as JSON writes it."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


def package_name(request: Request) -> str:
    return f"{request.reference}-portability.zip"


def build_package(
    request: Request,
    profile: OrganisationProfile | None,
    datasets: tuple[Dataset, ...],
    created_at: datetime,
) -> bytes:
    """The ZIP: data/NAME.json and data/NAME.csv for every set, and manifest.json."""
    if not datasets:
        raise ValidationError(
            [FieldError("datasets", _("Data"), _("attach at least one file of the data"))]
        )
    buffer = io.BytesIO()
    files: list[dict[str, object]] = []
    names: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for dataset in datasets:
            count = names.get(dataset.name, 0)
            names[dataset.name] = count + 1
            stem = dataset.name if count == 0 else f"{dataset.name}-{count + 1}"
            as_json = json.dumps(list(dataset.rows), ensure_ascii=False, indent=2).encode()
            as_csv = io.StringIO()
            writer = csv.DictWriter(as_csv, fieldnames=dataset.fields, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(
                {key: _cell(value) for key, value in row.items()} for row in dataset.rows
            )
            for path, data, media_type in (
                (f"data/{stem}.json", as_json, "application/json"),
                (f"data/{stem}.csv", as_csv.getvalue().encode("utf-8"), "text/csv"),
            ):
                archive.writestr(path, data)
                files.append(
                    {
                        "path": path,
                        "media_type": media_type,
                        "records": len(dataset.rows),
                        "sha256": hashlib.sha256(data).hexdigest(),
                    }
                )
        manifest = {
            "format": MANIFEST_FORMAT,
            "request": request.reference,
            "data_subject": request.subject.name,
            "controller": profile.controller_name if profile is not None else "",
            "created_at": created_at.isoformat(),
            "legal_basis": "GDPR Art. 20",
            "files": files,
        }
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        )
    return buffer.getvalue()
