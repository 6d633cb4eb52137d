import CLibXML2
import HudrelayJUnit

/// Reads the `<testcase>` elements of a JUnit report, at any depth and in document order, as
/// ElementTree would (`root.iter("testcase")`), with libxml2's SAX2 parser set up as the JUnit
/// parser's is (``HardenedXML``: no DTD, no network, entity declarations refused, libxml2's limits).
final class TestcaseReader: HardenedXMLReader {
    private var stack: [XMLNode] = []
    private var open: [XMLNode?] = []
    /// The testcases in the order their start tags appear.
    private(set) var testcases: [XMLNode] = []
    /// The last element closed inside a testcase, or a testcase itself: where text goes as tail.
    private var lastClosed: XMLNode?
    private var suites = 0
    /// Element and attribute names by libxml2's interned pointer (one String per distinct name).
    private var names: [UnsafeRawPointer: String] = [:]

    /// The name at `p`, made once.
    func name(_ p: UnsafePointer<xmlChar>) -> String {
        if let known = names[UnsafeRawPointer(p)] { return known }
        let s = String(cString: p)
        names[UnsafeRawPointer(p)] = s
        return s
    }

    /// Whether characters now would land in an element's text or tail.
    var wantsCharacters: Bool { lastClosed != nil || !stack.isEmpty }

    /// The testcases of `bytes` (a whole report, uncompressed).
    static func read(_ bytes: [UInt8]) throws -> [XMLNode] {
        let reader = TestcaseReader()
        var sax = xmlSAXHandler()
        sax.startElementNs = { ctx, name, _, _, _, _, count, _, attrs in
            guard let ctx, let name else { return }
            let reader = Unmanaged<TestcaseReader>.fromOpaque(ctx).takeUnretainedValue()
            var attributes: [(String, String)] = []
            if let attrs {
                attributes.reserveCapacity(Int(count))
                for i in 0..<Int(count) {
                    let base = attrs + i * 5
                    guard let local = base[0], let start = base[3], let end = base[4] else { continue }
                    let bytes = UnsafeBufferPointer(start: start, count: end - start)
                    attributes.append((reader.name(local), String(decoding: bytes, as: UTF8.self)))
                }
            }
            reader.start(reader.name(name), attributes)
        }
        sax.endElementNs = { ctx, _, _, _ in
            guard let ctx else { return }
            Unmanaged<TestcaseReader>.fromOpaque(ctx).takeUnretainedValue().end()
        }
        sax.characters = { ctx, p, n in
            guard let ctx, let p else { return }
            let reader = Unmanaged<TestcaseReader>.fromOpaque(ctx).takeUnretainedValue()
            guard reader.wantsCharacters else { return }
            reader.characters(String(decoding: UnsafeBufferPointer(start: p, count: Int(n)), as: UTF8.self))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        guard let ctxt = HardenedXML.pushParser(&sax, reader: reader) else {
            throw HUDError("libxml2 could not create a parser")
        }
        defer { HardenedXML.free(ctxt) }
        var offset = 0
        repeat {
            let n = min(1 << 16, bytes.count - offset)
            let rc = bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    xmlParseChunk(ctxt, $0 + offset, Int32(n), offset + n == bytes.count ? 1 : 0)
                }
            }
            if let refusal = reader.refusal { throw HUDError(refusal) }
            if rc != 0 {
                let line = xmlSAX2GetLineNumber(ctxt)
                throw HUDError("the report is not well-formed XML (line \(line))")
            }
            offset += n
        } while offset < bytes.count
        return reader.testcases
    }

    private func start(_ tag: String, _ attributes: [(String, String)]) {
        lastClosed = nil
        if tag == "testsuite" && stack.isEmpty { suites += 1 }
        if tag == "testcase" || !stack.isEmpty {
            let node = XMLNode(tag: tag, attributes: attributes)
            node.suite = suites
            stack.last?.children.append(node)
            if tag == "testcase" { testcases.append(node) }
            stack.append(node)
            open.append(node)
        } else {
            open.append(nil)
        }
    }

    private func end() {
        guard let node = open.popLast() else { return }
        if let node {
            stack.removeLast()
            lastClosed = node
        } else {
            lastClosed = nil
        }
    }

    private func characters(_ text: String) {
        if let closed = lastClosed {
            closed.tail += text
        } else if let current = stack.last {
            current.text += text
        }
    }
}

/// A report the HUD formats cannot be made from.
public struct HUDError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
