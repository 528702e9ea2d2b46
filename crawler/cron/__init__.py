"""``newsarchiver schedule``: every seed's crawl on its cron schedule, one child process each.

("cron", not "scheduler": in Scrapy the scheduler is the request queue.)

* ``seeds``     the seed folder -> one :class:`~crawler.cron.seeds.SiteSpec` per site, triggers
* ``jobs``      APScheduler: persistent SQLite job store, jobs kept in step with the seed folder,
                the executor that runs a due job as one supervised crawl
* ``supervise`` one crawl child: start, timeout kill, graceful stop, read its JSON summary
* ``status``    the read-only table ``newsarchiver status`` prints

Cron expressions themselves are :mod:`crawler.crontab`, below the seed that checks them.
"""
