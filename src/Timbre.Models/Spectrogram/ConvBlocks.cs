using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Timbre.Models.Spectrogram;

/// <summary>Small builders for the conv blocks the spectrogram models share.</summary>
internal static class ConvBlocks
{
    /// <summary>3×3 convolution (stride 1, padding 1) + batch norm + ReLU + max pooling (kernel = stride) [+ dropout].</summary>
    public static Sequential ConvBnReluPool(long inChannels, long outChannels, int poolH, int poolW, double dropout = 0)
    {
        var block = nn.Sequential(
            nn.Conv2d(inChannels, outChannels, 3, padding: 1),
            nn.BatchNorm2d(outChannels),
            nn.ReLU(),
            nn.MaxPool2d((poolH, poolW), (poolH, poolW)));
        if (dropout > 0)
        {
            block.append(nn.Dropout(dropout));
        }

        return block;
    }
}
