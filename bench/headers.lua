-- wrk script: each request takes the next line of a file as its headers, wrapping around, plus the fixed
-- headers given with -H. A line is one or more "Name: value" pairs separated by tabs.
-- Usage: wrk [-H 'Name: value'] -s headers.lua URL -- FILE
local lines = {}
local next_line = 1

function init(args)
  for line in io.lines(args[1]) do
    local headers = {}
    for pair in string.gmatch(line, "[^\t]+") do
      local name, value = string.match(pair, "^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    for name, value in pairs(wrk.headers) do
      if headers[name] == nil then headers[name] = value end
    end
    lines[#lines + 1] = headers
  end
  if #lines == 0 then error("no header lines in " .. args[1]) end
end

function request()
  local headers = lines[next_line]
  next_line = next_line % #lines + 1
  return wrk.format(nil, nil, headers)
end
