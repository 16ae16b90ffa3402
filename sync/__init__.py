"""Provider-neutral machinery: the record store, daily snapshots, sync jobs; plus each provider's sync plan."""
