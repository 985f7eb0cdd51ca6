-- nbody.lua -- the lua5.4 twin of nbody.sk (bodies as arrays, no classes).
local PI = 3.14159265358979323
local SOLAR_MASS = 4 * PI * PI
local DAYS_PER_YEAR = 365.24

local function make_bodies()
  -- {x, y, z, vx, vy, vz, mass}
  return {
    {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
  }
end

local function offset_momentum(bodies)
  local px, py, pz = 0.0, 0.0, 0.0
  for _, b in ipairs(bodies) do
    local m = b[7]
    px = px + b[4] * m
    py = py + b[5] * m
    pz = pz + b[6] * m
  end
  local sun = bodies[1]
  sun[4] = -px / SOLAR_MASS
  sun[5] = -py / SOLAR_MASS
  sun[6] = -pz / SOLAR_MASS
end

local function energy(bodies)
  local e, n = 0.0, #bodies
  for i = 1, n do
    local b = bodies[i]
    e = e + 0.5 * b[7] * (b[4] * b[4] + b[5] * b[5] + b[6] * b[6])
    for j = i + 1, n do
      local b2 = bodies[j]
      local dx, dy, dz = b[1] - b2[1], b[2] - b2[2], b[3] - b2[3]
      e = e - b[7] * b2[7] / (dx * dx + dy * dy + dz * dz) ^ 0.5
    end
  end
  return e
end

local function advance(bodies, pairs, dt, steps)
  for _ = 1, steps do
    for _, p in ipairs(pairs) do
      local b1, b2 = p[1], p[2]
      local dx, dy, dz = b1[1] - b2[1], b1[2] - b2[2], b1[3] - b2[3]
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * d2 ^ 0.5)
      local m1, m2 = b1[7] * mag, b2[7] * mag
      b1[4] = b1[4] - dx * m2
      b1[5] = b1[5] - dy * m2
      b1[6] = b1[6] - dz * m2
      b2[4] = b2[4] + dx * m1
      b2[5] = b2[5] + dy * m1
      b2[6] = b2[6] + dz * m1
    end
    for _, b in ipairs(bodies) do
      b[1] = b[1] + dt * b[4]
      b[2] = b[2] + dt * b[5]
      b[3] = b[3] + dt * b[6]
    end
  end
end

local bodies = make_bodies()
local pairs = {}
for i = 1, 5 do
  for j = i + 1, 5 do pairs[#pairs + 1] = {bodies[i], bodies[j]} end
end
offset_momentum(bodies)
print(string.format("%.9f", energy(bodies)))
advance(bodies, pairs, 0.01, 250000)
print(string.format("%.9f", energy(bodies)))
