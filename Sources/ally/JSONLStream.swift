import AllyCore
import AllyReport
import AllyWorkspace
import Foundation

/// `--input-format jsonl`: one JSON object per input line (`{"id": …, "text": "…", "format": "markdown"}`),
/// one result line per input line, in order, in constant memory. A malformed line yields an error
/// object for that line and the stream goes on, so ally can sit in a pipeline (xargs, GNU parallel,
/// Spark's RDD.pipe) and process millions of postings.
struct JSONLStream {
    var session: Session
    var batchSize = 256

    init(session: Session) { self.session = session }

    /// One input line's result, as a JSON line (without the newline), and its worst severity.
    func process(_ line: ArraySlice<UInt8>, number: Int, worker: Session.Worker) -> (String, Severity?) {
        let object: [String: Any]
        do {
            guard
                let parsed = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
                    as? [String: Any]
            else {
                return ("{\"line\": \(number), \"error\": \"each line must be a JSON object\"}", nil)
            }
            object = parsed
        } catch {
            return ("{\"line\": \(number), \"error\": \"invalid JSON\"}", nil)
        }
        let idField: String
        if let id = object["id"],
            let data = try? JSONSerialization.data(withJSONObject: id, options: [.fragmentsAllowed])
        {
            idField = "\"id\": " + String(decoding: data, as: UTF8.self)
        } else {
            idField = "\"line\": \(number)"
        }
        guard let text = object["text"] as? String else {
            return ("{\(idField), \"error\": \"missing \\\"text\\\" (a string)\"}", nil)
        }
        var format = session.options.inputFormat ?? .text
        if let f = object["format"] as? String {
            guard let parsed = InputFormat(rawValue: f) else {
                return (
                    "{\(idField), \"error\": \"unknown format \(Wire.encode(f).dropFirst().dropLast()) (\(InputFormat.names))\"}",
                    nil
                )
            }
            format = parsed
        }
        let bytes = Array(text.utf8)
        let name = (object["id"] as? String) ?? "line \(number)"
        // Documents in a stream are never written back: fixes are reported, not applied.
        let outcome = worker.lint(path: name, bytes: .success(bytes), isStandardInput: true, format: format)
        if let problem = outcome.problem { return ("{\(idField), \"error\": \(Wire.encode(problem))}", nil) }
        let report = FileReport(path: name, bytes: bytes, findings: outcome.findings)
        let diagnostics = outcome.findings.map { JSONReporter.diagnostic($0, report) }
        let worst = outcome.findings.map(\.severity).max()
        let failing = outcome.failOn.flatMap { f in worst.flatMap { $0 >= f ? $0 : nil } }
        return ("{\(idField), \"diagnostics\": [" + diagnostics.joined(separator: ", ") + "]}", failing)
    }

    /// Reads `input` to its end, writing results to `output`; returns whether any finding fails the run.
    func run(input: FileHandle, output: (String) -> Void) -> Bool {
        var failed = false
        // Each pending line with its number in the input (blank lines are skipped but counted).
        var pending: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var buffer: [UInt8] = []
        var lineNumber = 0
        let workers = max(1, min(session.options.jobs, 2))
        let workerList = (0..<workers).map { _ in session.worker() }

        func flush() {
            guard !pending.isEmpty else { return }
            var results = [(String, Severity?)](repeating: ("", nil), count: pending.count)
            let lines = pending
            let chunk = (lines.count + workers - 1) / workers
            // @unchecked: each worker thread uses only its own Worker; results are written under the lock.
            final class Box: @unchecked Sendable {
                var results: [(String, Severity?)]
                let workers: [Session.Worker]
                init(_ r: [(String, Severity?)], _ w: [Session.Worker]) {
                    results = r
                    workers = w
                }
            }
            let box = Box(results, workerList)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let worker = box.workers[w]
                var local: [(Int, (String, Severity?))] = []
                let lo = w * chunk
                let hi = min(lines.count, lo + chunk)
                if lo < hi {
                    for i in lo..<hi {
                        local.append((i, process(lines[i].bytes, number: lines[i].number, worker: worker)))
                    }
                }
                objc_sync(box) {
                    for (i, r) in local { box.results[i] = r }
                }
            }
            results = box.results
            for r in results {
                output(r.0 + "\n")
                if r.1 != nil { failed = true }
            }
            pending.removeAll(keepingCapacity: true)
        }

        while true {
            let data = input.availableData
            if data.isEmpty { break }
            buffer.append(contentsOf: data)
            var start = 0
            while let nl = buffer[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                var line = buffer[start..<nl]
                if line.last == 0x0D { line = line.dropLast() }
                // Blank lines carry no object; they still count as lines so errors name the right one.
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    pending.append((lineNumber, ArraySlice(Array(line))))
                }
                start = nl + 1
                if pending.count >= batchSize { flush() }
            }
            buffer.removeSubrange(0..<start)
        }
        if buffer.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
            lineNumber += 1
            pending.append((lineNumber, ArraySlice(buffer)))
        }
        flush()
        return failed
    }
}

private let syncLock = NSLock()
/// A tiny critical section for the batch workers.
func objc_sync(_ object: AnyObject, _ body: () -> Void) {
    syncLock.lock()
    body()
    syncLock.unlock()
}
