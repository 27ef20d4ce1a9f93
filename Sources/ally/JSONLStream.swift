import AllyCore
import AllyReport
import AllyWorkspace
import Foundation

/// `--input-format jsonl`: one JSON object per input line (`{"id": …, "text": "…", "format": "markdown"}`),
/// one result line per input line, in order, in constant memory. A malformed or blank line yields an
/// error object for that line and the stream goes on, so ally can sit in a pipeline (xargs, GNU
/// parallel, Spark's RDD.pipe) and process millions of postings.
struct JSONLStream {
    var session: Session
    var batchSize = 256

    init(session: Session) { self.session = session }

    /// One input line's result: the JSON line (without the newline), whether a finding fails the
    /// run, and whether the line could not be linted.
    struct LineResult {
        var json = ""
        var failing = false
        var isError = false
    }

    /// What a whole stream came to.
    struct Outcome {
        var lines = 0
        var errors = 0
        var failed = false
    }

    func process(_ line: ArraySlice<UInt8>, number: Int, worker: Session.Worker) -> LineResult {
        func failure(_ json: String) -> LineResult { LineResult(json: json, isError: true) }
        // A blank line still gets its answer: one result line per input line.
        if !line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
            return failure("{\"line\": \(number), \"error\": \"blank line\"}")
        }
        let object: [String: Any]
        do {
            guard
                let parsed = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
                    as? [String: Any]
            else {
                return failure("{\"line\": \(number), \"error\": \"each line must be a JSON object\"}")
            }
            object = parsed
        } catch {
            return failure("{\"line\": \(number), \"error\": \"invalid JSON\"}")
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
            return failure("{\(idField), \"error\": \"missing \\\"text\\\" (a string)\"}")
        }
        var format = session.options.inputFormat ?? .text
        if let f = object["format"] as? String {
            guard let parsed = InputFormat(rawValue: f) else {
                return failure(
                    "{\(idField), \"error\": \"unknown format \(Wire.encode(f).dropFirst().dropLast()) (\(InputFormat.names))\"}"
                )
            }
            format = parsed
        }
        let bytes = Array(text.utf8)
        let name = (object["id"] as? String) ?? "line \(number)"
        // Documents in a stream are never written back: fixes are reported, not applied.
        let outcome = worker.lint(path: name, bytes: .success(bytes), isStandardInput: true, format: format)
        if let problem = outcome.problem { return failure("{\(idField), \"error\": \(Wire.encode(problem))}") }
        let report = FileReport(path: name, bytes: bytes, findings: outcome.findings)
        let diagnostics = outcome.findings.map { JSONReporter.diagnostic($0, report) }
        let worst = outcome.findings.map(\.severity).max()
        let failing = outcome.failOn.flatMap { f in worst.map { $0 >= f } } ?? false
        return LineResult(
            json: "{\(idField), \"diagnostics\": [" + diagnostics.joined(separator: ", ") + "]}", failing: failing)
    }

    /// Reads `input` to its end, writing results to `output`.
    func run(input: FileHandle, output: (String) -> Void) -> Outcome {
        var outcome = Outcome()
        // Each pending line with its number in the input.
        var pending: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var buffer: [UInt8] = []
        var lineNumber = 0
        let workers = max(1, min(session.options.jobs, 2))
        let workerList = (0..<workers).map { _ in session.worker() }

        func flush() {
            guard !pending.isEmpty else { return }
            var results = [LineResult](repeating: LineResult(), count: pending.count)
            let lines = pending
            let chunk = (lines.count + workers - 1) / workers
            // @unchecked: each worker thread uses only its own Worker; results are written under the lock.
            final class Box: @unchecked Sendable {
                var results: [LineResult]
                let workers: [Session.Worker]
                init(_ r: [LineResult], _ w: [Session.Worker]) {
                    results = r
                    workers = w
                }
            }
            let box = Box(results, workerList)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let worker = box.workers[w]
                var local: [(Int, LineResult)] = []
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
                output(r.json + "\n")
                outcome.lines += 1
                if r.failing { outcome.failed = true }
                if r.isError { outcome.errors += 1 }
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
                pending.append((lineNumber, ArraySlice(Array(line))))
                start = nl + 1
                if pending.count >= batchSize { flush() }
            }
            buffer.removeSubrange(0..<start)
        }
        // A last line without a newline is a line too.
        if !buffer.isEmpty {
            lineNumber += 1
            pending.append((lineNumber, ArraySlice(buffer)))
        }
        flush()
        return outcome
    }
}

private let syncLock = NSLock()
/// A tiny critical section for the batch workers.
func objc_sync(_ object: AnyObject, _ body: () -> Void) {
    syncLock.lock()
    body()
    syncLock.unlock()
}
