import Foundation
import HudrelayHUD

/// A matrix job's values, which its name must carry: every leg of a GitHub matrix shares the
/// workflow's job id, so HUD tells legs apart by name only (`test (x86_64, 1)`).
enum MatrixValues {
    /// The values of `--matrix KEY=VALUE` options, in order, else of `json` (GitHub's
    /// `${{ toJSON(matrix) }}`, keys in its order). A bad option or JSON is a one-line error.
    static func parse(options: [String], json: String?) throws -> [String] {
        if !options.isEmpty {
            return try options.map { option in
                guard let eq = option.firstIndex(of: "="), eq != option.startIndex else {
                    throw UploadError("--matrix takes KEY=VALUE, got '\(option)'")
                }
                return String(option[option.index(after: eq)...])
            }
        }
        guard let json, !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        guard case .dict(let object)? = try? PyJSONParser.parse(json) else {
            throw UploadError("HUDRELAY_MATRIX is not a JSON object (give ${{ toJSON(matrix) }})")
        }
        return object.items.map { _, value in
            switch value {
            case .string(let s): s
            default: PyJSON.dumps(value)
            }
        }
    }

    /// `job (v1, v2)`; a name that already ends with those values is kept.
    static func jobName(_ job: String, _ values: [String]) -> String {
        let suffix = " (" + values.joined(separator: ", ") + ")"
        return job.hasSuffix(suffix) ? job : job + suffix
    }
}
