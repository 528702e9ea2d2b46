"""The frontier's Redis Lua scripts: every state change of a request is one atomic script.

Why Lua: a lease must move a request from its host queue to the pending hash, take a slot of
the host's concurrency and set the host's next start time in one step, or two workers could
take the same request or exceed the host's limit between two commands. Redis runs a script
without interleaving; the clock is Redis' own (``TIME``), so the workers' clocks do not matter.
Keys are built from the prefix passed as ARGV[1] (single Redis server, not Redis Cluster).

Per site ``S`` (``P = PREFIX .. 'site:' .. S .. ':'``):
  ``P..'req'``      hash  fp -> serialized request (queued or leased, until acked)
  ``P..'q:'..host`` zset  fp -> score (priority, then arrival order): the host's queue
  ``P..'hosts'``    set   hosts that may have queued requests
  ``P..'pending'``  hash  fp -> "worker\\thost\\tsince_ms\\tscore\\turl": leased, not acked
  ``P..'done'``     set   fps acknowledged in this run (the "seen" set: marked at ack)
  ``P..'retries'``  hash  fp -> times its lease expired
  ``P..'expired'``  list  URLs whose lease expired (their fetch may have happened twice)
  ``P..'lost'``     list  URLs given up after too many expired leases
  ``P..'retried'``  list  URLs Scrapy retried (a timeout, a 503): fetched again on purpose
  ``P..'stats'``    hash  counters
  ``P..'run'``      hash  the run: seed text, options, id, start and timeout, who logs it
  ``P..'workers'``  set   holders with an open share of the run
  ``P..'totals'``   hash  the closed shares' crawl figures, summed (the run-log row)
Per host ``H``: ``PREFIX..'host:'..H..':active'`` (set of "S|fp" being fetched) and
``PREFIX..'host:'..H..':next'`` (ms before which no new fetch may start: delay, Retry-After).
``PREFIX..'frontier'``: this frontier's id, set once by the first worker (a Redis that comes
back without it lost the frontier: ``crawler.distributed.patient``).
``PREFIX..'server'`` (hash): the Redis run_id last seen, when it changed, the restart grace.
Per worker ``W``: ``PREFIX..'worker:'..W``, a key with a TTL its heartbeat renews, holding the
token of the process that has the id; leases name their holder as ``W@token``.
"""

from __future__ import annotations

# Requeue the leases of workers whose heartbeat key is gone (or leased too long ago). A lease
# names its holder as "id@token": a worker restarted with the same id has a new token, so
# the leases of the killed process still come back.
#
# A key that is merely missing proves its worker dead only if Redis was up to see it expire:
# keys expire on Redis' clock while the server is down, so after a restart longer than the
# workers' TTL every key is gone although the workers live (their heartbeats renew them as
# soon as they reach Redis again). For the workers' TTL after Redis restarted on this
# frontier's data (its run_id changed; ``PREFIX..'server'`` keeps the last one seen and the
# largest TTL a worker registered with), a missing key is no proof of death; a key that holds
# another token still is.
_REQUEUE_EXPIRED = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local restart_grace = nil
local function after_restart(prefix)
  if restart_grace ~= nil then return restart_grace end
  local server, now = prefix .. 'server', now_ms()
  local run_id = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)')
  local seen = redis.call('HGET', server, 'run_id')
  local grace = tonumber(redis.call('HGET', server, 'grace_ms') or '0')
  if seen ~= run_id then
    redis.call('HSET', server, 'run_id', run_id)
    if seen then redis.call('HSET', server, 'restarted_ms', now) end
  end
  local restarted = tonumber(redis.call('HGET', server, 'restarted_ms') or '0')
  restart_grace = restarted > 0 and now - restarted < grace
  return restart_grace
end
local function alive(prefix, holder)
  local id, token = string.match(holder, '^(.*)@(.*)$')
  if id == nil then return false end
  local current = redis.call('GET', prefix .. 'worker:' .. id)
  if current == token then return true end
  return not current and after_restart(prefix)
