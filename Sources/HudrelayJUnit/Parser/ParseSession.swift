import CLibXML2

/// The state of one parse, driven by libxml2's SAX2 callbacks.
///
/// - Important: A session is used by one thread, for one document, inside
///   ``JUnitParser/parse(_:handler:)``; it is never shared.
final class ParseSession: HardenedXMLReader {
    /// What the text of the innermost element is collected into.
    enum Capture: UInt8 {
        case none, problem, attempt, caseOut, caseErr, suiteOut, suiteErr, property
    }

    /// Where the `<property>` elements of the current `<properties>` belong.
    enum PropertyOwner: UInt8 { case none, testcase, suite, root }

    struct Frame {
        var kind: ElementKind
        var capture: Capture
    }

    /// A result element (`<failure>`, `<error>`, `<skipped>`) being read.
    struct OpenProblem {
        var kind: ElementKind
        var type: String?
        var message: String?
        var underSuite: Bool
    }

    /// A rerun-like child element being read.
    struct OpenAttempt {
        var source: TestAttempt.Source
        var outcome: TestOutcome
        var type: String?
        var message: String?
        var duration: Double?
    }

    let options: ParserOptions
    let emit: (JUnitEvent) throws -> Void

    @exclusivity(unchecked) var error: JUnitParseError?
    @exclusivity(unchecked) var thrown: (any Error)?

    @exclusivity(unchecked) var frames: [Frame] = []
    @exclusivity(unchecked) var suites: [SuiteInfo] = []
    @exclusivity(unchecked) var suiteOut: [TextBuffer] = []
    @exclusivity(unchecked) var suiteErr: [TextBuffer] = []
    @exclusivity(unchecked) var implicitSuite: SuiteInfo?
    /// The innermost open `<testcase>`.
    @exclusivity(unchecked) var currentCase: CaseEntry?
    /// Test cases that enclose ``currentCase`` (a testcase in a testcase, seen in hand-written files).
    @exclusivity(unchecked) var outerCases: [CaseEntry] = []
    @exclusivity(unchecked) var openProblem: OpenProblem?
    @exclusivity(unchecked) var problemText: TextBuffer
    @exclusivity(unchecked) var openAttempt: OpenAttempt?
    @exclusivity(unchecked) var attemptText: TextBuffer
    @exclusivity(unchecked) var propertyOwner: PropertyOwner = .none
    @exclusivity(unchecked) var propertyName = ""
    @exclusivity(unchecked) var propertyValue: String?
    @exclusivity(unchecked) var propertyText: TextBuffer
    @exclusivity(unchecked) var merger: AttemptMerger
    @exclusivity(unchecked) var info = ReportInfo()
    @exclusivity(unchecked) var nextSuiteIndex = 0
    @exclusivity(unchecked) var classnameCache = StringCache()
    @exclusivity(unchecked) var fileCache = StringCache()
    @exclusivity(unchecked) var derivedFileCache = DerivedFileCache()
    @exclusivity(unchecked) var elementNames = InternedNames<ElementKind>()
    @exclusivity(unchecked) var attributeNames = InternedNames<CaseAttribute>()
    @exclusivity(unchecked) var rootSeen = false
    @exclusivity(unchecked) var rootClosed = false
    /// Whether the last chunk has been handed to libxml2.
    @exclusivity(unchecked) var terminating = false

    init(options: ParserOptions, emit: @escaping (JUnitEvent) throws -> Void) {
        self.options = options
        self.emit = emit
        problemText = TextBuffer(cap: options.maxTextBytes)
        attemptText = TextBuffer(cap: options.maxTextBytes)
        propertyText = TextBuffer(cap: options.maxTextBytes)
        merger = AttemptMerger(
            window: options.mergeWindow, windowBytes: options.mergeWindowBytes,
            textCap: options.captureOutput ? options.maxTextBytes : 0)
        super.init()
        frames.reserveCapacity(16)
    }

    /// An entity declaration: the parse fails with the refusal.
    override func entityRefused(_ message: String) { fail(.forbiddenEntity, message) }

    /// The current line and column, for errors the parser raises itself.
    var position: (line: Int, column: Int) {
        guard let parser else { return (0, 0) }
        return (Int(xmlSAX2GetLineNumber(parser)), Int(xmlSAX2GetColumnNumber(parser)))
    }

    /// Records the first error and stops libxml2.
    func fail(_ kind: JUnitParseError.Kind, _ message: String) {
        if error == nil && thrown == nil {
            let p = position
            error = JUnitParseError(kind, message, line: p.line, column: p.column)
        }
        if let parser { xmlStopParser(parser) }
    }

    /// Hands an event to the caller; a thrown error stops the parse and is rethrown later.
    func send(_ event: JUnitEvent) {
        guard error == nil, thrown == nil else { return }
        do {
            try emit(event)
        } catch {
            thrown = error
            if let parser { xmlStopParser(parser) }
        }
    }

    /// Hands over a merged test.
    func sendTest(_ test: consuming TestRecord) {
        if test.hasProperties { FileRetryMarks.apply(to: &test) }
        info.counts.add(test)
        if let last = suites.indices.last, suites[last].index == test.suiteIndex {
            suites[last].tests += 1
        } else if let i = suites.lastIndex(where: { $0.index == test.suiteIndex }) {
            suites[i].tests += 1
        } else if implicitSuite?.index == test.suiteIndex {
            implicitSuite?.tests += 1
        }
        send(.test(test))
    }

    /// Called when the document ended without a libxml2 error.
    func finishDocument() {
        guard error == nil, thrown == nil else { return }
        if !rootSeen {
            fail(.empty, "the document has no root element")
            return
        }
        if !rootClosed {
            // libxml2 stopped without an error before the root closed: never report a partial parse.
            fail(.truncated, "the report ends before its root element <\(info.rootElement)> closes")
            return
        }
        merger.flushAll(emit: sendTest)
        if let implicit = implicitSuite {
            implicitSuite = nil
            send(.suite(implicit))
        }
        info.elements.teardownMerges = merger.teardownMerges
    }
}
