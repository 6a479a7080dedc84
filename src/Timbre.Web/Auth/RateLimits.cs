using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Timbre.Web.Api;

namespace Timbre.Web.Auth;

/// <summary>The rate-limit policies (per address on sign-in, per address or user on analysis) and the 429 answer.</summary>
internal static class RateLimits
{
    /// <summary>Policy of the sign-in, register and password endpoints.</summary>
    public const string AuthPolicy = "auth";

    /// <summary>Policy of <c>POST /api/analyze</c>.</summary>
    public const string AnalyzePolicy = "analyze";

    /// <summary>Policy of the player API under <c>/rest</c>.</summary>
    public const string PlayerPolicy = "player";

    public static void AddTimbreRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        services.AddSingleton(new AccountThrottle(limits));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? new ValueTask(WriteTooManyAsync(context.HttpContext, retryAfter))
                    : new ValueTask(WriteTooManyAsync(context.HttpContext, TimeSpan.FromMinutes(1)));
            o.AddPolicy(AuthPolicy, context => !limits.Enabled
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => Window(limits.AuthPerAddress, limits.AuthWindow)));
            o.AddPolicy(PlayerPolicy, context => !limits.Enabled
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter("player:" + ClientAddress(context), _ => Window(limits.PlayerPerMinute, TimeSpan.FromMinutes(1))));
            o.AddPolicy(AnalyzePolicy, context =>
            {
                if (!limits.Enabled)
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                return user is null
                    ? RateLimitPartition.GetFixedWindowLimiter("ip:" + ClientAddress(context), _ => Window(limits.AnalyzePerMinuteAnonymous, TimeSpan.FromMinutes(1)))
                    : RateLimitPartition.GetFixedWindowLimiter("user:" + user, _ => Window(limits.AnalyzePerMinuteUser, TimeSpan.FromMinutes(1)));
            });
        });
    }

    /// <summary>Answers 429 with Retry-After (whole seconds, at least 1) and a JSON <see cref="ApiError"/>.</summary>
    public static Task WriteTooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsJsonAsync(new ApiError($"Too many attempts; try again in {seconds} s."));
    }

    /// <summary>The 429 answer as an endpoint result.</summary>
    public static IResult TooMany(TimeSpan retryAfter) => new TooManyResult(retryAfter);

    /// <summary>
    /// The connection's address, never a forwarded header (anyone can write X-Forwarded-For). IPv6 clients are
    /// grouped by /64, the block one subscriber usually holds.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return address.ToString();
    }

    public static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    };

    private sealed class TooManyResult(TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteTooManyAsync(httpContext, retryAfter);
    }
}
