extension StageCatalog {
    /// The seed's rollout table, the stages when no file is given (docs/coverage.md).
    public static let seed = StageCatalog(stages: [
        Stage(
            id: 0, cards: 24, cadence: .onPR, scope: .device,
            description: "internal and torch-spyre tests, on every pull request"),
        Stage(id: 1, cards: 128, cadence: .nightly, target: 0.05, description: "5% of in-scope PyTorch tests, nightly"),
        Stage(
            id: 2, cards: 512, cadence: .nightly, target: 0.25, description: "25% of in-scope PyTorch tests, nightly"),
        Stage(
            id: 3, cards: 1_024, cadence: .perDay(3), target: 0.5,
            description: "50% of in-scope PyTorch tests, 3-4 times a day"),
        Stage(
            id: 4, cards: 2_048, cadence: .onPR, target: 0.8,
            description: "80% of in-scope PyTorch tests, on every PyTorch pull request, non-blocking"),
    ])
}
