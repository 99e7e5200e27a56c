"""Hostile and broken .qdpx archives: one clear line each, nothing written, no file outside."""

from __future__ import annotations

import random
import zipfile

import pytest

from qdpx_helpers import write_qdpx
from test_qdpx_foreign import CODE_A, SRC, TEXT, qde, selection
from workbench.errors import InputError
from workbench.interop.qdpx_archive import Archive
from workbench.interop.qdpx_import import QdpxImportOptions, import_qdpx, init_from_qdpx

KEEP = QdpxImportOptions(pseudonymise=False)
NS = "urn:QDA-XML:project:1.0"


def _good_source(start=13, end=16, code=CODE_A) -> str:
    return (f'<TextSource guid="{SRC}" name="i" plainTextPath="internal://{SRC}.txt">'
            f'{selection(1, start, end, code)}</TextSource>')


def _not_zip(tmp_path):
    p = tmp_path / "x.qdpx"
    p.write_bytes(b"<Project/> not a zip at all")
    return p


def _no_qde(tmp_path):
    return write_qdpx(tmp_path / "x.qdpx", "", {"sources/a.txt": "tekst"}, qde_name="readme.txt")


def _bad_xml(tmp_path):
    return write_qdpx(tmp_path / "x.qdpx", "<Project name='x'><Sources></Project>")


def _xxe(tmp_path):
    doc = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           f'<Project xmlns="{NS}" name="x"><Description>&xxe;</Description></Project>')
    return write_qdpx(tmp_path / "x.qdpx", doc)


def _laughs(tmp_path):
    ents = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    doc = f'<?xml version="1.0"?><!DOCTYPE p [{ents}]><Project xmlns="{NS}" name="x"><Description>&a9;</Description></Project>'
    return write_qdpx(tmp_path / "x.qdpx", doc)


def _zip_slip(tmp_path):
    return write_qdpx(tmp_path / "x.qdpx", qde(NS, _good_source()),
                      {f"sources/{SRC}.txt": TEXT, "../../x.txt": "pwned"})


def _bomb(tmp_path):
    return write_qdpx(tmp_path / "x.qdpx", qde(NS, _good_source()), {f"sources/{SRC}.txt": b"\0" * (8 * 2 ** 20)})


def _dangling_code(tmp_path):
    return write_qdpx(tmp_path / "x.qdpx", qde(NS, _good_source(code="0b0f6a2e-9999-4aaa-8aaa-000000000009")),
                      {f"sources/{SRC}.txt": TEXT})


def _outside(tmp_path):
    return write_qdpx(tmp_path / "x.qdpx", qde(NS, _good_source(start=10, end=10_000)), {f"sources/{SRC}.txt": TEXT})


def _files(tmp_path):
    """Every file of this test (but the database's own -wal/-shm) and the folders above it."""
    ours = sorted(p for p in tmp_path.rglob("*") if not p.name.startswith("workbench.db-"))
    return ours, sorted(tmp_path.parent.iterdir()), sorted(tmp_path.parent.parent.iterdir())


CASES = {
    "not a zip": (_not_zip, "not a zip archive"),
    "no qde": (_no_qde, "no .qde file"),
    "bad xml": (_bad_xml, "not well-formed XML at line 1"),
    "xxe": (_xxe, "DOCTYPE or entities"),
    "entity expansion": (_laughs, "DOCTYPE or entities"),
    "zip slip": (_zip_slip, "zip-slip"),
    "zip bomb": (_bomb, "possible zip bomb"),
    "coderef to nothing": (_dangling_code, "CodeRef to nothing"),
    "selection outside": (_outside, "lies outside its text"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_hostile_archive_is_one_line_and_writes_nothing(project, tmp_path, db_snapshot, case):
    make, message = CASES[case]
    path = make(tmp_path)
    before = db_snapshot(project)
    files_before = _files(tmp_path)
    with pytest.raises(InputError) as err:
        import_qdpx(project, path, KEEP)
    text = str(err.value)
    assert message in text and "\n" not in text and str(path) in text
    assert db_snapshot(project) == before
    assert _files(tmp_path) == files_before


@pytest.mark.parametrize("case", ["zip slip", "coderef to nothing", "bad xml"])
def test_init_from_a_hostile_archive_leaves_no_project(tmp_path, case):
    path = CASES[case][0](tmp_path)
    with pytest.raises(InputError):
        init_from_qdpx(tmp_path / "nieuw", path, KEEP)
    assert not (tmp_path / "nieuw").exists()
    existing = tmp_path / "bestaand"
    existing.mkdir()
    with pytest.raises(InputError):
        init_from_qdpx(existing, path, KEEP)
    assert list(existing.iterdir()) == []


def test_cli_prints_one_line_and_exits_non_zero(tmp_path):
    from typer.testing import CliRunner

    from workbench.cli.main import app

    r = CliRunner().invoke(app, ["init", str(tmp_path / "n"), "--from", str(_zip_slip(tmp_path))])
    assert r.exit_code == 1 and r.output.count("\n") == 1 and "zip-slip" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_size_caps_stop_reading_whatever_the_archive_declares(tmp_path):
    path = write_qdpx(tmp_path / "x.qdpx", "x" * 5000, {"sources/a.txt": "y" * 5000})
    small = Archive(path, limits={"member_bytes": 1000})   # members not read are no harm
    with pytest.raises(InputError, match="limit 0 MiB"):
        small.read("sources/a.txt")
    arc = Archive(path, limits={"total_bytes": 6000})
    arc.read("project.qde")
    with pytest.raises(InputError, match="zip bomb"):
        arc.read("sources/a.txt")
    with pytest.raises(InputError, match="files in the archive"):
        Archive(path, limits={"members": 1})


def test_big_media_that_is_never_read_does_not_refuse_the_archive(project, tmp_path):
    from workbench.interop import qdpx_archive

    src = _good_source() + '<VideoSource guid="0b0f6a2e-8888-4aaa-8aaa-000000000001" name="film.mp4"/>'
    path = write_qdpx(tmp_path / "x.qdpx", qde(NS, src), {f"sources/{SRC}.txt": TEXT,
                                                          "sources/film.mp4": random.Random(0).randbytes(300_000)})
    old = dict(qdpx_archive.LIMITS)
    qdpx_archive.LIMITS["member_bytes"] = 100_000   # smaller than the film, larger than the text
    try:
        summary = import_qdpx(project, path, KEEP)
    finally:
        qdpx_archive.LIMITS.update(old)
    assert summary.skipped_sources == ["film.mp4 (video)"] and summary.transcripts == ["i"]


def test_a_lying_size_header_is_caught_while_reading(tmp_path):
    path = write_qdpx(tmp_path / "x.qdpx", "x" * 50_000)
    arc = Archive(path)
    arc.members["project.qde"].file_size = 10     # as a forged header would claim
    arc.limits["member_bytes"] = 20_000
    with pytest.raises(InputError, match="cannot read project.qde|more than the archive declares"):
        arc.read("project.qde")


def test_a_plain_zip_slip_member_is_refused_before_anything_is_read(tmp_path):
    p = tmp_path / "x.qdpx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("project.qde", "<Project/>")
        zf.writestr("/etc/evil", "x")
    with pytest.raises(InputError, match="zip-slip"):
        Archive(p)
