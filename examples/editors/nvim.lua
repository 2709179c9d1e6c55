-- Neovim 0.11+: cxlint as a language server for replies and reply templates.
-- Put this in init.lua (or ~/.config/nvim/lsp/cxlint.lua without the vim.lsp.config wrapper).
-- Needs `pip install 'cxlint[lsp]'` and `cxlint` on PATH (or give the full path in cmd).
vim.lsp.config('cxlint', {
  cmd = { 'cxlint', 'lsp' },            -- add '--log-level', 'debug' to see more in :LspLog
  filetypes = { 'text', 'markdown', 'yaml', 'json', 'po' },
  root_markers = { '.cxlint.yaml', 'pyproject.toml', '.git' },
  -- sent with workspace/didChangeConfiguration; changing them re-lints open buffers
  settings = {
    cxlint = {
      -- config = 'ci/cxlint.yaml',    -- like --config, relative to the root
      -- select = { 'negative', 'timeline', 'pricing' },
      ignore = {},
      minSeverity = 'suggestion',       -- suggestion | warning | error
    },
  },
})
vim.lsp.enable('cxlint')

-- Quick fixes: vim.lsp.buf.code_action() on a diagnostic (default mapping `gra`).
-- Every safe fix in the buffer at once:
vim.keymap.set('n', '<leader>cf', function()
  vim.lsp.buf.code_action({ context = { only = { 'source.fixAll.cxlint' }, diagnostics = {} }, apply = true })
end, { desc = 'cxlint: apply all safe fixes' })

-- Older Neovim (0.8–0.10), without vim.lsp.config:
-- vim.api.nvim_create_autocmd('FileType', {
--   pattern = { 'text', 'markdown', 'yaml', 'json', 'po' },
--   callback = function(ev)
--     vim.lsp.start({
--       name = 'cxlint',
--       cmd = { 'cxlint', 'lsp' },
--       root_dir = vim.fs.root(ev.buf, { '.cxlint.yaml', 'pyproject.toml', '.git' }),
--       settings = { cxlint = { minSeverity = 'suggestion' } },
--     })
--   end,
-- })
