import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming JUnit XML parser over libxml2's SAX2 push interface.
///
/// The parser reads a report in 64 KiB chunks and hands each test to the caller as soon as no
/// later entry can still join it, so memory does not grow with the report. It merges attempts
/// (reruns of every known shape), derives missing files from dotted classnames, caps text fields,
/// and refuses hostile XML: no DTD is loaded, no entity may be declared, nothing is fetched from
/// the network, and nesting is capped.
///
/// ```swift
/// var counts = ReportCounts()
/// let info = try JUnitParser().parse(path: "report.xml") { event in
///     if case .test(let test) = event { counts.add(test) }
/// }
/// ```
public struct JUnitParser: Sendable {
    /// The parser's limits.
    public var options: ParserOptions

    /// Creates a parser.
    public init(options: ParserOptions = ParserOptions()) {
        self.options = options
    }

    /// Parses a report from `source`, calling `handler` for each test and each closed suite.
    ///
    /// - Important: When this throws, the events already handed over are not a complete report
    ///   and must be discarded. Errors thrown by `handler` stop the parse and are rethrown as is.
    /// - Throws: ``JUnitParseError`` for bad input, or what `handler` threw.
    public func parse(_ source: inout some ByteSource, handler: (JUnitEvent) throws -> Void) throws -> ReportInfo {
        try withoutActuallyEscaping(handler) { handler in
            let session = ParseSession(options: options, emit: handler)
            return try run(session, &source)
        }
    }

    /// Parses a report held in memory (gzip is detected by its magic bytes).
    public func parse(bytes: [UInt8], handler: (JUnitEvent) throws -> Void) throws -> ReportInfo {
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
            var source = try GzipSource(MemorySource(bytes))
            return try parse(&source, handler: handler)
        }
        var source = MemorySource(bytes)
        return try parse(&source, handler: handler)
    }

    /// Parses the report in the file at `path` (gzip is detected by its magic bytes); `-` reads
    /// standard input.
    public func parse(path: String, handler: (JUnitEvent) throws -> Void) throws -> ReportInfo {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        if fd < 0 {
            throw JUnitParseError(.io, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { if fd != 0 { close(fd) } }
        var file = FileDescriptorSource(fileDescriptor: fd)
        var magic = [UInt8](repeating: 0, count: 2)
        var got = 0
        while got < 2 {
            let n = try magic.withUnsafeMutableBytes { buf throws(JUnitParseError) in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buf[got...]))
            }
            if n == 0 { break }
            got += n
        }
        let prefixed = PrefixedSource(prefix: Array(magic[0..<got]), base: file)
        if got == 2 && magic[0] == 0x1F && magic[1] == 0x8B {
            var source = try GzipSource(prefixed)
            return try parse(&source, handler: handler)
        }
        var source = prefixed
        return try parse(&source, handler: handler)
    }
}
