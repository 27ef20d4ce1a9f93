"""End-to-end tests of `ally lsp` driven by a real LSP client (pytest-lsp, built on pygls).

Each test starts `.build/debug/ally lsp` (or $ALLY), speaks LSP 3.17 to it over standard
input/output and checks what an editor would see: diagnostics at the right UTF-16 positions,
code actions whose edits, once applied, change the text as promised, hovers, settings,
.ally.yml reloads, cancellation and malformed input.
"""

import asyncio
import json
import os
import pathlib
import subprocess
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound, JsonRpcRequestCancelled
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
ALLY = os.environ.get("ALLY", str(ROOT / ".build/debug/ally"))

CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        configuration=False,
    ),
    text_document=types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
            version_support=True, code_description_support=True, data_support=True
        ),
        code_action=types.CodeActionClientCapabilities(
            code_action_literal_support=types.ClientCodeActionLiteralOptions(
                code_action_kind=types.ClientCodeActionKindOptions(
                    value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
                )
            ),
            is_preferred_support=True,
        ),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
    ),
)


@pytest.fixture
def workspace(tmp_path):
    # A repository root of its own, so no .ally.yml above it applies.
    (tmp_path / ".git").mkdir()
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[ALLY, "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient, workspace):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=CAPABILITIES,
            root_uri=workspace.as_uri(),
            initialization_options={"ally": {"debounceMilliseconds": 50}},
        )
    )
    yield
    await lsp_client.shutdown_session()


# Helpers -------------------------------------------------------------------------------------


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def offset(text: str, position: types.Position) -> int:
    """Index into `text` of an LSP position (UTF-16 columns; \\n, \\r\\n, \\r line breaks)."""
    lines = text.splitlines(keepends=True) or [""]
    if position.line >= len(lines):
        return len(text)
    start = sum(len(l) for l in lines[: position.line])
    line = lines[position.line].rstrip("\r\n")
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            return start + i
        units += utf16(ch)
    return start + len(line)


