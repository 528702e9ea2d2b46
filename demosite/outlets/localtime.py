"""Dates as the fixture outlets print them: local text in each outlet's language.

Real outlets rarely print ISO dates; these are the conventions their pages use (the
times are already in the outlet's timezone).
"""

from __future__ import annotations

from datetime import UTC, datetime

MONTHS_SHORT_EN = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec.".split()
WEEKDAYS_DE = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()
WEEKDAYS_NL = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()


def de_text(dt: datetime, months: list[str]) -> str:
    """``28. November 2025, 09:15 Uhr``"""
    return f"{dt.day}. {months[dt.month - 1]} {dt.year}, {dt:%H:%M} Uhr"


def de_short(dt: datetime) -> str:
    """``28.11.2025, 09:15 Uhr``"""
    return f"{dt:%d.%m.%Y, %H:%M} Uhr"


def de_today(dt: datetime, months: list[str]) -> str:
    """``Freitag, 28. November 2025`` (the date line in a page header)."""
    return f"{WEEKDAYS_DE[dt.weekday()]}, {dt.day}. {months[dt.month - 1]} {dt.year}"


def en_ap(dt: datetime) -> str:
    """``Nov. 27, 2025 10:30 p.m.`` (AP style)."""
    hour = dt.hour % 12 or 12
    ampm = "a.m." if dt.hour < 12 else "p.m."
    return f"{MONTHS_SHORT_EN[dt.month - 1]} {dt.day}, {dt.year} {hour}:{dt.minute:02d} {ampm}"


def fr_text(dt: datetime, months: list[str]) -> str:
    """``28 novembre 2025 à 09h15``"""
    day = "1er" if dt.day == 1 else str(dt.day)
    return f"{day} {months[dt.month - 1]} {dt.year} à {dt:%Hh%M}"


def es_text(dt: datetime, months: list[str]) -> str:
    """``28 de noviembre de 2025 - 09:15``"""
    return f"{dt.day} de {months[dt.month - 1]} de {dt.year} - {dt:%H:%M}"


def es_short(dt: datetime) -> str:
    """``28/11/2025``"""
    return f"{dt:%d/%m/%Y}"


def it_text(dt: datetime, months: list[str]) -> str:
    """``28 novembre 2025 ore 09:15``"""
    return f"{dt.day} {months[dt.month - 1]} {dt.year} ore {dt:%H:%M}"


def nl_text(dt: datetime, months: list[str]) -> str:
    """``vrijdag 28 november 2025, 09:15``"""
    return f"{WEEKDAYS_NL[dt.weekday()]} {dt.day} {months[dt.month - 1]} {dt.year}, {dt:%H:%M}"


