import CAllyICU

/// ICU word and sentence segmentation for one locale; not shared between threads (use `copy()`).
public final class Breaker {
    private let handle: OpaquePointer
    public let locale: String
    private var scratch: [Int32] = []

    public init(locale: String) throws {
        var status: Int32 = 0
        guard let handle = ally_breaker_open(locale, &status) else {
            throw AllyError.icu(
                "cannot open a word break iterator for locale '\(locale)': \(String(cString: ally_status_name(status)))"
            )
        }
        self.handle = handle
        self.locale = locale
    }

    private init(handle: OpaquePointer, locale: String) {
        self.handle = handle
        self.locale = locale
    }

    /// An independent iterator for another thread; cheaper than opening a new one.
    public func copy() throws -> Breaker {
        var status: Int32 = 0
        guard let clone = ally_breaker_clone(handle, &status) else {
            throw AllyError.icu("cannot clone a break iterator: \(String(cString: ally_status_name(status)))")
        }
        return Breaker(handle: clone, locale: locale)
    }

    deinit { ally_breaker_close(handle) }

    /// Calls `body(start, end, isNumber)` for each word-like segment of `text` (UTF-16 indices).
    func words(_ text: UnsafeBufferPointer<UInt16>, _ body: (Int, Int, Bool) -> Void) {
        let length = Int32(text.count)
        if scratch.count < 3 * 64 { scratch = [Int32](repeating: 0, count: 3 * 64) }
        var status: Int32 = 0
        while true {
            let capacity = Int32(scratch.count / 3)
            let n = scratch.withUnsafeMutableBufferPointer {
                ally_words(handle, text.baseAddress, length, $0.baseAddress, capacity, &status)
            }
            if n > capacity {
                scratch = [Int32](repeating: 0, count: 3 * Int(n))
                continue
            }
            for i in 0..<Int(n) {
                body(Int(scratch[3 * i]), Int(scratch[3 * i + 1]), scratch[3 * i + 2] == Int32(ALLY_WORD_NUMBER))
            }
            return
        }
    }

    /// Exclusive end indices of the sentences of `text`.
    func sentenceEnds(_ text: UnsafeBufferPointer<UInt16>) -> [Int] {
        var ends = [Int32](repeating: 0, count: 16)
        var status: Int32 = 0
        while true {
            let capacity = Int32(ends.count)
            let n = ends.withUnsafeMutableBufferPointer {
                ally_sentences(handle, text.baseAddress, Int32(text.count), $0.baseAddress, capacity, &status)
            }
            if status != 0 { return [text.count] }
            if n > capacity {
                ends = [Int32](repeating: 0, count: Int(n))
                continue
            }
            return ends.prefix(Int(n)).map { Int($0) }
        }
    }
}

/// Unicode folding used for matching: NFKC case folding plus apostrophe variants made one.
public enum Folding {
    /// Folds `src` into `dest` (cleared first).
    static func fold(_ src: UnsafeBufferPointer<UInt16>, into dest: inout [UInt16]) {
        dest.removeAll(keepingCapacity: true)
        var ascii = true
        for u in src where u >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            for u in src { dest.append(u >= 0x41 && u <= 0x5A ? u + 0x20 : u) }
            return
        }
        var status: Int32 = 0
        var capacity = src.count * 2 + 8
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            let n = out.withUnsafeMutableBufferPointer {
                ally_fold(src.baseAddress, Int32(src.count), $0.baseAddress, Int32(capacity), &status)
            }
            if status != 0 {
                dest.append(contentsOf: src)
                return
            }
            if Int(n) > capacity {
                capacity = Int(n)
                continue
            }
            for i in 0..<Int(n) {
                let u = out[i]
                switch u {
                case 0x2019, 0x2018, 0x02BC, 0xFF07, 0x2032: dest.append(0x27)  // apostrophes → '
                case 0x2010, 0x2011: dest.append(0x2D)  // hyphens → -
                default: dest.append(u)
                }
            }
            return
        }
    }

    /// Folds a Swift string (used for pattern words, rarely on the hot path).
    public static func fold(_ s: String) -> String {
        let units = Array(s.utf16)
        var dest: [UInt16] = []
        units.withUnsafeBufferPointer { fold($0, into: &dest) }
        return String(decoding: dest, as: UTF16.self)
    }
}
