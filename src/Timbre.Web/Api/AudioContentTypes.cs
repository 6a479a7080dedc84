namespace Timbre.Web.Api;

/// <summary>The upload formats the app accepts and the content type each audio file is served with.</summary>
internal static class AudioContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".flac"] = "audio/flac",
        [".ogg"] = "audio/ogg",
        [".oga"] = "audio/ogg",
        [".opus"] = "audio/ogg",
        [".m4a"] = "audio/mp4",
        [".aac"] = "audio/aac",
    };

    /// <summary>Extensions an upload may have, lower-case with the dot; the server's temp files use these constants.</summary>
    public static readonly IReadOnlyList<string> UploadExtensions = [".mp3", ".wav", ".flac", ".ogg", ".m4a"];

    public static string For(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";

    /// <summary>The server's own constant for the extension of <paramref name="fileName"/>, or null when not accepted.</summary>
    public static string? UploadExtension(string? fileName)
    {
        var ext = Path.GetExtension(fileName ?? "");
        return UploadExtensions.FirstOrDefault(e => string.Equals(e, ext, StringComparison.OrdinalIgnoreCase));
    }
}
