-- Drives the Condense language server from a real Neovim (0.7 API, headless).
-- Run by test/unit/editors.test.ts as:
--   nvim --headless -u NONE -i NONE -n -c "luafile test/editors/neovim.lua"
-- Input comes from the environment:
--   CONDENSE_STUDY     a fresh copy of sample/ (the client's root_dir)
--   CONDENSE_SERVER    absolute path of dist/server.js
--   CONDENSE_NODE      the node binary (defaults to "node")
--   CONDENSE_MODE      "features" (completion, hover, definition, diagnostics)
--                      or "rename" (rename facilitate -> preparing, then :wall)
--   CONDENSE_TITLE     title of the code `facilitate` in the codebook
--   CONDENSE_DEF_LINE  0-based line of the `{#facilitate}` heading in codebook.md
-- Every check prints "PASS <name>" or "FAIL <name>: <why>" on stdout; the run ends with
-- :qa! when all passed and :cquit (exit code 1) otherwise.

local failures = 0

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local check_buffer -- the transcript's buffer, where every check starts

local function check(name, fn)
  if check_buffer and vim.api.nvim_buf_is_valid(check_buffer) then vim.api.nvim_set_current_buf(check_buffer) end
  local ok, err = pcall(fn)
  if ok then
    out('PASS ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. ': ' .. tostring(err))
  end
  return ok
end

local function finish()
  if failures == 0 then
    out('DONE ok')
    vim.cmd('qa!')
  else
    out('DONE ' .. failures .. ' failed')
    vim.cmd('cquit')
  end
end

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == '' then
    if default ~= nil then return default end
    error('environment variable ' .. name .. ' is not set')
  end
  return v
end

local function show(v)
  return vim.inspect(v, { newline = ' ', indent = '' })
end

--- A byte column of `line` as an LSP character in `encoding`, and back.
local function to_character(line, byte, encoding)
  if encoding == 'utf-8' then return byte end
  local c32, c16 = vim.str_utfindex(line, byte)
  return encoding == 'utf-32' and c32 or c16
end
local function to_byte(line, character, encoding)
  if encoding == 'utf-8' then return character end
  return vim.str_byteindex(line, character, encoding ~= 'utf-32')
end

--- Position (0-based line, character in `encoding`) of the first occurrence of the plain
--- string `needle` in the buffer, plus `delta` bytes: what the client sends.
local function find_position(bufnr, needle, delta, encoding)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    local s = line:find(needle, 1, true)
    if s then
      return { line = i - 1, character = to_character(line, s - 1 + (delta or 0), encoding) }
    end
  end
  error('text not found in buffer: ' .. needle)
end

local function main()
  local study = env('CONDENSE_STUDY')
  local server = env('CONDENSE_SERVER')
  local node = env('CONDENSE_NODE', 'node')
  local mode = env('CONDENSE_MODE', 'features')
  local title = env('CONDENSE_TITLE')
  local def_line = tonumber(env('CONDENSE_DEF_LINE'))
  local codebook = study .. '/codebook.md'
  local transcript = study .. '/transcripts/fg1.md'

  local client_id = vim.lsp.start_client({
    name = 'condense',
    cmd = { node, server, '--stdio' },
    root_dir = study,
    handlers = {
      -- Keep server log lines out of the (headless) message area.
      ['window/logMessage'] = function() end,
      ['window/showMessage'] = function(_, result)
        out('server message: ' .. show(result))
      end,
    },
    on_exit = function(code, signal)
      if code ~= 0 then out('server exited: code ' .. tostring(code) .. ', signal ' .. tostring(signal)) end
    end,
  })
  if not client_id then error('vim.lsp.start_client failed') end

  vim.cmd('edit ' .. vim.fn.fnameescape(transcript))
  local bufnr = vim.api.nvim_get_current_buf()
  check_buffer = bufnr
  if not vim.lsp.buf_attach_client(bufnr, client_id) then error('buf_attach_client failed') end

  local client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(20000, function() return client.initialized == true end, 20) then
    error('server did not initialize within 20 s')
  end
  local enc = client.offset_encoding or 'utf-16'
  out('INFO offset_encoding ' .. enc)

  -- No waiting for the index: the checks ask at once, as a user who types right away
  -- does. The server indexes the study after `initialized` and holds every request that
  -- needs the whole study until it is read, so the first answers are already complete.

  local uri = vim.uri_from_bufnr(bufnr)
  local function params_at(pos)
    return { textDocument = { uri = uri }, position = pos }
  end
  local function request(method, params)
    local resp, why = client.request_sync(method, params, 10000, bufnr)
    if not resp then error(method .. ': no response (' .. tostring(why) .. ')') end
    if resp.err then error(method .. ': ' .. show(resp.err)) end
    return resp.result
  end

  if mode == 'features' then
    check('completion', function()
      -- Right after `{.` of the unit `[...]{.shift}`: every code of the codebook.
      local pos = find_position(bufnr, ']{.shift}', 3, enc)
      local result = request('textDocument/completion', params_at(pos))
      local items = result and (result.items or result) or {}
      local labels = {}
      for _, item in ipairs(items) do labels[item.label] = true end
      for _, want in ipairs({ 'facilitate', 'challenges', 'shift', 'benefits' }) do
        if not labels[want] then error('no item ' .. want .. ' among ' .. show(vim.tbl_keys(labels))) end
      end
      out('INFO completion items ' .. #items)
    end)

    check('completion-prefix', function()
      -- After `.fa` in `{#mu-fg1-02 .facilitate}`: the item replaces the whole class.
      local pos = find_position(bufnr, ' .facilitate}', 4, enc)
      local result = request('textDocument/completion', params_at(pos))
      local items = result and (result.items or result) or {}
      local item
      for _, it in ipairs(items) do
        if it.label == 'facilitate' then item = it end
      end
      if not item then error('no item facilitate') end
      local te = item.textEdit
      if not te or te.newText ~= 'facilitate' then error('unexpected textEdit ' .. show(te)) end
      local want_start = pos.character - 2
      if te.range.start.character ~= want_start or te.range['end'].character ~= want_start + #'facilitate' then
        error('textEdit range ' .. show(te.range) .. ' does not cover the class at ' .. show(pos))
      end
    end)

    check('hover', function()
      local pos = find_position(bufnr, ' .facilitate}', 3, enc)
      local result = request('textDocument/hover', params_at(pos))
      if not result then error('no hover') end
      local lines = vim.lsp.util.convert_input_to_markdown_lines(result.contents)
      local text = table.concat(lines, '\n'):gsub('\\', '')
      if not text:find(title, 1, true) then error('hover does not mention "' .. title .. '": ' .. text) end
    end)

    check('definition', function()
      local pos = find_position(bufnr, ' .facilitate}', 3, enc)
      local result = request('textDocument/definition', params_at(pos))
      if not result then error('no definition') end
      local loc = result.uri and result or result.targetUri and result or result[1]
      if not loc then error('empty definition ' .. show(result)) end
      local target_uri = loc.uri or loc.targetUri
      local range = loc.range or loc.targetSelectionRange
      if vim.uri_to_fname(target_uri) ~= codebook then error('definition in ' .. target_uri .. ', not ' .. codebook) end
      if range.start.line ~= def_line then
        error('definition at line ' .. range.start.line .. ', heading is on line ' .. def_line)
      end
      -- And let the editor jump there with its own code.
      if not vim.lsp.util.jump_to_location(loc, enc) then error('jump_to_location failed') end
      local name = vim.api.nvim_buf_get_name(0)
      local row = vim.api.nvim_win_get_cursor(0)[1] - 1
      local text = vim.api.nvim_get_current_line()
      if name ~= codebook or row ~= def_line or not text:find('{#facilitate}', 1, true) then
        error('jumped to ' .. name .. ':' .. row .. ' "' .. text .. '"')
      end
    end)

    check('diagnostics', function()
      local before = vim.diagnostic.get(bufnr)
      for _, d in ipairs(before) do
        if d.code == 'unknown-code' then error('unknown-code before the edit: ' .. show(d)) end
      end
      -- Non-ASCII before the class: the diagnostic's columns only land on it if both
      -- sides count UTF-16 code units.
      local line = 'P5: Bjørn — “café” [some text]{.nosuchcode}'
      local n = vim.api.nvim_buf_line_count(bufnr)
      vim.api.nvim_buf_set_lines(bufnr, n, n, false, { '', line })
      local found
      local ok = vim.wait(15000, function()
        for _, d in ipairs(vim.diagnostic.get(bufnr)) do
          if d.code == 'unknown-code' then
            found = d
            return true
          end
        end
        return false
      end, 20)
      if not ok then error('no unknown-code diagnostic within 15 s; have ' .. show(vim.diagnostic.get(bufnr))) end
      if found.severity ~= vim.diagnostic.severity.ERROR then error('severity ' .. tostring(found.severity)) end
      if found.lnum ~= n + 1 then error('diagnostic on line ' .. found.lnum .. ', expected ' .. (n + 1)) end
      local marked = line:sub(found.col + 1, found.end_col)
      if not marked:find('nosuchcode', 1, true) then
        error('diagnostic columns ' .. found.col .. '-' .. found.end_col .. ' mark "' .. marked .. '", not the class')
      end
      out('INFO diagnostic marks "' .. marked .. '": ' .. found.message)
    end)
  elseif mode == 'rename' then
    local pos = find_position(bufnr, ' .facilitate}', 3, enc)
    check('prepareRename', function()
      local result = request('textDocument/prepareRename', params_at(pos))
      if not result then error('null') end
      local range = result.range or result
      local line = vim.api.nvim_buf_get_lines(bufnr, range.start.line, range.start.line + 1, false)[1]
      local s = to_byte(line, range.start.character, enc)
      local e = to_byte(line, range['end'].character, enc)
      local text = line:sub(s + 1, e)
      if text ~= 'facilitate' and text ~= '.facilitate' then error('range marks "' .. text .. '"') end
    end)
    check('rename', function()
      local params = params_at(pos)
      params.newName = 'preparing'
      local result = request('textDocument/rename', params)
      if not result then error('null WorkspaceEdit') end
      local files = {}
      for u in pairs(result.changes or {}) do table.insert(files, vim.uri_to_fname(u)) end
      for _, dc in ipairs(result.documentChanges or {}) do table.insert(files, vim.uri_to_fname(dc.textDocument.uri)) end
      table.sort(files)
      out('INFO rename edits ' .. (result.documentChanges and 'documentChanges' or 'changes') .. ': ' .. table.concat(files, ', '))
      vim.lsp.util.apply_workspace_edit(result, enc)
      vim.cmd('wall')
      for _, b in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_is_loaded(b) and vim.api.nvim_buf_get_option(b, 'modified') then
          error('buffer still modified after :wall: ' .. vim.api.nvim_buf_get_name(b))
        end
      end
    end)
  else
    error('unknown CONDENSE_MODE ' .. mode)
  end
end

local ok, err = pcall(main)
if not ok then
  failures = failures + 1
  out('FAIL setup: ' .. tostring(err))
end
finish()
