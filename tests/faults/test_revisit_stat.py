"""The ``warc_revisits`` stat counts revisit records, not new captures."""

from __future__ import annotations

import re
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.faults.conftest import SITE, crawl, write_seed
from tests.faults.server import FaultServer, article, section


def _stat(log: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match.group(1)) if match else 0


def _run_log(stdout: str, sizes: dict[Path, int]) -> str:
    """What this run wrote to the log its summary names (two runs started within the same
    second share one log file, appended to)."""
    log = Path(re.search(r"^log\s+(\S+)", stdout, re.M).group(1))
    return log.read_bytes()[sizes.get(log, 0) :].decode("utf-8")


def _revisit_records(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with path.open("rb") as fh:
            count += sum(1 for rec in ArchiveIterator(fh) if rec.rec_type == "revisit")
    return count


def test_warc_revisits_stat_matches_the_revisit_records(faults: FaultServer, tmp_path: Path):
    urls = [f"http://{SITE}/news/{n}.html" for n in ("a", "b", "c")]
    faults.page("/sec/", section(urls))
    for n, url in enumerate(urls):
        faults.page(url.removeprefix(f"http://{SITE}"), article(f"Story {n}"))
    seed = write_seed(tmp_path, [f"http://{SITE}/sec/"], proxy=faults.proxy_url)
    archive = tmp_path / "archive"
    for run in (1, 2):  # the second run finds the same payloads: revisit records
        before = set((archive / "warc").glob("*.warc.gz"))
        sizes = {p: p.stat().st_size for p in (archive / "logs").glob("*.log")}
        result = crawl(seed, archive, "--full")
        assert result.proc.returncode == 0, result.proc.stderr
        log = _run_log(result.proc.stdout, sizes)
        revisits = _revisit_records(sorted(set((archive / "warc").glob("*.warc.gz")) - before))
        assert revisits == (0 if run == 1 else 4)
        assert _stat(log, "newsarchiver/warc_revisits") == revisits
