using Timbre.Core.Errors;

namespace Timbre.Web.Catalog;

/// <summary>Too many catalog-wide reads (searches) are running; the client should try again later (answered with 503).</summary>
public sealed class CatalogBusyException(string message) : TimbreException(message);
