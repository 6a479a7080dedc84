using Timbre.Models.Common;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Vector;

/// <summary>
/// Seed 002's 1-D CNN over a summary-statistic vector treated as a one-channel signal: three conv + ReLU + max-pool
/// blocks, a dense ReLU layer (the embedding), dropout and the classification layer. Input (N, length).
/// </summary>
public sealed class StatsCnn1d : TimbreModel
{
    private readonly Sequential features;
    private readonly Sequential hidden;
    private readonly Dropout dropout;
    private readonly Linear classifier;
    private readonly StatsCnn1dOptions _options;

    /// <summary>Builds the model.</summary>
    public StatsCnn1d(StatsCnn1dOptions options)
        : base(nameof(StatsCnn1d))
    {
        options.Validate();
        _options = options;
        int[] pools = ShapeMath.ClampPools(options.Length, [options.Pool, options.Pool, options.Pool]).Kernels;
        features = nn.Sequential();
        long channels = 1;
        for (int i = 0; i < 3; i++)
        {
            features.append(nn.Conv1d(channels, options.Filters[i], options.Kernel, padding: options.Kernel / 2));
            features.append(nn.ReLU());
            features.append(nn.MaxPool1d(pools[i], pools[i]));
            channels = options.Filters[i];
        }

        features.append(nn.Flatten());
        hidden = nn.Sequential(nn.Linear(channels * options.PooledLength, options.Hidden), nn.ReLU());
        dropout = nn.Dropout(options.Dropout);
        classifier = nn.Linear(options.Hidden, options.Classes);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelOptions Options => _options;

    /// <inheritdoc/>
    public override long EmbeddingSize => _options.Hidden;

    /// <inheritdoc/>
    public override Tensor Embed(Tensor x) => hidden.forward(features.forward(x.flatten(1).unsqueeze(1)));

    /// <inheritdoc/>
    public override Tensor Classify(Tensor embedding) => classifier.forward(dropout.forward(embedding));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Classify(Embed(x));
}
