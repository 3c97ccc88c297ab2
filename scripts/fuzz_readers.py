"""Fuzz every reader of the user's files: only errors of overflight's tree may come out.

Each reader (and two of the watch's position feeds, SBS and state vectors) is fed bytes made
three ways: mutations of a real sample (bytes flipped, cut, repeated, hostile pieces spliced
in: a DTD, an entity, a lone surrogate escape, a 5,000-digit number, a namespaced tag, a NUL, a
huge field), random text, and random bytes. A reader may
accept the input, return problems, or raise an ``OverflightError``; anything else is a crash,
printed with the input that caused it.

    python scripts/fuzz_readers.py [--seconds 60] [--reader ofac-xml] [--seed 1]

The test suite runs the same targets for a few seconds each (``tests/test_reader_fuzz.py``);
figures of a longer run are in ``docs/hostile-input.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from overflight.errors import OverflightError, ParseError
from overflight.textfile import decode_utf8

REPO = Path(__file__).resolve().parents[1]
HOSTILE = (
    b'<!DOCTYPE r [<!ENTITY e "ZZ">]>',
    b'<!DOCTYPE r SYSTEM "file:///etc/passwd">',
    b"&e;",
    b"&amp;",
    b"<:/>",
    b"<x:INDIVIDUAL/>",
    b"<x:sdnEntry/>",
    b'<Feature FeatureTypeID="999"/>',
    b'<VersionLocation LocationID="0"/>',
    b"<DatePeriod><Start><From><Year>99999</Year></From></Start></DatePeriod>",
    b'<birthdate year="19x0"/>',
    b'<subjectType code="vessel"/>',
    b'"\\ud800"',
    b"\\udfff",
    b"9" * 5000,
    b"-" + b"1" * 4400,
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b'"' + b"A" * 200_000 + b'"',
    b"[" * 3000,
    b"{" * 3000,
    b'"datasets": true',
    b'"properties": []',
    b"*a",
    b"&a [*a, *a]",
    b"!!python/object:os.system",
    b"(FPL-",
    b")",
    b"\r\n",
    b"\n\n\n",
    b"9999-12-31T23:59:59Z",
)


@dataclass(frozen=True, slots=True)
class Target:
    """One reader: its name, a real sample to mutate, and how to feed it bytes."""

    name: str
    sample: Path
    feed: Callable[[bytes, Path], object]


def _text(body: bytes) -> str:
    return decode_utf8(body, "fuzz")  # a ParseError for bad bytes, as every reader's files


def _ats(body: bytes, _: Path) -> object:
    from overflight.ats import parse_message_file

    return parse_message_file(_text(body), "fuzz")


def _telegram(body: bytes, _: Path) -> object:
    from overflight.cables import parse_telegram

    return parse_telegram(_text(body), source="fuzz")


def _permit_yaml(body: bytes, _: Path) -> object:
    from overflight.permits.reader import read_permit

    return read_permit(_text(body), "fuzz.yaml")


def _permit_json(body: bytes, _: Path) -> object:
    from overflight.permits.reader import read_permit

    return read_permit(_text(body), "fuzz.json", json_text=True)


def _file_reader(load: Callable[[Path], object], suffix: str) -> Callable[[bytes, Path], object]:
    def feed(body: bytes, folder: Path) -> object:
        path = folder / f"list{suffix}"
        path.write_bytes(body)
        return load(path)

    return feed


def _ofac_csv(path: Path) -> object:
    from overflight.watchlist.ofac_csv import load_ofac_csv

    return load_ofac_csv(path)


def _ofac_xml(path: Path) -> object:
    from overflight.watchlist.ofac_xml import load_ofac_xml

    return load_ofac_xml(path)


def _ofac_advanced(path: Path) -> object:
    from overflight.watchlist.ofac_advanced import load_ofac_advanced_xml

    return load_ofac_advanced_xml(path)


def _eu_fsf(path: Path) -> object:
    from overflight.watchlist.eu_fsf import load_eu_fsf_xml

    return load_eu_fsf_xml(path)


def _uk_sanctions(path: Path) -> object:
    from overflight.watchlist.uk_sanctions import load_uk_sanctions_xml

    return load_uk_sanctions_xml(path)


def _un_xml(path: Path) -> object:
    from overflight.watchlist.un_xml import load_un_xml

    return load_un_xml(path)


def _os_json(path: Path) -> object:
    from overflight.watchlist.opensanctions_json import load_opensanctions_json

    return load_opensanctions_json(path)


def _os_csv(path: Path) -> object:
    from overflight.watchlist.opensanctions_csv import load_opensanctions_csv

    return load_opensanctions_csv(path)


def _track(path: Path) -> object:
    from overflight.services.watch_track import read_track_file

    return read_track_file(path)


def _samples(folder: Path) -> dict[str, Path]:
    """Small real samples of each format; the ones not in the repository are written here."""
    story = REPO / "src" / "overflight" / "story"
    fixtures = REPO / "tests" / "watchlist" / "fixtures"
    un = folder / "un.xml"
    un.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
        "<FIRST_NAME>KIM</FIRST_NAME><SECOND_NAME>IL</SECOND_NAME>"
        "<REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER><NATIONALITY><VALUE>DPRK</VALUE>"
        "</NATIONALITY><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>K</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS></INDIVIDUAL></INDIVIDUALS><ENTITIES><ENTITY>"
        "<REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER><FIRST_NAME>AIR KORYO</FIRST_NAME>"
        "</ENTITY></ENTITIES></CONSOLIDATED_LIST>\n"
    )
    os_json = folder / "entities.ftm.json"
    os_json.write_text(
        '{"id": "a", "schema": "Company", "datasets": ["us_ofac_sdn"], "properties": '
        '{"name": ["Air Koryo"], "country": ["kp"], "addressEntity": ["ad"]}}\n'
        '{"id": "ad", "schema": "Address", "properties": {"full": ["Pyongyang"]}}\n'
        '{"id": "p", "schema": "Airplane", "properties": {"registrationNumber": ["P-912"], '
        '"buildDate": ["1990"], "operator": ["a"]}}\n'
    )
    ofac_csv = folder / "sdn.csv"
    ofac_csv.write_text(
        '36,"AIR KORYO","-0-","NPWMD","-0-","-0-","-0-","-0-","-0-","-0-","-0-",'
        '"Aircraft Model IL-76; Registration P-912."\n'
        '37,"KIM, Il","individual","DPRK2","-0-","-0-","-0-","-0-","-0-","-0-","-0-","-0-"\n'
    )
    sbs = folder / "feed-sample.sbs"
    sbs.write_text(
        "MSG,3,1,1,4CA2D6,1,2026/05/01,12:00:01.250,2026/05/01,12:00:01.250,,37000,,,53.1,-2.25,"
        ",,0,0,0,0\nMSG,1,1,1,4CA2D6,1,2026/05/01,12:00:01.300,2026/05/01,12:00:01.300,EIN123,"
        ",,,,,,,0,0,0,0\nMSG,3,1,1,4CA2D6,1,2026/05/01,12:00:02.000,2026/05/01,12:00:02.000,,"
        "37025,,,53.11,-2.24,,,0,0,0,0\n"
    )
    vectors = folder / "vectors-sample.csv"
    vectors.write_text(
        "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,"
        "baroaltitude,geoaltitude,lastposupdate,lastcontact\n"
        "1700000010,4baac6,41.3,28.7,257.2,334.0,6.2,THY9BP,False,False,False,2312,"
        "10668.0,10900.0,1700000008.5,1700000009.9\n"
        "1700000020,4baac6,41.4,28.6,257.2,334.0,6.2,THY9BP,False,False,False,2312,10668.0,,,\n"
    )
    return {
        "feed-sbs": sbs,
        "feed-state-vectors": vectors,
        "ats": story / "01-fpl.txt",
        "telegram": story / "04-ankara-780.txt",
        "permit-yaml": REPO / "examples" / "permits" / "air-koryo-p912.yaml",
        "permit-json": REPO / "examples" / "permits" / "charter-rocket-motors.json",
        "ofac-csv": ofac_csv,
        "ofac-xml": fixtures / "sdn.xml",
        "ofac-advanced-xml": fixtures / "sdn_advanced.xml",
        "un-xml": un,
        "eu-fsf-xml": fixtures / "eu_fsf.xml",
        "uk-sanctions-xml": fixtures / "uk_sanctions.xml",
        "opensanctions-json": os_json,
        "opensanctions-csv": fixtures / "targets.simple.csv",
    }


READERS = (
    "ats",
    "telegram",
    "permit-yaml",
    "permit-json",
    "ofac-csv",
    "ofac-xml",
    "ofac-advanced-xml",
    "un-xml",
    "eu-fsf-xml",
    "uk-sanctions-xml",
    "opensanctions-json",
    "opensanctions-csv",
    "feed-sbs",
    "feed-state-vectors",
)
"""Every reader's name, in the order they run."""