def utc_z(dt: datetime) -> str:
    """``2025-11-28T08:15:00Z``: the same instant stamped in UTC."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_offset(dt: datetime) -> str:
    """``2025-11-28T08:15:00+00:00`` (as Yoast and many CMSs write it)."""
    return dt.astimezone(UTC).isoformat()


def pt_text(dt: datetime, months: list[str]) -> str:
    """``28 de novembro de 2025 às 09:15``"""
    return f"{dt.day} de {months[dt.month - 1]} de {dt.year} às {dt:%H:%M}"


def pt_short(dt: datetime) -> str:
    """``28/11/2025 09h15``"""
    return f"{dt:%d/%m/%Y %Hh%M}"


def pl_text(dt: datetime, months: list[str]) -> str:
    """``28 listopada 2025, 9:15`` (genitive month name, hour without a leading zero)."""
    return f"{dt.day} {months[dt.month - 1]} {dt.year}, {dt.hour}:{dt.minute:02d}"


def pl_short(dt: datetime) -> str:
    """``28.11.2025, 09:15``"""
    return f"{dt:%d.%m.%Y, %H:%M}"


def en_long(dt: datetime, months: list[str]) -> str:
    """``November 27, 2025 10:30 pm``"""
    hour = dt.hour % 12 or 12
    ampm = "am" if dt.hour < 12 else "pm"
    return f"{months[dt.month - 1]} {dt.day}, {dt.year} {hour}:{dt.minute:02d} {ampm}"


def en_today(dt: datetime, months: list[str]) -> str:
    """``Friday, November 28, 2025`` (the date line in a page header)."""
    weekday = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()[dt.weekday()]
    return f"{weekday}, {months[dt.month - 1]} {dt.day}, {dt.year}"


def sv_text(dt: datetime, months: list[str]) -> str:
    """``28 november 2025 kl. 09.15``"""
    return f"{dt.day} {months[dt.month - 1]} {dt.year} kl. {dt:%H.%M}"


WEEKDAYS_SW = "Jumatatu Jumanne Jumatano Alhamisi Ijumaa Jumamosi Jumapili".split()
MONTHS_SW = (
    "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba".split()
)
WEEKDAYS_HE = ["יום שני", "יום שלישי", "יום רביעי", "יום חמישי", "יום שישי", "שבת", "יום ראשון"]
MONTHS_HE = "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר".split()


def sw_day(dt: datetime) -> str:
    """``Jumatatu, 07 Desemba 2026`` (Joomla's ``l, d F Y``, in Swahili)."""
    return f"{WEEKDAYS_SW[dt.weekday()]}, {dt.day:02d} {MONTHS_SW[dt.month - 1]} {dt.year}"


def sw_k2(dt: datetime) -> str:
    """``Jumatatu, 07 Desemba 2026 18:41`` (K2's ``l, d F Y H:i``)."""
    return f"{sw_day(dt)} {dt:%H:%M}"


def sw_text(dt: datetime) -> str:
    """``Desemba 7, 2026 saa 18:41``"""
    return f"{MONTHS_SW[dt.month - 1]} {dt.day}, {dt.year} saa {dt:%H:%M}"


def he_short(dt: datetime) -> str:
    """``07.12.26 | 18:41``"""
    return f"{dt:%d.%m.%y} | {dt:%H:%M}"


def he_long(dt: datetime) -> str:
    """``יום שני, 7 בדצמבר 2026, 18:41`` (the month takes the prefix ``ב``)."""
    return f"{WEEKDAYS_HE[dt.weekday()]}, {dt.day} ב{MONTHS_HE[dt.month - 1]} {dt.year}, {dt:%H:%M}"


def utc_ms(dt: datetime) -> str:
    """``2026-12-07T16:41:00.000Z`` (JavaScript's ``toISOString``)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# -- Persian: the Solar Hijri calendar in Persian digits, beside a Gregorian stamp ----------

MONTHS_FA = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split()
WEEKDAYS_FA = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]
#: Gregorian date of Nowruz (1 Farvardin) for the Solar Hijri years the fixtures use.
NOWRUZ = {1404: (2025, 3, 21), 1405: (2026, 3, 21), 1406: (2027, 3, 21)}


def fa_digits(text: str) -> str:
    """ASCII digits as Persian digits (۰-۹)."""
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def jalali(dt: datetime) -> tuple[int, int, int]:
    """(year, month, day) of ``dt``'s local date in the Solar Hijri calendar."""
    for year in sorted(NOWRUZ, reverse=True):
        days = (dt.date() - datetime(*NOWRUZ[year]).date()).days
        if days >= 0:
            month = days // 31 + 1 if days < 186 else (days - 186) // 30 + 7
            day = days - (month - 1) * 31 + 1 if month <= 6 else days - 186 - (month - 7) * 30 + 1
            return year, month, day
    raise ValueError(f"no Nowruz known before {dt:%Y-%m-%d}")


def fa_long(dt: datetime) -> str:
    """``دوشنبه ۱۶ آذر ۱۴۰۵ - ۱۸:۳۰``"""
    y, m, d = jalali(dt)
    return fa_digits(f"{WEEKDAYS_FA[dt.weekday()]} {d} {MONTHS_FA[m - 1]} {y} - {dt:%H:%M}")


def fa_numeric(dt: datetime) -> str:
    """``۱۴۰۵/۰۹/۱۶ - ۱۸:۳۰``"""
    y, m, d = jalali(dt)
    return fa_digits(f"{y}/{m:02d}/{d:02d} - {dt:%H:%M}")


# -- Traditional Chinese (Taiwan): Minguo (ROC) years beside Gregorian dates ----------------

WEEKDAYS_ZH = "一二三四五六日"


def roc_code(dt: datetime) -> str:
    """``1151207``: the Minguo date a Taiwanese wire closes its copy with (year - 1911)."""
    return f"{dt.year - 1911}{dt:%m%d}"


def roc_long(dt: datetime) -> str:
    """``中華民國115年12月7日 星期一`` (the date line of a Taiwanese paper's masthead)."""
    return f"中華民國{dt.year - 1911}年{dt.month}月{dt.day}日 星期{WEEKDAYS_ZH[dt.weekday()]}"


def zh_slash(dt: datetime) -> str:
    """``2026/12/07 18:30``"""
    return f"{dt:%Y/%m/%d %H:%M}"


# -- Hindi ------------------------------------------------------------------------------------

MONTHS_HI = "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर".split()
WEEKDAYS_HI = "सोमवार मंगलवार बुधवार गुरुवार शुक्रवार शनिवार रविवार".split()


def hi_long(dt: datetime) -> str:
    """``सोमवार, 7 दिसंबर 2026 | 06:30 PM IST``"""
    hour = dt.hour % 12 or 12
    return (
        f"{WEEKDAYS_HI[dt.weekday()]}, {dt.day} {MONTHS_HI[dt.month - 1]} {dt.year} | "
        f"{hour:02d}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'} IST"
    )


def hi_blogger(dt: datetime) -> str:
    """``दिसंबर 07, 2026`` (Blogger's default date header in Hindi)."""
    return f"{MONTHS_HI[dt.month - 1]} {dt.day:02d}, {dt.year}"


def hi_clock(dt: datetime) -> str:
    """``6:30 pm`` (Blogger's post and comment times)."""
    return f"{dt.hour % 12 or 12}:{dt.minute:02d} {'am' if dt.hour < 12 else 'pm'}"


# -- Catalan ----------------------------------------------------------------------------------

MONTHS_CA = [
    "de gener", "de febrer", "de març", "d'abril", "de maig", "de juny",
    "de juliol", "d'agost", "de setembre", "d'octubre", "de novembre", "de desembre",
]  # fmt: skip
WEEKDAYS_CA = "dilluns dimarts dimecres dijous divendres dissabte diumenge".split()


def ca_long(dt: datetime) -> str:
    """``dilluns, 7 de desembre de 2026, 18:30 h``"""
    return (
        f"{WEEKDAYS_CA[dt.weekday()]}, {dt.day} {MONTHS_CA[dt.month - 1]} de {dt.year}, "
        f"{dt:%H:%M} h"
    )


def ca_short(dt: datetime) -> str:
    """``07/12/2026 - 18:30``"""
    return f"{dt:%d/%m/%Y - %H:%M}"


# -- Georgian ---------------------------------------------------------------------------------

MONTHS_KA = (
    "იანვარი თებერვალი მარტი აპრილი მაისი ივნისი ივლისი აგვისტო სექტემბერი ოქტომბერი "
    "ნოემბერი დეკემბერი"
).split()
WEEKDAYS_KA = "ორშაბათი სამშაბათი ოთხშაბათი ხუთშაბათი პარასკევი შაბათი კვირა".split()


def ka_long(dt: datetime) -> str:
    """``7 დეკემბერი 2026, 18:30``"""
    return f"{dt.day} {MONTHS_KA[dt.month - 1]} {dt.year}, {dt:%H:%M}"


def ka_bitrix(dt: datetime) -> str:
    """``07.12.2026 18:30`` (1C-Bitrix's FULL date format for the Georgian site)."""
    return f"{dt:%d.%m.%Y %H:%M}"


# -- Khmer: Khmer digits, and the time of day named rather than 24-hour -----------------------

MONTHS_KM = "មករា កុម្ភៈ មីនា មេសា ឧសភា មិថុនា កក្កដា សីហា កញ្ញា តុលា វិច្ឆិកា ធ្នូ".split()
WEEKDAYS_KM = "ចន្ទ អង្គារ ពុធ ព្រហស្បតិ៍ សុក្រ សៅរ៍ អាទិត្យ".split()


def km_digits(text: str) -> str:
    """ASCII digits as Khmer digits (០-៩)."""
    return text.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))


def km_long(dt: datetime) -> str:
    """``ថ្ងៃចន្ទ ទី៧ ខែធ្នូ ឆ្នាំ២០២៦ ម៉ោង ១៨:៣០``"""
    return km_digits(
        f"ថ្ងៃ{WEEKDAYS_KM[dt.weekday()]} ទី{dt.day} ខែ{MONTHS_KM[dt.month - 1]} "
        f"ឆ្នាំ{dt.year} ម៉ោង {dt:%H:%M}"
    )


def km_period(dt: datetime) -> str:
    """``៦:៣០ ល្ងាច``: the 12-hour clock with the part of the day (morning ... night)."""
    h = dt.hour
    part = "យប់" if h < 5 or h >= 19 else "ព្រឹក" if h < 12 else "រសៀល" if h < 17 else "ល្ងាច"
    return km_digits(f"{h % 12 or 12}:{dt.minute:02d}") + f" {part}"


def km_short(dt: datetime) -> str:
    """``៧ ធ្នូ ២០២៦ | ៦:៣០ ល្ងាច`` (the older layout's date line)."""
    return km_digits(f"{dt.day} {MONTHS_KM[dt.month - 1]} {dt.year}") + f" | {km_period(dt)}"
