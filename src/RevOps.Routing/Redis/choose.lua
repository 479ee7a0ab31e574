-- Choose a rep and take their slot in one step: capacity check, weighted round-robin by deficit, load increment.
-- Same integer arithmetic as FairRotation: eligible reps earn floor(weight * scale / total weight), the rep with the most
-- credit wins (ties: higher weight, then candidate order) and pays back what was handed out.
-- KEYS[1] ready marker, KEYS[2] credit hash, KEYS[3] load hash, KEYS[4] sequence counter,
-- KEYS[3 + 2i] / KEYS[4 + 2i]: day / week counter of candidate i.
-- ARGV[1] candidate count, ARGV[2] day-counter ttl (s), ARGV[3] week-counter ttl (s), ARGV[4] credit scale,
-- then per candidate: id, weight, max open leads, daily cap (-1: none), weekly cap (-1: none).
-- Returns {'not_ready'} when the state has not been rebuilt, else
-- {'ok', chosen id or '', sequence, then per candidate: verdict, open, day, week, then the credit hash as field/value pairs}.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'not_ready'}
end

local n = tonumber(ARGV[1])
local standing = redis.call('HGETALL', KEYS[2])
local known, sum, count = {}, 0, 0
for i = 1, #standing, 2 do
  local credit = tonumber(standing[i + 1])
  known[standing[i]] = credit
  sum = sum + credit
  count = count + 1
end
local average = 0
if count > 0 then
  average = math.floor(sum / count)
end

local scale = tonumber(ARGV[4])
local verdicts, opens, days, weeks, weights, credits = {}, {}, {}, {}, {}, {}
local totalWeight, handedOut, best = 0, 0, nil
for i = 1, n do
  local base = 5 + (i - 1) * 5
  local id, weight = ARGV[base], tonumber(ARGV[base + 1])
  local maxOpen, dailyCap, weeklyCap = tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
  local open = tonumber(redis.call('HGET', KEYS[3], id) or 0)
  local day = tonumber(redis.call('GET', KEYS[3 + 2 * i]) or 0)
  local week = tonumber(redis.call('GET', KEYS[4 + 2 * i]) or 0)
  opens[i], days[i], weeks[i] = open, day, week
  if open >= maxOpen then
    verdicts[i] = 'at_capacity'
  elseif dailyCap >= 0 and day >= dailyCap then
    verdicts[i] = 'daily_cap'
  elseif weeklyCap >= 0 and week >= weeklyCap then
    verdicts[i] = 'weekly_cap'
  else
    verdicts[i] = 'passed_over'
    weights[i] = weight
    totalWeight = totalWeight + weight
  end
end

for i = 1, n do
  if weights[i] ~= nil then
    local earned = math.floor(weights[i] * scale / totalWeight)
    credits[i] = (known[ARGV[5 + (i - 1) * 5]] or average) + earned
    handedOut = handedOut + earned
    if best == nil or credits[i] > credits[best] or (credits[i] == credits[best] and weights[i] > weights[best]) then
      best = i
    end
  end
end

local chosen, sequence = '', 0
if best ~= nil then
  credits[best] = credits[best] - handedOut
  for i = 1, n do
    if credits[i] ~= nil then
      redis.call('HSET', KEYS[2], ARGV[5 + (i - 1) * 5], credits[i])
    end
  end
  chosen = ARGV[5 + (best - 1) * 5]
  verdicts[best] = 'chosen'
  redis.call('HINCRBY', KEYS[3], chosen, 1)
  redis.call('INCR', KEYS[3 + 2 * best])
  redis.call('EXPIRE', KEYS[3 + 2 * best], tonumber(ARGV[2]))
  redis.call('INCR', KEYS[4 + 2 * best])
  redis.call('EXPIRE', KEYS[4 + 2 * best], tonumber(ARGV[3]))
  sequence = redis.call('INCR', KEYS[4])
end

local reply = {'ok', chosen, sequence}
for i = 1, n do
  reply[#reply + 1] = verdicts[i]
  reply[#reply + 1] = opens[i]
  reply[#reply + 1] = days[i]
  reply[#reply + 1] = weeks[i]
end
local after = redis.call('HGETALL', KEYS[2])
for i = 1, #after do
  reply[#reply + 1] = after[i]
end
return reply
