"""``write_text_atomically``: the whole new file or the old one, in the umask's mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from archive.atomic import write_text_atomically


def test_replaces_the_file_whole_in_the_umask_mode(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "page.html"
    old = os.umask(0o027)
    try:
        write_text_atomically(out, "first")
        write_text_atomically(out, "second ünïcode")
    finally:
        os.umask(old)
    assert out.read_text(encoding="utf-8") == "second ünïcode"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["page.html"]  # no temp file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(out, "half \udcff")  # a lone surrogate cannot be UTF-8
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
