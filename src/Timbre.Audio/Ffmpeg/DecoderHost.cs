using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Timbre.Audio.Ffmpeg;

/// <summary>
/// One running <c>timbre-decode-host</c> (native/decode-host): a process that opens and decodes file after file through
/// libavformat/libavcodec/libavfilter as one ffmpeg run would, so a scan pays ffmpeg's start-up once per worker, not
/// once per file. Its protocol is described in decode_host.c. Not thread-safe: one caller at a time (see
/// <see cref="HostedFfmpegDecoder"/>'s pool). A host that stops answering is killed; the instance is then
/// <see cref="Broken"/> and must be replaced.
/// </summary>
internal sealed class DecoderHost : IDisposable
{
    /// <summary>The host's status codes (decode_host.c's enum failure).</summary>
    public const int Ok = 0, NotFound = 1, Unreadable = 2, NotAudio = 3, Unsupported = 4, Corrupt = 5, Fallback = 100;

    private const int MaxText = 16 << 20;
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Queue<string> _log = new();
    private readonly byte[] _scratch = new byte[8];
    private bool _killed;

    private DecoderHost(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
    }

    /// <summary>Whether the process is gone (crashed, killed after a timeout, or disposed).</summary>
    public bool Broken => _killed || _process.HasExited;

    /// <summary>The file's description as libavformat reports it after opening (what ffprobe and ffmpeg's dump print).</summary>
    public sealed record Description(
        string Format, long? DurationMicroseconds, int AudioStream, int SampleRate, int Channels, bool Video,
        IReadOnlyList<(string Key, string Value)> Tags);

    /// <summary>Starts <paramref name="executable"/> admitting the demuxers in <paramref name="formatWhitelist"/>.</summary>
    /// <exception cref="Win32Exception">The executable cannot be started.</exception>
    public static DecoderHost Start(string executable, string formatWhitelist)
    {
        var process = new Process { StartInfo = ToolProcess.PipedStartInfo(executable, [formatWhitelist]) };
        process.Start();
        var host = new DecoderHost(process);
        process.ErrorDataReceived += (_, e) => host.Log(e.Data);
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The last libav messages (at most five), " | "-joined, for a failure's detail.</summary>
    public string LogTail()
    {
        lock (_log)
        {
            string tail = string.Join(" | ", _log);
            _log.Clear();
            return tail;
        }
    }

    /// <summary>Opens <paramref name="url"/> (forced to <paramref name="demuxer"/> unless empty).</summary>
    /// <returns>Status code, reason, and the description when the code is <see cref="Ok"/>.</returns>
    public (int Code, string Reason, Description? Info) Open(string url, string demuxer)
    {
        LogTail();
        var request = new ArrayBufferWriter<byte>();
        request.Write([(byte)1]);
        WriteString(request, url);
        WriteString(request, demuxer);
        Send(request.WrittenSpan);
        (int code, string reason) = ReadStatus();
        if (code != Ok)
        {
            return (code, reason, null);
        }

        string format = ReadString();
        long duration = ReadInt64();
        int audio = ReadInt32(), rate = ReadInt32(), channels = ReadInt32();
        bool video = ReadBytes(1)[0] != 0;
        int count = ReadInt32();
        var tags = new List<(string, string)>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            tags.Add((ReadString(), ReadString()));
        }

        return (Ok, reason, new Description(format, duration == long.MinValue ? null : duration, audio, rate, channels, video, tags));
    }

    /// <summary>
    /// Decodes the open input into <paramref name="samples"/> (at most <paramref name="quota"/> more) from
    /// <paramref name="startMicroseconds"/> (null: no seek) for <paramref name="durationMicroseconds"/>, then closes it.
    /// </summary>
    public (int Code, string Reason) Decode(
        long? startMicroseconds, long durationMicroseconds, int rate, int quota, WindowSamples samples, Action<int>? sent = null)
    {
        Span<byte> request = stackalloc byte[25];
        request[0] = 2;
        BinaryPrimitives.WriteInt64LittleEndian(request[1..], startMicroseconds ?? -1);
        BinaryPrimitives.WriteInt64LittleEndian(request[9..], durationMicroseconds);
        BinaryPrimitives.WriteInt32LittleEndian(request[17..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(request[21..], quota);
        Send(request);
        sent?.Invoke(_process.Id);
        int goal = samples.Count + quota;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (true)
            {
                int n = ReadInt32();
                if (n == 0)
                {
                    return ReadStatus();
                }

                if (n < 0 || samples.Count + n > goal || n > samples.Remaining)
                {
                    throw new IOException($"the decoder host sent {n} samples past its quota");
                }

                while (n > 0)
                {
                    int take = Math.Min(n, buffer.Length / sizeof(float));
                    _output.ReadExactly(buffer, 0, take * sizeof(float));
                    samples.Append(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, take * sizeof(float))));
                    n -= take;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the open input, if any (no answer).</summary>
    public void Close() => Send([3]);

    /// <summary>Kills the process (a timeout, a cancellation, a protocol error); the instance is then broken.</summary>
    public void Kill()
    {
        _killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>How the process ended: "exit code N" or "signal N", for a crash's message.</summary>
    public string Ending()
    {
        if (!_process.WaitForExit(1000))
        {
            return "no answer";
        }

        int code = _process.ExitCode;
        return code > 128 ? $"killed by signal {code - 128}" : $"exit code {code}";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _input.Close();
            }
            catch (IOException)
            {
                // The host has gone already.
            }

            if (!_process.WaitForExit(2000))
            {
                Kill();
            }
        }

        _process.Dispose();
    }

    private void Log(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line.Trim());
            if (_log.Count > 5)
            {
                _log.Dequeue();
            }
        }
    }

    private void Send(ReadOnlySpan<byte> request)
    {
        _input.Write(request);
        _input.Flush();
    }

    private static void WriteString(ArrayBufferWriter<byte> writer, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), length);
        writer.Advance(4);
        writer.Advance(Encoding.UTF8.GetBytes(text, writer.GetSpan(length)));
    }

    private (int Code, string Reason) ReadStatus() => (ReadInt32(), ReadString());

    private int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    private long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        _output.ReadExactly(_scratch, 0, count);
        return _scratch.AsSpan(0, count);
    }

    private string ReadString()
    {
        int length = ReadInt32();
        if (length is < 0 or > MaxText)
        {
            throw new IOException($"the decoder host sent a string of {length} bytes");
        }

        byte[] bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _output.ReadExactly(bytes, 0, length);
            return Encoding.UTF8.GetString(bytes, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
