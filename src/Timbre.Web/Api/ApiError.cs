namespace Timbre.Web.Api;

/// <summary>The JSON body of every error answer: one readable sentence, and the decoder's reason when there is one.</summary>
/// <param name="Error">What went wrong, for a person.</param>
/// <param name="Reason">The underlying reason (e.g. the audio decoder's message), when known.</param>
public sealed record ApiError(string Error, string? Reason = null);
