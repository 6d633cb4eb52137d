import Foundation
import HudrelayJUnit

/// Access to the files under `Tests/HudrelayJUnitTests/Fixtures`, and a parse helper that
/// collects everything the parser hands over.
enum Fixtures {
    static let root: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(path))) }
}

/// Everything one parse produced.
struct Parsed {
    var info: ReportInfo
    var tests: [TestRecord]
    var suites: [SuiteInfo]

    /// The test named `name` (the first one, if several suites hold it).
    func test(_ name: String) -> TestRecord? { tests.first { $0.name == name } }
}

func parse(_ xml: String, options: ParserOptions = ParserOptions()) throws -> Parsed {
    try parse(bytes: Array(xml.utf8), options: options)
}

func parse(bytes: [UInt8], options: ParserOptions = ParserOptions()) throws -> Parsed {
    var tests: [TestRecord] = []
    var suites: [SuiteInfo] = []
    let info = try JUnitParser(options: options).parse(bytes: bytes) { event in
        switch event {
        case .test(let t): tests.append(t)
        case .suite(let s): suites.append(s)
        }
    }
    return Parsed(info: info, tests: tests, suites: suites)
}

func parseFixture(_ path: String, options: ParserOptions = ParserOptions()) throws -> Parsed {
    var tests: [TestRecord] = []
    var suites: [SuiteInfo] = []
    let info = try JUnitParser(options: options).parse(path: Fixtures.url(path).path) { event in
        switch event {
        case .test(let t): tests.append(t)
        case .suite(let s): suites.append(s)
        }
    }
    return Parsed(info: info, tests: tests, suites: suites)
}

/// The error a parse threw, or `nil` when it succeeded.
func parseError(_ xml: String, options: ParserOptions = ParserOptions()) -> JUnitParseError? {
    parseError(bytes: Array(xml.utf8), options: options)
}

func parseError(bytes: [UInt8], options: ParserOptions = ParserOptions()) -> JUnitParseError? {
    do {
        _ = try parse(bytes: bytes, options: options)
        return nil
    } catch let e as JUnitParseError {
        return e
    } catch {
        return JUnitParseError(.io, "unexpected error \(error)")
    }
}
