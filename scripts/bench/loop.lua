-- loop.lua -- the lua5.4 twin of loop.sk.
local function while_loop(n)
  local i, total = 0, 0
  while i < n do
    total = total + i * 3 % 7
    if total > 1000000 then total = total - 1000000 end
    i = i + 1
  end
  return total
end

local function for_loop(n)
  local acc = 0
  for i = 0, n - 1 do
    acc = (acc + (i ~ (i >> 3))) & 0xFFFFFF
  end
  return acc
end

local function nested(n)
  local count = 0
  for i = 0, n - 1 do
    local j = 0
    while j < 100 do
      if (i + j) % 3 == 0 then count = count + 1 end
      j = j + 1
    end
  end
  return count
end

print(string.format("%d %d %d", while_loop(6000000), for_loop(6000000), nested(40000)))
