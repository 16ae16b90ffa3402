"""Redis locks owned by a random token: only their owner may release or renew them."""

# Delete the lock only if it is still ours (it may have expired and been taken by someone else).
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
# Extend the lock's life only if it is still ours.
RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
