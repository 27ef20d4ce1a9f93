import AllyCore
import Foundation

/// Where rules come from and where compiled rule sets may be kept; the command line fills it in
/// from its environment (`ALLY_RULES_DIR`, the install prefix, `XDG_CACHE_HOME`).
public struct RuleSources: Sendable {
    /// The built-in rules: one folder per language plus `categories.yml`.
    public var builtIn: String?
    /// Extra rule directories or files (`--rules`, `rules:` in `.ally.yml`).
    public var extra: [String]
    /// Where compiled rule sets are cached; nil compiles every time.
    public var cacheDirectory: String?
    /// Mixed into cache keys: a new build of ally never reads an older build's cache.
    public var build: String

    public init(builtIn: String?, extra: [String] = [], cacheDirectory: String? = nil, build: String = "") {
        self.builtIn = builtIn
        self.extra = extra
        self.cacheDirectory = cacheDirectory
        self.build = build
    }
}

/// Loads rule packs (built-in and extra directories) and compiles one rule set per language on
/// demand, through the rule cache. Safe to share between threads.
public final class RuleCatalog: @unchecked Sendable {
    // @unchecked: every mutable field below is read and written under `lock`.
    public let sources: RuleSources
    private var sets: [String: RuleSet] = [:]
    private var extraPacks: [String: RulePack]?
    private var categoryList: [Category]?
    private var nameList: [String] = []

    /// Files read before any rules: the categories and the known names.
    public static func isShared(_ path: String) -> Bool {
        path.hasSuffix("/categories.yml") || path.hasSuffix("/names.yml")
    }

    /// A loader that knows the categories, names and built-in word lists.
    private func sharedLoader() -> RuleLoader {
        let categories = loadCategories()
        return RuleLoader(categories: categories, names: nameList, lists: loadLists())
    }
    private var listsByLanguage: [String: [String: [String]]]?

    /// The built-in languages' shared word lists (`Rules/<language>/lists.yml`).
    private func loadLists() -> [String: [String: [String]]] {
        if let listsByLanguage { return listsByLanguage }
        var loader = RuleLoader()
        if let root = sources.builtIn {
            for language in builtInLanguages
            where FileManager.default.fileExists(atPath: root + "/\(language)/lists.yml") {
                loader.load(path: root + "/\(language)/lists.yml", defaultLanguage: language)
            }
        }
        recorded += loader.problems
        listsByLanguage = loader.lists
        return loader.lists
    }

    /// A loader for extra rule files (`ally rules check DIR`): the categories, names and built-in lists.
    public func loaderForExtraRules() -> RuleLoader {
        lock.lock()
        defer { lock.unlock() }
        return sharedLoader()
    }
    private var recorded: [RuleProblem] = []
    private let lock = NSLock()

    public init(sources: RuleSources) {
        self.sources = sources
    }

    /// Problems met so far in rule files.
    public var problems: [RuleProblem] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// Languages with built-in rules.
    public var builtInLanguages: [String] { RuleCatalog.languages(in: sources.builtIn) }