def apply_edits(text: str, edits) -> str:
    """Applies TextEdits the way an editor does: all ranges refer to the original text."""
    spans = sorted(((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for lo, hi, new in spans:
        text = text[:lo] + new + text[hi:]
    return text


def edits_of(action: types.CodeAction, uri: str):
    edit = action.edit
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return edit.changes[uri]


async def wait_for(predicate, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def open_doc(client, path: pathlib.Path, text: str, language: str = "markdown", version: int = 1) -> str:
    path.write_text(text, encoding="utf-8", newline="")
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )
    return uri


def change(client, uri: str, version: int, text: str, range: types.Range | None = None):
    client.diagnostics.pop(uri, None)
    event = (
        types.TextDocumentContentChangePartial(range=range, text=text)
        if range
        else types.TextDocumentContentChangeWholeDocument(text=text)
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[event]
        )
    )


async def settled(client, uri, predicate=lambda d: True, what="diagnostics"):
    """The diagnostics published for `uri` once they satisfy `predicate`."""
    await wait_for(lambda: uri in client.diagnostics and predicate(client.diagnostics[uri]), what)
    return list(client.diagnostics[uri])


def codes(diags):
    return sorted(d.code for d in diags)


async def code_actions(client, uri, range, only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


# Tests ---------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_open_publishes_diagnostics_at_utf16_positions(client: LanguageClient, workspace):
    prefix = "Hey guys 😀, café: update the "
    text = "# Notes\n\n" + prefix + "whitelist.\n"
    uri = open_doc(client, workspace / "notes.md", text)
    diags = await settled(client, uri, lambda d: len(d) >= 2)
    by_code = {d.code: d for d in diags}
    assert "tech-terms.whitelist" in by_code, codes(diags)
    w = by_code["tech-terms.whitelist"]
    assert (w.range.start.line, w.range.start.character) == (2, utf16(prefix))
    assert w.range.end.character == utf16(prefix) + len("whitelist")
    assert w.source == "ally"
    assert w.severity == types.DiagnosticSeverity.Warning
    assert w.code_description.href.endswith("Rules/README.md#tech-terms.whitelist")
    assert "allowlist" in w.message
    hey = next(d for d in diags if d.code.startswith("gender."))
    assert (hey.range.start.line, hey.range.start.character) == (2, 0)


@pytest.mark.asyncio
async def test_severities_map_to_lsp_levels(client: LanguageClient, workspace):
    # An error-level rule would need a slur in the fixture; warnings and suggestions are enough here.
    uri = open_doc(client, workspace / "levels.md", "Ask the old-timer about the whitelist.\n")
    diags = await settled(client, uri, lambda d: len(d) >= 2)
    levels = {d.code: d.severity for d in diags}
    assert levels["age.old-timer"] == types.DiagnosticSeverity.Information
    assert levels["tech-terms.whitelist"] == types.DiagnosticSeverity.Warning


@pytest.mark.asyncio
async def test_incremental_edits_update_diagnostics(client: LanguageClient, workspace):
    text = "Première ligne 😀.\r\nA calm sentence.\r\n"
    uri = open_doc(client, workspace / "edit.md", text)
    assert await settled(client, uri) == []
    # Insert after the emoji on line 0 (UTF-16 column counts the emoji as two units).
    at = types.Position(line=0, character=utf16("Première ligne 😀"))
    change(client, uri, 2, " Hey guys!", types.Range(start=at, end=at))
    diags = await settled(client, uri, lambda d: len(d) == 1, "a finding after the insertion")
    assert diags[0].range.start == types.Position(line=0, character=at.character + 1)
    # Delete it again, across nothing but the inserted words.
    end = types.Position(line=0, character=at.character + len(" Hey guys!"))
    change(client, uri, 3, "", types.Range(start=at, end=end))
    assert await settled(client, uri, lambda d: len(d) == 0, "no findings after the deletion") == []
    # A whole-document change works too.
    change(client, uri, 4, "Replace the blacklist.\n")
    diags = await settled(client, uri, lambda d: len(d) == 1)
    assert diags[0].code == "tech-terms.blacklist"


@pytest.mark.asyncio
async def test_quickfix_applied_changes_the_text(client: LanguageClient, workspace):
    text = "# Access\n\nAdd the host to a whitelist 😀 today.\n"
    uri = open_doc(client, workspace / "fix.md", text)
    diags = await settled(client, uri, lambda d: len(d) >= 1)
    d = next(d for d in diags if d.code == "tech-terms.whitelist")
    actions = await code_actions(client, uri, d.range)
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred)
    assert "allowlist" in fix.title
    assert [x.code for x in fix.diagnostics] == ["tech-terms.whitelist"]
    new = apply_edits(text, edits_of(fix, uri))
    # The article follows the new word: "a whitelist" → "an allowlist".
    assert new == "# Access\n\nAdd the host to an allowlist 😀 today.\n"
    change(client, uri, 2, new)
    diags = await settled(client, uri, lambda d: "tech-terms.whitelist" not in codes(d), "the fix to clear it")
    assert diags == []


@pytest.mark.asyncio
async def test_unsafe_fix_is_titled_and_not_preferred(client: LanguageClient, workspace):
    text = "Ask the old-timer.\n"
    uri = open_doc(client, workspace / "unsafe.md", text)
    diags = await settled(client, uri, lambda d: len(d) == 1)
    actions = await code_actions(client, uri, diags[0].range, only=[types.CodeActionKind.QuickFix])
    fix = next(a for a in actions if a.title.startswith("Replace"))
    assert not fix.is_preferred
    assert "unsafe" in fix.title and "check" in fix.title
    assert apply_edits(text, edits_of(fix, uri)) == "Ask the veteran.\n"


@pytest.mark.asyncio
async def test_fix_all_matches_ally_fix(client: LanguageClient, workspace):
    text = "# Hosts\n\nThe whitelist and the blacklist, and a whitelist 😀 again.\n\nAsk the old-timer.\n"
    uri = open_doc(client, workspace / "all.md", text)
    await settled(client, uri, lambda d: len(d) >= 4)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    actions = await code_actions(client, uri, whole, only=["source.fixAll"])
    assert [a.title for a in actions] == ["Apply all safe ally fixes"]
    assert actions[0].kind == "source.fixAll.ally"
    new = apply_edits(text, edits_of(actions[0], uri))
    expected = subprocess.run(
        [ALLY, "--fix", "--input-format", "markdown"], input=text.encode(), capture_output=True, check=False
    ).stdout.decode()
    assert new == expected
    assert "allowlist" in new and "denylist" in new and "old-timer" in new  # the unsafe fix is left alone
    # Quick fixes are not source actions: asking for source.fixAll.ally alone gives only that.
    assert all(a.kind == "source.fixAll.ally" for a in await code_actions(client, uri, whole, ["source.fixAll.ally"]))


@pytest.mark.asyncio
async def test_disable_on_this_line(client: LanguageClient, workspace):
    text = "# Welcome\n\nHey guys, welcome aboard.\n"
    uri = open_doc(client, workspace / "disable.md", text)
    diags = await settled(client, uri, lambda d: len(d) == 1)
    rule = diags[0].code
    actions = await code_actions(client, uri, diags[0].range)
    disable = next(a for a in actions if a.title == f"Disable {rule} on this line")
    new = apply_edits(text, edits_of(disable, uri))
    assert new == f"# Welcome\n\n<!-- ally-disable-next-line {rule} -->\nHey guys, welcome aboard.\n"
    change(client, uri, 2, new)
    assert await settled(client, uri, lambda d: len(d) == 0, "the directive to silence it") == []

    # Plain text appends ally-ignore to the line.
    text = "Hey guys, lunch is here.\nSecond line.\n"
    uri = open_doc(client, workspace / "note.txt", text, language="plaintext")
    diags = await settled(client, uri, lambda d: len(d) == 1)
    actions = await code_actions(client, uri, diags[0].range)
    disable = next(a for a in actions if a.title.startswith("Disable"))
    new = apply_edits(text, edits_of(disable, uri))
    assert new == f"Hey guys, lunch is here. ally-ignore: {diags[0].code}\nSecond line.\n"
    change(client, uri, 2, new)
    assert await settled(client, uri, lambda d: len(d) == 0) == []


@pytest.mark.asyncio
async def test_hover_explains_the_finding(client: LanguageClient, workspace):
    text = "Hello!\n\nWe keep a whitelist of hosts.\n"
    uri = open_doc(client, workspace / "hover.md", text)
    await settled(client, uri, lambda d: len(d) == 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=13)
        )
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert "equates white with good" in value  # the message
    assert "allowlist" in value and "Instead" in value  # the alternatives
    assert len(value.split("\n\n")) >= 4  # message, rule line, why, alternatives
    assert hover.range.start == types.Position(line=2, character=10)
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=1)
        )
    )
    assert nothing is None


