"""Write the synthetic example data in data/ — deterministic, from a fixed seed.

    .venv/bin/python scripts/lav_eksempeldata.py

It also writes the small exports `reportgen init` puts in a new content repository
(reportgen/startmappe/eksempel/data: Blågårdens Bibliotek only) and the header-only files of
`reportgen init --tom` (reportgen/startmappe/tom/data).

The rows are invented, but built so that the example notes computed from them state the
published figures of the seeds (listed in tests/figures/test_figures_published.py): exact
counts per urotype, forurettede, demografi and help for Blågårdens Bibliotek in two
winters; the fall at Vesterbro Bibliotek og Kulturhus; Nørrebro as the district with most
incidents; the survey shares and the visitor numbers. Everything else is drawn at random
around those numbers.
Running the script twice gives byte-identical files; tests/test_examples.py checks
that the committed files are what this script writes.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from reportgen.data.haendelser import SPEC
from reportgen.domain import UNDERKATEGORIER

SEED = 20251120
REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
STARTMAPPE = REPO / "reportgen" / "startmappe"

UA, UT, TR, FV, HV, AN = (
    "Uønsket adfærd",
    "Ubehagelige tilråb",
    "Trusler",
    "Fysisk vold",
    "Hærværk",
    "Andet",
)
POLITI, KOLLEGA, SOCIOLANCE, AMBULANCE, VAGT = (
    "Politiet",
    "Kollega (KK-medarbejder)",
    "Sociolancen",
    "Ambulance",
    "Vagt og Sikring",
)

# (location, district, facility)
BLAAGAARDEN = ("Blågårdens Bibliotek", "Nørrebro", "Bibliotek")
VESTERBRO = ("Vesterbro Bibliotek og Kulturhus", "Vesterbro/Kongens Enghave", "Bibliotek")
NOERREBRO = ("Nørrebro Bibliotek", "Nørrebro", "Bibliotek")
OTHERS = [
    # location, district, facility, incidents per winter, per summer
    (("Nørrebrohallen", "Nørrebro", "Idrætsanlæg"), 12, 8),
    (("Hovedbiblioteket", "Indre By", "Bibliotek"), 40, 18),
    (("Kulturhuset Indre By", "Indre By", "Kulturhus"), 14, 7),
    (("Østerbro Bibliotek", "Østerbro", "Bibliotek"), 22, 9),
    (("Østerbro Idrætspark", "Østerbro", "Idrætsanlæg"), 9, 12),
    (("Enghave Bibliotek", "Vesterbro/Kongens Enghave", "Bibliotek"), 14, 6),
    (("Valby Bibliotek", "Valby", "Bibliotek"), 20, 8),
    (("Valby Idrætspark", "Valby", "Idrætsanlæg"), 8, 11),
    (("Vanløse Bibliotek", "Vanløse", "Bibliotek"), 12, 5),
    (("Husum Bibliotek", "Brønshøj-Husum", "Bibliotek"), 15, 6),
    (("Bispebjerg Bibliotek", "Bispebjerg", "Bibliotek"), 24, 10),
    (("Kulturhuset Bispebjerg", "Bispebjerg", "Kulturhus"), 10, 6),
    (("Sundby Bibliotek", "Amager Øst", "Bibliotek"), 21, 9),
    (("Islands Brygge Kulturhus", "Amager Vest", "Kulturhus"), 13, 8),
    (("Ørestad Bibliotek", "Amager Vest", "Bibliotek"), 16, 7),
]

WINTERS = (2022, 2023, 2024, 2025)  # vinter Y/Y+1
SUMMERS = (2023, 2024, 2025)

# Published: the fall at Vesterbro. Totals and Uønsket adfærd per period.
VESTERBRO_TOTALS = {
    ("vinter", 2022): (120, 100),
    ("vinter", 2023): (58, 36),
    ("vinter", 2024): (60, 37),
    ("vinter", 2025): (45, None),
    ("sommer", 2023): (44, None),
    ("sommer", 2024): (35, None),
    ("sommer", 2025): (26, None),
}
BLAAGAARDEN_TOTALS = {
    ("vinter", 2022): 70,
    ("vinter", 2023): 95,
    ("sommer", 2023): 30,
    ("sommer", 2024): 35,
    ("sommer", 2025): 28,
}
NOERREBRO_TOTALS = {
    ("vinter", 2022): 25,
    ("vinter", 2023): 30,
    ("vinter", 2024): 32,
    ("vinter", 2025): 30,
    ("sommer", 2023): 12,
    ("sommer", 2024): 10,
    ("sommer", 2025): 12,
}

# Published: Blågårdens Bibliotek, exact counts per winter.
BLAAGAARDEN_EXACT = {
    2024: {
        "urotype": {UA: 68, UT: 9, TR: 3, HV: 7, FV: 0},
        "forurettede": {"Lokationen": 59, "Medarbejder Kulturen": 21, "Bruger": 5, "": 2},
        "demografi": {
            "Udsatte voksne": 67,
            "Ved ikke": 16,
            "Voksne (25+)": 3,
            "Unge (18-25 år)": 1,
        },
        "hjaelp": {POLITI: (13, 8), KOLLEGA: (6, 6), SOCIOLANCE: (4, 2), AMBULANCE: (1, 1)},
    },
    2025: {
        "urotype": {UA: 59, UT: 5, TR: 2, HV: 0, FV: 2},
        "forurettede": {"Lokationen": 46, "Medarbejder Kulturen": 13, "Bruger": 5, "": 4},
        "demografi": {
            "Udsatte voksne": 51,
            "Ved ikke": 8,
            "Unge (18-25 år)": 5,
            "Unge (under 18 år)": 2,
            "Voksne (25+)": 2,
        },
        "hjaelp": {KOLLEGA: (6, 6), POLITI: (5, 3), SOCIOLANCE: (5, 3)},
    },
}

UROTYPE_WEIGHTS = {UA: 66, UT: 11, TR: 5, FV: 2, HV: 12, AN: 4}
FORURETTEDE_WEIGHTS = {"Lokationen": 60, "Medarbejder Kulturen": 22, "Bruger": 12, "": 6}
DEMOGRAFI_WEIGHTS = {
    "Udsatte voksne": 55,
    "Ved ikke": 20,
    "Voksne (25+)": 10,
    "Unge (18-25 år)": 8,
    "Unge (under 18 år)": 7,
}
HELP_WEIGHTS = {POLITI: 40, KOLLEGA: 30, SOCIOLANCE: 15, AMBULANCE: 5, VAGT: 10}
# The months of a half-year, weighted: winters peak when it is coldest.
WINTER_MONTH_WEIGHTS = {10: 12, 11: 16, 12: 19, 1: 21, 2: 18, 3: 14}
SUMMER_MONTH_WEIGHTS = {4: 18, 5: 17, 6: 16, 7: 14, 8: 17, 9: 18}
HOUR_WEIGHTS = {
    8: 2,
    9: 4,
    10: 7,
    11: 8,
    12: 9,
    13: 10,
    14: 11,
    15: 11,
    16: 10,
    17: 9,
    18: 7,
    19: 6,
    20: 4,
    21: 2,
}
# Free text as MainManager holds it. It must never reach any output (a test checks).
BESKRIVELSER = {
    UA: [
        "Gæst sov ved læsepladserne og kunne ikke vækkes",
        "Bruger indtog medbragt alkohol i avisrummet",
        "Flere gæster optog brugerkøkkenet i hele eftermiddagen",
    ],
    UT: ["Gæst råbte ad personalet ved skranken", "Højlydt skænderi mellem to brugere"],
    TR: ["Gæst truede med at komme igen og gøre skade"],
    FV: ["Bruger skubbede en medarbejder i garderoben"],
    HV: ["Graffiti på toiletdøren", "Knust rude ved indgangen"],
    AN: ["Uafklaret hændelse ved cykelparkeringen"],
}

# The columns in the order MainManager exports them.
HEADER = [*SPEC.required[:7], "Underkategori", *SPEC.required[7:], "Beskrivelse"]


def period(kind: str, year: int) -> tuple[date, date, dict[int, int]]:
    """Return the first and last day of a half-year and its month weights."""
    if kind == "vinter":
        return date(year, 10, 1), date(year + 1, 3, 31), WINTER_MONTH_WEIGHTS
    return date(year, 4, 1), date(year, 9, 30), SUMMER_MONTH_WEIGHTS


def exact(counts: dict[str, int], rng: random.Random) -> list[str]:
    """Return a shuffled list holding each value exactly as often as `counts` says."""
    values = [value for value, count in counts.items() for _ in range(count)]
    rng.shuffle(values)
    return values


def drawn(weights: dict[str, int], n: int, rng: random.Random) -> list[str]:
    """Return `n` values drawn at random with `weights`."""
    return rng.choices(list(weights), weights=list(weights.values()), k=n)


def random_dates(kind: str, year: int, n: int, rng: random.Random) -> list[date]:
    """Return `n` dates within a half-year, months weighted by season."""
    start, end, month_weights = period(kind, year)
    days = [start + timedelta(d) for d in range((end - start).days + 1)]
    weights = [month_weights[d.month] for d in days]
    return rng.choices(days, weights=weights, k=n)


def help_columns(
    events: Sequence[tuple[str, bool]], n: int, rng: random.Random
) -> list[tuple[str, str]]:
    """Spread help events (helper, arrived) over `n` incidents; return (called, arrived) cells."""
    called: list[list[str]] = [[] for _ in range(n)]
    arrived: list[list[str]] = [[] for _ in range(n)]
    for helper, came in events:
        while True:  # one incident calls a helper at most once
            index = rng.randrange(n)
            if helper not in called[index]:
                break
        called[index].append(helper)
        if came:
            arrived[index].append(helper)
    return [("; ".join(c), "; ".join(a)) for c, a in zip(called, arrived, strict=True)]


def random_help(n: int, rng: random.Random) -> list[tuple[str, bool]]:
    """Return help events for `n` incidents of which about a fifth called someone."""
    events = []
    for _ in range(n):
        if rng.random() < 0.2:
            helpers = rng.sample(list(HELP_WEIGHTS), k=1 if rng.random() < 0.85 else 2)
            events += [(h, rng.random() < 0.7) for h in helpers]
    return events


def incidents(
    place: tuple[str, str, str],
    kind: str,
    year: int,
    n: int,
    rng: random.Random,
    *,
    urotyper: list[str] | None = None,
    fixed: dict | None = None,
) -> list[dict[str, str]]:
    """Return `n` incident rows for one place and half-year."""
    location, district, facility = place
    if fixed:
        urotyper = exact(fixed["urotype"], rng)
        forurettede = exact(fixed["forurettede"], rng)
        demografi = exact(fixed["demografi"], rng)
        events = [
            (helper, i < came)
            for helper, (called, came) in fixed["hjaelp"].items()
            for i in range(called)
        ]
    else:
        urotyper = urotyper or drawn(UROTYPE_WEIGHTS, n, rng)
        forurettede = drawn(FORURETTEDE_WEIGHTS, n, rng)
        demografi = drawn(DEMOGRAFI_WEIGHTS, n, rng)
        events = random_help(n, rng)
    assert len(urotyper) == len(forurettede) == len(demografi) == n, (location, kind, year)
    helps = help_columns(events, n, rng)
    dates = random_dates(kind, year, n, rng)
    rows = []
    for i in range(n):
        urotype = urotyper[i]
        hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
        rows.append(
            {
                "Dato": dates[i],
                "Tidspunkt": "" if rng.random() < 0.03 else f"{hour:02d}:{rng.randrange(60):02d}",
                "Bydel": district,
                "Lokation": location,
                "Facilitet": facility,
                # Older exports used the category's former name; the loader reads it as the same.
                "Urotype": "Utryghedsskabende adfærd"
                if urotype == UA and year == 2022
                else urotype,
                "Underkategori": rng.choice(UNDERKATEGORIER) if urotype == UA else "",
                "Forurettede": forurettede[i],
                "Demografi": demografi[i],
                "Tilkaldt hjælp": helps[i][0],
                "Ankommet": helps[i][1],
                "Beskrivelse": rng.choice(BESKRIVELSER[urotype]),
            }
        )
    return rows


def vesterbro_urotyper(total: int, ua: int | None, rng: random.Random) -> list[str] | None:
    """Return urotyper with exactly `ua` of Uønsket adfærd and the rest drawn among the others."""
    if ua is None:
        return None
    others = {k: v for k, v in UROTYPE_WEIGHTS.items() if k != UA}
    values = [UA] * ua + drawn(others, total - ua, rng)
    rng.shuffle(values)
    return values


def all_incidents(rng: random.Random) -> list[dict[str, str]]:
    """Return every incident row, sorted by date, with IDs; plus two rows to be corrected."""
    rows: list[dict[str, str]] = []
    periods = [("vinter", y) for y in WINTERS] + [("sommer", y) for y in SUMMERS]
    for kind, year in periods:
        if kind == "vinter" and year in BLAAGAARDEN_EXACT:
            fixed = BLAAGAARDEN_EXACT[year]
            rows += incidents(
                BLAAGAARDEN, kind, year, sum(fixed["urotype"].values()), rng, fixed=fixed
            )
        else:
            rows += incidents(BLAAGAARDEN, kind, year, BLAAGAARDEN_TOTALS[(kind, year)], rng)
        total, ua = VESTERBRO_TOTALS[(kind, year)]
        rows += incidents(
            VESTERBRO, kind, year, total, rng, urotyper=vesterbro_urotyper(total, ua, rng)
        )
        rows += incidents(NOERREBRO, kind, year, NOERREBRO_TOTALS[(kind, year)], rng)
        for place, per_winter, per_summer in OTHERS:
            base = per_winter if kind == "vinter" else per_summer
            rows += incidents(place, kind, year, max(1, base + rng.randint(-3, 3)), rng)
    rows.sort(key=lambda r: (r["Dato"], r["Tidspunkt"], r["Lokation"]))
    for number, row in enumerate(rows, start=1):
        row["ID"] = f"MM-{row['Dato'].year}-{number:05d}"
    return rows


def with_errors_to_correct(
    rows: list[dict[str, str]], rng: random.Random
) -> tuple[list[dict[str, str]], str]:
    """Misregister one incident's district and register another twice; return the corrections."""
    valby = next(r for r in rows if r["Lokation"] == "Valby Bibliotek" and r["Dato"].year == 2024)
    valby["Bydel"] = "Vanløse"
    husum = next(r for r in rows if r["Lokation"] == "Husum Bibliotek" and r["Dato"].year == 2025)
    twin = dict(husum, ID=f"MM-{husum['Dato'].year}-{len(rows) + 1:05d}")
    rows.insert(rows.index(husum) + 1, twin)
    corrections = f"""\
# Rettelser til data/haendelser.csv. Eksporten rettes aldrig selv; rettelserne står her.
- id: {valby["ID"]}
  felt: Bydel
  fra: Vanløse
  til: Valby
  begrundelse: Hændelsen skete på Valby Bibliotek; bydelen var valgt forkert i MainManager.
  dato: 2025-11-03
- id: {twin["ID"]}
  udelad: true
  begrundelse: Dobbeltregistrering af {husum["ID"]}.
  dato: 2025-11-03
"""
    return rows, corrections


