"""A message as mail clients want it: plain text first, HTML beside it, charts as inline PNG parts (cid:) that every
client shows, and RFC 8058's one-click unsubscribe headers when there is a link to leave by."""

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

# Headers written as they are up to RFC 5322's 998 characters: the SMTP policy's 78 would fold a long unsubscribe
# address into RFC 2047 encoded words, which no mail client reads in List-Unsubscribe (the body's parts are
# encoded when they are set, under SMTP's own limit).
WRITTEN = SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Image:
    cid: str  # the HTML refers to it as cid:<cid>
    png: bytes
    name: str


@dataclass(frozen=True)
class Letter:
    subject: str
    text: str
    html: str
    images: list[Image] = field(default_factory=list)
    unsubscribe: str | None = None  # the one-click link (https in production)


def domain_of(sender: str) -> str:
    return sender.rsplit("@", 1)[-1].strip(" >") or "localhost"


def compose(letter: Letter, sender: str, recipient: str) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["From"], message["To"], message["Subject"] = sender, recipient, letter.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=domain_of(sender))
    message["Auto-Submitted"] = "auto-generated"  # no vacation replies to a digest
    if letter.unsubscribe:
        message["List-Unsubscribe"] = f"<{letter.unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    if letter.images:
        html_part = message.get_payload()[1]
        for image in letter.images:
            html_part.add_related(image.png, "image", "png", cid=f"<{image.cid}>", filename=image.name)
    message.policy = WRITTEN
    return message
