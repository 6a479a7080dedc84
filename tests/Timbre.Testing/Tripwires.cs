using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Timbre.Testing;

/// <summary>
/// A "server file" that reports whether anyone opened it: a FIFO with a writer waiting on it. Opening a FIFO for
/// writing blocks until a reader opens it, so the writer getting through means some process read the path.
/// </summary>
public sealed class FifoTripwire : IDisposable
{
    private readonly Thread _writer;
    private volatile bool _opened;
    private volatile bool _disposing;

    /// <summary>Makes the FIFO at <paramref name="path"/> (with <c>mkfifo</c>) and starts the waiting writer.</summary>
    public FifoTripwire(string path)
    {
        Path = path;
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode != 0)
            {
                throw new InvalidOperationException($"mkfifo {path} failed");
            }
        }

        _writer = new Thread(() =>
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                _opened = !_disposing;
            }
            catch (IOException)
            {
                // The reader went away first; it still opened the path.
                _opened = !_disposing;
            }
        })
        { IsBackground = true };
        _writer.Start();
    }

    /// <summary>The FIFO's path.</summary>
    public string Path { get; }

    /// <summary>True when some process has opened the FIFO (waits briefly for the writer to notice).</summary>
    public bool WasOpened
    {
        get
        {
            _writer.Join(TimeSpan.FromMilliseconds(200));
            return _opened;
        }
    }

    /// <summary>Releases the writer (by opening the FIFO for reading) and deletes it.</summary>
    public void Dispose()
    {
        _disposing = true;
        if (_writer.IsAlive)
        {
            try
            {
                using var reader = new FileStream(Path, FileMode.Open, FileAccess.Read);
            }
            catch (IOException)
            {
            }
        }

        _writer.Join(TimeSpan.FromSeconds(5));
        File.Delete(Path);
    }
}

/// <summary>A loopback TCP port that reports whether anything connected to it (for "URL reference" uploads).</summary>
public sealed class LoopbackTripwire : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<TcpClient> _accept;

    /// <summary>Starts listening on a free port.</summary>
    public LoopbackTripwire()
    {
        _listener.Start();
        _accept = _listener.AcceptTcpClientAsync();
    }

    /// <summary>An http URL on the port.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/song.mp3";

    /// <summary>True when a connection arrived.</summary>
    public bool WasConnected => _accept.IsCompletedSuccessfully;

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _listener.Stop();
        if (_accept.IsCompletedSuccessfully)
        {
            _accept.Result.Dispose();
        }
    }
}
