using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Transfer;

/// <summary>
/// MobileNetV2's inverted residual block (Sandler et al. 2018): 1×1 expansion (factor t, BN, ReLU6; omitted when
/// t = 1) → 3×3 depthwise (stride s, BN, ReLU6) → 1×1 linear projection (BN); identity shortcut when s = 1 and the
/// channel count is unchanged. Parameter names follow torchvision (<c>conv.0.0.weight</c>, …).
/// </summary>
public sealed class InvertedResidual : nn.Module<Tensor, Tensor>
{
    private readonly Sequential conv;
    private readonly bool _residual;

    /// <summary>Builds the block.</summary>
    public InvertedResidual(long inChannels, long outChannels, int stride, int expansion)
        : base(nameof(InvertedResidual))
    {
        long hidden = inChannels * expansion;
        _residual = stride == 1 && inChannels == outChannels;
        conv = nn.Sequential();
        if (expansion != 1)
        {
            conv.append(ConvBnRelu6(inChannels, hidden, 1, 1, 1));
        }

        conv.append(ConvBnRelu6(hidden, hidden, 3, stride, hidden));
        conv.append(nn.Conv2d(hidden, outChannels, 1, bias: false));
        conv.append(nn.BatchNorm2d(outChannels));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if (!_residual)
        {
            return conv.forward(x);
        }

        using Tensor y = conv.forward(x);
        return x + y;
    }

    /// <summary>Convolution (padding k/2, no bias) + batch norm + ReLU6, named 0, 1, 2 as in torchvision.</summary>
    internal static Sequential ConvBnRelu6(long inChannels, long outChannels, int kernel, int stride, long groups) =>
        nn.Sequential(
            nn.Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, groups: groups, bias: false),
            nn.BatchNorm2d(outChannels),
            nn.ReLU6());
}
