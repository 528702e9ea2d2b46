"""A crawl process gives big freed buffers back to the system: glibc's mmap threshold fixed.

Why: glibc serves a block of at least its mmap threshold (128 KB) with a mapping of its
own, given back when freed, but it raises the threshold to the size of every such block
freed (up to 32 MB). After one 14 MB page (its body, its decoded text) was freed, later
blocks of up to that size came from the heap and stayed with the process: a crawl meeting
a flood page kept about 15 MB more for the rest of its life, and its extraction worker
likewise (bench.page_floods, section and related floods together: 408 -> 383 MB). Fixing
the threshold keeps glibc from raising it. At 8 MB: a flood page's buffers are mapped, an
ordinary crawl's are not (at 1 MB a 1,000-article demo crawl took about 9 % more CPU, four
crawls each way taking turns; at 8 MB no difference beyond the machine's noise).
"""

from __future__ import annotations

import ctypes
import sys

#: ``mallopt`` parameter number of ``M_MMAP_THRESHOLD`` (``malloc.h``).
_M_MMAP_THRESHOLD = -3
#: Blocks from this size on are mapped, and unmapped when freed.
MMAP_THRESHOLD = 8 << 20


def give_back_big_buffers() -> bool:
    """Fix glibc's mmap threshold in this process; False where there is no glibc to tell."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))  # musl's does nothing: 0
