"""Webhook delivery: one JSON POST per alert, signed with HMAC-SHA256.

The receiver checks ``X-IPRHub-Signature: sha256=<hex>`` = HMAC-SHA256(secret, timestamp + "." + body)
with the ``X-IPRHub-Timestamp`` header (so a replayed body with a new time does not verify).

>>> sign("s3cret", "1700000000", b'{"a":1}')
'sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940'
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request

SIGNATURE_HEADER = "X-IPRHub-Signature"
TIMESTAMP_HEADER = "X-IPRHub-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (used by the tests' receiver)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


class DeliveryFailed(Exception):
    """A target did not take the message (status, connection error); the queue retries it."""


def post(url: str, body: bytes, secret: str | None, *, delivery_id: int, timeout: float) -> int:
    """POST ``body``; the HTTP status on 2xx, else :class:`DeliveryFailed`."""
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "iprhub-watch",
               "X-IPRHub-Delivery": str(delivery_id), TIMESTAMP_HEADER: stamp}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, stamp, body)
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) checked on add
            status = int(resp.status)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"{url} answered {exc.code}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise DeliveryFailed(f"{url}: {getattr(exc, 'reason', exc)}") from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"{url} answered {status}")
    return status