end
local function requeue_expired(prefix, site, p, now, lease_ms, max_retries)
  after_restart(prefix)  -- noted at once, so the grace counts from the restart
  local pend = redis.call('HGETALL', p .. 'pending')
  for i = 1, #pend, 2 do
    local fp, v = pend[i], pend[i + 1]
    local w, host, since, score, url = string.match(v, '^(.-)\\t(.-)\\t(.-)\\t(.-)\\t(.*)$')
    if not alive(prefix, w) or now - tonumber(since) > lease_ms then
      redis.call('HDEL', p .. 'pending', fp)
      redis.call('SREM', prefix .. 'host:' .. host .. ':active', site .. '|' .. fp)
      redis.call('HINCRBY', p .. 'stats', 'expired', 1)
      redis.call('RPUSH', p .. 'expired', url)
      local n = redis.call('HINCRBY', p .. 'retries', fp, 1)
      if n > max_retries then
        redis.call('HDEL', p .. 'req', fp)
        redis.call('SADD', p .. 'done', fp)
        redis.call('RPUSH', p .. 'lost', url)
        redis.call('HINCRBY', p .. 'stats', 'gave_up', 1)
      else
        redis.call('ZADD', p .. 'q:' .. host, score, fp)
        redis.call('SADD', p .. 'hosts', host)
      end
    end
  end
end
"""

# ARGV: prefix, site, fp, host, priority, data, parent_fp ('' if none)
# Returns 1 queued, 0 duplicate, 2 re-queued (a retry of its own lease).
PUSH = """
local prefix, site, fp, host = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local priority, data, parent = tonumber(ARGV[5]), ARGV[6], ARGV[7]
local p = prefix .. 'site:' .. site .. ':'
local seq = redis.call('INCR', p .. 'seq')
local score = -priority * 1e12 + seq
if parent ~= '' then
  -- Derived from a leased request (a retry keeps its fp, a redirect has a new one):
  -- that lease ends here, in the same step as its successor is queued.
  local v = redis.call('HGET', p .. 'pending', parent)
  if v then
    local w, phost = string.match(v, '^(.-)\\t(.-)\\t')
    redis.call('HDEL', p .. 'pending', parent)
    redis.call('SREM', prefix .. 'host:' .. phost .. ':active', site .. '|' .. parent)
    if parent == fp then
      redis.call('HSET', p .. 'req', fp, data)
      redis.call('ZADD', p .. 'q:' .. host, score, fp)
      redis.call('SADD', p .. 'hosts', host)
      redis.call('HINCRBY', p .. 'stats', 'retried', 1)
      redis.call('RPUSH', p .. 'retried', string.match(data, '^([^\\n]*)\\n') or '')
      return 2
    end
    redis.call('HDEL', p .. 'req', parent)
    redis.call('SADD', p .. 'done', parent)
    redis.call('HINCRBY', p .. 'stats', 'acked', 1)
  end
end
if redis.call('SISMEMBER', p .. 'done', fp) == 1 or redis.call('HEXISTS', p .. 'req', fp) == 1 then
  redis.call('HINCRBY', p .. 'stats', 'duplicates', 1)
  return 0
end
redis.call('HSET', p .. 'req', fp, data)
redis.call('ZADD', p .. 'q:' .. host, score, fp)
redis.call('SADD', p .. 'hosts', host)
redis.call('HINCRBY', p .. 'stats', 'queued', 1)
return 1
"""

# ARGV: prefix, site, holder (id@token), host_limit, delay_ms, lease_ms, max_retries
# Returns {fp, data} of the leased request, or {'', wait_ms} when nothing may start now
# ({'', -2}: the worker's heartbeat key is gone, it gets nothing).
LEASE = (
    _REQUEUE_EXPIRED
    + """
local prefix, site, worker = ARGV[1], ARGV[2], ARGV[3]
local limit, delay_ms = tonumber(ARGV[4]), tonumber(ARGV[5])
local lease_ms, max_retries = tonumber(ARGV[6]), tonumber(ARGV[7])
local p = prefix .. 'site:' .. site .. ':'
local now = now_ms()
requeue_expired(prefix, site, p, now, lease_ms, max_retries)
if not alive(prefix, worker) then
  return {'', -2}  -- taken for dead: its leases would be re-queued at once
