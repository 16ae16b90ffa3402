"""A real SMTP server for tests (aiosmtpd, on loopback and a free port) that keeps what it received and can be told
to answer 451 ("try again later") to the next messages, as a mail server under load does."""

import email
import threading
import time
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests.helpers.servers import free_port


class Keeper:
    def __init__(self):
        self.received: list[EmailMessage] = []
        self.refuse_next = 0
        self.tries = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.tries += 1
            if self.refuse_next:
                self.refuse_next -= 1
                return "451 4.3.0 Try again later"
            self.received.append(email.message_from_bytes(envelope.content, policy=default))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.keeper = Keeper()
        self.port = free_port()
        self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[EmailMessage]:
        return self.keeper.received

    def wait_for(self, count: int, seconds: float = 10) -> list[EmailMessage]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)

    def start(self) -> "SmtpServer":
        """Serve (again, after ``stop``: a server back from being away, on the same port, with what it kept)."""
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
