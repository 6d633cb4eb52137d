// libFuzzer entry point for the JUnit parser; built and run by `scripts/fuzz-parser`.
//
// Each input is parsed with small limits (so text capping and merge-window eviction run on small
// inputs) and the results are checked with `precondition`, so a violated invariant is a crash
// that libFuzzer records and minimizes.
import HudrelayJUnit


private let maxText = 256

private let options: ParserOptions = {
    var o = ParserOptions()
    o.maxTextBytes = maxText
    o.maxDepth = 32
    o.mergeWindow = 4
    o.mergeWindowBytes = 4096
    // Bounds gzip expansion: a 64 KiB input may otherwise inflate to ~64 MiB.
    o.maxInputBytes = 4 << 20
    return o
}()

/// An event with equality, to compare two parses of the same input.
private enum Event: Equatable {
    case test(TestRecord)
    case suite(SuiteInfo)
}

/// The full result of one parse: the events handed over and how it ended.
private struct Outcome: Equatable {
    var events: [Event] = []
    var info: ReportInfo?
    var error: JUnitParseError?
}

/// Hands out at most `step` bytes per read, to vary how the input is cut into chunks.
private struct TrickleSource: ByteSource {
    let bytes: [UInt8]
    let step: Int
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(JUnitParseError) -> Int {
        let n = min(buffer.count, step, bytes.count - offset)
        if n > 0 {
            bytes.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
        }
        return n
    }
}

private func collect(_ body: ((JUnitEvent) throws -> Void) throws -> ReportInfo) -> Outcome {
    var out = Outcome()
    do {
        out.info = try body { event in
            switch event {
            case .test(let t): out.events.append(.test(t))
            case .suite(let s): out.events.append(.suite(s))
            }
        }
    } catch let e as JUnitParseError {
        out.error = e
    } catch {
        preconditionFailure("the parser threw a non-JUnitParseError: \(error)")
    }
    precondition((out.info == nil) != (out.error == nil), "a parse must either return or throw")
    return out
}

private func checkText(_ t: CappedText?, _ what: String) {
    guard let t else { return }
    let n = t.value.utf8.count
    precondition(n <= maxText, "\(what): \(n) UTF-8 bytes kept, limit \(maxText)")
    precondition(t.originalLength >= n, "\(what): originalLength \(t.originalLength) < kept \(n)")
}

private func checkDetail(_ d: ResultDetail?, _ what: String) {
    checkText(d?.text, what)
}

private func check(_ t: TestRecord) {
    precondition(!t.attempts.isEmpty, "test '\(t.name)' has no attempts")
    precondition(t.attempts.last!.outcome == t.outcome, "last attempt \(t.attempts.last!.outcome) != outcome \(t.outcome)")
    precondition(t.reruns >= 0 && t.reruns <= t.attempts.count - 1, "reruns \(t.reruns), attempts \(t.attempts.count)")
    precondition(!t.isFlaky || t.outcome == .passed, "flaky test with outcome \(t.outcome)")
    precondition(t.entries >= 1, "entries \(t.entries)")
    checkDetail(t.detail, "detail")
    checkDetail(t.secondaryDetail, "secondaryDetail")
    for a in t.attempts { checkDetail(a.detail, "attempt detail") }
    checkText(t.systemOut, "test system-out")
    checkText(t.systemErr, "test system-err")
}

private func check(_ s: SuiteInfo) {
    checkText(s.systemOut, "suite system-out")
    checkText(s.systemErr, "suite system-err")
    for p in s.problems { checkDetail(p.detail, "suite problem") }
}

private func check(_ out: Outcome) {
    var tests = 0
    var extraEntries = 0
    for e in out.events {
        switch e {
        case .test(let t):
            check(t)
            tests += 1
            extraEntries += t.entries - 1
        case .suite(let s):
            check(s)
        }
    }
    guard let info = out.info else { return }
    let c = info.counts
    precondition(c.tests == tests, "counts.tests \(c.tests) != \(tests) test events")
    precondition(
        c.passed + c.failed + c.errors + c.skipped + c.xfailed + c.xpassed == c.tests,
        "outcome counts do not add up to \(c.tests): \(c)")
    precondition(
        info.elements.testcases == c.tests + extraEntries,
        "elements.testcases \(info.elements.testcases) != tests \(c.tests) + merged entries \(extraEntries)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parser = JUnitParser(options: options)

    let first = collect { try parser.parse(bytes: bytes, handler: $0) }
    check(first)

    // Determinism: the same bytes give the same events, report and error.
    let second = collect { try parser.parse(bytes: bytes, handler: $0) }
    precondition(first == second, "two parses of the same input differ")

    // Chunking must not matter: feed the plain bytes a few at a time (gzip-free source).
    let isGzip = size >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    if !isGzip && size > 0 {
        let step = 1 + Int(bytes[size - 1]) % 61
        var source = TrickleSource(bytes: bytes, step: step)
        let third = collect { try parser.parse(&source, handler: $0) }
        check(third)
        precondition(
            (first.info == nil) == (third.info == nil),
            "chunked parse (step \(step)) \(third.error.map { "failed: \($0)" } ?? "succeeded"), whole parse \(first.error.map { "failed: \($0)" } ?? "succeeded")")
        if first.info != nil {
            precondition(first == third, "chunked parse (step \(step)) gives different results")
        }
    }
    return 0
}

/// libFuzzer's driver (`FuzzerInterface.h`): `int LLVMFuzzerRunDriver(int *argc, char ***argv,
/// int (*UserCb)(const uint8_t *Data, size_t Size))`. Three pointer arguments and an `int` result
/// are passed the same way by the Swift and C conventions on x86_64 and arm64.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable target with `main` renamed to `ParserFuzz_main` (`--defsym
/// main=ParserFuzz_main`), which replaces libFuzzer's own `main`; so this entry point starts
/// libFuzzer's driver itself.
@_cdecl("ParserFuzz_main")
public func parserFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        // libFuzzer may pass a null pointer for an empty input.
        guard let data else { return fuzz(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzz(data, size)
    }
}
