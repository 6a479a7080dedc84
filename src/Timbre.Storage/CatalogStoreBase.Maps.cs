using Timbre.Core.Catalog;

namespace Timbre.Storage;

/// <summary><see cref="ILibraryMapRepository"/>'s members forwarded to the backend's repository.</summary>
public abstract partial class CatalogStoreBase
{
    /// <summary>The stored library map layouts of this catalog.</summary>
    public abstract ILibraryMapRepository Maps { get; }

    /// <inheritdoc />
    public StoredLibraryMapInfo? FindLibraryMap(string index) => Maps.FindLibraryMap(index);

    /// <inheritdoc />
    public StoredLibraryMap? ReadLibraryMap(string index) => Maps.ReadLibraryMap(index);

    /// <inheritdoc />
    public void WriteLibraryMap(StoredLibraryMap map) => Maps.WriteLibraryMap(map);
}
