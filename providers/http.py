"""One HTTP session per provider client: timeouts everywhere, bounded retries for idempotent GETs, one deadline."""

import time
from collections.abc import Callable

import requests
from requests.adapters import HTTPAdapter

# (connect, read) seconds. A provider that takes the connection and never answers costs three tries with their
# backoff, 3 x 5 + 0.9 = 15.9 s: inside a sync's deadline (SYNC_DEADLINE_SECONDS, 16 by default), which the
# page learns of within 25 s (Heroku's router gives up on a request at 30 s).
TIMEOUT = (3.05, 5)
# Sign-in makes up to three calls in one browser request, each tried once: 3 x 8 s stays under 25 s.
SIGN_IN_TIMEOUT = (3.05, 5)
ATTEMPTS = 3
RETRY_STATUSES = (500, 502, 503, 504)
BACKOFF_SECONDS = 0.3  # then 0.6 before the third try

USER_AGENT = "social-analytics-dashboard/1.0"


class DeadlinePassed(requests.Timeout):
    """The sync's deadline came before the provider answered."""


class Deadline:
    """How long a sync still waits for its provider: one per sync, shared by all its requests and threads.

    Every request's timeouts, retries and waits fit in what is left. Each answer from the provider moves
    the deadline on by ``seconds``: a long walk that keeps getting pages is never cut, while a provider that
    stops answering ends every waiting request of the sync by the same moment.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._until = time.monotonic() + seconds

    def answered(self) -> None:
        self._until = time.monotonic() + self.seconds

    def left(self) -> float:
        return self._until - time.monotonic()

    def timeout(self, usual: tuple[float, float] = TIMEOUT) -> tuple[float, float]:
        """The ``usual`` (connect, read) timeouts, cut to what is left; DeadlinePassed when nothing is."""
        left = self.left()
        if left <= 0:
            raise DeadlinePassed("the sync's deadline passed")
        return min(usual[0], left), min(usual[1], left)


def get_with_retries(
    send: Callable[[tuple[float, float]], requests.Response], deadline: Deadline | None = None
) -> requests.Response:
    """``send(timeout)`` tried up to ATTEMPTS times on network errors and 5xx, with backoff, within ``deadline``.

    Only for idempotent GETs. Returns the last reply; raises the last network error when none came.
    429 is not retried here: the clients read the provider's reset header and decide.
    """
    last: requests.Response | requests.RequestException | None = None
    for attempt in range(ATTEMPTS):
        if attempt:
            backoff = BACKOFF_SECONDS * 2 ** (attempt - 1)
            if deadline and deadline.left() <= backoff:
                break
            time.sleep(backoff)
        try:
            last = send(deadline.timeout() if deadline else TIMEOUT)
        except requests.RequestException as error:
            last = error
            continue
        if deadline:
            deadline.answered()
        if last.status_code not in RETRY_STATUSES:
            return last
    if isinstance(last, requests.Response):
        return last
    raise last or DeadlinePassed("the sync's deadline passed")


def new_session() -> requests.Session:
    """A pooled session sized for the syncs of a worker's threads (a Celery worker runs 4 rounds of up to 8
    datasets at once); retries are the caller's (see get_with_retries)."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=0, pool_maxsize=48)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session
