"""Alerts to partners over NATS JetStream: one durable stream, one durable consumer per partner.

Subjects are ``overflight.alerts.<PARTNER>.<STATE>`` (``XX`` for international airspace), all
kept by the stream ``OVERFLIGHT_ALERTS`` (``overflight.alerts.>``). An alert is published to a
partner only when its marking may be read by that partner (``markings.may_read`` with the
partner's ``Reader``), so release is decided here, once, and each partner's durable consumer
(``partner-<NAME>``, filtered on its subjects) sees nothing else. Every message carries the
alert's marking, and ``Nats-Msg-Id`` = alert id + partner, so the broker drops a replay's
copies within the stream's duplicate window (``DUPLICATE_WINDOW_S``).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import nats
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig
from nats.js.errors import NotFoundError

from overflight.errors import InputError, Param
from overflight.markings import may_read
from overflight.services.partners import DEFAULT_PARTNERS, Partner
from overflight.services.watch_alerts import Alert

__all__ = [
    "DEFAULT_PARTNERS",
    "DUPLICATE_WINDOW_S",
    "STREAM",
    "NatsAlertBus",
    "Partner",
    "PublishReport",
    "alert_document",
    "alert_subject",
    "partners_for",
]

STREAM = "OVERFLIGHT_ALERTS"
SUBJECTS = "overflight.alerts.>"
DUPLICATE_WINDOW_S = 7 * 24 * 3600.0
"""How long the broker remembers message ids: a replay within a week publishes nothing twice."""


@dataclass(frozen=True, slots=True)
class PublishReport:
    """What publishing some alerts did."""

    published: int  # messages stored by the broker
    duplicates: int  # messages the broker already had (a replay)
    withheld: int  # (alert, partner) pairs the marking did not allow


def partners_for(alert: Alert, partners: Sequence[Partner]) -> list[Partner]:
    """The partners that may read ``alert`` (its marking decides)."""
    return [p for p in partners if may_read(p.reader, alert.marking).allowed]


def alert_subject(alert: Alert, partner: Partner) -> str:
    """``overflight.alerts.<PARTNER>.<STATE>``."""
    return f"overflight.alerts.{partner.name}.{alert.subject_state}"


def alert_document(alert: Alert) -> dict[str, Any]:
    """An alert as the JSON a partner receives (its marking as portion and banner)."""
    return {
        "id": alert.id,
        "kind": alert.kind.value,
        "marking": alert.marking.portion(),
        "banner": alert.marking.banner(),
        "icao24": alert.icao24,
        "callsign": alert.callsign,
        "at": alert.at.isoformat(),
        "lat": round(alert.lat, 5),
        "lon": round(alert.lon, 5),
        "state": alert.state,
        "text": alert.text,
        "case_id": alert.case_id,
    }


async def _note_error(error: Exception) -> None:
    """nats-py reports connection errors here; they surface as exceptions of the calls."""


class NatsAlertBus:
    """A connection to a NATS server with JetStream, used from synchronous code.

    nats-py is asynchronous: the connection lives on an event loop in a thread of its own, and
    each call waits for its result.

    Raises:
        InputError: the server does not answer, or has no JetStream (``nats_url`` named).
    """

    def __init__(self, url: str, partners: Sequence[Partner] = DEFAULT_PARTNERS) -> None:
        self.url = url
        self.partners = tuple(partners)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        try:
            self._client = self._run(
                nats.connect(
                    url,
                    connect_timeout=2,
                    allow_reconnect=False,
                    max_reconnect_attempts=1,
                    error_cb=_note_error,
                )
            )
            self._js = self._client.jetstream()
            self._run(self._prepare())
        except Exception as err:  # nats-py raises its own errors and OSError
            self._stop()
            raise InputError(
                Param("nats_url"), f"{url}: no NATS JetStream answers ({err})"
            ) from None

    async def _prepare(self) -> None:
        config = StreamConfig(name=STREAM, subjects=[SUBJECTS], duplicate_window=DUPLICATE_WINDOW_S)
        try:
            await self._js.update_stream(config)
        except NotFoundError:
            await self._js.add_stream(config)
        for partner in self.partners:
            await self._js.add_consumer(
                STREAM,
                ConsumerConfig(
                    durable_name=partner.consumer,
                    filter_subject=f"overflight.alerts.{partner.name}.>",
                    ack_policy=AckPolicy.EXPLICIT,
                ),
            )

    def publish(self, alerts: Sequence[Alert]) -> PublishReport:
        """Publish each alert to every partner its marking allows."""
        report: PublishReport = self._run(self._publish(alerts))
        return report

    async def _publish(self, alerts: Sequence[Alert]) -> PublishReport:
        published = duplicates = withheld = 0
        for alert in alerts:
            allowed = partners_for(alert, self.partners)
            withheld += len(self.partners) - len(allowed)
            body = json.dumps(alert_document(alert)).encode()
            for partner in allowed:
                ack = await self._js.publish(
                    alert_subject(alert, partner),
                    body,
                    headers={
                        "Nats-Msg-Id": f"{alert.id}.{partner.name}",
                        "Overflight-Marking": alert.marking.portion(),
                    },
                )
                if ack.duplicate:
                    duplicates += 1
                else:
                    published += 1
        return PublishReport(published, duplicates, withheld)

    def close(self) -> None:
        """Drain the connection and stop the loop."""
        try:
            self._run(self._client.drain())
        finally:
            self._stop()

    def _run(self, work: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(work, self._loop)
        return future.result(timeout=30)

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
