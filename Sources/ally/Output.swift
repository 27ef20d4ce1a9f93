import Foundation

/// Checked writes to standard output and standard error. Foundation's `FileHandle.write` stops the
/// process with a crash when a write fails (a full disk, `/dev/full`, an I/O error); these say what
/// went wrong in one line and end with exit status 2 instead.
enum Output {
    /// Set once a message could not be written to standard error: the run then exits with status 2.
    private static let lost = LockedFlag()

    static var lostMessages: Bool { lost.value }

    /// Writes every byte of `bytes` to `fd`, retrying on interruption; returns how many bytes were
    /// written and, when not all were, the error number.
    static func write(_ fd: Int32, _ bytes: [UInt8]) -> (written: Int, error: Int32?) {
        var written = 0
        let error: Int32? = bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                // A write that makes no progress would loop for ever; treat it as no space.
                if n == 0 { return ENOSPC }
                written += n
            }
            return nil
        }
        return (written, error)
    }

    /// The reason for an error number, as ally words it elsewhere ("no space left on device").
    static func reason(_ error: Int32) -> String { String(cString: strerror(error)).lowercased() }

    /// A closed pipe ends the run quietly, as if the default SIGPIPE action had done it (`ally … | head`).
    static func closedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(Status.trouble)
    }

    /// Writes report text to standard output; a failure ends the run with one line and status 2.
    static func report(_ text: String) {
        guard !text.isEmpty else { return }
        guard let error = write(1, Array(text.utf8)).error else { return }
        if error == EPIPE { closedPipe() }
        message("ally: cannot write to standard output: \(reason(error))\n")
        exit(Status.trouble)
    }

    /// Writes to standard error; a failure is remembered (the run then exits with status 2).
    static func message(_ text: String) {
        guard !text.isEmpty else { return }
        if write(2, Array(text.utf8)).error != nil { lost.set() }
    }

    /// Writes `bytes` to standard output whole or not at all: when the write fails part way and
    /// standard output is a regular file, the file is cut back to where it was. Returns why it failed.
    static func whole(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        var st = stat()
        let regular = fstat(1, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        let appending = fcntl(1, F_GETFL) & O_APPEND != 0
        let start: off_t = regular ? lseek(1, 0, appending ? SEEK_END : SEEK_CUR) : -1
        let (written, error) = write(1, bytes)
        guard let error else { return nil }
        if error == EPIPE { closedPipe() }
        var left = written
        if left > 0, start >= 0, ftruncate(1, start) == 0 {
            left = 0
            _ = lseek(1, start, SEEK_SET)
        }
        if left == 0 { return "the fixed text was not written: \(reason(error))" }
        return "the fixed text was cut short: \(reason(error)) after \(left) of \(bytes.count) bytes"
    }

    /// Process-wide setup: a file size limit makes writes fail with an error instead of killing ally.
    static func prepare() {
        signal(SIGXFSZ, SIG_IGN)
    }
}

/// A flag set from any thread.
final class LockedFlag: @unchecked Sendable {
    // @unchecked: `flag` is only read and written with `lock` held.
    private let lock = NSLock()
    private var flag = false

    var value: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }

    func set() {
        lock.lock()
        flag = true
        lock.unlock()
    }
}
