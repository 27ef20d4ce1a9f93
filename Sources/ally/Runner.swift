import AllyCore
import AllyReport
import AllyWorkspace
import Foundation

/// Runs a session over its inputs: worker threads, one per core by default, with outcomes handed to
/// the caller in input order from the calling thread, so output streams and never interleaves.
final class Runner {
    let session: Session
    /// How many files the run lints (known once `run` has expanded the paths).
    private(set) var fileCount = 0

    init(session: Session) { self.session = session }

    var options: SessionOptions { session.options }

    /// Lints every input, calling `each` in input order.
    func run(_ each: (FileOutcome) -> Void) {
        if options.readStandardInput {
            runStandardInput(each)
            return
        }
        let (files, walkProblems) = session.files()
        fileCount = files.count
        for p in walkProblems { each(FileOutcome(path: p.path, problem: p.description)) }
        let workers = max(1, min(options.jobs, files.count))
        let large = Set(files.indices.filter { session.linksInPieces(files[$0]) })
        let main = session.worker()
        if workers == 1 {
            for (i, f) in files.enumerated() {
                if large.contains(i) {
                    runLargeFile(f, worker: main, each)
                    continue
                }
                each(main.lint(path: f, bytes: Input.read(f), isStandardInput: false))
            }
            return
        }
        // Workers take the next file; results are handed over in order, at most `window` ahead.
        final class Handoff: @unchecked Sendable {
            // @unchecked: every field is read and written with `condition` locked.
            let condition = NSCondition()
            var next = 0, emitted = 0
            var results: [Int: FileOutcome] = [:]
        }
        let shared = Handoff()
        let window = 64
        let owner = session
        for _ in 0..<workers {
            let t = Thread {
                let worker = owner.worker()
                while true {
                    shared.condition.lock()
                    while shared.next < files.count && shared.next >= shared.emitted + window {
                        shared.condition.wait()
                    }
                    guard shared.next < files.count else {
                        shared.condition.unlock()
                        break
                    }
                    let i = shared.next
                    shared.next += 1
                    shared.condition.unlock()
                    // Large files are linted in pieces by the thread that writes the output, in turn.
                    let outcome =
                        large.contains(i)
                        ? FileOutcome(path: files[i])
                        : worker.lint(path: files[i], bytes: Input.read(files[i]), isStandardInput: false)
                    shared.condition.lock()
                    shared.results[i] = outcome
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
            t.stackSize = 8 << 20
            t.start()
        }
        var emitted = 0
        while emitted < files.count {
            shared.condition.lock()
            while shared.results[emitted] == nil { shared.condition.wait() }
            let outcome = shared.results.removeValue(forKey: emitted)!
            emitted += 1
            shared.emitted = emitted
            shared.condition.broadcast()
            shared.condition.unlock()
            if large.contains(emitted - 1) {
                runLargeFile(files[emitted - 1], worker: main, each)
                continue
            }
            each(outcome)
        }
    }

    /// Standard input: Markdown and text are read and linted in pieces (bounded memory, findings as
    /// they are found); HTML, job reviews and diffs need the whole text at once.
    private func runStandardInput(_ each: (FileOutcome) -> Void) {
        let worker = session.worker()
        let name = options.standardInputName
        let format = options.inputFormat ?? .text
        var wholeInput = !format.canBeReadInPieces || options.job
        switch options.fix {
        case .none, .apply: break
        case .diff: wholeInput = true
        }
        if wholeInput {
            each(worker.lint(path: name, bytes: Input.readStandardInput(name: name), isStandardInput: true))
            return
        }
        worker.lintInPieces(fd: 0, name: name, format: format, isStandardInput: true, each)
    }

    /// A large file, linted in pieces on the calling thread.
    private func runLargeFile(_ path: String, worker: Session.Worker, _ each: (FileOutcome) -> Void) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            each(FileOutcome(path: path, problem: "\(path): \(String(cString: strerror(errno)).lowercased())"))
            return
        }
        defer { close(fd) }
        worker.lintInPieces(
            fd: fd, name: path, format: options.inputFormat ?? InputFormat.guess(path: path),
            isStandardInput: false, each)
    }
}

extension FileOutcome {
    /// The report reporters see for this outcome.
    var report: FileReport {
        var r = FileReport(path: path, bytes: bytes, findings: findings, notes: notes)
        r.baseOffset = baseOffset
        r.baseLine = baseLine
        r.baseColumn = baseColumn
        r.isContinuation = isContinuation
        return r
    }
}