end
local hosts = redis.call('SMEMBERS', p .. 'hosts')
local wait = -1
local n = #hosts
local start = redis.call('INCR', p .. 'rr')
for k = 0, n - 1 do
  local host = hosts[((start + k) % n) + 1]
  local q = p .. 'q:' .. host
  if redis.call('ZCARD', q) == 0 then
    redis.call('SREM', p .. 'hosts', host)
  else
    local hp = prefix .. 'host:' .. host
    local nxt = tonumber(redis.call('GET', hp .. ':next') or '0')
    if redis.call('SCARD', hp .. ':active') >= limit then
      if wait < 0 then wait = 0 end
    elseif now < nxt then
      if wait < 0 or nxt - now < wait then wait = nxt - now end
    else
      local popped = redis.call('ZPOPMIN', q)
      local fp, score = popped[1], popped[2]
      local data = redis.call('HGET', p .. 'req', fp)
      local url = string.match(data, '^([^\\n]*)\\n') or ''
      redis.call('HSET', p .. 'pending', fp,
        worker .. '\\t' .. host .. '\\t' .. now .. '\\t' .. score .. '\\t' .. url)
      redis.call('SADD', hp .. ':active', site .. '|' .. fp)
      if delay_ms > 0 then
        redis.call('SET', hp .. ':next', now + delay_ms, 'PX', delay_ms + 1000)
      end
      redis.call('HINCRBY', p .. 'stats', 'leased', 1)
      return {fp, data}
    end
  end
end
return {'', wait}
"""
)

# ARGV: prefix, site, fp, worker. Returns 1 acked, 0 the lease had expired (counted).
ACK = """
local prefix, site, fp, worker = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local p = prefix .. 'site:' .. site .. ':'
local v = redis.call('HGET', p .. 'pending', fp)
if v and string.match(v, '^(.-)\\t') == worker then
  local host = string.match(v, '^.-\\t(.-)\\t')
  redis.call('HDEL', p .. 'pending', fp)
  redis.call('SREM', prefix .. 'host:' .. host .. ':active', site .. '|' .. fp)
  redis.call('HDEL', p .. 'req', fp)
  redis.call('SADD', p .. 'done', fp)
  redis.call('HINCRBY', p .. 'stats', 'acked', 1)
  return 1
end
-- Our lease expired (we were taken for dead): the request went back to the queue. If no
-- other worker has it yet, it is done now; if one has, that worker acks it.
redis.call('HINCRBY', p .. 'stats', 'late_acks', 1)
if not v and redis.call('HEXISTS', p .. 'req', fp) == 1 then
  for _, host in ipairs(redis.call('SMEMBERS', p .. 'hosts')) do
    redis.call('ZREM', p .. 'q:' .. host, fp)
  end
  redis.call('HDEL', p .. 'req', fp)
  redis.call('SADD', p .. 'done', fp)
end
return 0
"""

# ARGV: prefix, site, worker. Puts this worker's leases back (clean stop); returns how many.
RELEASE = """
local prefix, site, worker = ARGV[1], ARGV[2], ARGV[3]
local p = prefix .. 'site:' .. site .. ':'
local pend = redis.call('HGETALL', p .. 'pending')
local n = 0
for i = 1, #pend, 2 do
  local fp, v = pend[i], pend[i + 1]
  local w, host, since, score = string.match(v, '^(.-)\\t(.-)\\t(.-)\\t(.-)\\t')
  if w == worker then
    redis.call('HDEL', p .. 'pending', fp)
    redis.call('SREM', prefix .. 'host:' .. host .. ':active', site .. '|' .. fp)
    redis.call('ZADD', p .. 'q:' .. host, score, fp)
    redis.call('SADD', p .. 'hosts', host)
    n = n + 1
  end
end
redis.call('HINCRBY', p .. 'stats', 'released', n)
return n
"""

# ARGV: prefix, site, lease_ms, max_retries. Returns {queued hosts, pending} after requeueing
# expired leases: {0, 0} means the site's run is over.
REMAINING = (
    _REQUEUE_EXPIRED
    + """
