"""Run a panel's work and turn any provider failure into a friendly panel instead of an error."""
import logging
from typing import Callable

from dashboard.components.status import problem
from providers.errors import ProviderError, SignInExpired
from webapp import accounts

log = logging.getLogger(__name__)


def render_panel(provider: str, build: Callable[[], object]):
    try:
        return build()
    except SignInExpired as error:
        accounts.drop(provider)
        return problem(str(error), provider, sign_in_again=True)
    except ProviderError as error:
        log.warning("%s panel failed: %s: %s", provider, type(error).__name__, error)
        return problem(str(error))
