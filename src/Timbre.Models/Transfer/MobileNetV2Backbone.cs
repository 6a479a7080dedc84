using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Transfer;

/// <summary>
/// The MobileNetV2 feature extractor as published (Sandler et al. 2018, Table 2): conv 3×3/2 with 32 channels, then
/// inverted residual stages (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1) (6,160,3,2)
/// (6,320,1,1), then a 1×1 conv to 1 280 channels; ReLU6 throughout. Channels are multiplied by the width multiplier
/// and rounded to multiples of 8 (the last conv keeps 1 280 unless α &gt; 1). Submodule and parameter names equal
/// torchvision's <c>features.*</c> so converted weights map one to one. Output (N, 1 280, H/32, W/32).
/// </summary>
public sealed class MobileNetV2Backbone : nn.Module<Tensor, Tensor>
{
    private static readonly (int T, int C, int N, int S)[] Stages =
        [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];

    private readonly Sequential features;

    /// <summary>Builds the backbone for <paramref name="inputChannels"/> input channels and width multiplier α.</summary>
    public MobileNetV2Backbone(int inputChannels, double widthMultiplier)
        : base(nameof(MobileNetV2Backbone))
    {
        long channels = MakeDivisible(32 * widthMultiplier);
        OutputChannels = MakeDivisible(1280 * Math.Max(1.0, widthMultiplier));
        features = nn.Sequential();
        features.append(InvertedResidual.ConvBnRelu6(inputChannels, channels, 3, 2, 1));
        foreach (var (t, c, n, s) in Stages)
        {
            long outChannels = MakeDivisible(c * widthMultiplier);
            for (int i = 0; i < n; i++)
            {
                features.append(new InvertedResidual(channels, outChannels, i == 0 ? s : 1, t));
                channels = outChannels;
            }
        }

        features.append(InvertedResidual.ConvBnRelu6(channels, OutputChannels, 1, 1, 1));
        RegisterComponents();
    }

    /// <summary>Channels of the last 1×1 convolution (1 280 for α ≤ 1).</summary>
    public long OutputChannels { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => features.forward(x);

    /// <summary>torchvision's <c>_make_divisible</c>: round to a multiple of 8, never below 90 % of the value.</summary>
    public static long MakeDivisible(double value, int divisor = 8)
    {
        long rounded = Math.Max(divisor, (long)(value + (divisor / 2.0)) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }
}
