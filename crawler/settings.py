"""Scrapy settings: which components make up a newsarchiver crawl, and their defaults.

The data path is: seed -> spider (``crawler.spiders.news``) -> response -> WARC record
(``WarcCaptureMiddleware``, before decompression) -> page object (``crawler.extract``) ->
item -> JSONL item log (``JsonlItemsPipeline``). Per-site values come from the seed file
and are applied by the add-on ``crawler.addon.SeedAddon``, whichever way the crawl starts
(``newsarchiver crawl`` or ``scrapy crawl news -a seed=...``). ``NEWSARCHIVER_*`` names are
ours: each is declared here, once, with its default; components read it without a fallback.
"""

from archive.warc import writer as warc_writer
from crawler import __version__

BOT_NAME = "newsarchiver"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = f"newsarchiver/{__version__} (news archiving crawler)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control extension runs Python code sent to a local HTTP port and leaves
# its token in ~/.local/state/scrapy/job_files/ after a kill -9: never in a crawl.
REMOTE_CONTROL_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Scrapy starts this many asyncio worker tasks for the output of *every* callback (default
# 100), however few objects it yields. Our callbacks yield one item and a few requests, and
# the item pipelines are synchronous, so more workers only cost CPU (about a tenth of a crawl).
CONCURRENT_ITEMS = 8
# Polite defaults for real sites (a seed's [fetch] download_delay and autothrottle override
# them): at least DOWNLOAD_DELAY between two requests to one host (Scrapy varies it by
# 0.5-1.5x), and AutoThrottle waits longer when a host answers slowly: it starts at 1 s,
# aims at one request in flight per host and never waits more than 30 s. A seed whose
# allowed_domains are all local (loopback, or special-use names such as news.demo.test:
# the demo site, the fixture outlets, the test servers; crawler.netguard.is_local_host)
# defaults to NEWSARCHIVER_LOCAL_DOWNLOAD_DELAY and no AutoThrottle instead (decided once,
# in crawler.politeness).
DOWNLOAD_DELAY = 1.0
NEWSARCHIVER_LOCAL_DOWNLOAD_DELAY = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Bounds on a single response: the compressed body and, through HttpCompressionMiddleware,
# the decompressed one (a gzip bomb stops here instead of filling memory).
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A body cut short (connection closed before Content-Length was reached) is still delivered,
# flagged "dataloss": the capture archives it with WARC-Truncated and the spider reports it
# instead of extracting a partial article. Failing the download would lose what was sent.
DOWNLOAD_FAIL_ON_DATALOSS = False
# Only codings that warcio and pywb can decode on replay (Scrapy would also offer br/zstd).
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "de,en;q=0.7",
    "Accept-Encoding": "gzip, deflate",
}
# Keeps the reason phrase, header case/order and oversize bodies for the WARC capture
# (crawler/handlers/raw_http.py; aiohttp-based, needs the asyncio reactor, Scrapy's default).
DOWNLOAD_HANDLERS = {
    "http": "crawler.handlers.raw_http.RawHttpDownloadHandler",
    "https": "crawler.handlers.raw_http.RawHttpDownloadHandler",
}
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# 429/503: Retry-After is honoured up to this many seconds (a server asking for more is not
# retried in this crawl); without Retry-After the host waits 1 s, then 2 s (doubling).
NEWSARCHIVER_RETRY_AFTER_MAX = 30.0
NEWSARCHIVER_RETRY_BACKOFF = 1.0

# Seed -> settings, the crawl's lock, preflight, run log and summary (crawler/addon.py).
ADDONS = {"crawler.addon.SeedAddon": 0}

DOWNLOADER_MIDDLEWARES = {
    # First of all (OffsiteMiddleware is at 50): no request to an internal address, page
    # requisites from a few other hosts only (the SSRF guard; see its docstring).
    "crawler.middlewares.address_guard.AddressGuardMiddleware": 30,
    # Redirect loops, over-long chains and offsite redirects are reported, not dropped.
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirects.AccountedRedirectMiddleware": 600,
    # 429/503 wait for Retry-After (or back off) per host before the retry.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry_after.PoliteRetryMiddleware": 550,
    # Before HttpProxyMiddleware (750), which reads meta["proxy"].
    "crawler.middlewares.seed_proxy.SeedProxyMiddleware": 740,
    # process_response runs from high to low numbers: at 950 the capture sees the body
    # before HttpCompressionMiddleware (590) decodes it, and the request after every
    # other middleware has added its headers.
    "crawler.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    # Incremental re-crawls (see its docstring): process_request after every stock request
    # middleware; process_response after the capture at 950 has recorded a 304, which is
    # then dropped before RedirectMiddleware, RetryMiddleware and the spider see it.
    "crawler.middlewares.incremental.IncrementalMiddleware": 925,
}
SPIDER_MIDDLEWARES = {
    # A link past URLLENGTH_LIMIT is counted and named, not dropped at INFO level.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "crawler.middlewares.url_length.CountedUrlLengthMiddleware": 800,
}
ITEM_PIPELINES = {
    "crawler.pipelines.jsonl_items.JsonlItemsPipeline": 800,
    # The dedup store: stable story ids, versions, content and near-duplicate clusters.
    "crawler.pipelines.item_store.ItemStorePipeline": 850,
}
# `scrapy crawl news` ends with newsarchiver's exit codes and one-line errors.
COMMANDS_MODULE = "crawler.commands"
EXTENSIONS = {
    "crawler.extensions.progress.ProgressLine": 500,
    "crawler.extensions.disk_full.DiskFullGuard": 100,  # a full disk stops the crawl cleanly
}

