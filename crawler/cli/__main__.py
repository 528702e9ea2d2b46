"""``python -m crawler.cli`` (the cron runner starts its crawls this way)."""

from crawler.cli import main

main()
