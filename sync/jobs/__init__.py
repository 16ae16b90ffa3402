"""A page's sync as a background job: running it, its heartbeat, its provider clients and the rate
budgets they spend."""
