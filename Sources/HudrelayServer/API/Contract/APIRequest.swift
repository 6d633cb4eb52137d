import Hummingbird

/// The HTTP request the generated API handler is answering, for what its typed input does not
/// carry: the bearer token, and the raw query a `next` link repeats.
enum APIRequest {
    /// The request being answered; set by ``ContractMiddleware`` around each API call.
    @TaskLocal static var current: Request?
}
