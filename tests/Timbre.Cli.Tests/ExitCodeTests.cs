namespace Timbre.Cli.Tests;

/// <summary>Exit codes: 0 success, 1 error, 2 usage error; usage errors say so on stderr and point at --help.</summary>
[Collection("Console")]
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timbre-exit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void UnknownOption_ExitsTwo_WithAnErrorLineAndAHelpHint()
    {
        var (code, output, error) = CliRunner.Run("recommend", "--catalog", Path.Combine(_dir, "c.db"), "--bogus");
        Assert.Equal(2, code);
        Assert.Contains("timbre: error:", error, StringComparison.Ordinal);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
        Assert.Contains("timbre recommend --help", error, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public void UnknownCommand_ExitsTwo()
    {
        var (code, _, error) = CliRunner.Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
        Assert.Contains("timbre --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadNumber_ExitsTwo_NamingTheValue()
    {
        var (code, _, error) = CliRunner.Run("recommend", "--catalog", Path.Combine(_dir, "c.db"), "--like", "1", "-n", "abc");
        Assert.Equal(2, code);
        Assert.Contains("'abc'", error, StringComparison.Ordinal);
        Assert.StartsWith("timbre: error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingArgument_ExitsTwo()
    {
        var (code, _, error) = CliRunner.Run("user", "show");
        Assert.Equal(2, code);
        Assert.Contains("timbre user show --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionOutOfRange_ExitsTwo()
    {
        var (code, _, error) = CliRunner.Run("recommend", "--catalog", Path.Combine(_dir, "c.db"), "--like", "1", "-n", "0");
        Assert.Equal(2, code);
        Assert.Contains("-n must be >= 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_ExitsOne()
    {
        var (code, _, error) = CliRunner.Run("catalog", "stats", "--catalog", Path.Combine(_dir, "missing.db"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "missing.db")));
    }
}
