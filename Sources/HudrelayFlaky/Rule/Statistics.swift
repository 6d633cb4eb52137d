import Foundation

/// The statistics the flakiness report uses.
public enum Statistics {
    /// The Wilson score interval for `successes` out of `trials` at 95% (z = 1.96).
    public static func wilson(
        _ successes: Int, _ trials: Int, z: Double = 1.959_963_984_540_054
    ) -> (
        low: Double, high: Double
    ) {
        guard trials > 0 else { return (0, 1) }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = p + z2 / (2 * n)
        let margin = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let denominator = 1 + z2 / n
        return (max(0, (centre - margin) / denominator), min(1, (centre + margin) / denominator))
    }

    /// Fisher's exact test, one-sided: the probability of at least `a` flaky runs on a node, given
    /// the 2×2 table (a: flaky on the node, b: clean on the node, c: flaky elsewhere, d: clean
    /// elsewhere) and its margins.
    public static func fisherGreater(a: Int, b: Int, c: Int, d: Int) -> Double {
        let row1 = a + b
        let col1 = a + c
        let n = a + b + c + d
        let maxA = min(row1, col1)
        var p = 0.0
        for x in a...max(a, maxA) {
            p += exp(logHypergeometric(x: x, row1: row1, col1: col1, n: n))
        }
        return min(1, p)
    }

    private static func logHypergeometric(x: Int, row1: Int, col1: Int, n: Int) -> Double {
        logChoose(col1, x) + logChoose(n - col1, row1 - x) - logChoose(n, row1)
    }

    private static func logChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return -Double.infinity }
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
