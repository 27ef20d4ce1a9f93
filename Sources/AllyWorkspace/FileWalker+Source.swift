import AllyCore

extension FileWalker {
    /// Whether walking a directory lints this file: a document by its extension, or a source file when asked for.
    func collects(_ path: String) -> Bool {
        FileWalker.extensions.contains(FileWalker.ext(path)) || (includeSource && InputFormat.isSourceFile(path: path))
    }
}
