using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Timbre.Core.Errors;
using static TorchSharp.torch;

namespace Timbre.Models.Transfer;

/// <summary>One tensor read from a safetensors file, converted to float32, row-major.</summary>
/// <param name="DType">The stored element type (F32, F16, BF16, F64 or I64).</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Data">Values as float32.</param>
public sealed record SafetensorsTensor(string DType, long[] Shape, float[] Data);

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header
/// <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c> (offsets relative to the
/// data section), then the raw little-endian tensor bytes.
/// </summary>
public static class Safetensors
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads every tensor of the file. Throws <see cref="ModelPackageException"/> on a malformed file.</summary>
    public static IReadOnlyDictionary<string, SafetensorsTensor> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ModelPackageException(path, $"cannot read the safetensors file ({e.Message}).", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelPackageException(path, $"cannot read the safetensors file ({e.Message}).", e);
        }

        if (bytes.Length < 8)
        {
            throw new ModelPackageException(path, "not a safetensors file (shorter than its 8-byte header length).");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || 8 + (long)headerLength > bytes.Length)
        {
            throw new ModelPackageException(path, $"not a safetensors file (header length {headerLength} exceeds the file).");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength))?.AsObject()
                ?? throw new ModelPackageException(path, "safetensors header is empty.");
        }
        catch (JsonException e)
        {
            throw new ModelPackageException(path, $"safetensors header is not valid JSON ({e.Message}).", e);
        }

        int dataStart = 8 + (int)headerLength;
        var result = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__" || node is not JsonObject entry)
            {
                continue;
            }

            result[name] = ReadEntry(path, name, entry, bytes, dataStart);
        }

        return result;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (floating types as F32, integer types as I64), header padded with spaces to a
    /// multiple of 8 bytes.
    /// </summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        var header = new JsonObject();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            byte[] blob;
            string dtype;
            if (!is_floating_point(cpu))
            {
                using var asLong = cpu.to_type(ScalarType.Int64);
                blob = System.Runtime.InteropServices.MemoryMarshal.AsBytes(asLong.data<long>().ToArray().AsSpan()).ToArray();
                dtype = "I64";
            }
            else
            {
                using var asFloat = cpu.to_type(ScalarType.Float32);
                blob = System.Runtime.InteropServices.MemoryMarshal.AsBytes(asFloat.data<float>().ToArray().AsSpan()).ToArray();
                dtype = "F32";
            }

            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + blob.Length)),
            };
            blobs.Add(blob);
            offset += blob.Length;
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var blob in blobs)
        {
            stream.Write(blob);
        }
    }

    private static SafetensorsTensor ReadEntry(string path, string name, JsonObject entry, byte[] bytes, int dataStart)
    {
        try
        {
            string dtype = entry["dtype"]!.GetValue<string>();
            long[] shape = entry["shape"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray();
            var offsets = entry["data_offsets"]!.AsArray();
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            long count = shape.Aggregate(1L, (a, b) => a * b);
            int width = dtype switch
            {
                "F32" => 4,
                "F16" or "BF16" => 2,
                "F64" or "I64" => 8,
                _ => throw new ModelPackageException(path, $"tensor '{name}' has unsupported dtype {dtype} (F32, F16, BF16, F64, I64 are read)."),
            };
            if (begin < 0 || end < begin || dataStart + end > bytes.Length || end - begin != count * width)
            {
                throw new ModelPackageException(path, $"tensor '{name}' has data offsets [{begin}, {end}] that do not fit its shape or the file.");
            }

            var source = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin));
            var data = new float[count];
            for (int i = 0; i < count; i++)
            {
                var b = source.Slice(i * width, width);
                data[i] = dtype switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                    "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                    "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(b),
                };
            }

            return new SafetensorsTensor(dtype, shape, data);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new ModelPackageException(path, $"tensor '{name}' has a malformed header entry ({e.Message}).", e);
        }
    }
}
