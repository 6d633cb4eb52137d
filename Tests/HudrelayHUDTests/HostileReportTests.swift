import Foundation
import HudrelayHUD
import HudrelayJUnit
import Testing

/// The HUD rows read reports with the parser's libxml2 setup: what the parser refuses, they refuse.
@Suite("HUD rows and hostile reports", .timeLimit(.minutes(5)))
struct HostileReportTests {
    static func rows(_ xml: String) throws -> [PyDict] {
        try PyTorchRows.cases(report: Array(xml.utf8), origin: PyTorchRowsTests.origin)
    }

    /// The error `body` throws, as text.
    static func failure(_ body: () throws -> [PyDict]) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("an external entity pointing at a local file is refused, and the file is never read")
    func externalEntity() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-hud-xxe-\(getpid()).txt")
        try "TOP-SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <testsuite><testcase classname="a" name="t"><failure message="&xxe;"/></testcase></testsuite>
            """
        let message = Self.failure { try Self.rows(xml) }
        #expect(message.contains("entity 'xxe'"), "\(message)")
        #expect(!message.contains("TOP-SECRET"))
        let rerunAware = Self.failure { try RerunRows.cases(report: Array(xml.utf8), origin: PyTorchRowsTests.origin) }
        #expect(rerunAware.contains("entity 'xxe'"), "\(rerunAware)")
    }

    @Test("billion laughs is refused at its first declaration; predefined entities still read")
    func billionLaughs() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <testsuite><testcase classname="a" name="&lol2;"/></testsuite>
            """
        #expect(Self.failure { try Self.rows(xml) }.contains("entity 'lol'"))
        let plain = try Self.rows(#"<testsuite><testcase classname="a" name="x &amp; y &#65;"/></testsuite>"#)
        #expect(plain.first?["name"] == .string("x & y A"))
    }

    @Test("an attribute value past libxml2's 10 MB limit is an error here as in the parser")
    func hugeAttribute() {
        let big = String(repeating: "x", count: 10_000_001)
        let xml = "<testsuite><testcase classname=\"a\" name=\"t\"><failure message=\"\(big)\"/></testcase></testsuite>"
        #expect(Self.failure { try Self.rows(xml) }.contains("not well-formed"))
        #expect(throws: JUnitParseError.self) {
            _ = try JUnitParser(options: ParserOptions()).parse(bytes: Array(xml.utf8)) { _ in }
        }
    }
}
