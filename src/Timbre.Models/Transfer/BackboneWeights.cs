using Timbre.Core.Errors;
using static TorchSharp.torch;

namespace Timbre.Models.Transfer;

/// <summary>
/// Moves MobileNetV2 backbone weights between models and safetensors files.
/// Name mapping: a file tensor's name has any leading <c>module.</c>, <c>model.</c> or <c>backbone.</c> removed; the
/// rest must equal the backbone's state-dict key, which follows torchvision (<c>features.0.0.weight</c>,
/// <c>features.1.conv.0.0.weight</c>, …, <c>features.18.1.running_var</c>). Tensors outside <c>features.*</c> (e.g.
/// <c>classifier.*</c>) are ignored; <c>num_batches_tracked</c> is optional. When the file's first convolution has
/// 3 input channels (ImageNet) and the model 1, the RGB kernels are summed into one.
/// </summary>
public static class BackboneWeights
{
    private static readonly string[] Prefixes = ["module.", "model.", "backbone."];

    /// <summary>Loads the backbone of <paramref name="model"/> from a safetensors file.</summary>
    public static void Load(MobileNetV2Gru model, string path)
    {
        var file = Safetensors.Read(path);
        var byName = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in file)
        {
            byName[StripPrefixes(name)] = tensor;
        }

        var target = model.Backbone.state_dict();
        var missing = target.Keys.Where(k => !byName.ContainsKey(k) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelPackageException(path, $"{missing.Count} backbone tensors are missing, e.g. {string.Join(", ", missing.Take(3))}.");
        }

        using var noGrad = no_grad();
        foreach (var (key, destination) in target)
        {
            if (!byName.TryGetValue(key, out var source))
            {
                continue;
            }

            using var scope = NewDisposeScope();
            Tensor value = tensor(source.Data, source.Shape);
            long[] want = destination.shape;
            if (key == "features.0.0.weight" && source.Shape.Length == 4 && want.Length == 4 && source.Shape[1] == 3 && want[1] == 1
                && source.Shape[0] == want[0] && source.Shape[2] == want[2] && source.Shape[3] == want[3])
            {
                value = value.sum(1, keepdim: true);
            }

            if (!value.shape.SequenceEqual(want))
            {
                throw new ModelPackageException(path, $"tensor '{key}' has shape [{string.Join(", ", source.Shape)}] but the model needs [{string.Join(", ", want)}].");
            }

            destination.copy_(value.to_type(destination.dtype));
        }
    }

    /// <summary>Saves the backbone of <paramref name="model"/> (its state dict, torchvision names) as safetensors.</summary>
    public static void Save(MobileNetV2Gru model, string path) =>
        Safetensors.Write(path, model.Backbone.state_dict().Select(kv => (kv.Key, kv.Value)));

    /// <summary>Copies a pre-trained backbone (e.g. trained on a source task) into <paramref name="target"/>.</summary>
    public static void Copy(MobileNetV2Gru source, MobileNetV2Gru target)
    {
        using var noGrad = no_grad();
        var from = source.Backbone.state_dict();
        foreach (var (key, destination) in target.Backbone.state_dict())
        {
            if (!from.TryGetValue(key, out var value) || !value.shape.SequenceEqual(destination.shape))
            {
                throw new InvalidOptionsException($"Backbones differ at '{key}'; build both models with the same input channels and width multiplier.");
            }

            destination.copy_(value);
        }
    }

    private static string StripPrefixes(string name)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var prefix in Prefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    name = name[prefix.Length..];
                    changed = true;
                }
            }
        }

        return name;
    }
}