def targets(folder: Path) -> tuple[Target, ...]:
    """Every reader, each with its sample (written under ``folder`` where need be)."""
    samples = _samples(folder)
    feeds: dict[str, Callable[[bytes, Path], object]] = {
        "ats": _ats,
        "telegram": _telegram,
        "permit-yaml": _permit_yaml,
        "permit-json": _permit_json,
        "ofac-csv": _file_reader(_ofac_csv, ".csv"),
        "ofac-xml": _file_reader(_ofac_xml, ".xml"),
        "ofac-advanced-xml": _file_reader(_ofac_advanced, ".xml"),
        "un-xml": _file_reader(_un_xml, ".xml"),
        "eu-fsf-xml": _file_reader(_eu_fsf, ".xml"),
        "uk-sanctions-xml": _file_reader(_uk_sanctions, ".xml"),
        "opensanctions-json": _file_reader(_os_json, ".json"),
        "opensanctions-csv": _file_reader(_os_csv, ".csv"),
        "feed-sbs": _file_reader(_track, ".txt"),
        "feed-state-vectors": _file_reader(_track, ".csv"),
    }
    return tuple(Target(name, samples[name], feeds[name]) for name in READERS)


def mutate(sample: bytes, rng: random.Random) -> bytes:
    """The sample changed a few times: bytes flipped, cut, repeated, hostile pieces spliced in."""
    body = bytearray(sample)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(body))
        kind = rng.randrange(6)
        if kind == 0 and body:
            body[min(at, len(body) - 1)] = rng.randrange(256)
        elif kind == 1:
            body[at:at] = rng.choice(HOSTILE)
        elif kind == 2:
            del body[at : at + rng.randint(1, 64)]
        elif kind == 3:
            body[at:at] = body[max(0, at - 40) : at] * rng.randint(1, 3)
        elif kind == 4:
            body[at:at] = bytes(rng.randrange(32, 127) for _ in range(rng.randint(1, 12)))
        else:
            body = body[:at]
    return bytes(body)


