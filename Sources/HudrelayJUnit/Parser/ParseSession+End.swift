import CLibXML2

extension ParseSession {
    /// Handles an element's end tag.
    func endElement() {
        guard let frame = frames.popLast() else { return }
        switch frame.kind {
        case .testcase:
            // A testcase nested in a testcase (seen in hand-written files) is a test of its own.
            guard let entry = currentCase.take() else { return }
            currentCase = outerCases.popLast()
            if let extras = entry.extras {
                if extras.failure != nil { info.elements.failures += 1 }
                if extras.error != nil { info.elements.errors += 1 }
                if extras.skipped != nil { info.elements.skipped += 1 }
            }
            merger.add(entry, emit: sendTest)
        case .testsuite, .testsuites, .testrun:
            if frames.isEmpty { rootClosed = true }
            closeSuite(frame.kind)
        case .failure, .error, .skipped:
            if frame.capture == .problem, let open = openProblem { closeProblem(open) }
        case .rerun, .flakyFailure, .flakyError, .rerunFailure, .rerunError:
            if frame.capture == .attempt, let open = openAttempt, currentCase != nil {
                let detail = ResultDetail(type: open.type, message: open.message, text: attemptText.nonBlankText())
                caseExtras().childAttempts.append(
                    TestAttempt(outcome: open.outcome, source: open.source, detail: detail, duration: open.duration))
                openAttempt = nil
            }
        case .property:
            if frame.capture == .property { closeProperty() }
        case .properties:
            propertyOwner = .none
        case .systemOut, .systemErr, .stackTrace, .other:
            break
        }
        if frames.isEmpty && frame.kind == .testcase { rootClosed = true }
    }

    private func closeSuite(_ kind: ElementKind) {
        // The root <testsuites> is not a suite of its own.
        if kind != .testsuite && frames.isEmpty { return }
        guard let open = suites.last else { return }
        // The suite stays open while its tests are handed over, so they are counted in it.
        merger.flush(suite: open.index, emit: sendTest)
        var suite = suites.removeLast()
        suite.systemOut = suiteOut.removeLast().nonBlankText()
        suite.systemErr = suiteErr.removeLast().nonBlankText()
        send(.suite(suite))
    }

    private func closeProblem(_ open: OpenProblem) {
        openProblem = nil
        let detail = ResultDetail(type: open.type, message: open.message, text: problemText.nonBlankText())
        if open.underSuite {
            let outcome: TestOutcome = open.kind == .failure ? .failed : open.kind == .error ? .error : .skipped
            info.counts.suiteProblems += 1
            if !suites.isEmpty {
                suites[suites.count - 1].problems.append(SuiteProblem(outcome: outcome, detail: detail))
            }
            return
        }
        guard currentCase != nil else { return }
        let extras = caseExtras()
        switch open.kind {
        case .failure: if extras.failure == nil { extras.failure = detail }
        case .error: if extras.error == nil { extras.error = detail }
        default: if extras.skipped == nil { extras.skipped = detail }
        }
    }

    private func closeProperty() {
        let value = propertyValue ?? propertyText.text()?.value ?? ""
        let property = JUnitProperty(name: propertyName, value: value)
        switch propertyOwner {
        case .testcase:
            if currentCase != nil { caseExtras().properties.append(property) }
        case .suite:
            if !suites.isEmpty { suites[suites.count - 1].properties.append(property) }
        case .root:
            info.properties.append(property)
        case .none:
            break
        }
    }

    /// The extras of the innermost open test case, created on first use.
    /// - Important: Only call while a test case is open.
    func caseExtras() -> CaseEntryExtras {
        currentCase!.ensureExtras(textCap: options.captureOutput ? options.maxTextBytes : 0)
    }

    /// Handles character data and CDATA.
    func characters(_ p: UnsafePointer<xmlChar>, _ n: Int) {
        guard let capture = frames.last?.capture else { return }
        switch capture {
        case .none: return
        case .problem: problemText.append(p, count: n)
        case .attempt: attemptText.append(p, count: n)
        case .caseOut: if currentCase != nil { caseExtras().systemOut.append(p, count: n) }
        case .caseErr: if currentCase != nil { caseExtras().systemErr.append(p, count: n) }
        case .suiteOut: if !suiteOut.isEmpty { suiteOut[suiteOut.count - 1].append(p, count: n) }
        case .suiteErr: if !suiteErr.isEmpty { suiteErr[suiteErr.count - 1].append(p, count: n) }
        case .property: propertyText.append(p, count: n)
        }
    }
}
