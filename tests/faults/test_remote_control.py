"""No Scrapy remote-control endpoint, so no token file, in any crawl."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import BIN, ROOT
from tests.faults.conftest import SITE, write_seed
from tests.faults.server import FaultServer, article, section


def test_a_crawl_opens_no_remote_control_endpoint_and_leaves_no_token_file(
    faults: FaultServer, tmp_path: Path
) -> None:
    faults.page("/sec/", section([f"http://{SITE}/news/a.html"]))
    faults.page("/news/a.html", article("Quiet"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / ".local" / "state")}
    archive = tmp_path / "archive"
    cmd = [str(BIN / "newsarchiver"), "crawl", str(seed), "--archive", str(archive)]
    proc = subprocess.run(
        [*cmd, "--no-progress"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    # No ~/.local/state/scrapy/job_files/<pid>-<id>.json (other libraries may cache elsewhere).
    assert list((home / ".local" / "state").rglob("*")) == []
    log = next((archive / "logs").glob("*.log")).read_text(encoding="utf-8")
    assert "RemoteControl" not in log  # not among the enabled extensions
