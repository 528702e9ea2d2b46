"""The demo news site as a pure, deterministic model: catalogue, clock and page rendering.

Nothing here does I/O or reads the wall clock. Every page is a function of
``(articles, seed, host, clock, path, request headers)``, so the same URL at the same
clock gives byte-identical bodies in every process.

The catalogue is an infinite function of the article index ``i`` (article id
``100000 + i``):

- indices ``0 .. articles-1`` are published in the ten days before :data:`BASE_TIME`
  (index 0 is the seed story, newest; higher indices are older);
- clock step ``k >= 1`` publishes indices ``articles + 8(k-1) .. articles + 8k - 1``
  inside the 6 h window ``(BASE_TIME + (k-1)*6h, BASE_TIME + k*6h]``;
- each clock step also updates 3 recently visible stories (one added body paragraph and a
  modification time inside that window).

Markup kind, charset and gzip are fixed by the article id (see :func:`markup_kind`,
:func:`article_charset`, :func:`gzip_for_path`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import struct
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
#: Site time at clock 0.
BASE_TIME = datetime(2025, 12, 2, 18, 0, 0, tzinfo=BERLIN)
# Time arithmetic runs in UTC (aware + timedelta is wall-clock arithmetic in Python, which
# would make 6 h steps 5 or 7 h long across DST changes); results are shown in Berlin time.
_BASE_UTC = BASE_TIME.astimezone(UTC)
#: One clock step.
STEP = timedelta(hours=6)
#: Articles published per clock step and stories updated per clock step.
NEW_PER_STEP = 8
UPDATES_PER_STEP = 3
FIRST_ID = 100000
#: Every WIRE_EVERY-th id (except the seed story) is a wire story; the next id is its copy.
WIRE_EVERY = 25
PAGE_SIZE = 20
SITE_NAME = "Demo-Nachrichten"
SPREAD = timedelta(days=10)
#: Rendered pages kept per clock value (rendering an article takes ~0.1 ms anyway).
MAX_CACHED_PAGES = 20000


@dataclass(frozen=True)
class Section:
    slug: str
    name: str
    language: str


SECTIONS = [
    Section("politik", "Politik", "de"),
    Section("ausland", "Ausland", "de"),
    Section("boerse", "Boerse", "de"),
    Section("sport", "Sport", "de"),
    Section("world", "World", "en"),
]
SECTION_BY_SLUG = {s.slug: s for s in SECTIONS}
GERMAN_SECTIONS = [s for s in SECTIONS if s.language == "de"]
_SECTION_WEIGHTS = [25, 25, 20, 15, 15]


@dataclass
class ArticleInfo:
    """One article URL as visible at some clock (body/modified include updates so far)."""

    id: int
    url: str
    path: str
    section: str  # section name, e.g. "Ausland"
    section_slug: str
    language: str
    headline: str
    lead: str
    published: datetime
    authors: list[str]
    topics: list[str]
    images: list[tuple[str, str, str]]  # (absolute url, caption, credit)
    agency: str | None
    body: list[str]
    modified: datetime | None
    markup: str  # "jsonld" | "microdata" | "meta"
    charset: str  # "utf-8" | "windows-1252"
    story_id: int
    wire_copy: bool = False
    index: int = field(default=0, repr=False)

    @property
    def canonical_url(self) -> str:
        return self.url

    @property
    def has_jsonld(self) -> bool:
        return self.markup == "jsonld"


@dataclass
class DemoResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    chunked: bool = False
    delay: float = 0.0  # seconds the server waits before answering
    reset: bool = False  # the server drops the connection without answering

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


def markup_kind(article_id: int) -> str:
    """``jsonld`` for id % 3 == 1 (the seed story), ``microdata`` for 2, ``meta`` for 0."""
    return {1: "jsonld", 2: "microdata", 0: "meta"}[article_id % 3]


def article_charset(article_id: int, language: str) -> str:
    """German articles with id % 10 == 3 are served as windows-1252."""
    return "windows-1252" if language == "de" and article_id % 10 == 3 else "utf-8"


_ARTICLE_PATH_RE = re.compile(r"^/([a-z]+)/(\d{4})/(\d{2})/([a-z0-9-]+)-(\d+)\.html$")


def gzip_for_path(path: str) -> bool:
    """Whether a path is served gzip-encoded (to clients sending Accept-Encoding: gzip).

    Articles: id % 4 == 0 (the seed story is). Images and admin: never. Other pages:
    by crc32 of the path.
    """
    path = urlsplit(path).path
    mt = _ARTICLE_PATH_RE.match(path)
    if mt:
        return int(mt[5]) % 4 == 0
    if path.startswith(("/images/", "/_admin/", "/broken/")):
        return False
    return zlib.crc32(path.encode()) % 2 == 0


# --------------------------------------------------------------------------------------
# Text pools
# --------------------------------------------------------------------------------------

_MONTHS_EN = "January February March April May June July August September October November December"
MONTHS_EN = _MONTHS_EN.split()

AUTHORS_DE = [
    "Anna Schmidt", "Jonas Weber", "Lena Müller", "Felix Becker", "Sophie Krüger",
    "Maximilian Groß", "Clara Schäfer", "Paul Hoffmann", "Marie Köhler", "Lukas Wagner",
    "Hannah Böhm", "Tobias Weiß", "Jana Fröhlich", "Moritz Kühn",
]  # fmt: skip
AUTHORS_EN = [
    "Emily Carter", "James Whitfield", "Sarah Mitchell", "David Brooks", "Laura Bennett",
    "Michael Evans", "Olivia Grant", "Daniel Hughes",
]  # fmt: skip
CREDITS_DE = [
    "Kay Nietfeld/dpa", "Michael Kappeler/dpa", "Sebastian Gollnow/dpa", "Christoph Soeder/dpa",
    "Bernd von Jutrczenka/dpa", "Frank Rumpenhorst/dpa", "Sven Hoppe/dpa", "Hendrik Schmidt/dpa",
    "Evan Vucci/AP/dpa", "Efrem Lukatsky/AP/dpa", "Jörg Carstensen/dpa", "Jens Büttner/dpa",
]  # fmt: skip
CREDITS_EN = [
    "AP Photo/Mark Lennihan",
    "Reuters/Hannah McKay",
    "AFP/Ludovic Marin",
    "EPA/Neil Hall",
]

TOPICS = {
    "politik": ["Bundestag", "Bundesregierung", "Koalition", "Haushalt", "Migration", "Rente",
                "Bundeswehr", "Wahlen"],
    "ausland": ["Ukraine", "Russland", "USA", "Nahost", "China", "EU", "Frankreich", "Türkei"],
    "boerse": ["DAX", "Aktien", "Inflation", "EZB", "Ölpreis", "Autoindustrie", "Euro"],
    "sport": ["Fußball", "Bundesliga", "Formel 1", "Tennis", "Biathlon", "Handball"],
    "world": ["Climate", "Elections", "Trade", "Technology", "Diplomacy", "Health"],
}  # fmt: skip

SLOTS_DE = {
    "person": ["Ministerin Katrin Vogel", "Minister Thomas Brandt", "Fraktionschef Jürgen Hahn",
               "Ministerpräsident Stefan Lührs", "Oppositionsführerin Petra Wendt",
               "Staatssekretärin Miriam Köster", "Parteichef Holger Seidel",
               "Außenministerin Ulrike Sommer", "Bürgermeister Andreas Krämer"],
    "org": ["Der Städtetag", "Die Opposition", "Der Bundesrat", "Der Sozialverband",
            "Die Gewerkschaft", "Der Arbeitgeberverband", "Der Bauernverband",
            "Der Steuerzahlerbund"],
    "thema": ["die Rentenreform", "das Bürgergeld", "die Schuldenbremse", "den Wehrdienst",
              "die Krankenhausreform", "das Heizungsgesetz", "die Grundsteuer",
              "den Bundeshaushalt", "die Mietpreisbremse", "die Migrationspolitik",
              "den Ausbau der Bahn", "die Digitalisierung der Behörden", "die Pflegeversicherung"],
    "city": ["Berlin", "München", "Köln", "Düsseldorf", "Nürnberg", "Saarbrücken", "Lübeck",
             "Göttingen", "Würzburg", "Osnabrück", "Dresden", "Hamburg", "Mainz"],
    "fcity": ["Kiew", "Moskau", "Washington", "Brüssel", "Paris", "Peking", "Ankara", "Warschau",
              "Jerusalem", "Kairo", "Genf", "Istanbul", "Wien", "Zürich"],
    "austhema": ["den Friedensplan", "die Waffenruhe", "neue Sanktionen", "das Atomabkommen",
                 "den Wiederaufbau", "die Grenzkontrollen", "die Wahlreform",
                 "ein Handelsabkommen", "die Gefangenenaustausche", "die Hilfslieferungen"],
    "diplomat": ["Sondergesandte Mark Ellison", "Außenminister Pjotr Sorokin",
                 "Regierungschefin Agnieszka Nowicka", "Präsident Emre Kaya",
                 "Vermittlerin Isabelle Laurent", "Botschafter Hans-Jörg Mäder"],
    "company": ["Rheinstahl AG", "Nordwerke", "Bavaria Motoren", "Hansa Logistik", "Elbtal Chemie",
                "Südkraft Energie", "Mainfinanz Bank", "Alpen Pharma", "Weserwind",
                "Löwenbräu Holding"],
    "team": ["FC Nordstadt", "SV Rheinau", "Borussia Talheim", "TSV Alpenblick",
             "Eintracht Südhafen", "1. FC Wiesengrund", "Fortuna Mühlberg", "VfL Seeburg"],
    "athlet": ["Lea Brückner", "Jonas Großmann", "Tim Fährmann", "Nele Schüttler",
               "Maximilian Öztürk", "Sina Jäger", "Kai Müllerschön"],
    "trainer": ["Trainer Uwe Dörfler", "Trainerin Sabine Kühne", "Coach Ralf Bäcker",
                "Trainer Timo Weißhaupt"],
    "weekday": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "adj": ["fatales", "überfälliges", "ermutigendes", "gefährliches", "längst nötiges",
            "völlig falsches", "wichtiges"],
}  # fmt: skip

SLOTS_EN = {
    "person": ["Prime Minister Helen Ashford", "President Carlos Medina", "Senator Ruth Kline",
               "Foreign Minister Kenji Arata", "Mayor Thomas Reed", "Chancellor Ingrid Dahl",
               "Opposition leader Samuel Osei"],
    "country": ["Canada", "Brazil", "Japan", "Kenya", "Australia", "India", "Mexico", "Norway",
                "Indonesia", "Chile"],
    "city": ["London", "Toronto", "Sydney", "Nairobi", "Mumbai", "Chicago", "Auckland", "Dublin",
             "Cape Town", "Singapore"],
    "org": ["The World Health Organization", "The central bank", "A coalition of NGOs",
            "The regional parliament", "A group of economists", "The electoral commission"],
    "issue": ["the new trade framework", "the climate package", "the data protection law",
              "the vaccine programme", "the border agreement", "the energy transition plan",
              "the fisheries deal", "the budget reform"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}  # fmt: skip

HEADLINES = {
    "politik": [
        "{org} streitet über {thema}",
        "{person} will {thema} noch vor Weihnachten durchsetzen",
        "Koalition ringt um einen Kompromiss für {thema}",
        "Bundestag debattiert über {thema} – Opposition übt scharfe Kritik",
        "Umfrage: {pct} Prozent der Befragten gegen {thema}",
        "Länder fordern mehr Geld für {thema}",
        "{person}: «Wir müssen schneller werden»",
        "Streit um {thema}: {org} droht mit Blockade",
        "Kabinett beschließt Entwurf für {thema}",
        "Gutachten: {thema} kostet {num} Milliarden Euro mehr als geplant",
        "{person} verteidigt Pläne für {thema} in {city}",
    ],
    "ausland": [
        "{diplomat} reist zu Gesprächen nach {fcity}",
        "Verhandlungen über {austhema} in {fcity} ohne Ergebnis",
        "{fcity}: Tausende demonstrieren gegen {austhema}",
        "EU-Außenminister beraten über {austhema}",
        "{diplomat} nennt Gespräche in {fcity} «konstruktiv»",
        "Neue Angriffe überschatten Gespräche über {austhema}",
        "Streit über {austhema}: {fcity} bestellt Botschafter ein",
        "UN-Sicherheitsrat befasst sich mit {austhema}",
        "Bericht: Einigung über {austhema} rückt näher",
    ],
    "boerse": [
        "DAX schließt {dir} – {company} im Fokus der Anleger",
        "{company} hebt Prognose an: Aktie springt um {pct} Prozent",
        "Ölpreis steigt auf {price} Dollar je Barrel",
        "{company} streicht {num}00 Stellen – Börse reagiert gelassen",
        "Gewinnwarnung bei {company} belastet den Markt",
        "Anleger warten gespannt auf den Zinsentscheid der EZB",
        "Euro gibt nach – Ökonomen erwarten schwächeres Wachstum",
        "{company} übernimmt Konkurrenten für {num} Millionen Euro",
        "Inflation sinkt auf {pct},{num} Prozent – Märkte erleichtert",
    ],
    "sport": [
        "{team} gewinnt {score} gegen {team2}",
        "{trainer} vor dem Aus beim {team}",
        "Biathlon: {athlet} läuft in Östersund aufs Podest",
        "Formel 1: {athlet} holt die Pole-Position",
        "Handball-Bundesliga: {team} stürmt an die Tabellenspitze",
        "{team} trennt sich {score} von {team2}",
        "Tennis: {athlet} zieht ins Halbfinale ein",
        "Pokal-Überraschung: {team2} wirft {team} raus",
        "{athlet} über den Titel: «Ein Traum ist wahr geworden»",
    ],
    "world": [
        "{country} and its neighbours agree on {issue}",
        "Storm leaves thousands without power in {city}",
        "{person} wins confidence vote after weeks of tension",
        "Scientists warn of record heat across {country}",
        "Talks on {issue} stall in {city}",
        "{org} calls for urgent action on {issue}",
        "Protesters gather in {city} over {issue}",
        "{person} unveils {issue} in {city}",
        "Markets in {country} rally as {issue} takes shape",
    ],
}

LEADS = {
    "politik": [
        "Nach wochenlangem Streit soll nun eine Entscheidung über {thema} fallen. "
        "{person} zeigt sich zuversichtlich.",
        "Die Debatte über {thema} spitzt sich zu. {org} warnt vor den Folgen für Bürger "
        "und Kommunen.",
        "In {city} haben Bund und Länder über {thema} beraten. Eine Einigung ist noch "
        "nicht in Sicht.",
        "Es geht um Milliarden: Der Streit um {thema} belastet das Klima in der Koalition.",
    ],
    "ausland": [
        "Nach Treffen in {fcity} soll nun über {austhema} verhandelt werden. "
        "{diplomat} dämpft die Erwartungen.",
        "Die internationale Gemeinschaft ringt um {austhema}. Beobachter sprechen von einem "
        "«entscheidenden Moment».",
        "In {fcity} beginnen neue Gespräche. Im Mittelpunkt steht {austhema}.",
    ],
    "boerse": [
        "Die Anleger an der Frankfurter Börse blicken auf {company}. Der Leitindex "
        "bewegte sich zum Wochenausklang {dir}.",
        "Überraschende Zahlen von {company} sorgen für Bewegung. Händler sprechen von "
        "einem «nervösen Markt».",
        "Schwache Konjunkturdaten drücken auf die Stimmung. Größere Verluste blieben jedoch aus.",
    ],
    "sport": [
        "Der {team} hat ein wichtiges Spiel für sich entschieden. Die Fans in der "
        "ausverkauften Arena feierten ausgelassen.",
        "{athlet} sorgt für Jubel im deutschen Team. Nach einem schwierigen Saisonstart "
        "geht es bergauf.",
        "Beim {team} wächst der Druck. {trainer} muss nach der Niederlage Fragen beantworten.",
    ],
    "world": [
        "After weeks of negotiations, officials say {issue} is close to completion. "
        "Critics remain sceptical.",
        "{person} faces mounting pressure at home. Analysts expect a difficult winter.",
        "Residents of {city} are bracing for further disruption, authorities said on {weekday}.",
    ],
}

SENTENCES = {
    "politik": [
        "{person} sagte am {weekday} in {city}, man sei «auf einem guten Weg».",
        "{org} kritisierte die Pläne als unausgegoren und forderte Nachbesserungen.",
        "Nach Berechnungen des Finanzministeriums würden die Maßnahmen rund {num} Milliarden "
        "Euro kosten.",
        "Die Opposition kündigte an, das Vorhaben im Bundestag genau zu prüfen.",
        "Einer Umfrage zufolge unterstützen {pct} Prozent der Bürgerinnen und Bürger den Kurs.",
        "Zuvor hatte es monatelang Streit über die Details gegeben.",
        "Der Gesetzentwurf soll noch in dieser Woche in die Ressortabstimmung gehen.",
        "In den Ländern stößt das Vorhaben auf gemischte Reaktionen.",
        "Kritiker sprechen von einem «{adj} Signal» für die Beschäftigten.",
        "Ein Sprecher der Bundesregierung wollte sich zu Einzelheiten nicht äußern.",
        "Die Kommunen fürchten zusätzliche Belastungen für ihre ohnehin knappen Haushalte.",
        "{person} räumte ein, dass noch viele Fragen offen seien.",
        "Der Bundesrat muss dem Gesetz anschließend noch zustimmen.",
        "Gewerkschaften und Sozialverbände kündigten Widerstand an.",
    ],
    "ausland": [
        "{diplomat} traf am {weekday} in {fcity} mit Vertretern der Regierung zusammen.",
        "Nach Angaben von Diplomaten dauerten die Gespräche mehr als {num} Stunden.",
        "Beobachter werten das Treffen als «{adj} Signal» für die Region.",
        "Die Lage vor Ort bleibt nach übereinstimmenden Berichten angespannt.",
        "Ein Sprecher des Außenministeriums sprach von «ernsthaften Fortschritten».",
        "Zuletzt waren bei Angriffen nach örtlichen Angaben mindestens {num} Menschen verletzt "
        "worden.",
        "Die Europäische Union kündigte weitere Hilfen in Höhe von {num}0 Millionen Euro an.",
        "Kritiker bezweifeln, dass eine schnelle Einigung möglich ist.",
        "In {fcity} gingen am Abend erneut Tausende Menschen auf die Straße.",
        "Die Vereinten Nationen riefen alle Seiten zur Zurückhaltung auf.",
        "Offen ist weiterhin, wer die Einhaltung der Vereinbarungen überwachen soll.",
        "Die Regierung in {fcity} wies die Vorwürfe als «haltlos» zurück.",
    ],
    "boerse": [
        "Der Deutsche Aktienindex notierte zuletzt {dir} bei {idx} Punkten.",
        "Die Aktie von {company} verteuerte sich um {pct} Prozent.",
        "Händler verwiesen auf die anhaltende Unsicherheit über den Kurs der Notenbanken.",
        "Der Euro kostete zuletzt 1,{num}5 US-Dollar.",
        "Ein Barrel der Nordseesorte Brent kostete {price},{pct} US-Dollar.",
        "Analysten sehen weiteres Potenzial, mahnen aber zur Vorsicht.",
        "Der Umsatz von {company} stieg im dritten Quartal auf {num}0 Millionen Euro.",
        "Die Rendite zehnjähriger Bundesanleihen lag bei 2,{pct} Prozent.",
        "Am Nachmittag richten sich die Blicke auf neue Daten vom US-Arbeitsmarkt.",
        "Größere Verluste verzeichneten vor allem Werte aus der Chemiebranche.",
        "Die Gewinnmitnahmen hielten sich nach Einschätzung von Börsianern in Grenzen.",
    ],
    "sport": [
        "Vor {num}.000 Zuschauern dominierte der {team} von Beginn an.",
        "{trainer} lobte nach dem Abpfiff die Moral seiner Mannschaft.",
        "Der Ausgleich fiel erst in der Nachspielzeit.",
        "{athlet} sprach hinterher von einem «besonderen Tag».",
        "Mit nun {num} Punkten rückt das Team in der Tabelle nach oben.",
        "Schon in der kommenden Woche wartet die nächste schwere Aufgabe.",
        "Die Gäste vom {team2} hatten zunächst mehr Ballbesitz, fanden aber kaum Lücken.",
        "Verletzungsbedingt fehlten gleich {num} Stammspieler.",
        "Die Stimmung im Stadion war über neunzig Minuten großartig.",
        "Die Entscheidung über die Zukunft von {trainer} soll nach dem Wochenende fallen.",
        "Im Schlussdurchgang leistete sich {athlet} keinen Fehler mehr.",
    ],
    "world": [
        "{person} told reporters in {city} on {weekday} that progress had been made.",
        "{org} said the measures would cost about {num} billion dollars.",
        "Critics argue that {issue} does not go far enough.",
        "Officials expect a final decision within {num} weeks.",
        "Thousands of people gathered outside the parliament building.",
        "Police said at least {num} people had been detained.",
        "The government in {country} rejected the criticism as unfounded.",
        "Economists warned that growth could slow further next year.",
        "Local media reported long queues at petrol stations.",
        "The agreement still needs to be ratified by parliament.",
        "Opinion polls suggest that {pct} percent of voters back the plan.",
    ],
}
GENERIC_DE = [
    "Wie es weitergeht, ist noch offen.",
    "Experten rechnen mit weiteren Verzögerungen.",
    "Eine Entscheidung wird frühestens in {num} Wochen erwartet.",
    "Das teilte ein Sprecher am {weekday} mit.",
    "Die Gespräche sollen in der kommenden Woche fortgesetzt werden.",
    "Ob der Zeitplan zu halten ist, gilt als fraglich.",
]
CP1252_SENTENCES = [
    "Die Kosten werden auf rund {num},{pct} Millionen € geschätzt, heißt es aus Kreisen "
    "der Beteiligten.",
    "Für die Maßnahmen sind nach Angaben der Behörden {num}0 Millionen € eingeplant – "
    "für Bürger ändert sich zunächst wenig.",
    "Pro Kopf ergäbe das eine Belastung von gut {num}0 €, rechnen Ökonomen vor.",
]
UPDATE_DE = [
    "Inzwischen hat sich auch {person} zu Wort gemeldet und weitere Gespräche angekündigt.",
    "Nach neuen Informationen sollen die Beratungen am Abend fortgesetzt werden.",
    "Eine Sprecherin bestätigte die Angaben mittlerweile auf Nachfrage.",
    "Mittlerweile liegen erste Reaktionen aus {city} vor, die überwiegend zurückhaltend ausfielen.",
]
UPDATE_EN = [
    "{person} has since confirmed the details in a short statement.",
    "Officials in {city} said further talks were planned for later this week.",
    "The figures were revised upwards after new information became available.",
]

CAPTIONS = {
    "politik": [
        "{person} bei einer Pressekonferenz in {city}.",
        "Blick in den Plenarsaal des Bundestags. (Archivbild)",
        "Demonstranten protestieren vor dem Kanzleramt gegen {thema}.",
    ],
    "ausland": [
        "{diplomat} bei der Ankunft in {fcity}.",
        "Zerstörte Gebäude am Stadtrand von {fcity}. (Archivbild)",
        "Delegationen am Verhandlungstisch in {fcity}.",
    ],
    "boerse": [
        "Die Kurstafel an der Frankfurter Wertpapierbörse.",
        "Die Zentrale von {company}. (Archivbild)",
        "Ein Händler verfolgt die Kursentwicklung auf mehreren Bildschirmen.",
    ],
    "sport": [
        "Jubel beim {team} nach dem entscheidenden Treffer.",
        "{athlet} nach dem Rennen im Zielbereich.",
        "{trainer} gestikuliert an der Seitenlinie.",
    ],
    "world": [
        "{person} speaks to the media in {city}.",
        "Residents clear debris in {city}. (File photo)",
        "Delegates arrive for talks in {city}.",
    ],
}

SEED_STORY = {
    "headline": "Moskau: Gespräche mit US-Unterhändlern haben begonnen",
    "lead": "Nach Treffen mit der Ukraine und Europäern soll nun mit Moskau über einen "
    "Friedensplan diskutiert werden. Im Kreml sprechen US-Unterhändler mit Putin.",
    "images": [
        ("Gastgeber für den US-Gesandten: Kremlchef Putin.", "Sergei Ilnitsky/EPA Pool via AP/dpa"),
        (
            "Der US-Sondergesandte Steve Witkoff ist erneut zu Gesprächen über eine mögliche "
            "Beendigung des Ukraine-Kriegs in Moskau. (Archivbild)",
            "Gavriil Grigorov/Pool Sputnik Kremlin/AP/dpa",
        ),
    ],
    "body": [
        "Kremlchef Wladimir Putin hat nach Angaben der staatlichen russischen Nachrichtenagentur "
        "Tass in Moskau den US-Sondergesandten Steve Witkoff empfangen. An dem Treffen zu einem "
        "möglichen Ende des Ukraine-Kriegs nimmt demnach auch der Schwiegersohn von "
        "US-Präsident Donald Trump teil, Jared Kushner.",
        "Beide waren auch schon an Gesprächen zwischen einer ukrainischen und einer "
        "US-Delegation am Sonntag in Florida und zuvor bei Verhandlungen in Genf beteiligt. "
        "Während Witkoff bereits zum sechsten Mal für Gespräche mit Putin in Russland ist, ist "
        "es für Kushner die erste Verhandlung mit dem Kremlchef.",
        "Zuletzt ist erneut Bewegung in das Ringen um ein Ende des seit mehr als dreieinhalb "
        "Jahren andauernden russischen Angriffskriegs in der Ukraine gekommen. Hintergrund ist "
        "ein amerikanischer 28-Punkte-Plan, den Beobachter jedoch als «russische Wunschliste» "
        "kritisierten. Europäer und Ukrainer verhandelten den Plan mit US-Vertretern nach. Nach "
        "dem jüngsten Treffen in Florida am Sonntag sprachen Washington und Kiew von "
        "Fortschritten. Allerdings hieß es auch, dass noch viel Arbeit vor den einzelnen "
        "Parteien liege.",
    ],
}

_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


def slugify(text: str, limit: int = 60) -> str:
    s = text.translate(_TRANSLIT).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "artikel"


def fmt_de(dt: datetime, seconds: bool = True) -> str:
    """``02.12.2025 - 17:52:59`` in Berlin time."""
    dt = dt.astimezone(BERLIN)
    return dt.strftime("%d.%m.%Y - %H:%M:%S" if seconds else "%d.%m.%Y - %H:%M")


def fmt_en(dt: datetime) -> str:
    """``December 2, 2025, 5:52 PM`` in Berlin time."""
    dt = dt.astimezone(BERLIN)
    hour = dt.hour % 12 or 12
    ampm = "AM" if dt.hour < 12 else "PM"
    return f"{MONTHS_EN[dt.month - 1]} {dt.day}, {dt.year}, {hour}:{dt.minute:02d} {ampm}"


def iso(dt: datetime) -> str:
    return dt.astimezone(BERLIN).isoformat()


def http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def _fill(rng: random.Random, template: str, ctx: Mapping[str, str]) -> str:
    values = dict(ctx)
    values.setdefault("num", str(rng.randint(2, 9)))
    values.setdefault("pct", str(rng.randint(11, 79)))
    values.setdefault("price", str(rng.randint(58, 96)))
    values.setdefault("idx", f"{rng.randint(23, 24)}.{rng.randint(100, 999)}")
    values.setdefault("dir", rng.choice(["im Plus", "im Minus", "kaum verändert", "fester"]))
    values.setdefault("score", f"{rng.randint(0, 4)}:{rng.randint(0, 3)}")
    return template.format(**values)


# --------------------------------------------------------------------------------------
# Tiny real JPEGs (baseline, greyscale, DC-only blocks)
# --------------------------------------------------------------------------------------


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc = 0
                self.n = 0

    def flush(self) -> bytes:
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


#: Bytes of incompressible filler per image, so images weigh what news photos weigh
#: (tens of KB) and archive figures (revisit savings, throughput) are not skewed by
#: unrealistically tiny files.
JPEG_FILLER = 30_000


def make_jpeg(key: str, width: int = 48, height: int = 32, filler: int = JPEG_FILLER) -> bytes:
    """A valid greyscale JPEG whose shading, COM and filler segments depend on ``key``."""
    h = hashlib.sha256(key.encode()).digest()
    bw, bh = width // 8, height // 8
    # DC-only table: categories 0..11 all with 4-bit codes 0000..1011.
    dc_bits = bytes([0, 0, 0, 12] + [0] * 12)
    dc_vals = bytes(range(12))
    # AC table with one symbol: EOB (0x00), code "0".
    ac_bits = bytes([1] + [0] * 15)
    ac_vals = b"\x00"
    bits = _BitWriter()
    prev = 0
    for by in range(bh):
        for bx in range(bw):
            level = (h[0] + bx * h[1] // 4 + by * h[2] // 4) % 200 + 28
            dc = 8 * (level - 128)
            diff = dc - prev
            prev = dc
            cat = abs(diff).bit_length()
            bits.write(cat, 4)
            if cat:
                bits.write(diff if diff > 0 else diff + (1 << cat) - 1, cat)
            bits.write(0, 1)  # EOB
    data = bits.flush()
    return b"".join(
        [
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xFE, f"newsarchiver demo image {key}".encode()),
            *_filler_segments(key, filler),
            _segment(0xDB, b"\x00" + bytes([1] * 64)),
            _segment(0xC0, struct.pack(">BHHBBBB", 8, height, width, 1, 1, 0x11, 0)),
            _segment(0xC4, b"\x00" + dc_bits + dc_vals),
            _segment(0xC4, b"\x10" + ac_bits + ac_vals),
            _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            data,
            b"\xff\xd9",
        ]
    )


def _filler_segments(key: str, size: int) -> list[bytes]:
    """APP15 segments (ignored by decoders) of deterministic pseudo-random bytes."""
    data = random.Random(f"filler-{key}").randbytes(size)
    return [_segment(0xEF, data[i : i + 65000]) for i in range(0, size, 65000)]


# --------------------------------------------------------------------------------------
# Static pages and failure bodies
# --------------------------------------------------------------------------------------

SITE_CSS = b"""body{font-family:Georgia,serif;margin:0 auto;max-width:960px;color:#222}
.site-nav a{margin-right:1em;font-family:Arial,sans-serif}
.headline{font-size:2em}.lead{font-weight:bold}.meta,.byline{color:#666}
.gallery ul{list-style:none;padding:0}.gallery-captions{display:none}
.credit{font-size:.8em;color:#888}.related{border-top:2px solid #ccc}
.teaser{border-bottom:1px solid #eee;padding:.5em 0}
"""

_lock = threading.Lock()
_blob_cache: dict[str, bytes] = {}


def _blob(name: str) -> bytes:
    with _lock:
        if name not in _blob_cache:
            _blob_cache[name] = _make_blob(name)
        return _blob_cache[name]


def _make_blob(name: str) -> bytes:
    if name == "bomb":
        # ~210 MB of HTML inflating from ~200 KB of gzip.
        head = b"<!DOCTYPE html><html><head><title>bomb</title></head><body><p>"
        comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        parts = [comp.compress(head)]
        chunk = b" " * (1 << 20)
        for _ in range(210):
            parts.append(comp.compress(chunk))
        parts.append(comp.compress(b"</p></body></html>"))
        parts.append(comp.flush())
        return b"".join(parts)
    if name == "huge":
        para = (
            "<p>Dies ist ein sehr langer Absatz über Größenordnungen, Übertragungen und "
            "Speichergrenzen, der die Seite künstlich aufbläht. Nummer {n}.</p>\n"
        )
        out = [
            '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
            "<title>Riesige Seite</title></head><body><h1>Riesige Seite</h1>"
        ]
        size = 0
        n = 0
        while size < 12 * 1024 * 1024:
            s = para.format(n=n)
            out.append(s)
            size += len(s.encode())
            n += 1
        out.append("</body></html>")
        return "".join(out).encode()
    if name == "binary":
        return random.Random(4711).randbytes(64 * 1024)
    raise KeyError(name)


# --------------------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------------------


@dataclass
class _State:
    """Everything derived from one clock value (lazily filled caches)."""

    clock: int
    site_time: datetime
    articles: list[ArticleInfo]  # newest first
    by_id: dict[int, ArticleInfo]
    by_section: dict[str, list[ArticleInfo]]
    by_topic: dict[str, list[ArticleInfo]]
    pages: dict[str, tuple] = field(default_factory=dict)
    related: dict[int, list[ArticleInfo]] = field(default_factory=dict)


class DemoSite:
    def __init__(
        self, articles: int = 220, clock: int = 0, seed: int = 2025, host: str = "news.demo.test"
    ) -> None:
        if articles < 1:
            raise ValueError("articles must be >= 1")
        self.articles = articles
        self.seed = seed
        self.host = host.lower()
        self.clock = max(0, int(clock))
        self._lock = threading.RLock()
        self._base: dict[int, ArticleInfo] = {}
        self._updates: dict[int, list[tuple[int, datetime]]] = {}
        self._updates_upto = 0
        self._states: dict[int, _State] = {}

    # -- public API -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}/"

    def advance_clock(self, steps: int = 1) -> None:
        with self._lock:
            self.clock = max(0, self.clock + int(steps))

    def set_clock(self, clock: int) -> None:
        with self._lock:
            self.clock = max(0, int(clock))

    def site_time(self) -> datetime:
        return _site_time(self.clock)

    def sections(self) -> list[Section]:
        return list(SECTIONS)

    def section_urls(self) -> list[str]:
        return [f"{self.base_url}{s.slug}/" for s in SECTIONS]

    def visible_articles(self) -> list[ArticleInfo]:
        """Every visible article URL, newest first (wire stories appear under both URLs)."""
        return list(self._state().articles)

    def article(self, article_id: int) -> ArticleInfo | None:
        """The visible article with this id at the current clock, or None."""
        return self._state().by_id.get(article_id)

    def related_articles(self, article: ArticleInfo) -> list[ArticleInfo]:
        return self._related(self._state(), article)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> DemoResponse:
        """Answer a GET for ``path`` (origin-form, may carry a query string)."""
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        return self._route("GET", path, hdrs)

    def post(self, path: str, headers: Mapping[str, str] | None = None) -> DemoResponse:
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        return self._route("POST", path, hdrs)

    # -- catalogue --------------------------------------------------------------------------

    def _rng(self, *parts: int) -> random.Random:
        key = self.seed
        for p in parts:
            key = key * 1_000_003 + p
        return random.Random(key)

    def _published(self, i: int) -> datetime:
        if i == 0:
            return datetime(2025, 12, 2, 17, 52, 59, tzinfo=BERLIN)
        if self._is_copy(i):
            return self._published(i - 1)
        rng = self._rng(1, i)
        n = self.articles
        if i < n:
            width = SPREAD / n
            t = _BASE_UTC - timedelta(minutes=8) - width * i - width * (0.8 * rng.random())
        else:
            k, slot = divmod(i - n, NEW_PER_STEP)
            width = STEP / NEW_PER_STEP
            t = _BASE_UTC + STEP * k + width * slot + width * (0.05 + 0.9 * rng.random())
        t = t.astimezone(BERLIN)
        return t.replace(microsecond=0)

    def _is_wire(self, i: int) -> bool:
        return i > 0 and (FIRST_ID + i) % WIRE_EVERY == 0

    def _is_copy(self, i: int) -> bool:
        return i > 1 and self._is_wire(i - 1)

    def _base_article(self, i: int) -> ArticleInfo:
        art = self._base.get(i)
        if art is None:
            art = self._make_article(i)
            self._base[i] = art
        return art

    def _make_article(self, i: int) -> ArticleInfo:
        aid = FIRST_ID + i
        rng = self._rng(2, i)
        if self._is_copy(i):
            orig = self._base_article(i - 1)
            others = [
                SECTION_BY_SLUG[s]
                for s in ("ausland", "politik", "boerse")
                if s != orig.section_slug
            ]
            sec = others[rng.randrange(len(others))]
            art = replace(
                orig,
                id=aid,
                section=sec.name,
                section_slug=sec.slug,
                markup=markup_kind(aid),
                charset=article_charset(aid, sec.language),
                wire_copy=True,
                index=i,
                body=list(orig.body),
                images=list(orig.images),
                topics=list(orig.topics),
                authors=list(orig.authors),
            )
            return self._with_url(art)
        published = self._published(i)
        if i == 0:
            sec = SECTION_BY_SLUG["ausland"]
        elif self._is_wire(i):
            sec = SECTION_BY_SLUG[rng.choice(["ausland", "politik"])]
        else:
            sec = rng.choices(SECTIONS, weights=_SECTION_WEIGHTS)[0]
        lang = sec.language
        charset = article_charset(aid, lang)
        if i == 0:
            art = ArticleInfo(
                id=aid,
                url="",
                path="",
                section=sec.name,
                section_slug=sec.slug,
                language=lang,
                headline=SEED_STORY["headline"],
                lead=SEED_STORY["lead"],
                published=published,
                authors=[],
                topics=["Ukraine", "Russland"],
                images=[
                    (f"{self.base_url}images/{aid}-{n}.jpg", cap, credit)
                    for n, (cap, credit) in enumerate(SEED_STORY["images"], 1)
                ],
                agency="dpa",
                body=list(SEED_STORY["body"]),
                modified=None,
                markup=markup_kind(aid),
                charset=charset,
                story_id=aid,
                index=i,
            )
            return self._with_url(art)

        slots = SLOTS_EN if lang == "en" else SLOTS_DE
        ctx = {name: rng.choice(values) for name, values in slots.items()}
        if lang == "de":
            ctx["team2"] = rng.choice([t for t in slots["team"] if t != ctx["team"]])
        headline = _fill(rng, rng.choice(HEADLINES[sec.slug]), ctx)
        headline = headline[0].upper() + headline[1:]
        lead = _fill(rng, rng.choice(LEADS[sec.slug]), ctx)
        lead = lead[0].upper() + lead[1:]
        n_topics = rng.choice([1, 2, 2, 2, 3])
        topics: list[str] = []
        pool_t = TOPICS[sec.slug]
        weights = [3, 3] + [1] * (len(pool_t) - 2)  # the two big running stories lead
        while len(topics) < n_topics:
            t = rng.choices(pool_t, weights=weights)[0]
            if t not in topics:
                topics.append(t)

        pool = SENTENCES[sec.slug] + (GENERIC_DE if lang == "de" else [])
        pool = rng.sample(pool, len(pool))  # each sentence template at most once
        body: list[str] = []
        for _ in range(rng.randint(3, 5)):
            take = rng.randint(2, 4)
            sents, pool = pool[:take], pool[take:]
            if sents:
                body.append(" ".join(_fill(rng, s, ctx) for s in sents))
        if charset == "windows-1252":
            body.insert(1, _fill(rng, rng.choice(CP1252_SENTENCES), ctx))

        roll = rng.random()
        if lang == "en":
            agency = "Reuters" if roll < 0.6 else None
        else:
            agency = (
                "dpa" if roll < 0.6 else "AFP" if roll < 0.75 else "dts" if roll < 0.85 else None
            )
        authors: list[str] = []
        if agency is None or rng.random() < 0.3:
            names = AUTHORS_EN if lang == "en" else AUTHORS_DE
            authors = rng.sample(names, rng.choice([1, 1, 2]))
        if agency in ("AFP", "Reuters"):
            place = ctx.get("fcity") if sec.slug == "ausland" else ctx["city"]
            body[0] = f"{place} ({agency}) - {body[0]}"

        credits = CREDITS_EN if lang == "en" else CREDITS_DE
        images = []
        for n in range(1, rng.randint(1, 3) + 1):
            cap = _fill(rng, rng.choice(CAPTIONS[sec.slug]), ctx)
            images.append((f"{self.base_url}images/{aid}-{n}.jpg", cap, rng.choice(credits)))

        art = ArticleInfo(
            id=aid,
            url="",
            path="",
            section=sec.name,
            section_slug=sec.slug,
            language=lang,
            headline=headline,
            lead=lead,
            published=published,
            authors=authors,
            topics=topics,
            images=images,
            agency=agency,
            body=body,
            modified=None,
            markup=markup_kind(aid),
            charset=charset,
            story_id=aid,
            index=i,
        )
        return self._with_url(art)

    def _with_url(self, art: ArticleInfo) -> ArticleInfo:
        pub = art.published
        path = f"/{art.section_slug}/{pub:%Y}/{pub:%m}/{slugify(art.headline)}-{art.id}.html"
        art.path = path
        art.url = f"http://{self.host}{path}"
        return art

    def _ensure_updates(self, clock: int) -> None:
        """Decide the story updates of clock steps 1..clock (each step: 3 stories)."""
        while self._updates_upto < clock:
            k = self._updates_upto + 1
            rng = self._rng(3, k)
            visible = self.articles + NEW_PER_STEP * (k - 1)
            recent = list(range(visible - 1, self.articles - 1, -1))[:60]
            recent += list(range(1, self.articles))[: 60 - len(recent)]
            recent = [i for i in recent if not self._is_copy(i)]
            for i in rng.sample(recent, min(UPDATES_PER_STEP, len(recent))):
                start = _BASE_UTC + STEP * (k - 1)
                t = start + STEP * (0.1 + 0.8 * rng.random())
                self._updates.setdefault(i, []).append(
                    (k, t.astimezone(BERLIN).replace(microsecond=0))
                )
            self._updates_upto = k

    def _article_at(self, i: int, clock: int) -> ArticleInfo:
        base = self._base_article(i)
        story = i - 1 if base.wire_copy else i
        ups = [(k, t) for k, t in self._updates.get(story, []) if k <= clock]
        if not ups:
            return base
        body = list(base.body)
        for k, t in ups:
            rng = self._rng(4, story, k)
            slots = SLOTS_EN if base.language == "en" else SLOTS_DE
            ctx = {name: rng.choice(values) for name, values in slots.items()}
            if base.language == "en":
                text = f"Update ({fmt_en(t)}): " + _fill(rng, rng.choice(UPDATE_EN), ctx)
            else:
                text = f"Nachtrag ({t:%d.%m.%Y, %H:%M} Uhr): " + _fill(
                    rng, rng.choice(UPDATE_DE), ctx
                )
            body.append(text)
        return replace(base, body=body, modified=ups[-1][1])

    def _state(self) -> _State:
        clock = self.clock
        st = self._states.get(clock)
        if st is not None:
            return st
        with self._lock:
            st = self._states.get(clock)
            if st is not None:
                return st
            self._ensure_updates(clock)
            site_time = _site_time(clock)
            n = self.articles + NEW_PER_STEP * clock
            arts = [self._article_at(i, clock) for i in range(n)]
            arts = [a for a in arts if a.published <= site_time]
            arts.sort(key=lambda a: (a.published, a.id), reverse=True)
            by_section: dict[str, list[ArticleInfo]] = {s.slug: [] for s in SECTIONS}
            by_topic: dict[str, list[ArticleInfo]] = {}
            for a in arts:
                by_section[a.section_slug].append(a)
                for t in a.topics:
                    by_topic.setdefault(slugify(t), []).append(a)
            st = _State(clock, site_time, arts, {a.id: a for a in arts}, by_section, by_topic)
            if len(self._states) >= 4:
                self._states.pop(next(iter(self._states)))
            self._states[clock] = st
            return st

    def _related(self, st: _State, art: ArticleInfo) -> list[ArticleInfo]:
        got = st.related.get(art.id)
        if got is not None:
            return got
        cands: dict[int, ArticleInfo] = {}
        for t in art.topics:
            for other in st.by_topic.get(slugify(t), [])[:8]:
                cands[other.id] = other
        picked = sorted(cands.values(), key=lambda a: (a.published, a.id), reverse=True)
        picked = [a for a in picked if a.story_id != art.story_id]
        seen = {a.story_id for a in picked[:6]}
        if len(picked) < 6:
            for other in st.by_section[art.section_slug]:
                if len(picked) >= 6:
                    break
                if other.story_id != art.story_id and other.story_id not in seen:
                    picked.append(other)
                    seen.add(other.story_id)
        if len(picked) < 6:
            for other in st.articles:
                if len(picked) >= 6:
                    break
                if other.story_id != art.story_id and other.story_id not in seen:
                    picked.append(other)
                    seen.add(other.story_id)
        got = picked[:6]
        st.related[art.id] = got
        return got

    # -- routing ------------------------------------------------------------------------------

    def _route(self, method: str, target: str, headers: dict[str, str]) -> DemoResponse:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = parse_qs(parts.query)
        if path == "/_admin/clock":
            if method == "POST":
                try:
                    if "set" in query:
                        self.set_clock(int(query["set"][0]))
                    else:
                        self.advance_clock(int(query.get("advance", ["1"])[0]))
                except ValueError:
                    return self._error(400, "Ungültiger Wert")
            return DemoResponse(
                200,
                [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
                str(self.clock).encode(),
            )
        if method != "GET":
            return self._error(405, "Methode nicht erlaubt", [("Allow", "GET, HEAD")])
        if path.startswith("/broken/"):
            return self._broken(path)

        st = self._state()
        key = path if not parts.query else f"{path}?{parts.query}"
        entry = st.pages.get(key)
        if entry is None:
            entry = self._render(st, path, query)
            if len(st.pages) < MAX_CACHED_PAGES:
                st.pages[key] = entry
        status, ctype, body, extra, last_mod, chunked = entry
        if status != 200:
            hdrs = [("Content-Type", ctype), *extra]
            return DemoResponse(status, hdrs, body)
        return self._finish(path, headers, ctype, body, last_mod, chunked, extra)

    def _finish(
        self,
        path: str,
        headers: dict[str, str],
        ctype: str,
        body: bytes,
        last_mod: datetime | None,
        chunked: bool,
        extra: list[tuple[str, str]],
    ) -> DemoResponse:
        digest = hashlib.sha1(body).hexdigest()[:24]
        can_gzip = gzip_for_path(path)
        use_gzip = can_gzip and _accepts_gzip(headers.get("accept-encoding", ""))
        etag = f'"{digest}-gz"' if use_gzip else f'"{digest}"'
        hdrs = [("Content-Type", ctype), ("ETag", etag), *extra]
        if last_mod is not None:
            hdrs.append(("Last-Modified", http_date(last_mod)))
        hdrs.append(("Cache-Control", "no-cache"))
        if can_gzip:
            hdrs.append(("Vary", "Accept-Encoding"))
        if _not_modified(headers, digest, last_mod):
            return DemoResponse(304, [h for h in hdrs if h[0] != "Content-Type"], b"")
        if use_gzip:
            body = gzip.compress(body, compresslevel=6, mtime=0)
            hdrs.append(("Content-Encoding", "gzip"))
        return DemoResponse(200, hdrs, body, chunked=chunked)

    def _error(
        self, status: int, title: str, extra: list[tuple[str, str]] | None = None
    ) -> DemoResponse:
        body = (
            f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{status} '
            f"{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
            f'<p><a href="/">Zur Startseite</a></p></body></html>'
        ).encode()
        return DemoResponse(
            status, [("Content-Type", "text/html; charset=utf-8"), *(extra or [])], body
        )

    def _broken(self, path: str) -> DemoResponse:
        html = "text/html; charset=utf-8"
        if path == "/broken/500":
            return self._error(500, "Interner Serverfehler")
        if path == "/broken/reset":
            return DemoResponse(0, [], b"", reset=True)
        if path == "/broken/bomb.html":
            return DemoResponse(
                200, [("Content-Type", html), ("Content-Encoding", "gzip")], _blob("bomb")
            )
        if path == "/broken/huge.html":
            return DemoResponse(200, [("Content-Type", html)], _blob("huge"))
        if path == "/broken/binary":
            return DemoResponse(200, [("Content-Type", html)], _blob("binary"))
        if path == "/broken/badcharset.html":
            text = (
                '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
                "<title>Falscher Zeichensatz: Größe & Übermaß</title></head><body>"
                '<h1 class="headline">Falscher Zeichensatz: Größe & Übermaß</h1>'
                "<p>Diese Seite behauptet UTF-8, sendet aber Windows-1252: ä ö ü ß € «»</p>"
                "</body></html>"
            )
            return DemoResponse(200, [("Content-Type", html)], text.encode("cp1252"))
        if path == "/broken/slow":
            body = b"<!DOCTYPE html><html><body><p>Endlich.</p></body></html>"
            return DemoResponse(200, [("Content-Type", html)], body, delay=5.0)
        return self._error(404, "Seite nicht gefunden")

    def _render(self, st: _State, path: str, query: dict[str, list[str]]) -> tuple:
        """(status, content type, body, extra headers, last-modified, chunked)."""
        html = "text/html; charset=utf-8"
        if path == "/":
            return (200, html, self._home(st).encode(), [], None, True)
        if path == "/robots.txt":
            body = (
                f"User-agent: *\nDisallow: /intern/\n\nSitemap: {self.base_url}sitemap-news.xml\n"
            ).encode()
            return (200, "text/plain; charset=utf-8", body, [], None, False)
        if path == "/assets/site.css":
            return (200, "text/css; charset=utf-8", SITE_CSS, [], BASE_TIME - SPREAD, False)
        if path == "/impressum.html":
            return (200, html, self._simple_page("Impressum", _IMPRESSUM).encode(), [], None, False)
        if path == "/intern/redaktion.html":
            return (200, html, self._simple_page("Intern", _INTERN).encode(), [], None, False)
        if path == "/sitemap-news.xml":
            body = self._news_sitemap(st).encode()
            return (200, "application/xml; charset=utf-8", body, [], st.site_time, False)
        mt = re.fullmatch(r"/images/(\d+)-(\d+)\.jpg", path)
        if mt:
            art = st.by_id.get(int(mt[1]))
            n = int(mt[2])
            if art is None or not any(u.endswith(f"/{mt[1]}-{n}.jpg") for u, _, _ in art.images):
                return self._missing()
            return (200, "image/jpeg", make_jpeg(f"{mt[1]}-{n}"), [], art.published, False)
        mt = _ARTICLE_PATH_RE.match(path)
        if mt:
            art = st.by_id.get(int(mt[5]))
            if art is None:
                return self._missing()
            if art.path != path:
                return (301, html, b"", [("Location", art.url)], None, False)
            body = self._article_page(st, art)
            ctype = f"text/html; charset={art.charset}"
            return (200, ctype, body, [], art.modified or art.published, False)
        mt = re.fullmatch(r"/([a-z]+)/?(feed\.xml)?", path)
        if mt and mt[1] in SECTION_BY_SLUG:
            sec = SECTION_BY_SLUG[mt[1]]
            if mt[2]:
                body = self._feed(st, sec).encode()
                return (200, "application/rss+xml; charset=utf-8", body, [], st.site_time, False)
            if not path.endswith("/"):
                return (301, html, b"", [("Location", f"{self.base_url}{sec.slug}/")], None, False)
            page = _page_number(query)
            items = st.by_section[sec.slug]
            if page is None or (page - 1) * PAGE_SIZE >= max(len(items), 1):
                return self._missing()
            return (
                200,
                html,
                self._listing(st, sec, items, page, f"/{sec.slug}/").encode(),
                [],
                None,
                True,
            )
        mt = re.fullmatch(r"/thema/([a-z0-9-]+)/", path)
        if mt and mt[1] in st.by_topic:
            items = st.by_topic[mt[1]]
            page = _page_number(query)
            if page is None or (page - 1) * PAGE_SIZE >= len(items):
                return self._missing()
            name = next(t for t in items[0].topics if slugify(t) == mt[1])
            sec = Section("thema", name, items[0].language)
            return (200, html, self._listing(st, sec, items, page, path).encode(), [], None, True)
        return self._missing()

    def _missing(self) -> tuple:
        r = self._error(404, "Seite nicht gefunden")
        return (404, r.headers[0][1], r.body, [], None, False)

    # -- page rendering --------------------------------------------------------------------

    def _nav(self) -> str:
        links = " ".join(f'<a href="/{s.slug}/">{escape(s.name)}</a>' for s in SECTIONS)
        return f'<header><nav class="site-nav"><a href="/">Start</a> {links}</nav></header>'

    _FOOTER = (
        '<footer><a href="/impressum.html">Impressum</a> '
        '<a href="/intern/redaktion.html">Intern</a></footer></body></html>'
    )

    def _head(self, title: str, lang: str = "de", charset: str = "utf-8", extra: str = "") -> str:
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">\n'
            f"<title>{escape(title)} | {SITE_NAME}</title>\n{extra}"
            '<link rel="stylesheet" href="/assets/site.css"></head>\n<body>'
        )

    def _teaser(self, a: ArticleInfo) -> str:
        date = fmt_en(a.published) if a.language == "en" else fmt_de(a.published, seconds=False)
        return (
            f'<article class="teaser"><a class="teaser-link" href="{a.url}">'
            f"{escape(a.headline)}</a><p>{escape(a.lead)}</p>"
            f'<span class="teaser-date">{date}</span></article>\n'
        )

    def _home(self, st: _State) -> str:
        parts = [self._head("Startseite", extra=f'<link rel="canonical" href="{self.base_url}">\n')]
        parts.append(self._nav())
        parts.append('<main><h1 class="section-title">Nachrichten</h1>\n<ul class="sections">')
        for s in SECTIONS:
            parts.append(f'<li><a href="{self.base_url}{s.slug}/">{escape(s.name)}</a></li>')
        parts.append('</ul>\n<section class="latest"><h2>Neueste Meldungen</h2>\n')
        parts.extend(self._teaser(a) for a in st.articles[:PAGE_SIZE])
        parts.append("</section></main>\n")
        parts.append(self._FOOTER)
        return "".join(parts)

    def _listing(
        self, st: _State, sec: Section, items: list[ArticleInfo], page: int, base: str
    ) -> str:
        canon = f"http://{self.host}{base}" + (f"?seite={page}" if page > 1 else "")
        feed = ""
        if sec.slug in SECTION_BY_SLUG:
            feed = (
                f'<link rel="alternate" type="application/rss+xml" '
                f'href="{self.base_url}{sec.slug}/feed.xml">\n'
            )
        title = sec.name + (f" – Seite {page}" if page > 1 else "")
        extra = f'<link rel="canonical" href="{canon}">\n{feed}'
        parts = [self._head(title, lang=sec.language, extra=extra), self._nav()]
        parts.append(
            f'<main><h1 class="section-title">{escape(sec.name)}</h1>\n<div class="teasers">\n'
        )
        start = (page - 1) * PAGE_SIZE
        parts.extend(self._teaser(a) for a in items[start : start + PAGE_SIZE])
        parts.append('</div>\n<nav class="pagination">')
        en = sec.language == "en"
        if page > 1:
            prev = base if page == 2 else f"{base}?seite={page - 1}"
            parts.append(f'<a rel="prev" href="{prev}">{"Previous" if en else "Zurück"}</a> ')
        if start + PAGE_SIZE < len(items):
            parts.append(
                f'<a rel="next" href="{base}?seite={page + 1}">{"Next" if en else "Weiter"}</a>'
            )
        parts.append("</nav></main>\n")
        parts.append(self._FOOTER)
        return "".join(parts)

    def _simple_page(self, title: str, text: str) -> str:
        return (
            self._head(title)
            + self._nav()
            + f"<main><h1>{escape(title)}</h1>{text}</main>\n"
            + self._FOOTER
        )

    def _article_page(self, st: _State, a: ArticleInfo) -> bytes:
        en = a.language == "en"
        abs_images = [(u, cap, cr) for u, cap, cr in a.images]
        head_extra = (
            f'<link rel="canonical" href="{a.url}">\n'
            f'<meta name="description" content="{escape(a.lead)}">\n'
            f'<meta name="keywords" content="{escape(", ".join(a.topics))}">\n'
        )
        if a.markup == "jsonld":
            ld: dict = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "mainEntityOfPage": a.url,
                "headline": a.headline,
                "description": a.lead,
                "datePublished": iso(a.published),
                "dateModified": iso(a.modified or a.published),
                "inLanguage": a.language,
                "articleSection": a.section,
                "keywords": a.topics,
                "image": [u for u, _, _ in abs_images],
                "publisher": {
                    "@type": "Organization",
                    "name": SITE_NAME,
                    "logo": {"@type": "ImageObject", "url": f"{self.base_url}assets/logo.png"},
                },
            }
            if a.authors:
                ld["author"] = [{"@type": "Person", "name": n} for n in a.authors]
            data = json.dumps(ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
            head_extra += f'<script type="application/ld+json">{data}</script>\n'
        micro = a.markup == "microdata"

        p = [self._head(a.headline, lang=a.language, charset=a.charset, extra=head_extra)]
        p.append(self._nav())
        p.append("\n<main>")
        if micro:
            p.append(
                '<article class="article" itemscope itemtype="https://schema.org/NewsArticle">\n'
            )
            p.append(f'<meta itemprop="datePublished" content="{iso(a.published)}">\n')
            if a.modified:
                p.append(f'<meta itemprop="dateModified" content="{iso(a.modified)}">\n')
            p.append(f'<link itemprop="mainEntityOfPage" href="{a.url}">\n')
        else:
            p.append('<article class="article">\n')
        crumbs = ", ".join(f'<a href="/thema/{slugify(t)}/">{escape(t)}</a>' for t in a.topics)
        p.append(f'<nav class="breadcrumb">{crumbs}</nav>\n')
        hp = ' itemprop="headline"' if micro else ""
        p.append(f'<h1 class="headline"{hp}>{escape(a.headline)}</h1>\n')
        if en:
            meta = f'<time datetime="{iso(a.published)}">{fmt_en(a.published)}</time>'
            if a.modified:
                meta += (
                    f' <span class="updated">Updated: <time datetime="{iso(a.modified)}">'
                    f"{fmt_en(a.modified)}</time></span>"
                )
        else:
            meta = f'<span class="date">{fmt_de(a.published)}</span>'
            if a.modified:
                meta += f' <span class="updated">Aktualisiert: {fmt_de(a.modified)}</span>'
        p.append(f'<div class="meta">{meta}</div>\n')
        if a.authors:
            if micro:
                names = [
                    '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
                    f'<span itemprop="name">{escape(n)}</span></span>'
                    for n in a.authors
                ]
            else:
                names = [escape(n) for n in a.authors]
            joined = (" and " if en else " und ").join(names)
            p.append(f'<p class="byline">{"By" if en else "Von"} {joined}</p>\n')
        lp = ' itemprop="description"' if micro else ""
        p.append(f'<p class="lead"{lp}>{escape(a.lead)}</p>\n')
        label = "Photo" if en else "Foto"
        p.append('<div class="gallery"><ul>\n')
        strip = []
        for u, cap, cr in abs_images:
            src = u[len(self.base_url) - 1 :] if u.startswith(self.base_url) else u
            full = f"{cap} - {label}: {cr}"
            strip.append(escape(full))
            ip = ' itemprop="image"' if micro else ""
            p.append(
                f'<li><figure><img src="{src}"{ip} alt="{escape(cap)}" width="640" height="427">'
                f'<figcaption>{escape(full)}</figcaption><span class="credit">{escape(cr)}</span>'
                "</figure></li>\n"
            )
        p.append(f'</ul><div class="gallery-captions">{"".join(strip)}</div></div>\n')
        bp = ' itemprop="articleBody"' if micro else ""
        paras = "".join(f"<p>{escape(t)}</p>" for t in a.body)
        p.append(f'<div class="article-body"{bp}>{paras}</div>\n')
        if a.agency == "dpa":
            p.append('<p class="agency">@ dpa.de</p>\n')
        elif a.agency == "dts":
            p.append('<p class="agency">Foto/Quelle: dts</p>\n')
        p.append("</article>\n")
        heading = "Related stories" if en else "Weitere Meldungen"
        more = "Read more..." if en else "weiterlesen..."
        p.append(f'<aside class="related"><h2>{heading}</h2>\n')
        for r in self._related(st, a):
            p.append(
                f'<div class="related-item"><a class="related-headline" href="{r.url}">'
                f'{escape(r.headline)}</a> <p class="teaser">{escape(r.lead)}</p> '
                f'<span class="related-meta">({escape(r.section)}, '
                f"{fmt_de(r.published, seconds=False)})</span> "
                f'<a class="more" href="{r.url}">{more}</a></div>\n'
            )
        p.append("</aside></main>\n")
        p.append(self._FOOTER)
        return "".join(p).encode(a.charset, errors="xmlcharrefreplace")

    def _feed(self, st: _State, sec: Section) -> str:
        items = st.by_section[sec.slug][:30]
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
            f"<title>{escape(sec.name)} | {SITE_NAME}</title>\n"
            f"<link>{self.base_url}{sec.slug}/</link>\n"
            f'<atom:link href="{self.base_url}{sec.slug}/feed.xml" rel="self" '
            'type="application/rss+xml"/>\n'
            f"<description>{escape(sec.name)}: aktuelle Meldungen</description>\n"
            f"<language>{sec.language}</language>\n"
            f"<lastBuildDate>{format_datetime(st.site_time)}</lastBuildDate>\n"
        ]
        for a in items:
            cats = "".join(f"<category>{escape(t)}</category>" for t in a.topics)
            out.append(
                f"<item><title>{escape(a.headline)}</title><link>{a.url}</link>"
                f"<description>{escape(a.lead)}</description>"
                f"<pubDate>{format_datetime(a.published)}</pubDate>"
                f'<guid isPermaLink="true">{a.url}</guid>{cats}</item>\n'
            )
        out.append("</channel>\n</rss>\n")
        return "".join(out)

    def _news_sitemap(self, st: _State) -> str:
        since = st.site_time - timedelta(days=2)
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        ]
        for a in st.articles:
            if a.published < since:
                break
            out.append(
                f"<url><loc>{a.url}</loc><news:news><news:publication>"
                f"<news:name>{SITE_NAME}</news:name><news:language>{a.language}</news:language>"
                f"</news:publication><news:publication_date>{iso(a.published)}"
                f"</news:publication_date><news:title>{escape(a.headline)}</news:title>"
                f"<news:keywords>{escape(', '.join(a.topics))}</news:keywords>"
                f"</news:news><lastmod>{iso(a.modified or a.published)}</lastmod></url>\n"
            )
        out.append("</urlset>\n")
        return "".join(out)


_IMPRESSUM = (
    "<p>Demo-Nachrichten GmbH, Musterstraße 1, 10115 Berlin.</p>"
    "<p>Verantwortlich: Redaktion Demo-Nachrichten. Alle Meldungen sind frei erfunden "
    "und dienen nur zum Testen von newsarchiver.</p>"
)
_INTERN = (
    "<p>Interne Redaktionsseite: Dienstpläne, Übergaben und Notizen. "
    "Crawler, die robots.txt beachten, sehen diese Seite nie.</p>"
)


def _site_time(clock: int) -> datetime:
    return (_BASE_UTC + clock * STEP).astimezone(BERLIN)


def _page_number(query: dict[str, list[str]]) -> int | None:
    raw = query.get("seite", ["1"])[0]
    if not raw.isdigit() or int(raw) < 1:
        return None
    return int(raw)


def _accepts_gzip(value: str) -> bool:
    for part in value.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            if q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"):
                return False
            return True
    return False


def _not_modified(headers: Mapping[str, str], digest: str, last_mod: datetime | None) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        if inm.strip() == "*":
            return True
        for tag in inm.split(","):
            tag = tag.strip()
            if tag.startswith("W/"):
                tag = tag[2:]
            if tag in (f'"{digest}"', f'"{digest}-gz"'):
                return True
        return False
    ims = headers.get("if-modified-since")
    if ims and last_mod is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_mod.replace(microsecond=0) <= since
    return False
