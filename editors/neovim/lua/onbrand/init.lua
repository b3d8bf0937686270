-- onbrand for Neovim: starts `onbrand lsp` for Markdown, MDX, HTML, plain text and e-mail.
--
--   require("onbrand").setup()                        -- `onbrand` on $PATH
--   require("onbrand").setup({ cmd = { "/path/to/onbrand", "lsp" } })
--
-- Works with Neovim 0.11+ (vim.lsp.config / vim.lsp.enable), 0.8–0.10 (vim.lsp.start), and
-- 0.7 (vim.lsp.start_client), so the same file serves old distribution packages and new
-- releases alike.

local M = {}

-- Neovim filetypes onbrand reads. `text` is plain text; `mail` is what Neovim calls *.eml.
M.filetypes = { "markdown", "mdx", "html", "text", "mail", "rst", "asciidoc", "org" }

M.defaults = {
  cmd = { "onbrand", "lsp" },
  -- The nearest folder holding one of these is the workspace root. onbrand itself finds the
  -- nearest onbrand.toml for every document, so the root only matters for the defaults.
  root_markers = { "onbrand.toml", ".git" },
}

-- Neovim 0.7 has no vim.fs: find the root with findfile/finddir, which search upward with ";".
local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(markers) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, dir .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h"):gsub("/%.git/?$", "")
    end
  end
  return dir
end

local clients_by_root = {} -- Neovim 0.7 only: one client per root, shared by its buffers

local function start(bufnr, opts)
  local root = find_root(bufnr, opts.root_markers)
  local config = {
    name = "onbrand",
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config("onbrand", {
      cmd = opts.cmd,
      filetypes = M.filetypes,
      root_markers = opts.root_markers,
      on_attach = opts.on_attach,
      capabilities = opts.capabilities,
    })
    vim.lsp.enable("onbrand")
    return
  end
  local group = vim.api.nvim_create_augroup("onbrand", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.filetypes,
    callback = function(args)
      start(args.buf, opts)
    end,
  })
end

return M
