import Foundation
import HudrelayJUnit
import Testing

@Suite("Hostile and broken input", .timeLimit(.minutes(10)))
struct HostileInputTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        ]>
        <testsuite><testcase name="&lol9;"/></testsuite>
        """

    @Test("billion laughs is refused at the first entity declaration")
    func billionLaughs() throws {
        let e = try #require(parseError(Self.billionLaughs))
        #expect(e.kind == .forbiddenEntity)
        #expect(e.line == 3)
    }

    @Test("an external entity pointing at a local file is refused and never read")
    func externalEntity() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("hudrelay-xxe-\(getpid()).txt")
        try "TOP-SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <testsuite><testcase name="t"><failure message="&xxe;"/></testcase></testsuite>
            """
        let e = try #require(parseError(xml))
        #expect(e.kind == .forbiddenEntity)
        #expect(!e.message.contains("TOP-SECRET"))
    }

    @Test("parameter entities and external DTDs are neither declared nor loaded")
    func parameterEntityAndExternalDTD() throws {
        let pe =
            #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % sp SYSTEM "http://127.0.0.1:9/x.dtd"> %sp;]><testsuite/>"#
        #expect(parseError(pe)?.kind == .forbiddenEntity)
        // An external subset is not fetched: the document parses, and an entity it might have
        // declared stays undefined.
        let dtd =
            #"<?xml version="1.0"?><!DOCTYPE testsuite SYSTEM "http://127.0.0.1:9/junit.dtd"><testsuite><testcase name="t"/></testsuite>"#
        #expect(try parse(dtd).tests.count == 1)
        let undefined = #"<?xml version="1.0"?><testsuite><testcase name="&undefined;"/></testsuite>"#
        #expect(parseError(undefined) != nil)
    }

    @Test("a harmless DOCTYPE, and an HTML page inside system-out, are fine")
    func harmlessDoctype() throws {
        let xml =
            "<!DOCTYPE testsuite><testsuite><testcase name=\"t\"><system-out><![CDATA[<!DOCTYPE html><html></html>]]></system-out></testcase></testsuite>"
        #expect(try parse(xml).tests.first?.systemOut?.value == "<!DOCTYPE html><html></html>")
    }

    @Test("nesting deeper than the cap is refused")
    func depth() throws {
        let xml =
            "<testsuites>" + String(repeating: "<testsuite>", count: 100)
            + String(repeating: "</testsuite>", count: 100) + "</testsuites>"
        let e = try #require(parseError(xml))
        #expect(e.kind == .tooDeep)
        #expect(e.line == 1)
    }

    @Test("a report cut off anywhere is an error, never a complete report")
    func truncatedEverywhere() throws {
        let full = Array(
            """
            <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="2">
            <testcase classname="a" name="t1" time="0.1"><failure message="m">tb</failure></testcase>
            <testcase classname="a" name="t2"><system-out><![CDATA[out]]></system-out></testcase>
            </testsuite></testsuites>
            """.utf8)
        #expect(try parse(bytes: full).tests.count == 2)
        // Every prefix that ends before the root closes must fail.
        let rootClose = full.count - 1 - "</testsuites>".utf8.count
        for cut in stride(from: 1, through: rootClose, by: 1) {
            let e = parseError(bytes: Array(full[0..<cut]))
            #expect(e != nil, "a report cut at byte \(cut) parsed as complete")
            if let e, cut > 60 { #expect(e.kind == .truncated || e.kind == .malformed, "\(cut): \(e)") }
        }
    }

    @Test("malformed XML gives line and column")
    func malformed() throws {
        let e = try #require(parseError("<testsuite>\n  <testcase name=\"a\" name=\"b\"/>\n</testsuite>"))
        #expect(e.kind == .malformed)
        #expect(e.line == 2)
        #expect(e.column > 0)
        #expect(parseError("")?.kind == .empty)
        #expect(parseError("   \n ")?.kind == .empty)
        #expect(parseError("bacon")?.kind == .malformed)
        #expect(parseError("<test-run/>")?.kind == .notJUnit)
        #expect(parseError("<testsuite/><testsuite/>")?.kind == .malformed)
    }

    @Test("ISO-8859-1 and UTF-16 reports are read in their encoding")
    func encodings() throws {
        var latin1 = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><testsuite><testcase name="caf"#.utf8)
        latin1.append(0xE9)  // é in Latin-1
        latin1 += Array(#""/></testsuite>"#.utf8)
        #expect(try parse(bytes: latin1).tests.first?.name == "café")

        let text = #"<?xml version="1.0" encoding="UTF-16"?><testsuite><testcase name="naïve €"/></testsuite>"#
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try parse(bytes: utf16).tests.first?.name == "naïve €")

        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<testsuite><testcase name=\"b\"/></testsuite>".utf8)
        #expect(try parse(bytes: bom).tests.first?.name == "b")
    }

    @Test("whitespace before the XML declaration is tolerated")
    func leadingWhitespace() throws {
        #expect(try parse("\n  <?xml version=\"1.0\"?><testsuite><testcase name=\"t\"/></testsuite>").tests.count == 1)
    }

    @Test("inputs over the size limit are refused")
    func sizeLimit() throws {
        var options = ParserOptions()
        options.maxInputBytes = 100
        let big = "<testsuite>" + String(repeating: "<testcase name=\"t\"/>", count: 10_000) + "</testsuite>"
        #expect(parseError(big, options: options)?.kind == .tooLarge)
    }

    @Test("an error thrown by the handler stops the parse and is rethrown as is")
    func handlerError() throws {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try JUnitParser().parse(
                bytes: Array("<testsuite><testcase name=\"a\"/><testcase name=\"b\"/></testsuite>".utf8)
            ) { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
    }
}