@pytest.mark.asyncio
async def test_configuration_change_relints_open_documents(client: LanguageClient, workspace):
    uri = open_doc(client, workspace / "config.md", "Hey guys, the whitelist is long.\n")
    await settled(client, uri, lambda d: len(d) == 2)
    client.diagnostics.pop(uri, None)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"ally": {"disable": ["gender"], "severity": {"tech-terms.whitelist": "error"}}}
        )
    )
    diags = await settled(client, uri, lambda d: len(d) == 1, "diagnostics under the new settings")
    assert diags[0].code == "tech-terms.whitelist"
    assert diags[0].severity == types.DiagnosticSeverity.Error
    # An empty settings object (what clients that pull configuration send) keeps the settings.
    client.diagnostics.pop(uri, None)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={}))
    diags = await settled(client, uri, lambda d: True, "diagnostics after empty settings")
    assert codes(diags) == ["tech-terms.whitelist"]


@pytest.mark.asyncio
async def test_ally_yml_is_reloaded_when_it_changes(client: LanguageClient, workspace):
    config = workspace / ".ally.yml"
    config.write_text("disable: [tech-terms]\n")
    uri = open_doc(client, workspace / "docs.md", "Update the whitelist.\n")
    assert await settled(client, uri) == []
    time.sleep(0.02)  # a new modification time even on coarse clocks
    config.write_text("severity:\n  tech-terms: suggestion\n")
    # No notification about the file: the next lint sees its new modification time.
    change(client, uri, 2, "Update the whitelist again.\n")
    diags = await settled(client, uri, lambda d: len(d) == 1, "the rule back after the reload")
    assert diags[0].severity == types.DiagnosticSeverity.Information
    # Saving .ally.yml in the editor relints every open document.
    config.write_text("disable: [tech-terms.whitelist]\n")
    client.diagnostics.pop(uri, None)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )
    assert await settled(client, uri, lambda d: len(d) == 0) == []


