"""The archive on disk: WARC files, the JSONL item log and (later) indexes and the state store.

Nothing in here imports Scrapy: the file formats are the interface.
"""
