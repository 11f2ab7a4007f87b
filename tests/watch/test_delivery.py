"""Delivery of alerts: signed webhook POSTs to a local receiver (one failing first and succeeding on
retry, one that never answers), SMTP digests to a local aiosmtpd server; undelivered alerts stay visible."""

from __future__ import annotations

import datetime as dt
import json
import threading
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iprhub.watch.delivery.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from tests.watch.conftest import make_hub, paths

PYTHON = ["trademark/uspto_tsdr/Plumage__sn76044902.xml.gz"]
DONGEUI_FILE = ["trademark/kipris_xml/neojune__TradeMarkInfo_applicant120080091393.xml.gz"]
SECRET = "s3cret"


class Receiver:
    """A local webhook receiver answering the statuses in ``script`` in turn (then 200)."""

    def __init__(self, script=()):
        self.script = list(script)
        self.requests: list = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((self.headers, body))  # case-insensitive lookup
                status = outer.script.pop(0) if outer.script else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Keep(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    import socket

    with socket.socket() as probe:  # a free port (the controller checks readiness by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, handler
    controller.stop()


def _hub(tmp_path, smtp_port=1, **watch):
    return make_hub(f"sqlite:///{tmp_path}/iprhub.db", tmp_path, capability_settings={"watch": {
        "smtp_host": "127.0.0.1", "smtp_port": smtp_port, "delivery_timeout": 3, **watch}})


def test_webhook_signed_and_email_digest(tmp_path, smtp):
    controller, mails = smtp
    receiver = Receiver()
    try:
        with _hub(tmp_path, controller.port) as hub:
            hub.watch.add("mark", "PYTHON", countries="US", webhook=receiver.url, webhook_secret=SECRET,
                          email="ip@example.org")
            report = hub.ingest(paths(PYTHON))
            assert report.after_ingest["watch"]["alerts"] == 1
            assert report.after_ingest["watch"]["deliveries"]["delivered"] == 2
            (headers, body), = receiver.requests
            assert verify(SECRET, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
            assert not verify("wrong", headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
            sent = json.loads(body)
            assert sent["event"] == "watch.alert" and sent["alert"]["record_key"] == "US/76044902"
            assert sent["alert"]["deadline"]["date"] == "2004-01-29"
            (mail,) = mails.messages
            assert mail["To"] == "ip@example.org" and "1 new alert" in mail["Subject"]
            text = message_from_bytes(mail.as_bytes()).get_payload()
            assert "US/76044902" in text and "act by: 2004-01-29" in text
            (alert,) = hub.watch.alerts()
            assert {d.channel: d.status for d in alert.deliveries} == {"webhook": "delivered", "email": "delivered"}
            assert hub.watch.deliver().attempted == 0  # nothing is sent twice
            assert len(receiver.requests) == 1 and len(mails.messages) == 1
    finally:
        receiver.close()


def test_one_digest_per_recipient(tmp_path, smtp):
    controller, mails = smtp
    with _hub(tmp_path, controller.port) as hub:
        hub.watch.add("owner", "동의대학교 산학협력단", email="a@example.org,b@example.org")
        report = hub.ingest(paths(DONGEUI_FILE))
        n = report.after_ingest["watch"]["alerts"]
        assert n > 50
        assert sorted(m["To"] for m in mails.messages) == ["a@example.org", "b@example.org"]
        assert all(f"{n} new alerts" in m["Subject"] for m in mails.messages)


def test_receiver_failing_first_gets_it_on_retry(tmp_path):
    receiver = Receiver(script=[500])
    try:
        with _hub(tmp_path, retry_base_seconds=60) as hub:
            hub.watch.add("mark", "PYTHON", countries="US", webhook=receiver.url, webhook_secret=SECRET)
            t0 = dt.datetime.now(dt.UTC)
            report = hub.ingest(paths(PYTHON))
            assert report.after_ingest["watch"]["deliveries"]["retry_scheduled"] == 1
            inbox = hub.watch.inbox()
            assert inbox.undelivered == 1 and len(inbox.alerts) == 1  # visible while undelivered
            (d,) = inbox.alerts[0].deliveries
            assert d.status == "pending" and d.attempts == 1 and "500" in d.last_error
            assert d.next_attempt_at >= t0 + dt.timedelta(seconds=59)
            assert hub.watch.deliver(now=t0 + dt.timedelta(seconds=10)).attempted == 0  # not due yet
            later = hub.watch.deliver(now=d.next_attempt_at + dt.timedelta(seconds=1))
            assert later.delivered == 1
            assert len(receiver.requests) == 2
            (_, first), (headers, second) = receiver.requests
            assert first == second and verify(SECRET, headers[TIMESTAMP_HEADER], second, headers[SIGNATURE_HEADER])
            assert hub.watch.inbox().undelivered == 0
    finally:
        receiver.close()


def test_dead_receiver_backs_off_then_fails_and_stays_visible(tmp_path):
    receiver = Receiver()
    url = receiver.url
    receiver.close()  # nothing listens there any more
    with _hub(tmp_path, retry_base_seconds=10, max_attempts=3) as hub:
        hub.watch.add("mark", "PYTHON", countries="US", webhook=url)
        hub.ingest(paths(PYTHON))
        (d,) = hub.watch.alerts()[0].deliveries
        first_next = d.next_attempt_at
        r2 = hub.watch.deliver(now=first_next)
        assert r2.retry_scheduled == 1
        (d2,) = hub.watch.alerts()[0].deliveries
        assert d2.attempts == 2 and d2.next_attempt_at == first_next + dt.timedelta(seconds=20)  # doubled
        r3 = hub.watch.deliver(now=d2.next_attempt_at)
        assert r3.failed == 1
        (alert,) = hub.watch.alerts(undelivered=True)
        assert alert.deliveries[0].status == "failed" and alert.deliveries[0].attempts == 3
        assert hub.watch.inbox().undelivered == 1
        again = hub.watch.deliver(now=d2.next_attempt_at, retry_failed=True)
        assert again.attempted == 1 and again.retry_scheduled == 1  # tried again from the start


def test_a_dead_receiver_is_tried_once_per_pass_and_the_job_retries(tmp_path):
    receiver = Receiver()
    url = receiver.url
    receiver.close()
    with _hub(tmp_path, retry_base_seconds=0) as hub:
        hub.watch.add("owner", "동의대학교 산학협력단", webhook=url)
        report = hub.ingest(paths(DONGEUI_FILE)).after_ingest["watch"]
        n = report["alerts"]
        assert report["deliveries"]["retry_scheduled"] == n
        errors = report["deliveries"]["errors"]
        assert sum(not e.startswith("not tried") for e in errors) == 1  # one real attempt, the rest held back
        seen: list[dict] = []
        result = hub.job_handlers()["watch.deliver"](hub, {}, seen.append)  # what the job runner calls
        assert result["attempted"] == n and seen == [{"attempted": n, "delivered": 0}]
        assert all(d.attempts == 2 for a in hub.watch.alerts(limit=1000) for d in a.deliveries)
