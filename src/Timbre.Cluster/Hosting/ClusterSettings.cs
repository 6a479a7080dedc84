using System.Net;

namespace Timbre.Cluster.Hosting;

/// <summary>How a silo or client finds its cluster. Defaults suit one cluster per database.</summary>
public sealed record ClusterSettings
{
    /// <summary>The PostgreSQL database holding membership (as a rule the catalog's). Required.</summary>
    public string Database { get; init; } = "";

    /// <summary>Silos and clients with the same id form one cluster; default "timbre".</summary>
    public string ClusterId { get; init; } = "timbre";

    /// <summary>Silo-to-silo port; default 11111.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port clients connect to; default 30000.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; default null (the machine's first non-loopback address, else loopback).</summary>
    public IPAddress? Advertise { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public ClusterSettings Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Database, nameof(Database));
        ArgumentException.ThrowIfNullOrWhiteSpace(ClusterId, nameof(ClusterId));
        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            throw new ArgumentException($"Silo port {SiloPort} and gateway port {GatewayPort} must be distinct ports 1–65535.");
        }

        return this;
    }
}
