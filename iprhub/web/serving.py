"""Running the portal: the listening socket, uvicorn in one or several processes, the job runner beside it.

``iprhub serve`` binds the port itself first (a taken port is an :class:`InvalidInput` before
anything is printed), starts the job runner (:mod:`iprhub.jobs.runner`, one per server), then runs
uvicorn on the bound socket: in this process with one worker, or in ``workers`` spawned processes
that share the socket (reads then use every core; rate limits are shared through Redis when
``redis_url`` is set). SIGTERM or Ctrl-C tells the runner to stop at once, while uvicorn finishes
the requests in flight for at most :data:`GRACEFUL_SECONDS`.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.jobs.runner import JobRunner
from iprhub.settings import Settings

GRACEFUL_SECONDS = 2
_WORKER_SETTINGS = "_IPRHUB_WORKER_SETTINGS"  # how the spawned workers get the server's settings


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, or :class:`InvalidInput` naming the way out when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InvalidInput(f"port {port} is taken; choose another with --port or IPRHUB_WEB_PORT",
                               field="port") from None
        raise InvalidInput(f"cannot listen on {host}:{port}: {exc.strerror}", field="host") from None
    sock.set_inheritable(True)
    return sock


def worker_count(settings: Settings, requested: int | None = None) -> int:
    """``--workers``, else ``web_workers``, else 1 on SQLite and one per CPU on PostgreSQL."""
    n = requested or settings.web_workers
    if n:
        return n
    return 1 if settings.is_sqlite else max(1, min(os.cpu_count() or 1, 8))


def run(hub: Any, sock: socket.socket, workers: int) -> None:
    """Serve until SIGTERM or Ctrl-C; the job runner runs beside the server and stops with it."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    runner = JobRunner(hub.settings)
    runner.start()
    common: dict[str, Any] = {"log_level": "warning", "proxy_headers": False, "server_header": False,
                              "timeout_graceful_shutdown": GRACEFUL_SECONDS, "lifespan": "on"}
    try:
        if workers == 1:
            from iprhub.web import create_app

            config = uvicorn.Config(create_app(hub, warm=True, runner=runner), **common)

            class Server(uvicorn.Server):
                def handle_exit(self, sig: int, frame: Any) -> None:
                    runner.request_stop()
                    super().handle_exit(sig, frame)

            # uvicorn re-raises the stopping signal once it has stopped: let that reach this function's
            # cleanup (stop the runner, close the store) rather than end the process on the spot
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: None)
            Server(config).run(sockets=[sock])
        else:
            from iprhub.web.app import warm_up

            # the index is repaired and the missing vectors made here, once, before the workers start: two
            # workers each repairing at their start would race on the index files
            warm_up(hub)
            os.environ[_WORKER_SETTINGS] = json.dumps(hub.settings.model_dump(mode="json"))
            config = uvicorn.Config("iprhub.web.serving:worker_app", factory=True, workers=workers, **common)

            class Supervisor(Multiprocess):
                def handle_int(self) -> None:
                    runner.request_stop()
                    super().handle_int()

                def handle_term(self) -> None:
                    runner.request_stop()
                    super().handle_term()

            Supervisor(config, sockets=[sock]).run()
    finally:
        runner.stop()
        sock.close()


def worker_app() -> Any:
    """The app of one spawned server process (``uvicorn --factory``): its own hub, no job runner."""
    from iprhub.hub import Hub
    from iprhub.web import create_app

    settings = Settings(**json.loads(os.environ[_WORKER_SETTINGS]))
    return create_app(Hub(settings, migrate=False), warm=True, own_runner=False)
