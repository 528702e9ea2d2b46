"""User mistakes end in one ``error:`` line, never a traceback.

Each is refused before any crawl or server starts, so the commands run in this process
(click's runner: exit code, stdout and stderr as a shell sees them).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.layout import DEFAULT_ARCHIVE_DIRNAME
from crawler.cli import main
from tests.conftest import ROOT
from tests.faults.conftest import SITE, write_seed


def newsarchiver(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def one_error_line(result: Result, start: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(f"error: {start}"), result.stderr


def test_replay_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "warc").mkdir()
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        proc = newsarchiver("replay", "--archive", str(tmp_path), "--port", str(port))
    one_error_line(proc, f"cannot serve on 127.0.0.1:{port}: Address already in use")


@pytest.mark.parametrize("command", ["demo", "demo-site"])
def test_a_demo_site_without_articles_is_one_line(tmp_path: Path, command: str) -> None:
    proc = newsarchiver(
        command, "--articles", "0", *(["--archive", str(tmp_path)] * (command == "demo"))
    )
    one_error_line(proc, "--articles must be at least 1, got 0")


@pytest.mark.parametrize("proxy", ["127.0.0.1:8080", "socks5://h:1", "http://h:99999", "http://"])
def test_a_bad_proxy_value_is_one_line_before_anything_starts(tmp_path: Path, proxy: str) -> None:
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"])
    archive = tmp_path / "archive"
    proc = newsarchiver("crawl", str(seed), "--archive", str(archive), "--proxy", proxy)
    one_error_line(proc, f"--proxy {proxy!r}: not a proxy URL; give http://HOST:PORT")
    assert not archive.exists()


def test_a_bad_proxy_with_a_password_is_not_echoed(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"])
    proc = newsarchiver("crawl", str(seed), "--archive", str(tmp_path / "a"),
                        "--proxy", "ftp://bob:hunter2@proxy:3128")  # fmt: skip
    one_error_line(proc, "--proxy 'proxy:3128': not a proxy URL")
    assert "hunter2" not in proc.stderr


def test_status_of_a_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-archive"
    proc = newsarchiver("status", "--archive", str(missing))
    one_error_line(proc, f"{missing}: no such archive folder")
    assert not missing.exists()


def test_demo_and_the_other_commands_share_one_default_archive_folder() -> None:
    """After `make demo`, `status`, `export`, `replay` ... find its archive without --archive."""
    defaults = {
        name: {p.default for p in command.params if p.name == "archive"}
        for name, command in main.commands.items()
    }
    for name in ("demo", "crawl", "status", "replay", "index", "report", "history"):
        assert defaults[name] == {Path(DEFAULT_ARCHIVE_DIRNAME)}, (name, defaults[name])
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"DEMO_ARCHIVE ?= {DEFAULT_ARCHIVE_DIRNAME}\n" in make
