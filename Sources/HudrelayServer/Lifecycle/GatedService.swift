import ServiceLifecycle

/// A service that starts once `gate` opens (after the migrations), or not at all when shutdown
/// comes first.
public struct GatedService: Service {
    let gate: Gate
    let service: any Service

    /// `service`, started when `gate` opens.
    public init(_ service: any Service, after gate: Gate) {
        self.gate = gate
        self.service = service
    }

    /// Waits for the gate, then runs the service.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await gate.wait() }
        } catch is CancellationError {
            return
        }
        try await service.run()
    }
}
