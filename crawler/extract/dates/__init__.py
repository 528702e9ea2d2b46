"""Dates of an article page, in one package.

:mod:`~.parse` turns a date string into ISO 8601 in the site's timezone (regexes) and
:mod:`~.text` reads dates written as words (dateparser); :mod:`~.labels` knows update
labels and date-only lines. :mod:`~.sources` collects every place a page states a date
(:mod:`~.labelled`: lines after a publication label) into the one ranked candidate list
of :mod:`~.candidates`, which also ranks what a feed, sitemap or listing announced
(:mod:`~.listed`). :mod:`~.item` sets the item's fields from the winners, with the page's
own UTC offset when no timezone is known (:mod:`~.offset`).
"""
