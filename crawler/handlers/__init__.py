"""Scrapy download handlers of newsarchiver (see :mod:`crawler.handlers.raw_http`)."""
