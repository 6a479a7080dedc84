namespace Timbre.Testing;

/// <summary>
/// Runs a command-line entry point in-process with stdout and stderr captured. Console redirection is global: tests
/// that use it belong to one xunit collection ("Console") so they never run at the same time.
/// </summary>
public static class ConsoleCapture
{
    /// <summary>Runs <paramref name="main"/> with <paramref name="args"/>; returns its exit code and what it printed.</summary>
    public static (int Code, string Out, string Err) Run(Func<string[], int> main, params string[] args)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        var output = new StringWriter();
        var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = main(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