local prefix, site = ARGV[1], ARGV[2]
local p = prefix .. 'site:' .. site .. ':'
requeue_expired(prefix, site, p, now_ms(), tonumber(ARGV[3]), tonumber(ARGV[4]))
local queued = 0
for _, host in ipairs(redis.call('SMEMBERS', p .. 'hosts')) do
  queued = queued + redis.call('ZCARD', p .. 'q:' .. host)
end
return {queued, redis.call('HLEN', p .. 'pending')}
"""
)

# ARGV: prefix, site. The run's [schedule] timeout has passed: nothing queued or leased is
# given out any more (a late ack is counted as such). Returns how many requests were dropped.
TIME_OUT = """
local prefix, site = ARGV[1], ARGV[2]
local p = prefix .. 'site:' .. site .. ':'
redis.call('HSET', p .. 'run', 'timed_out', 1)
local dropped = 0
for _, host in ipairs(redis.call('SMEMBERS', p .. 'hosts')) do
  dropped = dropped + redis.call('ZCARD', p .. 'q:' .. host)
  redis.call('DEL', p .. 'q:' .. host)
end
local pend = redis.call('HGETALL', p .. 'pending')
for i = 1, #pend, 2 do
  local host = string.match(pend[i + 1], '^.-\\t(.-)\\t')
  redis.call('SREM', prefix .. 'host:' .. host .. ':active', site .. '|' .. pend[i])
  dropped = dropped + 1
end
redis.call('DEL', p .. 'hosts', p .. 'pending', p .. 'req')
redis.call('HINCRBY', p .. 'stats', 'timeout_dropped', dropped)
return dropped
"""

# ARGV: prefix, site, holder. A worker starts its share of the run; returns 1 if it is the
# first (it opens the run's run-log row).
JOIN = """
local p = ARGV[1] .. 'site:' .. ARGV[2] .. ':'
redis.call('SADD', p .. 'workers', ARGV[3])
return redis.call('HSETNX', p .. 'run', 'logged_by', ARGV[3])
"""

# ARGV: prefix, site, holder, then name, value pairs added to the run's totals. A worker's
# share of the run closed; returns 1 if the run is over and no live worker still has a share
# (this one records the run's outcome; only one ever gets 1). A share whose worker died
# adds the figures it last reported (``shares``, JSON per holder) and is counted as lost.
LEAVE = (
    _REQUEUE_EXPIRED
    + """
local prefix, site, holder = ARGV[1], ARGV[2], ARGV[3]
local p = prefix .. 'site:' .. site .. ':'
for i = 4, #ARGV, 2 do
  redis.call('HINCRBY', p .. 'totals', ARGV[i], ARGV[i + 1])
end
redis.call('SREM', p .. 'workers', holder)
redis.call('HDEL', p .. 'shares', holder)
for _, other in ipairs(redis.call('SMEMBERS', p .. 'workers')) do
  if not alive(prefix, other) then
    redis.call('SREM', p .. 'workers', other)
    local last = redis.call('HGET', p .. 'shares', other)
    if last then
      for name, n in pairs(cjson.decode(last)) do
        redis.call('HINCRBY', p .. 'totals', name, n)
      end
      redis.call('HDEL', p .. 'shares', other)
    end
    redis.call('HINCRBY', p .. 'totals', 'newsarchiver/lost_shares', 1)
  end
end
if redis.call('SCARD', p .. 'workers') > 0 then return 0 end
if redis.call('SISMEMBER', prefix .. 'sites', site) == 1 then return 0 end
return redis.call('HSETNX', p .. 'run', 'finalized', 1)
"""
)

# A worker id whose process is gone (same host, its pid not alive) goes to the new process,
# only if the key still holds the old token (ARGV: old token, new token, ttl in ms).
TAKE_OVER = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
"""

# A worker registers with its heartbeat TTL (ARGV: prefix, ttl in ms): the restart grace of
# ``_REQUEUE_EXPIRED`` is the largest one; the server's run_id is noted if none is yet.
GRACE = (
    _REQUEUE_EXPIRED
    + """
local server = ARGV[1] .. 'server'
if tonumber(redis.call('HGET', server, 'grace_ms') or '0') < tonumber(ARGV[2]) then
  redis.call('HSET', server, 'grace_ms', ARGV[2])
end
after_restart(ARGV[1])
return 1
"""
)
