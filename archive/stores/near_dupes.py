"""Near-duplicate clusters of the item store, kept up to date as stories are added.

Why here and not at export time: recomputing clusters over a whole archive on every export
would cost minutes; linking one new story costs a few indexed lookups. A story's body gets a
MinHash signature (``near_sigs``) and LSH band keys (``near_bands``); candidates are the
newest ``BUCKET_LIMIT`` stories per band whose signature agrees well enough, verified by
exact shingle Jaccard (``archive.fingerprints``). Clusters merge by single linkage and never
split; band keys of a story's older bodies stay (they only cause an extra verification).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
import orjson

from archive import fingerprints as fp

#: Members of one candidate near cluster verified at most before giving up on it.
VERIFY_PER_CLUSTER = 3
#: Per LSH band, only the newest this many stories sharing the key become candidates. A
#: crowded band is boilerplate (agency lines, templated reports) shared by unrelated
#: stories; wire copies are added close together, and a real near copy shares several
#: bands. Bounds the work per new story however large the store grows.
BUCKET_LIMIT = 64
#: Bodies whose shingle sets :class:`ShingleSets` keeps (about 8 KB each).
SETS_KEPT = 512


class ShingleSets:
    """The shingle sets of stored bodies lately verified against, by content hash.

    Near copies arrive together, so the same few stored stories are verified against again
    and again; each time their body was read, parsed, normalised and shingled anew, most of
    what adding a story cost. A content hash (``stories.chash``) names one content, body
    included, whatever its version id (ids can be reused after a rollback).
    """

    def __init__(self, kept: int = SETS_KEPT) -> None:
        self.kept = kept
        self._sets: OrderedDict[bytes, np.ndarray | None] = OrderedDict()

    def get(self, db: Any, vid: int, chash: bytes | None) -> np.ndarray | None:
        """The unique shingles of version ``vid``'s body (None: too short to compare)."""
        key = bytes(chash) if chash is not None else None
        if key is not None and key in self._sets:
            self._sets.move_to_end(key)
            return self._sets[key]
        (payload,) = db.execute("SELECT payload FROM versions WHERE vid = ?", (vid,)).fetchone()
        found = fp.shingles(fp.words(orjson.loads(payload).get("body")))
        unique = None if found is None else np.unique(found)
        if key is not None and self.kept:
            self._sets[key] = unique
            if len(self._sets) > self.kept:
                self._sets.popitem(last=False)
        return unique


def link_near(
    db: Any,
    sid: int,
    near: fp.NearKeys | None,
    own: int,
    own_fp: int | None,
    sets: ShingleSets | None = None,
) -> None:
    """Index the body's LSH bands and merge the story's near cluster (``own``; ``own_fp``
    its content fingerprint) with every cluster holding a verified near copy (exact
    Jaccard >= threshold). At most ``VERIFY_PER_CLUSTER`` members of a candidate cluster
    are verified, so a big cluster of identical copies costs one check, not one per
    member. ``near`` is :func:`archive.fingerprints.near_keys` of the body (None: too
    short to index); ``sets``: the store's :class:`ShingleSets` (None: none kept)."""
    if near is None:
        return
    shingles, signature, keys = near
    sets = sets or ShingleSets(0)
    db.execute(
        "INSERT INTO near_sigs (sid, sig) VALUES (?, ?) "
        "ON CONFLICT (sid) DO UPDATE SET sig = excluded.sig",
        (sid, fp.signature_bytes(signature)),
    )
    by_cluster: dict[int, list[tuple[int, bytes | None, int | None]]] = {}
    newest = " UNION ".join(
        [
            "SELECT sid FROM (SELECT sid FROM near_bands WHERE key = ? "
            f"ORDER BY sid DESC LIMIT {BUCKET_LIMIT}) AS band"
        ]
        * len(keys)
    )
    for vid, chash, cluster, cand_fp, cand_sig in db.execute(
        "SELECT s.latest_vid, s.chash, s.near_cluster, s.content_fp, g.sig "
        f"FROM ({newest}) b JOIN stories s ON s.sid = b.sid "
        "LEFT JOIN near_sigs g ON g.sid = b.sid",
        keys,
    ):
        if cluster == own:
            continue
        if (
            cand_sig is not None
            and cand_fp != own_fp
            and fp.estimated_jaccard(signature, cand_sig) < fp.ESTIMATE_FLOOR
        ):
            continue  # shares a band by chance (boilerplate), far from the threshold
        by_cluster.setdefault(cluster, []).append((vid, chash, cand_fp))
    db.executemany(
        "INSERT INTO near_bands (key, sid) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(k, sid) for k in keys],
    )
    clusters = {own}
    mine = None  # the body's unique shingles, once one candidate needs them
    for cluster, members in by_cluster.items():
        if own_fp is not None and any(m_fp == own_fp for _, _, m_fp in members):
            clusters.add(cluster)  # same normalised headline and body: Jaccard 1
            continue
        for vid, chash, _ in members[:VERIFY_PER_CLUSTER]:
            other = sets.get(db, vid, chash)
            if other is None:
                continue
            mine = np.unique(shingles) if mine is None else mine
            if fp.jaccard(mine, other) >= fp.JACCARD_THRESHOLD:
                clusters.add(cluster)
                break
    if len(clusters) > 1:
        count = "SELECT count(*) FROM stories WHERE near_cluster = ?"
        sizes = [(db.execute(count, (c,)).fetchone()[0], -c) for c in clusters]
        target = -max(sizes)[1]  # the biggest cluster absorbs; ties: smallest label
        for c in clusters - {target}:
            db.execute("UPDATE stories SET near_cluster = ? WHERE near_cluster = ?", (target, c))
