using System.Buffers.Binary;
using System.Text;
using Timbre.Core.Errors;
using Timbre.Models.Transfer;
using static TorchSharp.torch;

namespace Timbre.Models.Tests.Transfer;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static MobileNetV2Gru SmallModel(int channels = 1, int seed = 1)
    {
        manual_seed(seed);
        return new MobileNetV2Gru(new() { InputChannels = channels, Height = 32, Width = 32, WidthMultiplier = 0.35, GruHidden = 8, Classes = 3 });
    }

    [Fact]
    public void BackboneNamesFollowTorchvision()
    {
        using var model = SmallModel();
        var keys = model.Backbone.state_dict().Keys.ToHashSet();
        Assert.Contains("features.0.0.weight", keys);
        Assert.Contains("features.1.conv.0.0.weight", keys);
        Assert.Contains("features.2.conv.3.running_var", keys);
        Assert.Contains("features.18.1.weight", keys);
    }

    [Fact]
    public void FullWidthBackboneHasPublishedParameterCount()
    {
        using var backbone = new MobileNetV2Backbone(3, 1.0);
        long trainable = backbone.parameters().Sum(p => p.numel());
        long bnStats = backbone.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")).Sum(b => b.buffer.numel());
        Assert.Equal(2_257_984, trainable + bnStats); // Keras counts BN moving statistics as parameters
    }

    [Fact]
    public void RoundTripCopiesEveryBackboneTensor()
    {
        using var source = SmallModel(seed: 1);
        using var target = SmallModel(seed: 2);
        string path = Path.Combine(_dir, "backbone.safetensors");
        BackboneWeights.Save(source, path);
        BackboneWeights.Load(target, path);
        var a = source.Backbone.state_dict();
        foreach (var (key, value) in target.Backbone.state_dict())
        {
            Assert.True(value.to_type(ScalarType.Float32).allclose(a[key].to_type(ScalarType.Float32)), key);
        }
    }

    [Fact]
    public void ReaderDecodesF16AndBf16()
    {
        string path = Path.Combine(_dir, "halfs.safetensors");
        string header = """{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},"__metadata__":{"format":"pt"}}""";
        var data = new byte[6];
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(0), (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(2), (Half)(-2f));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4), (ushort)(BitConverter.SingleToInt32Bits(3.25f) >> 16));
        WriteRaw(path, header, data);
        var tensors = Safetensors.Read(path);
        Assert.Equal(new[] { 1.5f, -2f }, tensors["h"].Data);
        Assert.Equal(new[] { 3.25f }, tensors["b"].Data);
    }

    [Fact]
    public void ShapeMismatchNamesTheTensor()
    {
        using var other = new MobileNetV2Gru(new() { Height = 32, Width = 32, WidthMultiplier = 0.5, GruHidden = 8, Classes = 3 });
        using var target = SmallModel();
        string path = Path.Combine(_dir, "wide.safetensors");
        BackboneWeights.Save(other, path);
        var e = Assert.Throws<ModelPackageException>(() => BackboneWeights.Load(target, path));
        Assert.Contains("shape", e.Message);
        Assert.Contains("features.", e.Message);
    }

    [Fact]
    public void MissingTensorsAreListed()
    {
        using var model = SmallModel();
        string path = Path.Combine(_dir, "partial.safetensors");
        Safetensors.Write(path, model.Backbone.state_dict().Where(kv => !kv.Key.StartsWith("features.18")).Select(kv => (kv.Key, kv.Value)));
        var e = Assert.Throws<ModelPackageException>(() => BackboneWeights.Load(model, path));
        Assert.Contains("missing", e.Message);
        Assert.Contains("features.18", e.Message);
    }

    [Fact]
    public void PrefixedRgbWeightsLoadIntoOneChannelModel()
    {
        using var rgb = SmallModel(channels: 3);
        using var mono = SmallModel(channels: 1);
        string path = Path.Combine(_dir, "rgb.safetensors");
        Safetensors.Write(path, rgb.Backbone.state_dict().Select(kv => ("model.backbone." + kv.Key, kv.Value)));
        BackboneWeights.Load(mono, path);
        var expected = rgb.Backbone.state_dict()["features.0.0.weight"].sum(1, keepdim: true);
        Assert.True(mono.Backbone.state_dict()["features.0.0.weight"].allclose(expected));
    }

    [Fact]
    public void TruncatedFileIsAClearError()
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        Assert.Throws<ModelPackageException>(() => Safetensors.Read(path));
    }

    [Fact]
    public void FreezeStopsGradientsAndKeepsBatchNormFixed()
    {
        using var model = SmallModel();
        model.FreezeBackbone();
        model.train();
        Assert.All(model.Backbone.parameters(), p => Assert.False(p.requires_grad));
        Assert.False(model.Backbone.training);
        Assert.Contains(model.parameters(), p => p.requires_grad);
        model.UnfreezeBackbone();
        Assert.All(model.Backbone.parameters(), p => Assert.True(p.requires_grad));
        Assert.True(model.Backbone.training);
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        using var stream = File.Create(path);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        stream.Write(length);
        stream.Write(json);
        stream.Write(data);
    }
}
