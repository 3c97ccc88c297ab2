"""Alerts on a real NATS JetStream broker (``OVERFLIGHT_NATS``, default 127.0.0.1:4222)."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from datetime import UTC, datetime

import nats
import pytest

from nats_broker import consumers, left_as_found, on_broker, stream_exists
from overflight.errors import InputError, Param
from overflight.markings import ClassificationLevel, Marking, Reader, parse_portion
from overflight.services.alert_bus import STREAM, NatsAlertBus, Partner
from overflight.services.watch_alerts import Alert, AlertKind

URL = os.environ.get("OVERFLIGHT_NATS", "nats://127.0.0.1:4222")


def partners() -> tuple[Partner, ...]:
    """Partners with names of their own, so that runs and tests never share a consumer."""
    run = uuid.uuid4().hex[:6].upper()
    return (
        Partner(f"USA{run}", Reader(ClassificationLevel.TS, "USA")),
        Partner(f"GBR{run}", Reader(ClassificationLevel.S, "GBR")),
        Partner(f"TUR{run}", Reader(ClassificationLevel.S, "TUR")),
    )


@pytest.fixture
def bus(nats_consumers: list[str]):
    try:
        opened = NatsAlertBus(URL, partners())
    except InputError as err:
        pytest.skip(f"no NATS JetStream broker: {err}")
    nats_consumers.extend(partner.consumer for partner in opened.partners)
    yield opened
    opened.close()


def alert(number: int, marking: Marking, state: str = "PL") -> Alert:
    return Alert(
        id=f"{uuid.uuid4().hex[:12]}-{number}",
        kind=AlertKind.ENTERED_DENIED,
        icao24="4baac6",
        callsign="THY9BP",
        at=datetime(2024, 9, 17, 9, 23, tzinfo=UTC),
        lat=52.0,
        lon=19.0,
        state=state,
        text=f"alert {number}",
        marking=marking,
        case_id=1,
    )


def pull(partner: Partner) -> list[tuple[str, dict, dict]]:
    """Every message waiting for a partner's durable consumer: subject, headers, body."""

    async def fetch() -> list[tuple[str, dict, dict]]:
        client = await nats.connect(URL)
        try:
            subscription = await client.jetstream().pull_subscribe_bind(
                partner.consumer, stream=STREAM
            )
            found = []
            while True:
                try:
                    batch = await subscription.fetch(50, timeout=1)
                except (TimeoutError, nats.errors.TimeoutError):  # nats-py raises both
                    break
                for message in batch:
                    found.append(
                        (message.subject, dict(message.headers or {}), json.loads(message.data))
                    )
                    await message.ack()
            return found
        finally:
            await client.close()

    return asyncio.run(fetch())


def test_each_partner_gets_only_what_the_marking_releases_to_it(bus):
    usa, gbr, tur = bus.partners
    rel_gbr = alert(1, parse_portion("(S//REL TO USA, GBR)"))
    noforn = alert(2, parse_portion("(C//NF)"), state="")
    public = alert(3, Marking(ClassificationLevel.U), state="UA")
    report = bus.publish([rel_gbr, noforn, public])
    assert (report.published, report.duplicates, report.withheld) == (6, 0, 3)
    assert [(s, b["id"]) for s, _, b in pull(usa)] == [
        (f"overflight.alerts.{usa.name}.PL", rel_gbr.id),
        (f"overflight.alerts.{usa.name}.XX", noforn.id),
        (f"overflight.alerts.{usa.name}.UA", public.id),
    ]
    got = pull(gbr)
    assert [b["id"] for _, _, b in got] == [rel_gbr.id, public.id]
    assert got[0][1]["Overflight-Marking"] == "(S//REL TO USA, GBR)"
    assert got[0][2]["marking"] == "(S//REL TO USA, GBR)"
    assert got[0][1]["Nats-Msg-Id"] == f"{rel_gbr.id}.{gbr.name}"
    assert [b["id"] for _, _, b in pull(tur)] == [public.id]


def test_a_replay_publishes_nothing_twice(bus):
    usa = bus.partners[0]
    alerts = [alert(n, Marking(ClassificationLevel.U)) for n in range(3)]
    first = bus.publish(alerts)
    again = bus.publish(alerts)
    assert first.published == 9
    assert (again.published, again.duplicates) == (0, 9)
    assert len(pull(usa)) == 3


def test_a_tests_consumers_and_the_stream_it_made_are_gone_after_it():
    with left_as_found() as made:
        had_stream = on_broker(stream_exists)
        try:
            opened = NatsAlertBus(URL, partners())
        except InputError as err:
            pytest.skip(f"no NATS JetStream broker: {err}")
        made.extend(partner.consumer for partner in opened.partners)
        opened.close()
        assert set(made) <= on_broker(consumers)
    left = on_broker(consumers)
    assert left is not None
    assert not set(made) & left
    if not had_stream:  # made by this test: gone, unless another run's consumers are on it
        assert not on_broker(stream_exists) or left


def test_no_broker_is_an_input_error_naming_the_url():
    with pytest.raises(InputError, match=r"nats://127.0.0.1:1: no NATS JetStream answers") as err:
        NatsAlertBus("nats://127.0.0.1:1")
    assert err.value.what == Param("nats_url")  # the CLI says --nats (tests/cli/test_errors_named)
