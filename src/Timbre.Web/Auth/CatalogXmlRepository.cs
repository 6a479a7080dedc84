using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Timbre.Core.Catalog;

namespace Timbre.Web.Auth;

/// <summary>
/// ASP.NET Core Data Protection's key store over the catalog's shared key ring (a PostgreSQL catalog's table), so
/// every <c>timbre serve</c> on that catalog signs and reads sign-in cookies with the same keys. The elements are
/// stored as Data Protection writes them (not encrypted at rest, as in ASP.NET Core's default folder on Linux): the
/// table is as sensitive as the database, though a cookie is worth nothing without its live session row.
/// </summary>
internal sealed class CatalogXmlRepository(ISharedKeyRing keyRing) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() =>
        keyRing.ReadElements().Select(xml => XElement.Parse(xml)).ToList();

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        keyRing.AddElement(friendlyName ?? "", element.ToString(SaveOptions.DisableFormatting));
    }
}
