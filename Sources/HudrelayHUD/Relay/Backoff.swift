/// Exponential backoff with jitter, the one rule for every retried delivery: `base × 2^failures`,
/// capped at `cap`, times a random factor in 0.5–1.0 (so that clients that met the same 429 or
/// outage do not come back together).
public enum Backoff {
    /// The delay in seconds after `failures` failed tries.
    public static func seconds(failures: Int, base: Double, cap: Double) -> Double {
        var delay = base
        for _ in 0..<min(max(0, failures), 30) where delay < cap { delay *= 2 }
        return min(cap, delay) * Double.random(in: 0.5...1.0)
    }
}
