"""Reading documents safely and writing atomically."""
from __future__ import annotations

import pytest

from align.errors import InputError
from align.io import read_text, write_atomic


@pytest.mark.parametrize("content, message", [
    (b"", "empty document"),
    (b"  \n\t\n", "empty document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("Personvern for våre kunder".encode("latin-1"), "not valid UTF-8"),
])
def test_bad_documents(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_text(path)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_bom_is_kept_so_offsets_count_the_file(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes("\ufeffVi verdsetter personvern".encode("utf-8"))
    assert read_text(path) == "\ufeffVi verdsetter personvern"


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old")
    write_atomic(out, "new")
    assert out.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_atomic_failure_leaves_nothing(tmp_path):
    class Boom(str):
        def encode(self, *args):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "out.txt", Boom("x"))
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_missing_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "out.txt", "x")
