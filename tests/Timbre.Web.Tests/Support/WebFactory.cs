using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Timbre.Web.Backend;

namespace Timbre.Web.Tests.Support;

/// <summary>Hosts the Timbre web app in memory over a given backend (WebApplicationFactory with a test server).</summary>
internal sealed class WebFactory(TimbreWebOptions options, ITimbreBackend backend) : WebApplicationFactory<WebFactory>
{
    public TimbreWebOptions Options { get; } = options;

    public ITimbreBackend Backend { get; } = backend;

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureWebHost(web => web
                .ConfigureServices(services => TimbreWeb.AddServices(services, Options, Backend))
                .Configure(TimbreWeb.Configure));

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    /// <summary>A client that keeps cookies and sends the header state-changing calls need.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Timbre-Request", "1");
        return client;
    }
}