def survey_rows() -> list[list[str]]:
    """Return one row per answer: the published shares, spread over the answer categories."""
    plan = [
        # location, survey, group, answers per category:
        # (Meget tryg, Tryg, Hverken tryg eller utryg, Utryg, Meget utryg, Ved ikke)
        (VESTERBRO[0], "2023", "Medarbejder", (3, 5, 2, 2, 0, 0)),  # 8/12 = 67 pct.
        (VESTERBRO[0], "Forår 2024", "Medarbejder", (4, 6, 1, 0, 0, 0)),  # 10/11 = 91 pct.
        (VESTERBRO[0], "Vinter 2025", "Medarbejder", (9, 12, 1, 1, 0, 0)),  # 21/23 = 91 pct.
        (BLAAGAARDEN[0], "Vinter 2025", "Medarbejder", (5, 9, 2, 1, 1, 0)),  # 14/18 = 78 pct.
        (NOERREBRO[0], "Vinter 2025", "Medarbejder", (4, 6, 1, 1, 0, 0)),  # 10/12 = 83 pct.
        (VESTERBRO[0], "2023", "Bruger", (71, 121, 31, 14, 5, 7)),  # 192/249 = 77 pct.
        (VESTERBRO[0], "2024", "Bruger", (15, 31, 17, 8, 3, 3)),  # 46/77 = 60 pct.
    ]
    answers = ("Meget tryg", "Tryg", "Hverken tryg eller utryg", "Utryg", "Meget utryg", "Ved ikke")
    rows = []
    for location, survey, group, counts in plan:
        for answer, count in zip(answers, counts, strict=True):
            rows += [[survey, location, group, answer]] * count
    return rows


