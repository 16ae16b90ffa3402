"""What Redis keeps for the app, and may lose: cached datasets and their decoded reads, the view memo,
walk checkpoints, the claims on datasets being synced (and their progress), the keys naming an account,
and the snapshots earlier versions kept."""
