import AllyCore
import Foundation

/// Writes a fixed file so that nothing is ever lost or half-written: a temporary file beside the
/// original with the same permissions, flushed, then renamed over it; refused when the file changed
/// since it was read or is read-only.
public enum AtomicWrite {
    public enum Failure: Error, CustomStringConvertible {
        case changedOnDisk
        case readOnly
        case io(String)
        public var description: String {
            switch self {
            case .changedOnDisk: return "changed on disk since it was read; not overwritten"
            case .readOnly: return "read-only; fixes not written"
            case .io(let m): return "cannot write fixes: \(m); the file is unchanged"
            }
        }
    }

    /// Test hook: called after the temporary file is written, before the rename. Unsafe on purpose:
    /// only single-threaded tests set it.
    nonisolated(unsafe) public static var beforeRename: ((String) throws -> Void)?

    public static func replace(_ path: String, expected original: [UInt8], with bytes: [UInt8]) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Failure.io(String(cString: strerror(errno))) }
        // Permission bits that say read-only are honoured even where the user could override them (root).
        guard access(path, W_OK) == 0, st.st_mode & 0o222 != 0 else { throw Failure.readOnly }
        // Resolve links so the link stays a link and the target gets the change.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard case .success(let current) = Input.read(target), current == original else { throw Failure.changedOnDisk }
        let dir = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temp = (dir.isEmpty ? "." : dir) + "/.\(name).ally-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, mode_t(st.st_mode & 0o7777))
        guard fd >= 0 else { throw Failure.io(String(cString: strerror(errno))) }
        var ok = false
        defer { if !ok { unlink(temp) } }
        var written = 0
        let result: Int32 = bytes.withUnsafeBytes { buf -> Int32 in
            while written < buf.count {
                let n = write(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return 0
        }
        if result != 0 {
            close(fd)
            throw Failure.io(String(cString: strerror(result)))
        }
        fchmod(fd, st.st_mode & 0o7777)
        _ = fchown(fd, st.st_uid, st.st_gid)
        guard fsync(fd) == 0, close(fd) == 0 else { throw Failure.io(String(cString: strerror(errno))) }
        try beforeRename?(temp)
        guard rename(temp, target) == 0 else { throw Failure.io(String(cString: strerror(errno))) }
        ok = true
    }
}
