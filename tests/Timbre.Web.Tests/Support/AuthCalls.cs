using System.Net.Http.Json;

namespace Timbre.Web.Tests.Support;

/// <summary>Sign-in calls with the auth cookie handled by hand, so a test can copy it, replay it, or hold two at once.</summary>
internal static class AuthCalls
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetWithCookieAsync(this HttpClient client, string path, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return client.SendAsync(request);
    }

    /// <summary>The <c>name=value</c> of the auth cookie the answer sets (fails the test when none).</summary>
    public static string AuthCookie(HttpResponseMessage response)
    {
        var header = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("timbre.auth=", StringComparison.Ordinal));
        return header[..header.IndexOf(';', StringComparison.Ordinal)];
    }

    public static async Task<string> RegisterAsync(HttpClient client, string name, string password)
    {
        var response = await client.PostJsonAsync("/api/auth/register", new { name, password });
        response.EnsureSuccessStatusCode();
        return AuthCookie(response);
    }

    public static async Task<string> LoginAsync(HttpClient client, string name, string password)
    {
        var response = await client.PostJsonAsync("/api/auth/login", new { name, password });
        response.EnsureSuccessStatusCode();
        return AuthCookie(response);
    }
}
