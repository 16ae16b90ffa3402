"""Where a message goes: an SMTP server (SMTP_URL) or, with none configured, an .eml file in the outbox directory.

A send either returns (the server took it), raises ``TryLater`` (a 4xx answer, a server away or timing out: the
outbox tries again), or raises ``Refused`` (a 5xx answer: trying again would get the same).
"""

import logging
import smtplib
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core.config import LOOPBACK_HOSTS, Config

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20


class TryLater(Exception):
    """The server could not take the message now."""


class Refused(Exception):
    """The server refused the message for good."""


class SmtpTransport:
    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS):
        parts = urlsplit(url)
        self.implicit_tls = parts.scheme == "smtps"
        self.host, self.port = parts.hostname, parts.port or (465 if self.implicit_tls else 587)
        self.user, self.password = unquote(parts.username or ""), unquote(parts.password or "")
        self.timeout = timeout
        self.description = f"{parts.scheme}://{self.host}:{self.port}"  # never the credentials

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.implicit_tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        client.ehlo()
        if client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        elif self.host not in LOOPBACK_HOSTS:
            client.close()  # a password or a digest in the clear over the internet: no
            raise Refused(f"{self.description} offers no STARTTLS")
        return client

    def send(self, sender: str, recipient: str, body: bytes, message_id: str) -> None:
        try:
            with self._connect() as client:
                if self.user:
                    client.login(self.user, self.password)
                client.sendmail(sender, [recipient], body)
        except smtplib.SMTPRecipientsRefused as error:
            code = next(iter(error.recipients.values()))[0]
            raise (TryLater if 400 <= code < 500 else Refused)(f"recipient refused ({code})") from None
        except smtplib.SMTPResponseException as error:
            kind = TryLater if 400 <= error.smtp_code < 500 else Refused
            raise kind(f"{self.description} answered {error.smtp_code}") from None
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            raise TryLater(f"{self.description}: {type(error).__name__}") from None


class DirectoryTransport:
    """Each message as ``<time>-<message id>.eml``, written whole then renamed in place: a reader never sees half."""

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self.description = "the outbox directory"

    def send(self, sender: str, recipient: str, body: bytes, message_id: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in ".-_" else "_" for c in message_id.strip("<>"))[:120]
        target = self.directory / f"{name}.eml"
        partial = target.with_suffix(".part")
        partial.write_bytes(body)
        partial.replace(target)  # the same message again overwrites its file: one file per message


def transport_for(config: Config):
    return SmtpTransport(config.smtp_url) if config.smtp_url else DirectoryTransport(config.outbox_dir)
