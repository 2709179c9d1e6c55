"""``cxlint lsp``: diagnostics, quick fixes and fix-all for editors, over stdio (pygls).

Documents are read and checked as ``cxlint check`` reads files (``runner.check_file``), each with
the config nearest to it (``cli._PerFolder``), so suppressions, per-file ignores and every input
format behave the same. Settings come from the client (docs/lsp.md).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from urllib.parse import urlparse

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__, inputs
from .cli import Failure, _linter, _PerFolder
from .linter import Linter
from .lsp_convert import Text, diagnostics, fix_all, fix_edit
from .rules import SEVERITIES
from .runner import _excluded

DEBOUNCE = 0.3  # seconds of quiet typing before a changed document is checked again
FIX_ALL = "source.fixAll.cxlint"
LANGUAGES = {"plaintext": ".txt", "markdown": ".md", "yaml": ".yaml", "json": ".json", "jsonl": ".jsonl", "po": ".po"}
CONFIG_NAMES = {".cxlint.yaml", ".cxlint.yml", "pyproject.toml"}


class CxlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("cxlint", __version__)
        self.settings: dict = {}
        self.per_folder: _PerFolder | None = None
        self.open: set[str] = set()
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.published: dict[str, tuple[int | None, list[T.Diagnostic]]] = {}  # uri → (version, diagnostics)
        self.shown: set[str] = set()  # errors already shown, so typing does not repeat them

    def warn(self, text: str) -> None:
        logging.getLogger("cxlint").warning("%s", text)
        if text not in self.shown:
            self.shown.add(text)
            self.window_show_message(T.ShowMessageParams(T.MessageType.Error, text))

    def configure(self, options) -> None:
        opts = options if isinstance(options, dict) else {}
        opts = opts.get("cxlint", opts)
        self.settings = opts if isinstance(opts, dict) else {}
        self.per_folder, self.shown = None, set()
        level = self.settings.get("minSeverity") or "suggestion"
        if level not in SEVERITIES:
            self.warn(f"cxlint: minSeverity must be one of {', '.join(SEVERITIES)}, not {level!r}")
            self.settings["minSeverity"] = "suggestion"

    def _list(self, key: str) -> tuple[str, ...]:
        v = self.settings.get(key) or ()
        return (v,) if isinstance(v, str) else tuple(str(x) for x in v)

    def linter_for(self, path: Path) -> Linter | None:
        """The linter for a file, as ``cxlint check --config … --select … --ignore …`` would use it."""
        try:
            if self.per_folder is None:
                config = self.settings.get("config") or None
                if config and not Path(config).is_absolute() and self.workspace.root_path:
                    config = str(Path(self.workspace.root_path, config))
                select, ignore = self._list("select"), self._list("ignore")
                base = _linter(config, False, select, ignore, (), start=path.resolve().parent)
                self.per_folder = _PerFolder(base, config, False, select, ignore, ())
            return self.per_folder(path)
        except Failure as e:
            self.warn(f"cxlint: {e.message}")
            return None

    def target(self, uri: str, language_id: str | None) -> tuple[Path, str, str] | None:
        """(path, kind, shown name) of a document cxlint reads, None for any other document."""
        fs = to_fs_path(uri)
        if fs is not None:
            path = Path(fs)
            kind = path.suffix.lower()
            if kind not in inputs.SUFFIXES or path.name.startswith("."):
                return None  # hidden files (.cxlint.yaml, .pre-commit-config.yaml) are tooling, as in `check`
            root = self.workspace.root_path
            try:  # relative to the workspace, as `cxlint check` run there names it (per-file-ignores)
                shown = str(path.relative_to(root)) if root else str(path)
            except ValueError:
                shown = str(path)
            return path, kind, shown
        kind = LANGUAGES.get(language_id or "")  # an unsaved buffer: its language decides
        name = urlparse(uri).path.rsplit("/", 1)[-1] or "untitled"
        return (Path.cwd() / f"{name}{kind}", kind, name) if kind else None

    def document(self, uri: str) -> tuple[T.TextDocumentIdentifier, Text, tuple | None]:
        doc = self.workspace.get_text_document(uri)
        return doc, Text(doc.source, self.workspace.position_codec), self.target(uri, doc.language_id)

    def lint(self, uri: str) -> None:
        if (h := self.pending.pop(uri, None)) is not None:
            h.cancel()
        if uri not in self.open:
            return
        doc, text, target = self.document(uri)  # always the current text: a stale version is never checked
        diags: list[T.Diagnostic] = []
        linter = self.linter_for(target[0]) if target else None
        if target and linter and not _excluded(Path(target[2]), linter.config.exclude):
            _, kind, shown = target
            try:
                diags = diagnostics(
                    linter, Path(shown), text, kind, shown, self.settings.get("minSeverity") or SEVERITIES[0]
                )
            except Exception:  # a bug in a rule must not take the editor's server down
                logging.getLogger("cxlint").exception("checking %s failed", uri)
        self.published[uri] = (doc.version, diags)
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri, diags, doc.version))

    def schedule(self, uri: str) -> None:
        if (h := self.pending.pop(uri, None)) is not None:
            h.cancel()
        self.pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.lint, uri)

    def relint_all(self) -> None:
        for uri in list(self.open):
            self.lint(uri)

    def code_actions(self, params: T.CodeActionParams) -> list[T.CodeAction]:
        uri, only = params.text_document.uri, params.context.only
        doc, text, target = self.document(uri)
        version, diags = self.published.get(uri, (None, []))
        if version != doc.version or uri not in self.open:
            return []  # diagnostics of an older text: their edits would land in the wrong place

        def wanted(kind: str) -> bool:
            return only is None or any(kind == k or kind.startswith(k + ".") for k in only)

        def edit(edits: list[T.TextEdit]) -> T.WorkspaceEdit:
            versioned = T.OptionalVersionedTextDocumentIdentifier(uri=uri, version=doc.version)
            return T.WorkspaceEdit(document_changes=[T.TextDocumentEdit(versioned, edits)])

        out = []
        if wanted(T.CodeActionKind.QuickFix):
            for d in diags:
                if not _overlaps(d.range, params.range):
                    continue
                for n, fx in enumerate((d.data or {}).get("fixes", [])):
                    out.append(
                        T.CodeAction(
                            fx["title"],
                            kind=T.CodeActionKind.QuickFix,
                            diagnostics=[d],
                            is_preferred=n == 0 and fx["safety"] == "safe",
                            edit=edit([fix_edit(fx)]),
                        )
                    )
        # editors ask for actions on every cursor move (only=None): offer fix-all then only when a safe fix is known
        has_safe = any(fx["safety"] == "safe" for d in diags for fx in (d.data or {}).get("fixes", []))
        if wanted(FIX_ALL) and (only or has_safe) and target and (linter := self.linter_for(target[0])):
            _, kind, shown = target
            if (e := fix_all(linter, Path(shown), text, kind, shown)) is not None:
                out.append(T.CodeAction("cxlint: применить все безопасные исправления", kind=FIX_ALL, edit=edit([e])))
        return out


def _overlaps(a: T.Range, b: T.Range) -> bool:
    key = lambda p: (p.line, p.character)  # noqa: E731
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def build() -> CxlintServer:
    server = CxlintServer()

    @server.feature(T.INITIALIZE)
    def initialize(ls: CxlintServer, params: T.InitializeParams):
        ls.configure(params.initialization_options)

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CxlintServer, params: T.DidOpenTextDocumentParams):
        ls.open.add(params.text_document.uri)
        ls.lint(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CxlintServer, params: T.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CxlintServer, params: T.DidSaveTextDocumentParams):
        if Path(urlparse(params.text_document.uri).path).name in CONFIG_NAMES:
            ls.per_folder, ls.shown = None, set()  # an edited config applies from now on
            ls.relint_all()
        else:
            ls.lint(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CxlintServer, params: T.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.open.discard(uri)
        if (h := ls.pending.pop(uri, None)) is not None:
            h.cancel()
        ls.published.pop(uri, None)
        ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri, []))

    @server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: CxlintServer, params: T.DidChangeConfigurationParams):
        ls.configure(params.settings)
        ls.relint_all()

    @server.feature(
        T.TEXT_DOCUMENT_CODE_ACTION, T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix, FIX_ALL])
    )
    def code_action(ls: CxlintServer, params: T.CodeActionParams):
        return ls.code_actions(params)

    return server


def serve(log_level: str = "warning") -> None:
    """Run the server on stdin/stdout until the client says exit; logs go to stderr."""
    logging.basicConfig(stream=sys.stderr, level=log_level.upper(), format="cxlint lsp %(levelname)s: %(message)s")
    build().start_io()
