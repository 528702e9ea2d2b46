"""The cron runner's executor: due jobs run as supervised crawls, none after shutdown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler

from crawler.cron.jobs import CrawlExecutor, crawl_job


def scheduler_with(executor: CrawlExecutor, events: list) -> BackgroundScheduler:
    sched = BackgroundScheduler(executors={"default": executor}, timezone=UTC)
    sched.add_listener(lambda e: events.append(e.code), EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
    sched.start(paused=True)  # nothing fires by itself: the test submits
    return sched


def test_due_jobs_run_the_supervisor_and_nothing_runs_after_shutdown() -> None:
    ran: list[tuple[str, str]] = []
    events: list[int] = []
    executor = CrawlExecutor(lambda site, seed: ran.append((site, seed)), max_workers=1)
    sched = scheduler_with(executor, events)
    job = sched.add_job(crawl_job, "interval", hours=1, args=["a", "/s/a.toml"], id="crawl:a")
    executor.submit_job(job, [datetime.now(UTC)])
    sched.shutdown(wait=True)  # waits for the crawl thread
    assert ran == [("a", "/s/a.toml")] and events == [EVENT_JOB_EXECUTED]
    # APScheduler's loop may still hand over a job that came due during shutdown: it is
    # dropped without an error (it used to hit the closed pool: a traceback on every stop).
    executor.submit_job(job, [datetime.now(UTC)])
    assert ran == [("a", "/s/a.toml")]


def test_a_run_later_than_the_misfire_grace_is_reported_missed_not_run() -> None:
    ran: list[str] = []
    events: list[int] = []
    executor = CrawlExecutor(lambda site, seed: ran.append(site), max_workers=1)
    sched = scheduler_with(executor, events)
    job = sched.add_job(
        crawl_job, "interval", hours=1, args=["b", "/s/b.toml"], misfire_grace_time=60
    )
    executor.submit_job(job, [datetime.now(UTC) - timedelta(minutes=5)])
    sched.shutdown(wait=True)
    assert ran == [] and events == [EVENT_JOB_MISSED]