# newsarchiver's own settings (the add-on sets them from the seed, the CLI from its options).
NEWSARCHIVER_ARCHIVE_DIR = None  # folder holding warc/, items/, logs/ (required)
NEWSARCHIVER_SEED = None  # path of the seed file the spider crawls (or `-a seed=PATH`)
NEWSARCHIVER_PROXY = None  # send every request through this HTTP proxy (seed: [fetch] proxy)
# Page requisites (images, stylesheets) on hosts outside allowed_domains: only these hosts
# (and their subdomains) when the list is not empty, and at most this many per crawl
# (a seed's [fetch] requisite_hosts and max_requisite_hosts set them).
NEWSARCHIVER_REQUISITE_HOSTS: list[str] = []
NEWSARCHIVER_REQUISITE_MAX_HOSTS = 10
# Processes that extract article pages (crawler/spiders/extraction_pool.py; a seed's [fetch]
# extract_workers): 0 is one per core, 1 extracts in the crawl process itself.
NEWSARCHIVER_EXTRACT_WORKERS = 0
# Archive-by-day / calendar pages read as listings per crawl (crawler/spiders/calendar.py):
# a month's grid and its neighbours; days after today and the links of empty days never.
NEWSARCHIVER_MAX_CALENDAR_PAGES = 40
# The site profile (crawler/spiders/site_profile.py): learned from the first article pages of
# a first crawl (this many), stored in state/profiles/, used on every page. False (crawl
# --no-profile, a seed's [extract] profile = false): the generic extractor alone.
NEWSARCHIVER_PROFILE = True
NEWSARCHIVER_PROFILE_PAGES = 100
# Who learns it: the crawl alone; a worker of a shared run learns the run's with the others
# (crawler/distributed/shared_profile.py, set by crawler/distributed/worker.py).
NEWSARCHIVER_PROFILE_CLASS = "crawler.spiders.site_profile.CrawlProfile"
NEWSARCHIVER_PROGRESS = False  # the live progress line on stderr
NEWSARCHIVER_PROGRESS_INTERVAL = 1.0  # seconds between redraws (10 s at least without a tty)
NEWSARCHIVER_SUMMARY_JSON = None  # also write the crawl's summary here (None: state/runs/)
# One crawl of one site (crawler/run.py): its lock, run-log row and summary. False only for a
# distributed worker's share of a run, which many workers crawl at once (crawler/distributed/).
NEWSARCHIVER_CRAWL_RUN = True
NEWSARCHIVER_WARC_PREFIX = warc_writer.DEFAULT_PREFIX  # first part of WARC file names
NEWSARCHIVER_WARC_MAX_SIZE = warc_writer.DEFAULT_MAX_SIZE  # bytes; then the next file starts
NEWSARCHIVER_WARC_DEDUP = True  # revisit records for payloads already archived
NEWSARCHIVER_WARCINFO: dict[str, str] = {}  # extra warcinfo fields (the add-on names the seed)
# Incremental re-crawls (crawler/middlewares/incremental.py); a seed's [recrawl] overrides them.
NEWSARCHIVER_RECRAWL_ENABLED = True
NEWSARCHIVER_RECRAWL_WINDOW_DAYS = 3.0  # re-check archived stories published in the last N days
NEWSARCHIVER_RECRAWL_EVERY_HOURS = 1.0  # ... at most once per N hours (0: on every crawl)
NEWSARCHIVER_RECRAWL_OLD_EVERY_SECONDS = None  # older stories: once per N s (None: never)
NEWSARCHIVER_RECRAWL_NOW = None  # ISO 8601 "now" for story ages (None: the wall clock)

LOG_LEVEL = "INFO"

# Several machines, one archive (crawler/distributed/): set by `newsarchiver worker`.
NEWSARCHIVER_DATABASE_URL = None  # PostgreSQL for the URL state and digest index (else SQLite)
# Seconds a crawl waits for that database, and a worker for Redis, when it is away (restart,
# failover) before it stops (a worker then exits with STORE_LOST or REDIS_LOST); keep it well
# under NEWSARCHIVER_LEASE_SECONDS.
NEWSARCHIVER_STORE_OUTAGE_LIMIT = 120.0
NEWSARCHIVER_WORKER_ID = None  # this worker's id (in its WARC and item file names)
NEWSARCHIVER_WORKER_TOKEN = None  # this worker process's token (its leases name it)
NEWSARCHIVER_ITEMS_SUFFIX = ""  # appended to item file names ("-<worker id>" on a worker)
NEWSARCHIVER_ITEMS_STAMP = None  # item file name stamp (a frontier run's start; else now)
# fetches per host at once, all workers together (the seed's: crawler.politeness)
NEWSARCHIVER_HOST_CONCURRENCY = CONCURRENT_REQUESTS_PER_DOMAIN
NEWSARCHIVER_HOST_DELAY = 0.0  # seconds between fetch starts per host, across all workers
NEWSARCHIVER_LEASE_SECONDS = 600.0  # a lease older than this is re-queued even if its worker lives
NEWSARCHIVER_LEASE_RETRIES = 3  # expired leases before a request is given up (counted, listed)
NEWSARCHIVER_WORKER_TTL = 10.0  # heartbeat key lifetime: a killed worker's leases expire after it
NEWSARCHIVER_WORKER_POLL = 1.0  # seconds between a worker's heartbeats / looks for new runs
NEWSARCHIVER_FRONTIER_POLL = 0.1  # engine heartbeat while other workers hold the leases
