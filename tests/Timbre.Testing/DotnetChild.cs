using System.Diagnostics;

namespace Timbre.Testing;

/// <summary>Starts an assembly copied next to the tests (a project reference) as a real child process, for kill -9 tests.</summary>
public static class DotnetChild
{
    /// <summary>
    /// <c>dotnet exec DLL ARGS</c> with stdout and stderr redirected, using the host that runs the tests when known.
    /// Fails the test when <paramref name="dllName"/> is not next to the test assembly.
    /// </summary>
    public static ProcessStartInfo StartInfo(string dllName, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, dllName);
        Assert.True(File.Exists(dll), $"{dllName} not built next to the tests: {dll}");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }
}
