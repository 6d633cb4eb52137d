import Crypto

/// The numeric `workflow_id` and `job_id` HUD's rows need (ClickHouse `Int64`), for CI systems
/// that have them (GitHub Actions: the run id and the job's id) and for those that do not
/// (Jenkins: a build number is unique only within its pipeline).
public enum HUDIDs {
    /// The run id as is when the CI gave numeric run and job ids (GitHub Actions); otherwise a
    /// stable number derived from the repository, workflow and run id: the first 53 bits of their
    /// SHA-256, so that it is exact in JavaScript too.
    public static func workflowID(repo: String, workflow: String, runID: String, externalJobID: String) -> Int64 {
        if let run = numeric(runID), numeric(externalJobID) != nil { return run }
        let digest = SHA256.hash(data: Array("\(repo)\u{1}\(workflow)\u{1}\(runID)".utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(value >> 11)
    }

    /// The CI's job id when it is numeric; otherwise hudrelay's own job id.
    public static func jobID(externalJobID: String, hudrelayJobID: Int64) -> Int64 {
        numeric(externalJobID) ?? hudrelayJobID
    }

    /// A decimal id of 1 to 18 digits.
    static func numeric(_ s: String) -> Int64? {
        guard !s.isEmpty, s.count <= 18, s.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(s)
    }

    /// PyTorch's `invoking_file` for a report: the name of the directory the client uploaded it from
    /// (PyTorch's CI keeps each test file's reports in a directory named after it), else the report's
    /// name without `.xml`.
    public static func invokingFile(filename: String) -> String {
        let parts = filename.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count >= 2 { return String(parts[parts.count - 2]) }
        var name = String(parts.last ?? "")
        if name.hasSuffix(".xml") { name.removeLast(4) }
        return name
    }
}