def check(target: Target, body: bytes, folder: Path) -> None:
    """Feed one input; raise ``AssertionError`` naming it if anything but our errors came out."""
    try:
        result = target.feed(body, folder)
    except OverflightError:
        return
    except Exception as err:
        raise AssertionError(f"{target.name} crashed on {body[:300]!r}: {err!r}") from err
    problems = result[1] if isinstance(result, tuple) and len(result) == 2 else ()
    for problem in problems or ():
        if not isinstance(problem, ParseError):
            raise AssertionError(f"{target.name} returned {problem!r} on {body[:300]!r}")


def main() -> int:
    """Fuzz for the given seconds per reader; print inputs, crashes and rate per reader."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per reader")
    parser.add_argument("--reader", action="append", help="only this reader (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    crashes = 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for target in targets(folder):
            if args.reader and target.name not in args.reader:
                continue
            sample = target.sample.read_bytes()
            runs = found = 0
            start = time.process_time()
            while time.process_time() - start < args.seconds:
                kind = rng.randrange(10)
                if kind < 8:
                    body = mutate(sample, rng)
                elif kind == 8:
                    body = "".join(chr(rng.randrange(1, 0x3000)) for _ in range(80)).encode(
                        "utf-8", "surrogatepass"
                    )
                else:
                    body = rng.randbytes(rng.randint(0, 200))
                runs += 1
                try:
                    check(target, body, folder)
                except AssertionError:
                    found += 1
                    if found <= 3:
                        traceback.print_exc()
            spent = time.process_time() - start
            crashes += found
            print(f"{target.name:20} {runs:9,} inputs {found:4} crashes {runs / spent:8,.0f}/s CPU")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
