import AllyCore
import Foundation

/// Reads files as ally needs them: whole, as bytes, refusing what is not UTF-8 text.
public enum Input {
    /// Why a file could not be linted.
    public struct Problem: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        /// Skipped on purpose (binary) rather than failed.
        public var isSkip = false
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads a file; checks it is UTF-8 text.
    public static func read(_ path: String) -> Result<[UInt8], Problem> {
        let fd = open(path, O_RDONLY)
        if fd < 0 { return .failure(Problem(path: path, reason: String(cString: strerror(errno)).lowercased())) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            return .failure(Problem(path: path, reason: "is a directory"))
        }
        var bytes: [UInt8] = []
        if st.st_size > 0 { bytes.reserveCapacity(Int(st.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Problem(path: path, reason: String(cString: strerror(errno)).lowercased()))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return check(bytes, path: path)
    }

    /// Reads all of standard input.
    public static func readStandardInput(name: String) -> Result<[UInt8], Problem> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(
                    Problem(path: name, reason: "cannot read standard input: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return check(bytes, path: name)
    }

    /// Refuses binary files, UTF-16 text and invalid UTF-8, naming the line of the first bad byte.
    public static func check(_ bytes: [UInt8], path: String) -> Result<[UInt8], Problem> {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return .failure(Problem(path: path, reason: "UTF-16 text is not supported; convert the file to UTF-8"))
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(
                Problem(path: path, reason: "binary file (NUL byte at line \(line(bytes, nul))), skipped", isSkip: true)
            )
        }
        if let bad = firstInvalidUTF8(bytes) {
            return .failure(
                Problem(path: path, reason: "not valid UTF-8 (line \(line(bytes, bad)), byte offset \(bad))"))
        }
        return .success(bytes)
    }

    static func line(_ bytes: [UInt8], _ offset: Int) -> Int {
        var n = 1
        for i in 0..<offset where bytes[i] == 0x0A { n += 1 }
        return n
    }

    /// Offset of the first byte that breaks UTF-8 (overlongs, surrogates and truncation included).
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? { Document.firstInvalidUTF8(bytes) }
}