    /// Languages with rules (built in or from extra directories).
    public var languages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return Set(builtInLanguages).union(loadExtra().keys).sorted()
    }

    /// The categories declared by the built-in `categories.yml` and by extra rule directories.
    public var categories: [Category] {
        lock.lock()
        defer { lock.unlock() }
        return loadCategories()
    }

    static func languages(in root: String?) -> [String] {
        guard let root, let entries = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return entries.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// `categories.yml` files: the built-in one first, then any in extra directories.
    private var categoryFiles: [String] {
        var files: [String] = []
        if let root = sources.builtIn { files += [root + "/categories.yml", root + "/names.yml"] }
        for dir in sources.extra { files += RuleLoader.ruleFiles(dir).filter(RuleCatalog.isShared) }
        return files.filter { FileManager.default.fileExists(atPath: $0) }
    }

    private func loadCategories() -> [Category] {
        if let categoryList { return categoryList }
        var loader = RuleLoader()
        for file in categoryFiles { loader.load(path: file) }
        recorded += loader.problems
        if sources.builtIn != nil, loader.categories.isEmpty {
            recorded.append(
                RuleProblem(
                    SourceLocation(file: (sources.builtIn ?? "") + "/categories.yml", line: 1, column: 1),
                    "no categories declared"))
        }
        categoryList = loader.categories
        nameList = loader.names
        return loader.categories
    }

    private func loadExtra() -> [String: RulePack] {
        if let extraPacks { return extraPacks }
        var loader = sharedLoader()
        for dir in sources.extra {
            loader.load(path: dir, skipping: RuleCatalog.isShared)
        }
        recorded += loader.problems
        extraPacks = loader.packs
        return loader.packs
    }

    /// A fresh loader with the built-in rules of some languages (all when nil), for `ally rules check`.
    public func loadBuiltIn(languages: Set<String>? = nil) -> RuleLoader {
        lock.lock()
        let categories = loadCategories()
        let names = nameList
        lock.unlock()
        var loader = RuleLoader(categories: categories, names: names)
        guard let root = sources.builtIn else {
            loader.report(
                RuleProblem(
                    SourceLocation(file: "Rules", line: 1, column: 1),
                    "built-in rules not found (set ALLY_RULES_DIR to the Rules directory)"))
            return loader
        }
        for language in builtInLanguages where languages?.contains(language) ?? true {
            loader.load(path: root + "/" + language, defaultLanguage: language)
        }
        return loader
    }

    /// The compiled rules of a language (nil with problems recorded when it has none).
    public func ruleSet(language: String) -> RuleSet? {
        lock.lock()
        defer { lock.unlock() }
        if let set = sets[language] { return set }
        // The compiled form is cached under a hash of every rule file that could contribute.
        var inputs: [(path: String, bytes: [UInt8])] = []
        let builtInFiles = sources.builtIn.map { RuleLoader.ruleFiles($0 + "/" + language) } ?? []
        for file in builtInFiles + categoryFiles + sources.extra.flatMap(RuleLoader.ruleFiles) {
            if let data = FileManager.default.contents(atPath: file) { inputs.append((file, [UInt8](data))) }
        }
        let cache = sources.cacheDirectory.map { RuleCache(directory: $0) }
        let key = RuleCache.key(language: language, build: sources.build, files: inputs)
        if !inputs.isEmpty, let cached = cache?.load(key: key) {
            sets[language] = cached
            return cached
        }
        let problemsBefore = recorded.count
        var loader = sharedLoader()
        if let root = sources.builtIn, builtInLanguages.contains(language) {
            loader.load(path: root + "/" + language, defaultLanguage: language)
        }
        recorded += loader.problems
        var pack = loader.packs[language] ?? RulePack(language: language)
        if let extra = loadExtra()[language] {
            // A rule from an extra directory replaces the built-in rule with the same id.
            let replaced = Set(extra.rules.map(\.id))
            pack.rules.removeAll { replaced.contains($0.id) }
            pack.rules += extra.rules
            let replacedChecks = Set(extra.checks.map(\.id))
            pack.checks.removeAll { replacedChecks.contains($0.id) }
            pack.checks += extra.checks
            if let coding = extra.genderCoding { pack.genderCoding = coding }
        }
        pack.categories = loadCategories()
        pack.knownNames = nameList
        if pack.rules.isEmpty && pack.checks.isEmpty { return nil }
        do {
            let set = try RuleSet(pack: pack)
            recorded += set.problems
            sets[language] = set
            if recorded.count == problemsBefore { cache?.save(set, key: key) }
            return set
        } catch let AllyError.rules(list) {
            recorded += list
            return nil
        } catch {
            recorded.append(RuleProblem(SourceLocation(file: "<rules>", line: 1, column: 1), "\(error)"))
            return nil
        }
    }

    /// Each language's stop words (from its `language.yml`), for recognising a text's language.
    public func stopwords() -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        var files: [(String, String?)] = []
        if let root = sources.builtIn {
            files += builtInLanguages.map { (root + "/" + $0 + "/language.yml", $0) }
        }
        for dir in sources.extra {
            files += RuleLoader.ruleFiles(dir).filter { $0.hasSuffix("/language.yml") }.map { ($0, nil) }
        }
        for (file, language) in files where FileManager.default.fileExists(atPath: file) {
            var loader = RuleLoader()
            loader.load(path: file, defaultLanguage: language)
            for (language, pack) in loader.packs where !pack.stopwords.isEmpty { out[language] = pack.stopwords }
        }
        return out
    }
}

extension RuleLoader {
    /// The `.yml`/`.yaml` files under a directory (or the file itself), sorted.
    public static func ruleFiles(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        var files: [String] = []
        if let walker = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: nil)
        {
            for case let url as URL in walker where ["yml", "yaml"].contains(url.pathExtension) {
                files.append(url.path)
            }
        }
        return files.sorted()
    }

    /// Loads every `.yml`/`.yaml` file under a directory (or a single file).
    public mutating func load(path: String, defaultLanguage: String? = nil, skipping: (String) -> Bool = { _ in false })
    {
        guard FileManager.default.fileExists(atPath: path) else {
            report(RuleProblem(SourceLocation(file: path, line: 1, column: 1), "no such file or directory"))
            return
        }
        // A language's shared lists are read before the rules that name them.
        let files = RuleLoader.ruleFiles(path).filter { !skipping($0) }
        let ordered = files.filter { $0.hasSuffix("/lists.yml") } + files.filter { !$0.hasSuffix("/lists.yml") }
        for file in ordered {
            guard let data = FileManager.default.contents(atPath: file) else {
                report(RuleProblem(SourceLocation(file: file, line: 1, column: 1), "cannot read the file"))
                continue
            }
            // Rule files are data that people write; a huge one is a mistake or an attack.
            if data.count > 4 << 20 {
                report(RuleProblem(SourceLocation(file: file, line: 1, column: 1), "rule file is larger than 4 MB"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                report(RuleProblem(SourceLocation(file: file, line: 1, column: 1), "not valid UTF-8"))
                continue
            }
            let parent = URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
            let guess =
                parent.count >= 2 && parent.count <= 3 && parent.allSatisfy(\.isLetter)
                ? parent : (defaultLanguage ?? "en")
            load(text: text, file: file, language: guess)
        }
    }
}
