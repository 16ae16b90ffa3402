"""A page's sync as a background job: running it, who syncs which dataset (claims), its heartbeat, and
its provider clients."""
