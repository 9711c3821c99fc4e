-- wrk script: the Get Ticket request ticketreport sends (bearer style, multipart form with
-- ticketid and repliessort), one ticket id after another, so the load generator asks for the
-- same tickets in the same shape as `ticketreport ingest`. TICKETS (env) is the id range.
local boundary = "ticketreport-wrk-boundary"
local tickets = tonumber(os.getenv("TICKETS") or "1000")
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  -- Each thread walks the ids from its own starting point.
  next_id = (offset * 7919) % tickets + 1
end

request = function()
  local id = next_id
  next_id = next_id + 1
  if next_id > tickets then next_id = 1 end
  local body = "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"ticketid\"\r\n\r\n" .. id .. "\r\n"
    .. "--" .. boundary .. "\r\n"
    .. "Content-Disposition: form-data; name=\"repliessort\"\r\n\r\nASC\r\n"
    .. "--" .. boundary .. "--\r\n"
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "sim-token"),
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["Accept"] = "application/json",
    ["X-Requested-With"] = "XMLHttpRequest",
  }, body)
end
