-- Headless Neovim with its built-in LSP client: start `ally lsp` for the buffer, wait for its
-- diagnostics and write them to $ALLY_NVIM_OUT as "line:column:code:message", one a line.
-- Run: ALLY=… ALLY_NVIM_OUT=… nvim --headless -n -i NONE -u nvim.lua file.md
local ally = assert(os.getenv("ALLY"), "ALLY is not set")
local out = assert(os.getenv("ALLY_NVIM_OUT"), "ALLY_NVIM_OUT is not set")

local function code(d)
  if d.code then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or "?"
end

local function run()
  local buffer = vim.api.nvim_get_current_buf()
  local config = { name = "ally", cmd = { ally, "lsp" }, root_dir = vim.fn.getcwd() }
  if vim.lsp.start then
    vim.lsp.start(config) -- Neovim 0.8 and later
  else
    vim.lsp.buf_attach_client(buffer, vim.lsp.start_client(config)) -- Neovim 0.7 (Debian 12)
  end
  local found = vim.wait(30000, function() return #vim.diagnostic.get(buffer) > 0 end, 20)
  local lines = {}
  if not found then
    lines = { "TIMEOUT: no diagnostics" }
  else
    for _, d in ipairs(vim.diagnostic.get(buffer)) do
      table.insert(lines, string.format("%d:%d:%s:%s", d.lnum, d.col, code(d), d.message))
    end
  end
  vim.fn.writefile(lines, out)
  vim.cmd(found and "qall!" or "cquit!")
end

vim.api.nvim_create_autocmd("VimEnter", { callback = function() vim.schedule(run) end })
