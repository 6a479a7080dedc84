// TorchSharp's random generator (manual_seed) and thread count are process-wide: a test class seeding or training while
// another trains would change its random stream (seen in CI: SameSeedGivesSameLossSequence differed at epoch 3), so
// this assembly's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
