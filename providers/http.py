"""One HTTP session per provider client: timeouts everywhere, bounded retries for idempotent GETs."""
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# (connect, read) seconds: well inside Heroku's 30 s request limit even after retries.
TIMEOUT = (3.05, 8)
# Sign-in makes up to three calls in one browser request, each tried once: 3 x 8 s stays under 25 s.
SIGN_IN_TIMEOUT = (3.05, 5)

USER_AGENT = "social-analytics-dashboard/1.0"


def new_session(retries: int = 2) -> requests.Session:
    """A session that retries GETs on connection errors and 5xx, with backoff, a bounded number of times.

    429 is not retried here: the clients read the provider's reset header and decide.
    """
    retry = Retry(
        total=retries, connect=retries, read=retries, status=retries,
        backoff_factor=0.3,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=16)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session
