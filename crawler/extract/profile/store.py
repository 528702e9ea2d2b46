"""A site profile on disk: ``ARCHIVE/state/profiles/<site>.json`` (``ArchiveLayout``).

Written whole through a temporary file and a rename, so a reader (another worker, a
re-extraction, ``newsarchiver profile``) sees the old profile or the new one, never half.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from archive.atomic import write_text_atomically
from crawler.extract.profile.model import SiteProfile


class BadProfile(ValueError):
    """A profile file that cannot be read as a site profile (the message says why)."""


def load_profile(path: Path) -> SiteProfile | None:
    """The profile stored at ``path``; None when there is none; :class:`BadProfile` when
    the file is not a readable profile of this version."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BadProfile(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return SiteProfile.from_dict(orjson.loads(data))
    except (orjson.JSONDecodeError, ValueError) as exc:
        raise BadProfile(f"{path}: {exc}") from None


def save_profile(path: Path, profile: SiteProfile) -> None:
    """Store ``profile`` at ``path`` (atomically)."""
    write_text_atomically(path, profile.to_json().decode("utf-8") + "\n")
