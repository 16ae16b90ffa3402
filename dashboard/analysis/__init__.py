"""Numbers worked out from stored records, for the panels: streams from samples, milestones."""
