"""The demo site's text pools: German and English names, slots, headlines, leads, sentences.

Articles are filled from these templates with a seeded RNG (see :mod:`demosite.catalogue`),
so the pools must only ever grow at the end of a list: reordering changes every article.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

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


def fill(rng: random.Random, template: str, ctx: Mapping[str, str]) -> str:
    values = dict(ctx)
    values.setdefault("num", str(rng.randint(2, 9)))
    values.setdefault("pct", str(rng.randint(11, 79)))
    values.setdefault("price", str(rng.randint(58, 96)))
    values.setdefault("idx", f"{rng.randint(23, 24)}.{rng.randint(100, 999)}")
    values.setdefault("dir", rng.choice(["im Plus", "im Minus", "kaum verändert", "fester"]))
    values.setdefault("score", f"{rng.randint(0, 4)}:{rng.randint(0, 3)}")
    return template.format(**values)
