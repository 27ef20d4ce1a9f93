import AllyCore
import Foundation

/// Expands the paths given on the command line into the files to lint, in a stable order.
public struct FileWalker {
    /// Extensions linted when walking a directory; files named explicitly are always linted.
    public static let extensions: Set<String> = [
        "md", "markdown", "mdx", "txt", "text", "html", "htm", "rst", "rest",
        "adoc", "asciidoc", "asc",
    ]

    public var files: [String] = []
    public var problems: [Input.Problem] = []
    /// Glob patterns (from `.ally.yml` `exclude`) of paths to skip.
    public var exclude: [String] = []
    /// Also collect source files (their comments are linted) when walking a directory.
    public var includeSource = false
    private var visited = Set<[UInt64]>()

    public init(exclude: [String] = []) { self.exclude = exclude }

    public mutating func add(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            problems.append(
                Input.Problem(
                    path: path, reason: lstat(path, &st) == 0 ? "broken symbolic link" : "no such file or directory"))
            return
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            walk(path)
        } else {
            files.append(path)
        }
    }

    /// Files under a directory: git's view of it (honouring .gitignore) when it is in a work tree.
    private mutating func walk(_ directory: String) {
        // A directory that git ignores (or that holds only ignored files) was named on purpose: walk it.
        if let listed = FileWalker.gitFiles(directory), !listed.isEmpty {
            for f in listed where collects(f) && !FileWalker.hidden(f) && !excluded(f) {
                var st = stat()
                if stat(f, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { files.append(f) }
            }
            return
        }
        walkTree(directory)
    }

    private mutating func walkTree(_ directory: String) {
        var st = stat()
        guard stat(directory, &st) == 0 else { return }
        // A directory reached twice through links is a loop: walk it once.
        guard visited.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else { return }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            problems.append(Input.Problem(path: directory, reason: "cannot read directory"))
            return
        }
        for name in entries.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if excluded(path) { continue }
            var s = stat()
            guard stat(path, &s) == 0 else { continue }
            if (s.st_mode & S_IFMT) == S_IFDIR {
                if name == "node_modules" { continue }
                walkTree(path)
            } else if (s.st_mode & S_IFMT) == S_IFREG, collects(name) {
                files.append(path)
            }
        }
    }

    static func ext(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
        return path[path.index(after: dot)...].lowercased()
    }

    static func hidden(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { $0.hasPrefix(".") && $0 != "." && $0 != ".." }
    }

    func excluded(_ path: String) -> Bool {
        exclude.contains { Glob.matches($0, path) }
    }

    /// `git ls-files` for a directory inside a work tree, or nil outside one (or without git).
    static func gitFiles(_ directory: String) -> [String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let prefix = base == "./" ? "" : base
        var seen = Set<String>()
        return data.split(separator: 0).compactMap { raw -> String? in
            let p = prefix + String(decoding: raw, as: UTF8.self)
            return seen.insert(p).inserted ? p : nil
        }.sorted()
    }
}

/// Shell-style globs for `include`/`exclude`: `*` within a path segment, `**` across segments, `?`.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        let pat = Array(pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern)
        let s = Array(p)
        // A pattern without a slash matches at any depth, as .gitignore does.
        if !pattern.contains("/") {
            return p.split(separator: "/").contains { match(pat, Array($0)) } || match(pat, s)
        }
        return match(pat, s) || match(Array("**/") + pat, s)
    }

    static func match(_ p: [Character], _ s: [Character]) -> Bool {
        var memo = [Int: Bool]()
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (s.count + 1) + j
            if let v = memo[key] { return v }
            var result: Bool
            if i == p.count {
                result = j == s.count
            } else if p[i] == "*" {
                let double = i + 1 < p.count && p[i + 1] == "*"
                let next = double ? (i + 2 < p.count && p[i + 2] == "/" ? i + 3 : i + 2) : i + 1
                result = go(next, j)
                var k = j
                while !result && k < s.count && (double || s[k] != "/") {
                    k += 1
                    result = go(next, k) || (double && next != i + 2 && go(i + 2, k))
                }
                if !result && double && next == i + 3 { result = go(i + 3, j) }
            } else if j < s.count && (p[i] == "?" ? s[j] != "/" : p[i] == s[j]) {
                result = go(i + 1, j + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }
}
