"""Time limits for long work: one :class:`Deadline` passed down from the interface.

A request or command makes a deadline from its setting; the work checks it between steps. Work
that can return what it has done so far catches :class:`~iprhub.errors.Timeout` (or asks
:meth:`Deadline.expired`) and marks its result ``partial``; work that cannot lets the error rise
to the interface, which answers 504 / exit code 6.

>>> d = Deadline.after(None)
>>> d.expired(), d.remaining() is None
(False, True)
>>> Deadline.after(0.0).expired()
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from iprhub.errors import Timeout


@dataclass(frozen=True)
class Deadline:
    """A point in ``time.monotonic()`` after which work stops; ``at=None`` never expires."""

    at: float | None
    seconds: float | None = None

    @classmethod
    def after(cls, seconds: float | None) -> Deadline:
        """A deadline ``seconds`` from now; ``None`` or a negative value means no limit."""
        if seconds is None or seconds < 0:
            return cls(None, None)
        return cls(time.monotonic() + seconds, seconds)

    def remaining(self) -> float | None:
        return None if self.at is None else max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def check(self, stage: str) -> None:
        """Raise :class:`Timeout` naming ``stage`` when the deadline has passed."""
        if self.expired():
            raise Timeout(f"time limit of {self.seconds:g} s reached during {stage}", stage=stage)

    def sooner(self, seconds: float | None) -> Deadline:
        """This deadline or one ``seconds`` from now, whichever comes first."""
        other = Deadline.after(seconds)
        if other.at is None:
            return self
        if self.at is None or other.at < self.at:
            return other
        return self


NO_LIMIT = Deadline(None, None)
