import CLibXML2

extension ParseSession {
    /// Handles an element's start tag.
    func startElement(_ localName: UnsafePointer<xmlChar>, _ attrs: SAXAttributes) {
        if frames.count >= options.maxDepth {
            fail(.tooDeep, "elements are nested more than \(options.maxDepth) deep")
            return
        }
        let kind = elementNames.value(for: localName) { ElementKind(localName: $0) }
        let parent = frames.last
        var capture = parent?.capture ?? .none
        if parent == nil {
            guard startRoot(kind, localName) else { return }
        }
        switch kind {
        case .testsuites, .testrun:
            if parent != nil { openSuite(element: kind == .testrun ? "testrun" : "testsuites", attrs) }
            capture = .none
        case .testsuite:
            info.elements.testsuites += 1
            info.counts.suites += 1
            openSuite(element: "testsuite", attrs)
            capture = .none
        case .testcase:
            info.elements.testcases += 1
            openCase(attrs)
            capture = .none
        case .failure, .error, .skipped:
            let parentKind = parent?.kind
            if parentKind == .testcase || parentKind == .testsuite || parentKind == .testsuites {
                openProblem = OpenProblem(
                    kind: kind, type: attrs["type"], message: attrs["message"], underSuite: parentKind != .testcase)
                problemText.reset()
                capture = .problem
            }
        case .rerun, .flakyFailure, .flakyError, .rerunFailure, .rerunError:
            countAttempt(kind)
            if parent?.kind == .testcase, let (source, outcome) = kind.attempt {
                openAttempt = OpenAttempt(
                    source: source, outcome: outcome, type: attrs["type"], message: attrs["message"],
                    duration: NumberParsing.seconds(attrs["time"]))
                attemptText.reset()
                capture = .attempt
            }
        case .stackTrace:
            if capture != .attempt && capture != .problem { capture = .none }
        case .systemOut, .systemErr:
            capture = outputCapture(kind, parent: parent?.kind)
        case .properties:
            propertyOwner = ownerOfProperties(parent: parent?.kind)
            capture = .none
        case .property:
            propertyName = attrs["name"] ?? ""
            propertyValue = attrs["value"]
            propertyText.reset()
            capture = parent?.kind == .properties && propertyOwner != .none ? .property : .none
        case .other:
            break
        }
        frames.append(Frame(kind: kind, capture: capture))
    }

    /// Checks the root element; returns `false` (and fails) when it is not a JUnit root.
    private func startRoot(_ kind: ElementKind, _ localName: UnsafePointer<xmlChar>) -> Bool {
        rootSeen = true
        info.rootElement = String(cString: localName)
        switch kind {
        case .testsuites, .testrun, .testsuite, .testcase:
            return true
        default:
            fail(
                .notJUnit,
                "not a JUnit report: the root element is <\(info.rootElement)>, expected <testsuites> or <testsuite>")
            return false
        }
    }

    private func openSuite(element: String, _ attrs: SAXAttributes) {
        var suite = SuiteInfo(index: nextSuiteIndex, parentIndex: suites.last?.index, element: element)
        nextSuiteIndex += 1
        suite.name = attrs["name"]
        suite.hostname = attrs.nonEmpty("hostname")
        suite.timestamp = attrs.nonEmpty("timestamp")
        suite.file = attrs.nonEmpty("file")
        suite.declared.tests = NumberParsing.integer(attrs["tests"])
        suite.declared.failures = NumberParsing.integer(attrs["failures"])
        suite.declared.errors = NumberParsing.integer(attrs["errors"])
        suite.declared.skipped = NumberParsing.integer(attrs["skipped"] ?? attrs["skips"])
        suite.declared.time = NumberParsing.seconds(attrs["time"])
        suites.append(suite)
        suiteOut.append(TextBuffer(cap: options.maxTextBytes))
        suiteErr.append(TextBuffer(cap: options.maxTextBytes))
    }

    private func openCase(_ attrs: SAXAttributes) {
        var entry = CaseEntry()
        entry.ordinal = info.elements.testcases - 1
        var classname = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var name = classname
        var file = classname
        var haveClassname = false
        var haveTime = false
        for i in 0..<attrs.count {
            guard let local = attrs.name(i) else { continue }
            let v = attrs.value(i)
            switch attributeNames.value(for: local, { CaseAttribute(localName: $0) }) {
            case .name: name = v
            case .time:
                entry.duration = NumberParsing.seconds(bytes: v)
                haveTime = true
            case .file: file = v
            case .line: entry.line = NumberParsing.integer(bytes: v)
            case .class:
                // Codeception writes `class` instead of `classname`.
                if !haveClassname { classname = v }
            case .classname:
                classname = v
                haveClassname = true
            case .status, .result:
                if Self.meansNotRun(v) { entry.skippedByAttribute = true }
            case .duration:
                if !haveTime { entry.duration = NumberParsing.seconds(bytes: v) }
            case .other:
                break
            }
        }
        entry.classname = classnameCache.string(for: classname)
        entry.name = String(decoding: name, as: UTF8.self)
        if file.count > 0 {
            entry.file = fileCache.string(for: file)
        } else {
            entry.derivedFile = derivedFileCache.file(for: entry.classname)
        }
        if let suite = suites.last {
            entry.suiteIndex = suite.index
        } else {
            if implicitSuite == nil {
                implicitSuite = SuiteInfo(index: nextSuiteIndex, parentIndex: nil, element: info.rootElement)
                nextSuiteIndex += 1
            }
            entry.suiteIndex = implicitSuite!.index
        }
        if let outer = currentCase.take() { outerCases.append(outer) }
        currentCase = entry
    }

    /// googletest `status="notrun"`, `result="skipped"|"suppressed"`; tst `status="disabled"`.
    private static func meansNotRun(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        let words: [StaticString] = ["notrun", "disabled", "skipped", "suppressed"]
        return words.contains { w in
            w.utf8CodeUnitCount == v.count
                && CString.equal(UnsafeBufferPointer(start: w.utf8Start, count: w.utf8CodeUnitCount), v)
        }
    }

    private func countAttempt(_ kind: ElementKind) {
        switch kind {
        case .rerun: info.elements.rerun += 1
        case .flakyFailure: info.elements.flakyFailure += 1
        case .flakyError: info.elements.flakyError += 1
        case .rerunFailure: info.elements.rerunFailure += 1
        default: info.elements.rerunError += 1
        }
    }

    private func outputCapture(_ kind: ElementKind, parent: ElementKind?) -> Capture {
        switch parent {
        case .testcase:
            guard options.captureOutput else { return .none }
            return kind == .systemOut ? .caseOut : .caseErr
        case .testsuite, .testsuites, .testrun:
            return suites.isEmpty ? .none : (kind == .systemOut ? .suiteOut : .suiteErr)
        default:
            return .none
        }
    }

    private func ownerOfProperties(parent: ElementKind?) -> PropertyOwner {
        switch parent {
        case .testcase: return .testcase
        case .testsuite: return .suite
        case .testsuites, .testrun: return suites.isEmpty ? .root : .suite
        default: return .none
        }
    }
}
