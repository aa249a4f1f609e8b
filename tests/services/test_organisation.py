"""OrganisationService: saving and validating the profile, concurrent edits, the letterhead logo."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace

import pytest

from dpo_desk.domain.changes import Changes, Register
from dpo_desk.domain.contact import Address
from dpo_desk.domain.errors import ConcurrentEditError, RecordNotFoundError, ValidationError
from dpo_desk.domain.organisation import OrganisationProfile, Person, new_profile
from dpo_desk.services.bundle import Services

PROFILE = OrganisationProfile(
    controller_name="Đurđević i sinovi d.o.o.",
    address=Address(street="Ilica 1", postal_code="10000", city="Zagreb"),
    oib="39821269208",
    phone="+385 1 555 0100",
    email="ured@durdevic.example",
    website="www.durdevic.example",
    dpo=Person(name="Ana Čačić", email="dpo@durdevic.example"),
)


def png_image(width: int = 2, height: int = 1) -> bytes:
    """A real, minimal RGB PNG (so a later letterhead could draw it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x10\x60\xa0" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_new_database_has_no_profile_and_offers_azop(services: Services) -> None:
    assert services.organisation.profile() is None
    assert not services.organisation.is_set_up()
    assert services.organisation.profile_or_new() == new_profile()


def test_save_stores_the_normalised_profile(services: Services) -> None:
    saved, changes = services.organisation.save(PROFILE)
    assert changes == Changes.of(Register.ORGANISATION)
    assert saved.version is not None
    assert saved.website == "https://www.durdevic.example"
    assert saved.controller_name == "Đurđević i sinovi d.o.o."
    assert services.organisation.profile() == saved
    assert services.organisation.profile_or_new() == saved
    assert services.organisation.is_set_up()


def test_save_again_with_the_current_version_updates(services: Services) -> None:
    first, _ = services.organisation.save(PROFILE)
    second, _ = services.organisation.save(replace(first, controller_name="Novo ime d.o.o."))
    assert second.version is not None and first.version is not None
    assert second.version > first.version
    assert services.organisation.profile() == second
    assert second.controller_name == "Novo ime d.o.o."


def test_saving_a_stale_version_is_refused_and_keeps_the_other_edit(services: Services) -> None:
    opened, _ = services.organisation.save(PROFILE)
    theirs, _ = services.organisation.save(replace(opened, email="novi@durdevic.example"))
    with pytest.raises(ConcurrentEditError) as caught:
        services.organisation.save(replace(opened, phone="+385 1 555 0199"))
    assert "organisation profile" in str(caught.value)
    assert services.organisation.profile() == theirs


def test_a_second_new_profile_does_not_overwrite_the_saved_one(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    with pytest.raises(ConcurrentEditError):
        services.organisation.save(replace(PROFILE, controller_name="Drugi d.o.o."))
    assert services.organisation.profile() == saved


def test_an_invalid_profile_is_refused_naming_the_fields_and_nothing_is_written(
    services: Services,
) -> None:
    before = services.audit.count()
    bad = replace(PROFILE, oib="39821269209", dpo=Person(name="Ana Čačić"))
    with pytest.raises(ValidationError) as caught:
        services.organisation.save(bad)
    assert {error.field for error in caught.value.errors} == {"oib", "dpo.email"}
    assert "OIB: the check digit is wrong" in str(caught.value)
    assert "DPO e-mail" in str(caught.value)
    assert services.organisation.profile() is None
    assert services.audit.count() == before


def test_representative_is_added_and_removed(services: Services) -> None:
    representative = Person(
        name="Vertreter GmbH",
        email="rep@vertreter.example",
        address=Address(
            street="Unter den Linden 1", postal_code="10117", city="Berlin", country_code="de"
        ),
    )
    with_rep, _ = services.organisation.save(replace(PROFILE, representative=representative))
    assert with_rep.representative is not None
    assert with_rep.representative.address.country_code == "DE"
    assert services.organisation.profile() == with_rep
    without, _ = services.organisation.save(replace(with_rep, representative=None))
    assert without.representative is None
    stored = services.organisation.profile()
    assert stored is not None and stored.representative is None


def test_set_logo_stores_the_image_and_links_it(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    image = png_image()
    with_logo, changes = services.organisation.set_logo(saved, "logo.png", image)
    assert changes == Changes.of(Register.ORGANISATION, Register.ATTACHMENTS)
    assert with_logo.logo_attachment_id is not None
    assert with_logo.version != saved.version
    logo = services.organisation.logo(with_logo)
    assert logo is not None
    attachment, content = logo
    assert content == image
    assert attachment.media_type == "image/png"
    assert attachment.file_name == "logo.png"
    assert attachment.size == len(image)


def test_set_logo_on_a_profile_never_saved_saves_both(services: Services) -> None:
    with_logo, _ = services.organisation.set_logo(PROFILE, "logo.png", png_image())
    assert services.organisation.profile() == with_logo
    assert with_logo.logo_attachment_id is not None


def test_replacing_the_logo_deletes_the_old_image(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    first, _ = services.organisation.set_logo(saved, "old.png", png_image(1, 1))
    second, _ = services.organisation.set_logo(first, "new.png", png_image(3, 3))
    assert second.logo_attachment_id != first.logo_attachment_id
    logo = services.organisation.logo(second)
    assert logo is not None and logo[0].file_name == "new.png"
    assert first.logo_attachment_id is not None
    with pytest.raises(RecordNotFoundError):
        services.attachments.get(first.logo_attachment_id)


def test_remove_logo_unlinks_and_deletes_it(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    with_logo, _ = services.organisation.set_logo(saved, "logo.png", png_image())
    assert with_logo.logo_attachment_id is not None
    without, changes = services.organisation.remove_logo(with_logo)
    assert changes == Changes.of(Register.ORGANISATION, Register.ATTACHMENTS)
    assert without.logo_attachment_id is None
    assert services.organisation.logo(without) is None
    assert services.organisation.profile() == without
    with pytest.raises(RecordNotFoundError):
        services.attachments.get(with_logo.logo_attachment_id)


def test_remove_logo_without_a_logo_changes_nothing(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    before = services.audit.count()
    same, changes = services.organisation.remove_logo(saved)
    assert same == saved
    assert not changes
    assert services.audit.count() == before


def test_remove_logo_from_a_stale_profile_is_refused(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    with_logo, _ = services.organisation.set_logo(saved, "logo.png", png_image())
    services.organisation.save(replace(with_logo, phone="+385 1 555 0199"))
    with pytest.raises(ConcurrentEditError):
        services.organisation.remove_logo(with_logo)
    current = services.organisation.profile()
    assert current is not None and current.logo_attachment_id == with_logo.logo_attachment_id
    assert services.organisation.logo(current) is not None


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("scan.pdf", b"%PDF-1.7\n", "PNG or JPEG"),
        ("logo.png", b"not really a PNG", "PNG or JPEG"),
        ("huge.png", b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 * 1024), "2.0 MiB"),
    ],
)
def test_set_logo_refuses_bad_images_and_writes_nothing(
    services: Services, name: str, content: bytes, says: str
) -> None:
    saved, _ = services.organisation.save(PROFILE)
    before = services.audit.count()
    with pytest.raises(ValidationError) as caught:
        services.organisation.set_logo(saved, name, content)
    assert caught.value.errors[0].label == name
    assert says in caught.value.errors[0].message
    assert services.organisation.profile() == saved
    assert services.audit.count() == before


def test_set_logo_with_an_invalid_or_stale_profile_writes_nothing(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    newer, _ = services.organisation.save(replace(saved, phone="+385 1 555 0199"))
    before = services.audit.count()
    with pytest.raises(ValidationError):
        services.organisation.set_logo(replace(newer, email=""), "logo.png", png_image())
    with pytest.raises(ConcurrentEditError):
        services.organisation.set_logo(saved, "logo.png", png_image())
    assert services.audit.count() == before
    assert services.organisation.profile() == newer


def test_removing_a_logo_someone_else_removed_is_a_concurrent_edit(services: Services) -> None:
    saved, _ = services.organisation.save(PROFILE)
    mine, _ = services.organisation.set_logo(saved, "logo.png", png_image())
    theirs, _ = services.organisation.remove_logo(mine)  # the other window was quicker
    with pytest.raises(ConcurrentEditError):
        services.organisation.remove_logo(mine)
    assert services.organisation.profile() == theirs
