namespace Timbre.Web.Api;

/// <summary>The JSON body of every error answer: one readable sentence, and the decoder's reason when there is one.</summary>
/// <param name="Error">What went wrong, for a person.</param>
/// <param name="Reason">The underlying reason (e.g. the audio decoder's message), when known.</param>
public sealed record ApiError(string Error, string? Reason = null);

/// <summary>What the pages need to know about the server.</summary>
/// <param name="MaxUploadBytes">Largest accepted upload.</param>
/// <param name="CanAddToLibrary">Whether uploads can be added to the library (a library folder is configured).</param>
/// <param name="CanAnalyze">Whether a model is loaded (uploads can be analysed).</param>
/// <param name="MaxUploadsPerUser">Most songs one signed-in user may add to the library.</param>
/// <param name="MaxUploadBytesPerUser">Most bytes of songs one signed-in user may add to the library.</param>
public sealed record ServerConfig(long MaxUploadBytes, bool CanAddToLibrary, bool CanAnalyze, int MaxUploadsPerUser = 0, long MaxUploadBytesPerUser = 0);