@pytest.mark.asyncio
async def test_cancelled_request_answers_request_cancelled(client: LanguageClient, workspace):
    # A large document (1.5 MB), so the hover has to lint the new version while the cancellation arrives.
    big = "".join(f"Paragraph {i} talks about the weather today.\n\n" for i in range(30000)) + "The whitelist.\n"
    uri = open_doc(client, workspace / "big.md", big)
    await settled(client, uri, lambda d: len(d) == 1, "diagnostics of the big document")
    change(client, uri, 2, "Hey guys!\n\n" + big)
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=5)
    )
    future = client.protocol.send_request("textDocument/hover", params, msg_id="cancel-me")
    client.protocol.notify("$/cancelRequest", types.CancelParams(id="cancel-me"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wait_for(asyncio.wrap_future(future), 30)
    # The server goes on: the same hover, not cancelled, answers.
    hover = await client.text_document_hover_async(params)
    assert "guys" in hover.contents.value


@pytest.mark.asyncio
async def test_malformed_messages_are_survived(client: LanguageClient, workspace):
    writer = client.protocol.writer
    writer.write(b"Content-Lenght: 2\r\n\r\n{}")  # a misspelt header
    writer.write(b"Content-Length: 9\r\n\r\n{not json")  # invalid JSON
    writer.write(b'Content-Length: 2\r\n\r\n[]')  # not a request object
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("ally/noSuchMethod", {})
    await wait_for(
        lambda: any(m.type == types.MessageType.Error and "malformed" in m.message for m in client.log_messages),
        "a log message about the broken header",
    )
    # Still serving.
    uri = open_doc(client, workspace / "after.md", "The whitelist.\n")
    assert codes(await settled(client, uri, lambda d: len(d) == 1)) == ["tech-terms.whitelist"]


# Raw protocol, without a client library: exact error responses and version handling ----------


class Raw:
    def __init__(self, cwd):
        self.p = subprocess.Popen([ALLY, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)

    def write(self, data: bytes):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def recv(self):
        headers = {}
        while True:
            line = self.p.stdout.readline()
            assert line, "the server closed its output"
            if line == b"\r\n":
                break
            name, value = line.decode().split(":", 1)
            headers[name.lower()] = value.strip()
        return json.loads(self.p.stdout.read(int(headers["content-length"])))

    def until(self, predicate):
        while True:
            message = self.recv()
            if predicate(message):
                return message


def test_raw_errors_versions_and_exit(workspace):
    s = Raw(workspace)
    s.send({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}})
    assert s.recv()["error"]["code"] == -32002  # not initialized
    s.send({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}})
    caps = s.until(lambda m: m.get("id") == 2)["result"]["capabilities"]
    assert caps["textDocumentSync"]["change"] == 2 and caps["hoverProvider"] is True
    assert set(caps["codeActionProvider"]["codeActionKinds"]) == {"quickfix", "source.fixAll.ally"}
    s.write(b"Content-Length: 5\r\n\r\n{oops")
    error = s.until(lambda m: "error" in m)
    assert error["id"] is None and error["error"]["code"] == -32700
    s.write(b"Content-Length: x\r\n\r\n")
    log = s.until(lambda m: m.get("method") == "window/logMessage")
    assert log["params"]["type"] == 1
    s.send({"jsonrpc": "2.0", "id": 3, "method": "workspace/unknown"})
    assert s.until(lambda m: m.get("id") == 3)["error"]["code"] == -32601
    # Ten quick versions: diagnostics come for the newest only, never for one already replaced.
    uri = (workspace / "v.md").as_uri()
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "Hi"}}})
    assert s.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")["params"]["version"] == 1
    for v in range(2, 12):
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": v},
                           "contentChanges": [{"text": "Hi guys, version %d.\n" % v}]}})
    first = s.until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert first["params"]["version"] == 11
    assert first["params"]["diagnostics"][0]["code"].startswith("gender.")
    # Every lint scheduled for the replaced versions has run by now; none of them published.
    s.send({"jsonrpc": "2.0", "id": 4, "method": "shutdown"})
    seen = []
    while (m := s.recv()).get("id") != 4:
        if m.get("method") == "textDocument/publishDiagnostics":
            seen.append(m["params"]["version"])
    assert seen == [], seen
    s.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
    assert s.until(lambda m: m.get("id") == 5)["error"]["code"] == -32600  # shut down
    s.send({"jsonrpc": "2.0", "method": "exit"})
    assert s.p.wait(timeout=10) == 0
