import AllyCore
import AllyWorkspace
import Foundation

/// JSON-RPC and LSP error codes.
public enum ErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestCancelled = -32800
}

/// `window/logMessage` and `window/showMessage` types.
enum MessageType: Int {
    case error = 1
    case warning, info, log
}

/// An open document as the client last described it.
struct OpenDocument {
    var uri: String
    var languageID: String
    var version: Int
    /// Increases with every open and change, across documents: what "newest" means here.
    var serial: Int
    var text: TextDocument
    /// The file's path for `file:` URIs.
    var path: String?
    var format: InputFormat
    /// The path given to the extractors: for source files it names the comment syntax.
    var parsePath: String
}

/// The language server: reads framed JSON-RPC messages, keeps the open documents, lints them on a
/// work queue and answers hovers and code actions.
///
/// Threads: `handle` runs on the reading thread and only updates documents (under `lock`) and
/// queues work. Linting, hovers and code actions run one at a time on `work`, the only place the
/// engine (which owns the linters' buffers) is touched. Cancellation marks a queued request, which
/// then answers `RequestCancelled` instead of its result.
public final class LanguageServer: @unchecked Sendable {
    // @unchecked: mutable state is either under `lock` or only touched on `work` (marked below).
    public struct Options: Sendable {
        public var rules: RuleSources
        public var version: String
        public var workingDirectory: String

        public init(rules: RuleSources, version: String, workingDirectory: String) {
            self.rules = rules
            self.version = version
            self.workingDirectory = workingDirectory
        }
    }

    enum State { case uninitialized, running, shutDown }

    let options: Options
    private let send: @Sendable ([UInt8]) -> Void
    private let lock = NSLock()
    private let work = DispatchQueue(label: "ally.lsp.work")

    // Under `lock`:
    private var state = State.uninitialized
    private var documents: [String: OpenDocument] = [:]
    private var serial = 0
    private var pending = Set<String>()
    private var cancelled = Set<String>()
    private var debounce = 50
    private var rootDirectory: String?
    private var capabilities: JSON = [:]
    /// Set by `exit`: the status the process ends with.
    public private(set) var exitStatus: Int32?

    // Only on `work`:
    private let engine: LintEngine
    private var results: [String: (serial: Int, generation: Int, outcome: LintOutcome)] = [:]
    private var generation = 0

    /// `send` writes one framed message; it is called with the state lock held, so messages keep
    /// the order in which the server decided to send them.
    public init(options: Options, send: @escaping @Sendable ([UInt8]) -> Void) {
        self.options = options
        self.send = send
        engine = LintEngine(sources: options.rules)
        engine.report = { [unowned self] message in self.show(.warning, "ally: " + message) }
    }

    // MARK: - Output

    private func write(_ message: JSON) {
        send(FrameDecoder.frame(message.serialized()))
    }

    private func respond(_ id: JSON, _ result: JSON) {
        lock.lock()
        write(["jsonrpc": "2.0", "id": id, "result": result])
        lock.unlock()
    }

