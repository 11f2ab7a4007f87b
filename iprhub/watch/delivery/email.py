"""E-mail digests: one message per recipient with every alert waiting for it, sent over SMTP."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any

from iprhub.watch.delivery.webhook import DeliveryFailed
from iprhub.watch.model import Alert


def digest(alerts: Sequence[Alert], sender: str, recipient: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = f"iprhub watch: {len(alerts)} new alert{'s' if len(alerts) != 1 else ''}"
    msg["From"] = sender
    msg["To"] = recipient
    lines = [f"{len(alerts)} new record(s) matched your watches.", ""]
    for a in alerts:
        lines.append(f"[{a.tier}] {a.title or a.record_key} ({a.record_key}) - watch #{a.watch_id} "
                     f"{a.watch_subject!r}, score {a.score:.2f}")
        if a.owner:
            lines.append(f"    owner: {a.owner}")
        for r in a.reasons:
            lines.append(f"    {r.signal} {r.score:.2f}: {r.detail}")
        when = a.deadline.date.isoformat() if a.deadline.date else "unknown"
        lines.append(f"    act by: {when} - {a.deadline.note}")
        lines.append("")
    msg.set_content("\n".join(lines))
    return msg


def send(settings: Any, messages: Sequence[EmailMessage]) -> None:
    """Send over one SMTP session; any failure raises :class:`DeliveryFailed`."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.delivery_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            for msg in messages:
                smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {exc}") from None
