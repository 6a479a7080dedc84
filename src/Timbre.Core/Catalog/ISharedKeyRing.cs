namespace Timbre.Core.Catalog;

/// <summary>
/// Key elements every web server on one catalog shares (ASP.NET Core Data Protection's key ring: the keys that sign
/// and encrypt sign-in cookies), so a cookie issued by one server is read by another. Elements are opaque XML text,
/// stored as given and never changed or deleted (Data Protection revokes a key by adding an element). Thread-safe:
/// each call uses a connection of its own. Errors are <see cref="CatalogException"/>.
/// </summary>
public interface ISharedKeyRing
{
    /// <summary>Every stored element, oldest first.</summary>
    IReadOnlyList<string> ReadElements();

    /// <summary>Stores one element under <paramref name="friendlyName"/> (a label for people reading the table; need not be unique).</summary>
    void AddElement(string friendlyName, string xml);
}
