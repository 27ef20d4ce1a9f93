"""Time from a didChange notification to the publishDiagnostics of that version, for a 100 KB
Markdown document edited one character at a time (median of N runs). Not a test: a measurement.

    python3 Scripts/test-lsp/latency.py [ALLY] [RUNS] [DEBOUNCE_MS] [DOCUMENT]

Without DOCUMENT, a generated one with a finding every ~150 bytes (far denser than real docs).
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
import pathlib

ally = str(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/ally").resolve())
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
debounce = int(sys.argv[3]) if len(sys.argv) > 3 else 50


def document(size=100_000):
    parts, i = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"## Section {i}\n\nThe team reviewed the deployment notes for release {i} and agreed on the "
                     "next steps. "
                     "Add the new hosts to the whitelist before Friday, and ask the chairman to sign off.\n\n"
                     "- check the logs\n- update the dashboard 😀 for café staff\n- rotate the keys\n\n"
                     "```sh\nmake deploy\n```\n\n")
        i += 1
    return "".join(parts)


def main():
    work = tempfile.mkdtemp()
    (pathlib.Path(work) / ".git").mkdir()
    p = subprocess.Popen([ally, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=work)

    def send(obj):
        body = json.dumps(obj).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        p.stdin.flush()

    def recv():
        headers = {}
        while (line := p.stdout.readline()) != b"\r\n":
            name, value = line.decode().split(":", 1)
            headers[name.lower()] = value.strip()
        return json.loads(p.stdout.read(int(headers["content-length"])))

    def published(version):
        while True:
            m = recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                return m

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"capabilities": {}, "initializationOptions": {"ally": {"debounceMilliseconds": debounce}}}})
    while recv().get("id") != 1:
        pass
    text = pathlib.Path(sys.argv[4]).read_text(encoding="utf-8") if len(sys.argv) > 4 else document()
    uri = pathlib.Path(work, "big.md").as_uri()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    findings = len(published(1)["params"]["diagnostics"])
    times = []
    for v in range(2, runs + 2):
        # Type one character in the middle of the document.
        line = text[: len(text) // 2].count("\n")
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": v},
                         "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                                       "end": {"line": line, "character": 0}}, "text": "x"}]}})
        published(v)
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.1)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait()
    print(f"{len(text.encode()) / 1000:.0f} KB Markdown, {findings} findings, debounce {debounce} ms: "
          f"median {statistics.median(times):.1f} ms, min {min(times):.1f}, max {max(times):.1f} over {runs} changes")


main()
