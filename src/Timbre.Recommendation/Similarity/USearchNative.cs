using System.Runtime.InteropServices;
using System.Text;
using Cloud.Unum.USearch;

namespace Timbre.Recommendation.Similarity;

/// <summary>
/// Direct calls into USearch's C library (<c>libusearch_c</c>, shipped by the Cloud.Unum.USearch package). The
/// package's own wrapper allocates two arrays and pins the query per search and exposes neither the search thread
/// count nor the expansion; these calls take spans (no allocation, blittable, no marshalling stub) and expose both.
/// Every function reports failure through <c>error</c> (a static C string, never freed).
/// </summary>
internal static partial class USearchNative
{
    private const string Library = "libusearch_c";

    /// <summary>USearch's <c>usearch_init_options_t</c> (blittable).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public MetricKind MetricKind;
        public nint Metric;
        public ScalarKind Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }

    /// <summary><see cref="InitOptions"/> with room to spare, for a library whose struct grew fields at the end.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MetadataOptions
    {
        public InitOptions Options;
        public Spare Spare;
    }

    [System.Runtime.CompilerServices.InlineArray(32)]
    private struct Spare
    {
        private nint _element;
    }

    public static nint Init(in InitOptions options)
    {
        var copy = options;
        var index = usearch_init(ref copy, out var error);
        Check(error);
        return index;
    }

    public static void Free(nint index)
    {
        usearch_free(index, out var error);
        Check(error);
    }

    public static void Load(nint index, string path, bool view)
    {
        var bytes = Utf8(path);
        nint error;
        if (view)
        {
            usearch_view(index, ref bytes[0], out error);
        }
        else
        {
            usearch_load(index, ref bytes[0], out error);
        }

        Check(error);
    }

    public static void Save(nint index, string path)
    {
        var bytes = Utf8(path);
        usearch_save(index, ref bytes[0], out var error);
        Check(error);
    }

    public static long Size(nint index) => Checked((long)usearch_size(index, out var error), error);

    public static long Capacity(nint index) => Checked((long)usearch_capacity(index, out var error), error);

    public static int Dimensions(nint index) => Checked((int)usearch_dimensions(index, out var error), error);

    public static long MemoryUsage(nint index) => Checked((long)usearch_memory_usage(index, out var error), error);

    public static string HardwareAcceleration(nint index)
    {
        var text = usearch_hardware_acceleration(index, out var error);
        Check(error);
        return Marshal.PtrToStringUTF8(text) ?? "";
    }

    public static void Reserve(nint index, long capacity)
    {
        usearch_reserve(index, (nuint)capacity, out var error);
        Check(error);
    }

    public static void ChangeExpansionSearch(nint index, int expansion)
    {
        usearch_change_expansion_search(index, (nuint)expansion, out var error);
        Check(error);
    }

    public static void ChangeThreadsSearch(nint index, int threads)
    {
        usearch_change_threads_search(index, (nuint)threads, out var error);
        Check(error);
    }

    public static void ChangeThreadsAdd(nint index, int threads)
    {
        usearch_change_threads_add(index, (nuint)threads, out var error);
        Check(error);
    }

    public static void Add(nint index, ulong key, ReadOnlySpan<float> vector)
    {
        usearch_add(index, key, ref MemoryMarshal.GetReference(vector), ScalarKind.Float32, out var error);
        Check(error);
    }

    /// <summary>Adds a vector already in the graph's int8 form (no cast inside USearch).</summary>
    public static void Add(nint index, ulong key, ReadOnlySpan<sbyte> vector)
    {
        usearch_add_i8(index, key, ref MemoryMarshal.GetReference(vector), ScalarKind.Int8, out var error);
        Check(error);
    }

    public static bool Contains(nint index, ulong key)
    {
        var found = usearch_contains(index, key, out var error);
        Check(error);
        return found != 0;
    }

    public static void Remove(nint index, ulong key)
    {
        usearch_remove(index, key, out var error);
        Check(error);
    }

    /// <summary>Up to <paramref name="keys"/>.Length nearest keys of a float32 query; returns how many were written.</summary>
    public static int Search(nint index, ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances)
    {
        var found = usearch_search(
            index, ref MemoryMarshal.GetReference(query), ScalarKind.Float32, (nuint)keys.Length,
            ref MemoryMarshal.GetReference(keys), ref MemoryMarshal.GetReference(distances), out var error);
        Check(error);
        return (int)found;
    }

    /// <summary>Search with a query already in the graph's int8 form.</summary>
    public static int Search(nint index, ReadOnlySpan<sbyte> query, Span<ulong> keys, Span<float> distances)
    {
        var found = usearch_search_i8(
            index, ref MemoryMarshal.GetReference(query), ScalarKind.Int8, (nuint)keys.Length,
            ref MemoryMarshal.GetReference(keys), ref MemoryMarshal.GetReference(distances), out var error);
        Check(error);
        return (int)found;
    }

    /// <summary>The scalar kind a saved graph keeps its vectors in (read from the file's header).</summary>
    public static ScalarKind QuantizationOf(string path)
    {
        var bytes = Utf8(path);
        var options = default(MetadataOptions);
        usearch_metadata(ref bytes[0], ref options, out var error);
        Check(error);
        return options.Options.Quantization;
    }

    private static T Checked<T>(T value, nint error)
    {
        Check(error);
        return value;
    }

    private static void Check(nint error)
    {
        if (error != 0)
        {
            throw new USearchException($"USearch: {Marshal.PtrToStringUTF8(error)}");
        }
    }

    private static byte[] Utf8(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    [DllImport(Library)]
    private static extern nint usearch_init(ref InitOptions options, out nint error);

    [DllImport(Library)]
    private static extern void usearch_free(nint index, out nint error);

    [DllImport(Library)]
    private static extern void usearch_save(nint index, ref byte path, out nint error);

    [DllImport(Library)]
    private static extern void usearch_load(nint index, ref byte path, out nint error);

    [DllImport(Library)]
    private static extern void usearch_view(nint index, ref byte path, out nint error);

    [DllImport(Library)]
    private static extern nuint usearch_size(nint index, out nint error);

    [DllImport(Library)]
    private static extern nuint usearch_capacity(nint index, out nint error);

    [DllImport(Library)]
    private static extern nuint usearch_dimensions(nint index, out nint error);

    [DllImport(Library)]
    private static extern nuint usearch_memory_usage(nint index, out nint error);

    [DllImport(Library)]
    private static extern nint usearch_hardware_acceleration(nint index, out nint error);

    [DllImport(Library)]
    private static extern void usearch_reserve(nint index, nuint capacity, out nint error);

    [DllImport(Library)]
    private static extern void usearch_change_expansion_search(nint index, nuint expansion, out nint error);

    [DllImport(Library)]
    private static extern void usearch_change_threads_search(nint index, nuint threads, out nint error);

    [DllImport(Library)]
    private static extern void usearch_change_threads_add(nint index, nuint threads, out nint error);

    [DllImport(Library)]
    private static extern void usearch_add(nint index, ulong key, ref float vector, ScalarKind kind, out nint error);

    [DllImport(Library, EntryPoint = "usearch_add")]
    private static extern void usearch_add_i8(nint index, ulong key, ref sbyte vector, ScalarKind kind, out nint error);

    [DllImport(Library)]
    private static extern void usearch_metadata(ref byte path, ref MetadataOptions options, out nint error);

    [DllImport(Library, EntryPoint = "usearch_search")]
    private static extern nuint usearch_search_i8(
        nint index, ref sbyte query, ScalarKind queryKind, nuint count, ref ulong keys, ref float distances, out nint error);

    [DllImport(Library)]
    private static extern byte usearch_contains(nint index, ulong key, out nint error);

    [DllImport(Library)]
    private static extern nuint usearch_remove(nint index, ulong key, out nint error);

    [DllImport(Library)]
    private static extern nuint usearch_search(
        nint index, ref float query, ScalarKind queryKind, nuint count, ref ulong keys, ref float distances, out nint error);
}
