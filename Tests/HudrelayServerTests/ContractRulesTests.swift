import Foundation
import HudrelayAPI
import Testing

@testable import HudrelayServer

/// The parameter checks and the declared nulls, both read from the contract the server serves.
@Suite("Contract rules")
struct ContractRulesTests {
    static let rules = ContractRules.served

    static func code(_ method: String, _ path: String, _ query: [String: String] = [:]) -> String? {
        rules.problem(method: method, path: path, query: query)?.code
    }

    @Test("every generated operation's parameters have a rule, with the contract's problem codes")
    func everyParameter() throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var declared = 0
        for (template, item) in paths {
            for (method, op) in item as? [String: Any] ?? [:] {
                guard let op = op as? [String: Any], op["operationId"] != nil else { continue }
                let concrete = template.replacingOccurrences(of: "{id}", with: "1")
                let found = Self.rules.operation(method: method.uppercased(), path: concrete)
                #expect(found != nil, "\(method) \(template)")
                declared += (op["parameters"] as? [Any])?.count ?? 0
                #expect(found?.0.parameters.count == (op["parameters"] as? [Any])?.count ?? 0, "\(template)")
            }
        }
        #expect(declared > 40)
        #expect(Self.code("GET", "/api/v1/jobs", ["limit": "0"]) == "bad_limit")
        #expect(Self.code("GET", "/api/v1/flaky", ["sort": "fast"]) == "bad_sort")
        #expect(Self.code("GET", "/api/v1/publish", ["job": "x"]) == "bad_job")
        #expect(Self.code("GET", "/api/v1/jobs/1/results", ["outcome": "PASSED"]) == "bad_outcome")
        #expect(Self.code("GET", "/api/v1/flaky/summary", ["min_flaky_runs": "1001"]) == "bad_min_flaky_runs")
    }

    @Test("whole numbers are decimal without a sign or leading zeros, within the declared range")
    func integers() {
        for bad in ["007", "+7", "abc", "", "7.0", "1e3", " 7", "99999999999999999999"] {
            #expect(Self.code("GET", "/api/v1/jobs", ["limit": bad]) == "bad_limit", "\(bad)")
        }
        for good in ["1", "50", "1000"] { #expect(Self.code("GET", "/api/v1/jobs", ["limit": good]) == nil) }
        let problem = Self.rules.problem(method: "GET", path: "/api/v1/jobs", query: ["before": "-3"])
        #expect(problem?.detail == "before must be a whole number from 1 to 9223372036854775807, got '-3'")
        #expect(Self.code("GET", "/api/v1/jobs/0") == "bad_id")
        #expect(Self.code("GET", "/api/v1/jobs/18") == nil)
        #expect(Self.code("GET", "/api/v1/tests/0/history") == nil)
    }

    @Test("numbers, patterns, choices and ids are checked as declared")
    func otherKinds() {
        let upload = "/api/v1/uploads/8f3c3a0e-0000-4000-8000-000000000000"
        for bad in ["inf", "nan", "0x1p4", "-1", "61", ""] {
            #expect(Self.code("GET", upload, ["wait": bad]) == "bad_wait", "\(bad)")
        }
        for good in ["0", "30", "30.0", "2.5"] { #expect(Self.code("GET", upload, ["wait": good]) == nil) }
        #expect(Self.code("GET", "/api/v1/uploads/not-a-uuid") == "bad_id")
        for bad in ["14", "0d", "14D", "10000d", "1000w", "2w "] {
            #expect(Self.code("GET", "/api/v1/flaky", ["window": bad]) == "bad_window", "\(bad)")
        }
        for good in ["14d", "2w", "9999d", "999w"] {
            #expect(Self.code("GET", "/api/v1/flaky", ["window": good]) == nil)
        }
        let cursor = "8f3c3a0e-0000-4000-8000-000000000000.12"
        #expect(Self.code("GET", "/api/v1/jobs/1/results", ["after": cursor]) == nil)
        #expect(Self.code("GET", "/api/v1/jobs/1/results", ["after": cursor + "x"]) == "bad_cursor")
        #expect(Self.code("GET", "/api/v1/publish", ["state": "done"]) == nil)
        // Text filters take any text; the hygiene middleware has refused NUL and bad UTF-8.
        #expect(Self.code("GET", "/api/v1/flaky", ["repo": ""]) == nil)
        // A required parameter that is missing is named; the plain routes are checked too.
        let missing = Self.rules.problem(method: "GET", path: "/api/v1/jobs/3/relay-callback", query: [:])
        #expect(missing?.code == "bad_status" && missing?.detail.contains("status") == true)
        #expect(Self.code("GET", "/api/v1/jobs/3/relay-callback", ["status": "completed"]) == nil)
        // A path the contract does not declare is not checked here (the router answers 404).
        #expect(Self.code("GET", "/api/v1/nothing", ["limit": "x"]) == nil)
    }

    @Test("a declared nullable member left out is written as null, at any depth; values are kept")
    func declaredNulls() throws {
        let nulls = DeclaredNullsMiddleware.served
        let list = try #require(nulls.shapes["listFlakyTests"]?[200])
        let json =
            #"{"items":[{"id":3,"nodes":[{"node":"n1","runs":2}],"rate":0.05,"sample_failure":{"message":"m \"q\" }"}}],"total":1}"#
        let out = NullFiller.fill(Array(json.utf8), shape: list)
        let filled = try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
        #expect(filled["next"] is NSNull)
        let first = try #require((filled["items"] as? [[String: Any]])?.first)
        #expect(first["suspect_node"] is NSNull)
        #expect(first["flip_rate"] is NSNull)
        #expect((first["sample_failure"] as? [String: Any])?["node"] is NSNull)
        #expect(first["rate"] as? Double == 0.05)
        #expect(first["id"] as? Int == 3)
        // Required members without null in their type are never invented.
        #expect(first["repo"] == nil)
        #expect(nulls.shapes["getUpload"]?[200] != nil)
        #expect(nulls.shapes["finishJob"] == nil)
        #expect((first["sample_failure"] as? [String: Any])?["message"] as? String == "m \"q\" }")
        // Input it does not expect is returned as it is; an empty list gets its null link.
        #expect(NullFiller.fill(Array(#"{"items":[1,}"#.utf8), shape: list) == Array(#"{"items":[1,}"#.utf8))
        let empty = NullFiller.fill(Array(#"{"items":[]}"#.utf8), shape: list)
        #expect(String(decoding: empty, as: UTF8.self).contains(#""next":null"#))
    }
}
