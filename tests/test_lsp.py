"""`cxlint lsp` driven by a real LSP client (pygls) over stdio, in a subprocess, as an editor does."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as T
from pygls.lsp.client import LanguageClient

WAIT = 60  # seconds before a missing answer fails the test instead of hanging it; never asserted on

HOUSE_RULE = """\
id: bureaucratese.aforesaid
title: «В связи с вышеизложенным» вместо «поэтому»
severity: suggestion
message: "«{match}» — канцелярит; скажите «поэтому»."
why: Так пишут в протоколах, а не людям.
match: "в связи с вышеизложенным"
fix:
  safety: safe
  replace: "поэтому"
examples:
  - bad: "[[В связи с вышеизложенным]] заказ отменён."
    fixed: "Поэтому заказ отменён."
  - good: Поэтому заказ отменён.
"""


class Session:
    """One server process, the diagnostics and messages it sent, and what an editor does with them."""

    def __init__(self, root: Path):
        self.root = root
        self.client = LanguageClient("cxlint-test", "1")
        self.diags: dict[str, list[T.PublishDiagnosticsParams]] = {}
        self.messages: list[str] = []
        self.arrived = asyncio.Condition()

        @self.client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def publish(params: T.PublishDiagnosticsParams):
            async with self.arrived:
                self.diags.setdefault(params.uri, []).append(params)
                self.arrived.notify_all()

        @self.client.feature(T.WINDOW_SHOW_MESSAGE)
        async def show(params: T.ShowMessageParams):
            async with self.arrived:
                self.messages.append(params.message)
                self.arrived.notify_all()

    async def start(self, encodings: list[str] | None = None, options: dict | None = None) -> T.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "cxlint", "lsp", cwd=str(self.root))
        caps = T.ClientCapabilities(general=T.GeneralClientCapabilities(position_encodings=encodings))
        result = await asyncio.wait_for(
            self.client.initialize_async(
                T.InitializeParams(capabilities=caps, root_uri=self.root.as_uri(), initialization_options=options)
            ),
            WAIT,
        )
        self.client.initialized(T.InitializedParams())
        return result

    async def stop(self) -> int:
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), WAIT)
        return self.client._server.returncode

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def until(self, done):
        async with self.arrived:
            await asyncio.wait_for(self.arrived.wait_for(done), WAIT)

    async def diagnostics(self, uri: str, version: int, after: int = 0) -> list[T.Diagnostic]:
        """The first diagnostics for ``version`` published after the first ``after`` ones."""

        def got():
            return next((p for p in self.diags.get(uri, [])[after:] if p.version == version), None)

        await self.until(got)
        return list(got().diagnostics)

    def open(self, name: str, text: str, language: str = "plaintext", version: int = 1) -> str:
        uri = self.uri(name)
        item = T.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        self.client.text_document_did_open(T.DidOpenTextDocumentParams(item))
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        doc = T.VersionedTextDocumentIdentifier(uri=uri, version=version)
        whole = T.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(T.DidChangeTextDocumentParams(doc, [whole]))

    async def actions(self, uri: str, rng: T.Range, only: list[str] | None = None) -> list[T.CodeAction]:
        ctx = T.CodeActionContext(diagnostics=[], only=only)
        params = T.CodeActionParams(T.TextDocumentIdentifier(uri), rng, ctx)
        return await asyncio.wait_for(self.client.text_document_code_action_async(params), WAIT) or []


def units(s: str, encoding: str) -> int:
    return len(s.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(s.encode(encoding))


def position(text: str, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """(line, character) of a code-point offset, counted as an LSP client counts in that encoding."""
    line = text.count("\n", 0, offset)
    return line, units(text[text.rfind("\n", 0, offset) + 1 : offset], encoding)


def apply(text: str, edit: T.WorkspaceEdit, uri: str, version: int, encoding: str = "utf-16") -> str:
    """Apply a WorkspaceEdit as an editor does (positions in the negotiated encoding, versioned edits)."""
    (change,) = edit.document_changes
    assert change.text_document.uri == uri and change.text_document.version == version
    lines = text.split("\n")

    def offset(p: T.Position) -> int:
        before = sum(len(x) + 1 for x in lines[: p.line])
        line, n, units_seen = lines[p.line], 0, 0
        while units_seen < p.character:
            units_seen += units(line[n], encoding)
            n += 1
        return before + n

    for e in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


TXT = "Привет 😀👍! Заявка принята, ответим в ближайшее время.\nСпасибо, что написали."
PHRASE = "в ближайшее время"


def rules_of(diags: list[T.Diagnostic]) -> list[str]:
    return [d.code for d in diags]


async def _utf16_session(root: Path) -> None:
    s = Session(root)
    result = await s.start()
    assert result.capabilities.position_encoding == "utf-16"
    assert "source.fixAll.cxlint" in result.capabilities.code_action_provider.code_action_kinds

    # a finding after two emoji: its range is in UTF-16 units (each emoji is two)
    uri = s.open("reply.txt", TXT)
    diags = await s.diagnostics(uri, 1)
    (d,) = [d for d in diags if d.code == "timeline.nearest-time"]
    start = TXT.index(PHRASE)
    assert (d.range.start.line, d.range.start.character) == position(TXT, start)
    assert (d.range.end.line, d.range.end.character) == position(TXT, start + len(PHRASE))
    assert d.source == "cxlint" and d.severity == T.DiagnosticSeverity.Warning and d.message.startswith("«")

    # the quick fix replaces exactly the phrase; re-linting the result no longer reports it
    actions = await s.actions(uri, d.range, only=[T.CodeActionKind.QuickFix])
    (fix,) = [a for a in actions if d in a.diagnostics]
    assert fix.kind == T.CodeActionKind.QuickFix and "добавит [срок]" in fix.title
    fixed = apply(TXT, fix.edit, uri, 1)
    assert fixed == TXT.replace(PHRASE, "до [срок]")
    s.change(uri, 2, fixed)
    diags = await s.diagnostics(uri, 2)
    assert "timeline.nearest-time" not in rules_of(diags)
    assert "template.unfilled-slot" in rules_of(diags)  # the slot must be filled before sending

    # typing: two quick changes; the last text is what gets checked
    s.change(uri, 3, "Мы решим вопрос.")
    s.change(uri, 4, "Мы решим вопрос до 18:00 пятницы.")
    assert await s.diagnostics(uri, 4) == []

    # a YAML file with two messages: findings on their own lines
    yml = "greeting: Здравствуйте!\nanswer: Ожидайте ответа.\nprice: Ремонт стоит от 1 500 ₽.\n"
    yuri = s.open("replies.yaml", yml, "yaml")
    ydiags = await s.diagnostics(yuri, 1)
    by_line = {d.code: d.range.start.line for d in ydiags}
    assert by_line["timeline.wait"] == 1 and by_line["pricing.from-price"] == 2
    price = next(d for d in ydiags if d.code == "pricing.from-price")
    assert price.range.start.character == yml.split("\n")[2].index("от 1 500")

    # a display-only suggestion is shown in the message, never offered as an edit
    suri = s.open("stock.txt", "Этой модели нет в наличии.")
    (sd,) = await s.diagnostics(suri, 1)
    assert sd.code == "negative.out-of-stock" and "\nsuggestion: «нет в наличии» → «" in sd.message
    assert [a for a in await s.actions(suri, sd.range) if a.kind == T.CodeActionKind.QuickFix] == []

    # a settings change re-lints open documents
    s.change(uri, 5, TXT)
    assert "timeline.nearest-time" in rules_of(await s.diagnostics(uri, 5))
    seen = len(s.diags[uri])
    s.client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(settings={"cxlint": {"ignore": ["timeline"]}})
    )
    diags = await s.diagnostics(uri, 5, after=seen)
    assert not [c for c in rules_of(diags) if c.startswith("timeline.")]

    # closing clears the document's diagnostics
    s.client.text_document_did_close(T.DidCloseTextDocumentParams(T.TextDocumentIdentifier(yuri)))
    await s.until(lambda: s.diags[yuri][-1].version is None and not s.diags[yuri][-1].diagnostics)
    assert await s.stop() == 0


def test_utf16_session(tmp_path):
    asyncio.run(_utf16_session(tmp_path))


async def _utf8_session(root: Path) -> None:
    (root / "house" / "bureaucratese").mkdir(parents=True)
    (root / "house" / "bureaucratese" / "aforesaid.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    # the shipped bureaucratese.above-said says the same: leave it to the house rule here
    (root / ".cxlint.yaml").write_text("rules: [house]\nignore: [bureaucratese.above-said]\n", encoding="utf-8")
    s = Session(root)
    result = await s.start(encodings=["utf-8", "utf-16"])
    assert result.capabilities.position_encoding == "utf-8"

    # the config next to the file brings the house rule; positions are counted in UTF-8 bytes
    text = "Привет 😀! В связи с вышеизложенным заказ отменён, ответим в ближайшее время."
    uri = s.open("a.txt", text)
    diags = await s.diagnostics(uri, 1)
    assert sorted(rules_of(diags)) == ["bureaucratese.aforesaid", "timeline.nearest-time"]
    d = next(d for d in diags if d.code == "timeline.nearest-time")
    assert (d.range.start.line, d.range.start.character) == position(text, text.index(PHRASE), "utf-8")

    # fix-all applies the safe fix only, as `cxlint fix` does
    whole = T.Range(T.Position(0, 0), T.Position(1, 0))
    (fix_all,) = await s.actions(uri, whole, only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.cxlint"
    assert apply(text, fix_all.edit, uri, 1, "utf-8") == text.replace("В связи с вышеизложенным", "Поэтому")
    assert {a.kind for a in await s.actions(uri, whole)} == {"quickfix", "source.fixAll.cxlint"}
    quick = await s.actions(uri, whole, only=[T.CodeActionKind.QuickFix])
    assert sorted(a.title.startswith("«В связи с вышеизложенным» → «Поэтому»") for a in quick) == [False, True]

    # a fix inside a JSON string is written as JSON (the escaped quotes stay escaped)
    js = '{"reply": "Ваш \\"заказ\\" принят, ответим в ближайшее время."}'
    juri = s.open("b.json", js, "json")
    (jd,) = [d for d in await s.diagnostics(juri, 1) if d.code == "timeline.nearest-time"]
    (jfix,) = [a for a in await s.actions(juri, jd.range) if a.kind == T.CodeActionKind.QuickFix]
    assert json.loads(apply(js, jfix.edit, juri, 1, "utf-8")) == {"reply": 'Ваш "заказ" принят, ответим до [срок].'}

    # broken YAML: one error at its line, and the server goes on
    yuri = s.open("c.yaml", "greeting: Здравствуйте\nanswer: [Ожидайте\nprice: 5\n", "yaml")
    (yd,) = await s.diagnostics(yuri, 1)
    assert yd.severity == T.DiagnosticSeverity.Error and yd.message.startswith("invalid YAML")
    assert yd.range.start.line == 2  # the CLI says c.yaml:3

    # minSeverity hides suggestions
    seen = len(s.diags[uri])
    s.client.workspace_did_change_configuration(T.DidChangeConfigurationParams({"cxlint": {"minSeverity": "warning"}}))
    assert rules_of(await s.diagnostics(uri, 1, after=seen)) == ["timeline.nearest-time"]

    # a missing config file: the CLI's one line, shown to the user; the server keeps running
    missing = root / "missing.yaml"
    cli = subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--config", str(missing), "a.txt"],
        cwd=root,
        capture_output=True,
        text=True,
        input="",
    )
    assert cli.returncode == 2
    seen = len(s.diags[uri])
    s.client.workspace_did_change_configuration(T.DidChangeConfigurationParams({"cxlint": {"config": str(missing)}}))
    assert await s.diagnostics(uri, 1, after=seen) == []  # no findings from a config that is not there
    assert s.messages == [cli.stderr.strip()]
    seen = len(s.diags[uri])
    s.client.workspace_did_change_configuration(T.DidChangeConfigurationParams({"cxlint": {}}))
    assert len(await s.diagnostics(uri, 1, after=seen)) == 2
    assert await s.stop() == 0


def test_utf8_session_fix_all_json_and_errors(tmp_path):
    asyncio.run(_utf8_session(tmp_path))


def _run(code: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, input=stdin)


def test_without_pygls_one_line_and_exit_2():
    r = _run("import sys; sys.modules['pygls'] = None; from cxlint.cli import main; main(['lsp'])")
    assert r.returncode == 2
    assert r.stderr == "cxlint: cxlint lsp needs pygls: pip install 'cxlint[lsp]'\n"


def test_check_does_not_import_pygls():
    code = (
        "import sys\nfrom cxlint.cli import main\ntry:\n    main(['check', '-'])\n"
        "except SystemExit:\n    pass\nprint('pygls' in sys.modules)"
    )
    r = _run(code, "Ожидайте ответа.")
    assert r.stdout.strip().endswith("False") and "timeline.wait" in r.stdout


def test_bom_and_astral_characters_before_a_finding():
    from pygls.workspace.position_codec import PositionCodec

    from cxlint import linter
    from cxlint.lsp_convert import Text, diagnostics

    source = "\ufeff😀 Ответим в ближайшее время."  # an editor that keeps the BOM counts it too
    (d,) = diagnostics(linter.default(), Path("a.txt"), Text(source, PositionCodec()), ".txt", "a.txt")
    start = position(source, source.index(PHRASE))
    assert (d.range.start.line, d.range.start.character) == start == (0, 12)  # BOM 1 + 😀 2 + 9
    (fix,) = d.data["fixes"]
    assert fix["range"]["start"] == {"line": 0, "character": 12} and fix["newText"] == "до [срок]"
