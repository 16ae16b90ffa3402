"""What a sync fetches, per provider: the plan every dataset sync follows, Twitch's and X's, and the follower walk."""
