"""Benchmarks of newsarchiver: crawl throughput and memory against wget and bare Scrapy.

Run them all with ``python -m bench`` (see :mod:`bench.__main__`).
"""