    private func respond(_ id: JSON, error code: Int, _ message: String) {
        lock.lock()
        write(["jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)]])
        lock.unlock()
    }

    private func notify(_ method: String, _ params: JSON) {
        lock.lock()
        write(["jsonrpc": "2.0", "method": .string(method), "params": params])
        lock.unlock()
    }

    func log(_ type: MessageType, _ message: String) {
        notify("window/logMessage", ["type": .int(type.rawValue), "message": .string(message)])
    }

    func show(_ type: MessageType, _ message: String) {
        notify("window/showMessage", ["type": .int(type.rawValue), "message": .string(message)])
        log(type, message)
    }

    // MARK: - Input

    /// Reads framed messages from a file descriptor until `exit` or the end of input; returns the
    /// exit status (0 after `shutdown`, 1 otherwise, as the specification asks).
    public func run(input fd: Int32) -> Int32 {
        var decoder = FrameDecoder()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        reading: while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            decoder.append(buffer[0..<n])
            while let frame = decoder.next() {
                handle(frame)
                if exitStatus != nil { break reading }
            }
        }
        // Let queued work (a shutdown's answer) reach the client before the process ends.
        work.sync {}
        lock.lock()
        defer { lock.unlock() }
        return exitStatus ?? (state == .shutDown ? 0 : 1)
    }

    /// Handles one frame from the client. Never throws: anything malformed becomes an error
    /// response or a log message, and the server goes on.
    public func handle(_ frame: Frame) {
        switch frame {
        case .malformed(let reason):
            log(.error, "ally: " + reason)
        case .message(let body):
            let message: JSON
            do { message = try JSON.parse(body) } catch {
                respond(.null, error: ErrorCode.parseError, "invalid JSON: \(error)")
                return
            }
            guard let object = message.object else {
                respond(.null, error: ErrorCode.invalidRequest, "a message must be a JSON object")
                return
            }
            let id = object["id"]
            if let id, id.requestKey == nil {
                respond(.null, error: ErrorCode.invalidRequest, "a request id must be a number or a string")
                return
            }
            guard let method = object["method"]?.string else {
                // A response to a request of ours (the server sends none it waits for): ignored.
                if id != nil, object["result"] != nil || object["error"] != nil { return }
                respond(id ?? .null, error: ErrorCode.invalidRequest, "a message needs a method")
                return
            }
            let params = object["params"] ?? .null
            if let id {
                request(id, method, params)
            } else {
                notification(method, params)
            }
        }
    }

    private func request(_ id: JSON, _ method: String, _ params: JSON) {
        lock.lock()
        let state = self.state
        lock.unlock()
        if method == "initialize" {
            guard state == .uninitialized else {
                return respond(id, error: ErrorCode.invalidRequest, "initialize was already received")
            }
            return initialize(id, params)
        }
        switch state {
        case .uninitialized:
            return respond(id, error: ErrorCode.serverNotInitialized, "the server is not initialized yet")
        case .shutDown:
            return respond(id, error: ErrorCode.invalidRequest, "the server is shut down")
        case .running: break
        }
        switch method {
        case "shutdown":
            lock.lock()
            self.state = .shutDown
            lock.unlock()
            work.async { self.respond(id, .null) }
        case "textDocument/hover":
            queue(id) { try self.hover(params) }
        case "textDocument/codeAction":
            queue(id) { try self.codeActions(params) }
        default:
            respond(id, error: ErrorCode.methodNotFound, "unknown method '\(method)'")
        }
    }

    /// Thrown by request handlers for parameters they cannot use.
    struct InvalidParams: Error {
        var message: String
    }

    /// Runs a request on the work queue, unless it is cancelled before or while it runs.
    private func queue(_ id: JSON, _ body: @escaping @Sendable () throws -> JSON) {
        let key = id.requestKey!
        lock.lock()
        pending.insert(key)
        lock.unlock()
        work.async {
            func isCancelled() -> Bool {
                self.lock.lock()
                defer { self.lock.unlock() }
                return self.cancelled.contains(key)
            }
            defer {
                self.lock.lock()
                self.pending.remove(key)
                self.cancelled.remove(key)
                self.lock.unlock()
            }
            if isCancelled() { return self.respond(id, error: ErrorCode.requestCancelled, "request cancelled") }
            let result: JSON
            do { result = try body() } catch let e as InvalidParams {
                return self.respond(id, error: ErrorCode.invalidParams, e.message)
            } catch {
                return self.respond(id, error: ErrorCode.internalError, "\(error)")
            }
            if isCancelled() { return self.respond(id, error: ErrorCode.requestCancelled, "request cancelled") }
            self.respond(id, result)
        }
    }

    private func notification(_ method: String, _ params: JSON) {
        if method == "exit" {
            lock.lock()
            exitStatus = state == .shutDown ? 0 : 1
            lock.unlock()
            return
        }
        lock.lock()
        let state = self.state
        lock.unlock()
        // Before initialize, notifications are dropped (the specification says so).
        guard state != .uninitialized else { return }
        switch method {
        case "initialized": break
        case "$/cancelRequest":
            guard let key = params["id"]?.requestKey else {
                return log(.warning, "ally: $/cancelRequest without an id")
            }
            lock.lock()
            if pending.contains(key) { cancelled.insert(key) }
            lock.unlock()
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose": didClose(params)
        case "textDocument/didSave": didSave(params)
        case "workspace/didChangeConfiguration": didChangeConfiguration(params["settings"])
        case "workspace/didChangeWatchedFiles": relintAll()
        default:
            // `$/` notifications may be ignored silently; others are worth a line in the log.
            if !method.hasPrefix("$/") { log(.log, "ally: ignoring the unknown notification '\(method)'") }
        }
    }

    // MARK: - Lifecycle

    private func initialize(_ id: JSON, _ params: JSON) {
        var problems: [String] = []
        let settings = Settings(json: params["initializationOptions"], problems: &problems)
        var root: String?
        if let uri = params["rootUri"]?.string { root = LanguageServer.path(uri: uri) }
        if root == nil, let path = params["rootPath"]?.string { root = path }
        if root == nil, let uri = params["workspaceFolders"]?.array?.first?["uri"]?.string {
            root = LanguageServer.path(uri: uri)
        }
        lock.lock()
        state = .running
        capabilities = params["capabilities"] ?? [:]
        rootDirectory = root ?? options.workingDirectory
        debounce = settings.debounceMilliseconds
        lock.unlock()
        let result: JSON = [
            "capabilities": [
                "positionEncoding": "utf-16",
                "textDocumentSync": [
                    "openClose": true, "change": 2, "save": ["includeText": false],
                ],
                "codeActionProvider": [
                    "codeActionKinds": ["quickfix", .string(LanguageServer.fixAllKind)], "resolveProvider": false,
                ],
                "hoverProvider": true,
            ],
            "serverInfo": ["name": "ally", "version": .string(options.version)],
        ]
        respond(id, result)
        for p in problems { show(.warning, "ally: " + p) }
        work.async {
            self.engine.update(settings)
            // Load (or compile) the English rules now, so the first document is linted quickly.
            _ = self.engine.lint(bytes: [], format: .text, path: nil, directory: nil, parsePath: "warm-up")
        }
    }

    static let fixAllKind = "source.fixAll.ally"

    private func didChangeConfiguration(_ settings: JSON?) {
        // Clients that pull configuration send `null` or `{}` (Neovim sends its own `settings`
        // table, often empty): that says nothing about ally, so the settings stay as they are.
        guard let settings, let object = settings.object,
            object["ally"] != nil || !Settings.keys.isDisjoint(with: object.keys)
        else { return relintAll() }
        var problems: [String] = []
        let parsed = Settings(json: settings, problems: &problems)
        for p in problems { show(.warning, "ally: " + p) }
        lock.lock()
        debounce = parsed.debounceMilliseconds
        lock.unlock()
        work.async {
            self.engine.update(parsed)
            self.generation += 1
        }
        relintAll()
    }

    // MARK: - Documents

    /// The file path of a `file:` URI (percent-decoded), nil for other schemes.
    static func path(uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.path
    }

    private func didOpen(_ params: JSON) {
        guard let item = params["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string
        else { return log(.error, "ally: didOpen without textDocument.uri and text") }
        let languageID = item["languageId"]?.string ?? ""
        let path = LanguageServer.path(uri: uri)
        let name = path ?? URL(string: uri)?.lastPathComponent ?? "untitled"
        let format = InputFormat.from(languageID: languageID, path: name)
        let parsePath = InputFormat.parsePath(languageID: languageID, path: name, format: format)
        lock.lock()
        serial += 1
        documents[uri] = OpenDocument(
            uri: uri, languageID: languageID, version: item["version"]?.int ?? 0, serial: serial,
            text: TextDocument(text: text), path: path, format: format, parsePath: parsePath)
        let s = serial
        lock.unlock()
        schedule(uri, serial: s, delay: 0)
    }

    private func didChange(_ params: JSON) {
        guard let uri = params["textDocument"]?["uri"]?.string, let changes = params["contentChanges"]?.array else {
            return log(.error, "ally: didChange without textDocument.uri and contentChanges")
        }
        lock.lock()
        guard var document = documents[uri] else {
            lock.unlock()
            return log(.error, "ally: didChange for a document that is not open: \(uri)")
        }
        for change in changes {
            guard let text = change["text"]?.string else { continue }
            if let range = change["range"], !range.isNull {
                guard let r = TextRange(json: range) else { continue }
                document.text.apply(r, text)
            } else {
                document.text.apply(nil, text)
            }
        }
        if let version = params["textDocument"]?["version"]?.int { document.version = version }
        serial += 1
        document.serial = serial
        documents[uri] = document
        let s = serial
        let delay = debounce
        lock.unlock()
        schedule(uri, serial: s, delay: delay)
    }

    private func didClose(_ params: JSON) {
        guard let uri = params["textDocument"]?["uri"]?.string else { return }
        lock.lock()
        documents[uri] = nil
        // Cleared under the lock, so no lint still running can publish after this.
        write(
            [
                "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                "params": ["uri": .string(uri), "diagnostics": []],
            ])
        lock.unlock()
        work.async { self.results[uri] = nil }
    }

    private func didSave(_ params: JSON) {
        guard let uri = params["textDocument"]?["uri"]?.string else { return }
        let name = URL(string: uri)?.lastPathComponent ?? ""
        if Config.fileNames.contains(name) { return relintAll() }
        lock.lock()
        let s = documents[uri]?.serial
        lock.unlock()
        // The configuration may have changed beside it: lint afresh.
        if let s { schedule(uri, serial: s, delay: 0, fresh: true) }
    }

    private func relintAll() {
        lock.lock()
        let open = documents.values.map { ($0.uri, $0.serial) }
        lock.unlock()
        for (uri, s) in open { schedule(uri, serial: s, delay: 0, fresh: true) }
    }

    /// Lints a document version after `delay` ms and publishes its diagnostics, unless a newer
    /// version arrived meanwhile (that one has its own lint scheduled).
    private func schedule(_ uri: String, serial s: Int, delay: Int, fresh: Bool = false) {
        let run: @Sendable () -> Void = {
            guard let document = self.current(uri), document.serial == s else { return }
            if fresh { self.results[uri] = nil }
            let outcome = self.outcome(document)
            let diagnostics = self.diagnostics(outcome, document)
            self.lock.lock()
            defer { self.lock.unlock() }
            // Newest version wins: a change that arrived while this lint ran makes it stale.
            guard self.documents[uri]?.serial == s else { return }
            let params: JSON = [
                "uri": .string(uri), "version": .int(document.version), "diagnostics": .array(diagnostics),
            ]
            self.write(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params])
        }
        if delay == 0 {
            work.async(execute: run)
        } else {
            work.asyncAfter(deadline: .now() + .milliseconds(delay), execute: run)
        }
    }

    private func current(_ uri: String) -> OpenDocument? {
        lock.lock()
        defer { lock.unlock() }
        return documents[uri]
    }

    /// The findings of a document version: linted once, then kept for hovers and code actions.
    /// Only on `work`.
    private func outcome(_ document: OpenDocument) -> LintOutcome {
        if let cached = results[document.uri], cached.serial == document.serial, cached.generation == generation {
            return cached.outcome
        }
        lock.lock()
        let root = rootDirectory
        lock.unlock()
        let outcome = engine.lint(
            bytes: document.text.bytes, format: document.format, path: document.path,
            directory: root, parsePath: document.parsePath)
        results[document.uri] = (document.serial, generation, outcome)
        return outcome
    }

    /// The open document a request names, or an invalid-params error.
    func requestedDocument(_ params: JSON) throws -> OpenDocument {
        guard let uri = params["textDocument"]?["uri"]?.string else {
            throw InvalidParams(message: "missing textDocument.uri")
        }
        guard let document = current(uri) else { throw InvalidParams(message: "document not open: \(uri)") }
        return document
    }

    // MARK: - Features (on `work`)

    private func hover(_ params: JSON) throws -> JSON {
        let document = try requestedDocument(params)
        guard let position = Position(json: params["position"]) else {
            throw InvalidParams(message: "missing position")
        }
        let outcome = outcome(document)
        lock.lock()
        let markdown =
            capabilities["textDocument"]?["hover"]?["contentFormat"]?.array.map { $0.contains("markdown") } ?? true
        lock.unlock()
        return Features.hover(at: position, outcome: outcome, document: document, markdown: markdown)
    }

    private func codeActions(_ params: JSON) throws -> JSON {
        let document = try requestedDocument(params)
        guard let range = TextRange(json: params["range"]) else { throw InvalidParams(message: "missing range") }
        let only = params["context"]?["only"]?.array?.compactMap(\.string)
        let outcome = outcome(document)
        lock.lock()
        let documentChanges = capabilities["workspace"]?["workspaceEdit"]?["documentChanges"]?.bool ?? false
        lock.unlock()
        return Features.codeActions(
            range: range, only: only, outcome: outcome, document: document, documentChanges: documentChanges)
    }

    private func diagnostics(_ outcome: LintOutcome, _ document: OpenDocument) -> [JSON] {
        Features.diagnostics(outcome, document.text)
    }
}

extension JSON {
    /// A request id as a set key: JSON-RPC ids are numbers or strings, and `1` is not `"1"`.
    var requestKey: String? {
        switch self {
        case .int(let i): return "i\(i)"
        case .double: return int.map { "i\($0)" }
        case .string(let s): return "s" + s
        default: return nil
        }
    }
}
