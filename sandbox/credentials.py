"""Well-known app credentials the sandbox accepts; public on purpose, they unlock nothing real."""

X_CONSUMER_KEY = "sandbox-x-consumer-key"
X_CONSUMER_SECRET = "sandbox-x-consumer-secret"

TWITCH_CLIENT_ID = "sandboxtwitchclientid0000000000"
TWITCH_CLIENT_SECRET = "sandboxtwitchclientsecret000000"
