"""Cron weekday numbers mean what they mean in cron (0 and 7 = Sunday)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from crawler.crontab import CronError, cron_trigger, trigger_fields, weekdays

TZ = "Europe/Berlin"
# Monday 2026-11-30, 10:00:30 in Berlin.
MONDAY = datetime(2026, 11, 30, 10, 0, 30, tzinfo=ZoneInfo(TZ))


def next_runs(expr: str, n: int = 3) -> list[str]:
    trigger = cron_trigger(expr, TZ)
    out, prev, now = [], None, MONDAY
    for _ in range(n):
        fire = trigger.get_next_fire_time(prev, now)
        out.append(fire.strftime("%a %Y-%m-%d %H:%M"))
        prev, now = fire, fire.replace(second=1)
    return out


@pytest.mark.parametrize("expr", ["0 9 * * 0", "0 9 * * 7", "0 9 * * sun", "0 9 * * SUN"])
def test_sunday_is_0_and_7_and_sun(expr: str) -> None:
    assert next_runs(expr, 2) == ["Sun 2026-12-06 09:00", "Sun 2026-12-13 09:00"]


def test_1_to_5_is_monday_to_friday() -> None:
    runs = next_runs("30 8 * * 1-5", 6)
    assert runs == [
        "Tue 2026-12-01 08:30",
        "Wed 2026-12-02 08:30",
        "Thu 2026-12-03 08:30",
        "Fri 2026-12-04 08:30",
        "Mon 2026-12-07 08:30",
        "Tue 2026-12-08 08:30",
    ]


def test_ranges_lists_steps_and_names() -> None:
    assert weekdays("5-7") == {5, 6, 0}  # Friday to Sunday
    assert weekdays("*/2") == {0, 2, 4, 6}
    assert weekdays("mon,wed-fri") == {1, 3, 4, 5}
    assert weekdays("1/3") == {1, 4}
    assert next_runs("0 12 * * sat-sun", 2) == ["Sat 2026-12-05 12:00", "Sun 2026-12-06 12:00"]


def test_hourly_and_daily_macros() -> None:
    assert next_runs("@hourly", 2) == ["Mon 2026-11-30 11:00", "Mon 2026-11-30 12:00"]
    assert next_runs("@daily", 2) == ["Tue 2026-12-01 00:00", "Wed 2026-12-02 00:00"]
    assert next_runs("@weekly", 1) == ["Sun 2026-12-06 00:00"]


def test_day_of_month_or_weekday_as_in_cron() -> None:
    # The 1st of the month OR any Friday (cron's rule when both fields are restricted).
    assert next_runs("0 6 1 * 5", 3) == [
        "Tue 2026-12-01 06:00",
        "Fri 2026-12-04 06:00",
        "Fri 2026-12-11 06:00",
    ]
    assert len(trigger_fields("0 6 */2 * 5")) == 1  # a '*' field: both must match


@pytest.mark.parametrize(
    ("expr", "words"),
    [
        ("0 9 * * 8", "out of range"),
        ("0 9 * * funday", "unknown weekday"),
        ("0 9 * *", "needs 5 fields"),
        ("@reboot", "unknown macro"),
        ("61 9 * * *", "61"),
        ("0 9 * * 5-1", "backwards"),
    ],
)
def test_bad_expressions_say_why(expr: str, words: str) -> None:
    with pytest.raises(CronError, match=words):
        cron_trigger(expr, TZ)


@pytest.mark.parametrize("expr", ["0 9 * * 7", "@daily", "0 9 * * sat-sun"])
def test_seed_files_accept_cron_spellings(tmp_path, expr: str) -> None:
    from crawler.seed import load_seed

    seed = tmp_path / "s.toml"
    seed.write_text(
        f'name = "s"\ntimezone = "{TZ}"\nschedule = "{expr}"\n'
        '[[sections]]\nname = "A"\nurl = "http://news.example/"\n'
    )
    assert load_seed(seed).schedule == expr


def test_scheduler_uses_cron_weekdays() -> None:
    from crawler.cron.seeds import SiteSpec, make_trigger

    spec = SiteSpec(site="s", seed_path="s.toml", schedule="0 9 * * 0", timezone=TZ)
    fire = make_trigger(spec).get_next_fire_time(None, MONDAY)
    assert fire.strftime("%a %H:%M") == "Sun 09:00"
