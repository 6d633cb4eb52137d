import Foundation
import HudrelayAPI
import HudrelayStore
import Testing

@testable import HudrelayCLI

/// `JobContext.fields` is the one definition of the job context: the CLI's options, the CI reader,
/// the upload's query parameters and the contract all follow it.
@Suite("Job context fields")
struct JobContextFieldsTests {
    /// A value each field accepts.
    static func sample(_ field: JobContextField) -> String {
        if case .number(let range) = field.kind { return String(range.lowerBound + 1) }
        if case .choice(let words) = field.kind { return words[1] }
        if case .timestamp = field.kind { return "2026-12-01T08:30:00Z" }
        return "v-" + field.name
    }

    @Test("every field has its option, and reaches the upload's query and the job's JSON body")
    func options() throws {
        var arguments: [String] = []
        for field in JobContext.fields { arguments += [field.flag, Self.sample(field)] }
        let options = try ContextOptions.parse(arguments)
        let draft = try options.draft(environment: [:])
        for field in JobContext.fields { #expect(draft[field.key] == Self.sample(field), "\(field.flag)") }
        let items = try draft.queryItems()
        #expect(items.map(\.name) == JobContext.fields.map(\.name))
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(try draft.jobJSON().utf8)) as? [String: Any])
        for field in JobContext.fields {
            if case .number = field.kind {
                #expect((body[field.name] as? NSNumber)?.stringValue == Self.sample(field), "\(field.name)")
            } else {
                #expect(body[field.name] as? String == Self.sample(field), "\(field.name)")
            }
        }
        // The server reads the same query back into the same context.
        let query = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.value ?? "") })
        let context = try JobContext { query[$0] }
        for field in JobContext.fields { #expect(context[field: field.key] == Self.sample(field)) }
        #expect(ContextOptions.helpMessage().contains("Accelerator card type"))
    }

    @Test("the CI reader fills only what the options left empty")
    func environment() throws {
        let env = [
            "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "ibm/torch-spyre", "GITHUB_SHA": "abc",
            "GITHUB_RUN_ATTEMPT": "2", "GITHUB_REF": "refs/pull/17/merge", "GITHUB_HEAD_REF": "fix",
            "RUNNER_NAME": "r1", "GITHUB_EVENT_NAME": "pull_request",
        ]
        let draft = try ContextOptions.parse(["--sha", "def"]).draft(environment: env)
        #expect(draft[.eventType] == "pull_request")
        #expect(draft[.repo] == "ibm/torch-spyre")
        #expect(draft[.sha] == "def")
        #expect(draft[.attempt] == "2")
        #expect(draft[.pr] == "17")
        #expect(draft[.branch] == "fix")
        #expect(draft[.node] == "r1")
    }

    @Test("matrix values go into the job name; a nightly's delivery id must be a 40-hex commit")
    func matrixAndNightly() throws {
        let given = try ContextOptions.parse(["--job", "test", "--matrix", "arch=s390x", "--matrix", "shard=1"])
        #expect(try given.draft(environment: [:])[.job] == "test (s390x, 1)")
        let fromJSON = try ContextOptions.parse(["--job", "test"])
            .draft(environment: ["HUDRELAY_MATRIX": #"{"config": "upstream_beta", "shard": 2}"#])
        #expect(fromJSON[.job] == "test (upstream_beta, 2)")
        #expect(throws: UploadError.self) {
            try ContextOptions.parse(["--job", "t", "--matrix", "=x"]).draft(environment: [:])
        }
        var c = JobContext(repo: "ibm/torch-spyre", sha: "abc")
        c.eventType = "nightly"
        c.deliveryID = "main"
        #expect(throws: StoreError.self) { try c.validate() }
        #expect(c.nightlyFault?.contains("40-hex PyTorch commit") == true)
        c.deliveryID = String(repeating: "ab", count: 20)
        try c.validate()
        c.conclusion = "timedout"
        #expect(throws: StoreError.self) { try c.validate() }
        c.conclusion = "timed_out"
        try c.validate()
    }

    @Test("the contract's JobContext schema and the upload's query parameters are the fields")
    func contract() throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let schema = try #require(
            ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?["JobContext"]
                as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == Set(JobContext.fields.map(\.name) + ["payload"]))
        #expect(Set(schema["required"] as? [String] ?? []) == Set(JobContext.fields.filter(\.required).map(\.name)))
        let upload = try #require(
            (((document["paths"] as? [String: Any])?["/api/v1/uploads"] as? [String: Any])?["post"]
                as? [String: Any])?["parameters"] as? [[String: Any]])
        let parameters = Dictionary(uniqueKeysWithValues: upload.map { ($0["name"] as? String ?? "", $0) })
        for field in JobContext.fields {
            let declared = [properties[field.name] ?? [:], parameters[field.name]?["schema"] as? [String: Any] ?? [:]]
            #expect(parameters[field.name]?["description"] as? String == field.summary, "\(field.name)")
            #expect(properties[field.name]?["description"] as? String == field.summary, "\(field.name)")
            for s in declared {
                switch field.kind {
                case .text(let max):
                    #expect(s["maxLength"] as? Int == max, "\(field.name)")
                case .number(let range):
                    #expect(s["minimum"] as? Int == range.lowerBound, "\(field.name)")
                    #expect(s["maximum"] as? Int == range.upperBound, "\(field.name)")
                case .choice(let words):
                    #expect((s["enum"] as? [Any])?.compactMap { $0 as? String } == words, "\(field.name)")
                case .timestamp:
                    #expect(s["format"] as? String == "date-time", "\(field.name)")
                }
            }
        }
    }
}
