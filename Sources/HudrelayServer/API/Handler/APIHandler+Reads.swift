import Foundation
import HudrelayAPI
import HudrelayStore

/// The public read operations: jobs, a job, its results, tests.
extension APIHandler {
    func listJobs(_ input: Operations.ListJobs.Input) async throws -> Operations.ListJobs.Output {
        var filter = JobFilter()
        filter.repo = Self.text(input.query.repo)
        filter.sha = Self.text(input.query.sha)
        filter.stage = input.query.stage
        filter.before = input.query.before.map(Int64.init)
        filter.limit = input.query.limit ?? 50
        let items = try await store.reads.jobs(filter)
        var next: String?
        if items.count == filter.limit, let last = items.last {
            var params = [("before", String(last.id)), ("limit", String(filter.limit))]
            if let r = filter.repo { params.append(("repo", r)) }
            if let s = filter.sha { params.append(("sha", s)) }
            if let s = filter.stage { params.append(("stage", String(s))) }
            next = Self.link("/api/v1/jobs", params)
        }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Job.init), next: next))))
    }

    func getJob(_ input: Operations.GetJob.Input) async throws -> Operations.GetJob.Output {
        let id = Int64(input.path.id)
        guard let job = try await store.reads.job(id: id) else { throw Problem.notFound("there is no job \(id)") }
        return .ok(.init(body: .json(.init(job))))
    }

    func listJobResults(_ input: Operations.ListJobResults.Input) async throws -> Operations.ListJobResults.Output {
        let id = Int64(input.path.id)
        let outcome = input.query.outcome?.rawValue
        let after = input.query.after.flatMap(Self.resultCursor)
        let limit = input.query.limit ?? 50
        guard try await store.reads.job(id: id) != nil else { throw Problem.notFound("there is no job \(id)") }
        if let gone = try await store.retention.jobResultsGone(jobID: id) {
            throw Problem.resultsExpired(id, before: gone)
        }
        let items = try await store.reads.results(jobID: id, outcome: outcome, after: after, limit: limit)
        var next: String?
        if items.count == limit, let last = items.last {
            var params = [
                ("after", "\(last.uploadID.uuidString.lowercased()).\(last.ordinal)"), ("limit", String(limit)),
            ]
            if let outcome { params.append(("outcome", outcome)) }
            next = Self.link("/api/v1/jobs/\(id)/results", params)
        }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Result.init), next: next))))
    }

    func searchTests(_ input: Operations.SearchTests.Input) async throws -> Operations.SearchTests.Output {
        let text = Self.text(input.query.q)
        let limit = input.query.limit ?? 50
        let items = try await store.reads.tests(
            matching: text, after: input.query.after.map(Int64.init), limit: limit)
        var next: String?
        if items.count == limit, let last = items.last {
            var params = [("after", String(last.id)), ("limit", String(limit))]
            if let text { params.append(("q", text)) }
            next = Self.link("/api/v1/tests", params)
        }
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Test.init), next: next))))
    }

    /// The `after` cursor of a job's results (an upload id, a dot and an ordinal, as the `next`
    /// link writes it); the contract's pattern has checked its form.
    static func resultCursor(_ raw: String) -> (UUID, Int)? {
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let upload = UUID(uuidString: String(parts[0])), let ordinal = Int(parts[1]) else {
            return nil
        }
        return (upload, ordinal)
    }
}
