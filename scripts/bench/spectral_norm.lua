-- spectral_norm.lua -- the lua5.4 twin of spectral_norm.sk.
local function eval_a(i, j)
  return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
end

local function mul_av(n, v)
  local out = {}
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do s = s + eval_a(i, j) * v[j + 1] end
    out[i + 1] = s
  end
  return out
end

local function mul_atv(n, v)
  local out = {}
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do s = s + eval_a(j, i) * v[j + 1] end
    out[i + 1] = s
  end
  return out
end

local function mul_atav(n, v) return mul_atv(n, mul_av(n, v)) end

local function spectral_norm(n)
  local u = {}
  for i = 1, n do u[i] = 1.0 end
  local v = u
  for _ = 1, 10 do
    v = mul_atav(n, u)
    u = mul_atav(n, v)
  end
  local vbv, vv = 0.0, 0.0
  for i = 1, n do
    vbv = vbv + u[i] * v[i]
    vv = vv + v[i] * v[i]
  end
  return (vbv / vv) ^ 0.5
end

print(string.format("%.9f", spectral_norm(400)))