VISITORS = [
    (BLAAGAARDEN[0], 2023, 129874),
    (BLAAGAARDEN[0], 2024, 138010),
    (BLAAGAARDEN[0], 2025, 152204),
    (VESTERBRO[0], 2023, 241530),
    (VESTERBRO[0], 2024, 236918),
    (VESTERBRO[0], 2025, 248102),
    (NOERREBRO[0], 2023, 187446),
    (NOERREBRO[0], 2024, 192315),
    (NOERREBRO[0], 2025, 199871),
]


def write_csv(path: Path, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    """Write a comma-separated UTF-8 file with Unix line ends."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


SURVEY_HEADER = ["Måling", "Lokation", "Gruppe", "Tryghed"]
VISITOR_HEADER = ["Lokation", "År", "Besøgende"]


Table = Sequence[Sequence[object]]


def write_exports(target: Path, incidents: Table, surveys: Table, visitors: Table) -> None:
    """Write the three exports into `target`, under the names the example notes use."""
    target.mkdir(parents=True, exist_ok=True)
    write_csv(target / "haendelser.csv", HEADER, incidents)
    write_csv(target / "tryghedsmaalinger.csv", SURVEY_HEADER, surveys)
    write_csv(target / "besoeg.csv", VISITOR_HEADER, visitors)


def main(target: Path = DATA, startmappe: Path = STARTMAPPE) -> None:
    """Write every example data file into `target`, and the starter's into `startmappe`."""
    rng = random.Random(SEED)
    rows, corrections = with_errors_to_correct(all_incidents(rng), rng)
    incidents = [[r["ID"], r["Dato"].isoformat(), *(r[c] for c in HEADER[2:])] for r in rows]
    surveys = survey_rows()
    visitors = [list(v) for v in VISITORS]
    write_exports(target, incidents, surveys, visitors)
    (target / "haendelser.rettelser.yaml").write_text(corrections, encoding="utf-8")

    # The starter's note is about one library, and its corrections are about others.
    def at_blaagaarden(table: Table, column: int) -> Table:
        return [row for row in table if row[column] == BLAAGAARDEN[0]]

    lokation = HEADER.index("Lokation")
    write_exports(
        startmappe / "eksempel" / "data",
        at_blaagaarden(incidents, lokation),
        at_blaagaarden(surveys, 1),
        at_blaagaarden(visitors, 0),
    )
    write_exports(startmappe / "tom" / "data", [], [], [])


if __name__ == "__main__":
    main(*(Path(arg) for arg in sys.argv[1:3]))
