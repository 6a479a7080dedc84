namespace Timbre.Web.Uploads;

/// <summary>
/// An uploaded file saved under a server-chosen name in the temp folder, plus the form's other fields.
/// Disposing deletes the file.
/// </summary>
internal sealed class ReceivedUpload : IDisposable
{
    public ReceivedUpload(string tempPath, string extension, string originalName, long sizeBytes, IReadOnlyDictionary<string, string> fields)
    {
        TempPath = tempPath;
        Extension = extension;
        OriginalName = originalName;
        SizeBytes = sizeBytes;
        Fields = fields;
    }

    /// <summary>Where the bytes are (server-chosen name).</summary>
    public string TempPath { get; }

    /// <summary>The server's constant extension (".mp3", …).</summary>
    public string Extension { get; }

    /// <summary>The name the user gave the file, for display only; never a path.</summary>
    public string OriginalName { get; }

    /// <summary>Bytes received.</summary>
    public long SizeBytes { get; }

    /// <summary>Plain form fields sent with the file.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    public void Dispose() => TempFiles.Delete(TempPath);
}

/// <summary>Deletes temp files without letting a failure to delete hide the real outcome.</summary>
internal static class TempFiles
{
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
