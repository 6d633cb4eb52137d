import CLibXML2

/// The JUnit elements the parser acts on; everything else is ``other``.
enum ElementKind: UInt8 {
    case testsuites, testsuite, testrun, testcase
    case properties, property
    case failure, error, skipped
    case rerun, flakyFailure, flakyError, rerunFailure, rerunError
    case systemOut, systemErr, stackTrace
    case other

    /// Classifies an element by its local name without allocating.
    init(localName p: UnsafePointer<xmlChar>) {
        let n = CString.length(p)
        func eq(_ s: StaticString) -> Bool { CString.equals(p, n, s) }
        switch n {
        case 5: self = eq("error") ? .error : eq("rerun") ? .rerun : .other
        case 7: self = eq("failure") ? .failure : eq("skipped") ? .skipped : eq("testrun") ? .testrun : .other
        case 8: self = eq("testcase") ? .testcase : eq("property") ? .property : .other
        case 9: self = eq("testsuite") ? .testsuite : .other
        case 10:
            if eq("testsuites") {
                self = .testsuites
            } else if eq("properties") {
                self = .properties
            } else if eq("system-out") {
                self = .systemOut
            } else if eq("system-err") {
                self = .systemErr
            } else if eq("flakyError") {
                self = .flakyError
            } else if eq("rerunError") {
                self = .rerunError
            } else if eq("stackTrace") {
                self = .stackTrace
            } else {
                self = .other
            }
        case 12: self = eq("flakyFailure") ? .flakyFailure : eq("rerunFailure") ? .rerunFailure : .other
        default: self = .other
        }
    }

    /// The element's name, for messages (`element` for ``other``).
    var name: String {
        switch self {
        case .systemOut: "system-out"
        case .systemErr: "system-err"
        case .other: "element"
        default: "\(self)"
        }
    }

    /// For rerun-like elements, the attempt's source and outcome.
    var attempt: (TestAttempt.Source, TestOutcome)? {
        switch self {
        case .rerun: (.rerun, .failed)
        case .flakyFailure: (.flakyFailure, .failed)
        case .flakyError: (.flakyError, .error)
        case .rerunFailure: (.rerunFailure, .failed)
        case .rerunError: (.rerunError, .error)
        default: nil
        }
    }
}
