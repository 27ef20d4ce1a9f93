import AllyCore
import AllyJob
import AllyReport
import AllyWorkspace
import ArgumentParser
import Foundation

struct Job: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a job posting: gendered wording, exclusionary requirements, clichés, what is missing.")

    @OptionGroup var options: CommonOptions

    @Argument(help: "The posting (Markdown or plain text); '-' or nothing with piped input reads standard input.")
    var path: String?

    func run() throws {
        var o = try options.sessionOptions(paths: path.map { [$0] } ?? [])
        o.job = true
        if o.paths.count > 1 { throw ValidationError("ally job reviews one posting at a time") }
        let session = Session(options: o)
        try session.checkCommandLine()
        let runner = Runner(session: session)
        var failed = false
        var trouble = false
        var reviewed = 0
        runner.run { outcome in
            for n in session.notesSinceLastCheck() { warn(n) }
            for p in session.problemsSinceLastCheck() {
                warn(p.description)
                trouble = true
            }
            if let problem = outcome.problem {
                warn("ally: " + problem)
                trouble = true
                return
            }
            reviewed += 1
            if let failOn = outcome.failOn, outcome.findings.contains(where: { $0.severity >= failOn }) {
                failed = true
            }
            let review = JobReview(
                path: outcome.path, bytes: outcome.bytes, format: outcome.format, findings: outcome.findings,
                language: outcome.language, missingChecked: outcome.missingChecked,
                list: outcome.genderCodingList)
            emit(
                options.format == .json
                    ? JobReport.json(review) : JobReport.text(review, color: options.useColor(on: 1)))
        }
        for p in session.problemsSinceLastCheck() {
            warn(p.description)
            trouble = true
        }
        if reviewed == 0 && !trouble {
            warn("ally: no posting to review")
            trouble = true
        }
        if trouble { throw ExitCode(Status.trouble) }
        if failed { throw ExitCode(Status.findings) }
    }
}
