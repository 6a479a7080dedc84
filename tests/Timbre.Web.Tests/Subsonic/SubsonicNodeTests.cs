using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Timbre.Web.Subsonic;

namespace Timbre.Web.Tests.Subsonic;

/// <summary>One answer tree, two renderings: scalars as attributes/properties, lists as repeated elements/arrays.</summary>
public sealed class SubsonicNodeTests
{
    private static SubsonicNode Sample() => new SubsonicNode()
        .Set("status", "ok")
        .Set("openSubsonic", true)
        .Set("skipped", null)
        .Add("album", new SubsonicNode()
            .Set("id", "al-1").Set("songCount", 2).Set("size", 5_000_000_000L).Set("similarity", 0.25)
            .Set("created", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)))
            .Set("name", "Ünïcode & <tags>")
            .AddList("song", [new SubsonicNode().Set("id", "1"), new SubsonicNode().Set("id", "2")])
            .AddList("empty", [])
            .AddValues("versions", [1, 2]));

    [Fact]
    public void Json_has_typed_values_arrays_for_lists_and_leaves_nulls_out()
    {
        var root = JsonDocument.Parse(Sample().ToJson()).RootElement.GetProperty("subsonic-response");
        var album = root.GetProperty("album");

        Assert.True(root.GetProperty("openSubsonic").GetBoolean());
        Assert.False(root.TryGetProperty("skipped", out _));
        Assert.Equal(2, album.GetProperty("songCount").GetInt32());
        Assert.Equal(5_000_000_000L, album.GetProperty("size").GetInt64());
        Assert.Equal(0.25, album.GetProperty("similarity").GetDouble());
        Assert.Equal("2024-05-01T10:00:00.000Z", album.GetProperty("created").GetString());
        Assert.Equal("Ünïcode & <tags>", album.GetProperty("name").GetString());
        Assert.Equal(["1", "2"], album.GetProperty("song").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Array, album.GetProperty("empty").ValueKind);
        Assert.Equal([1, 2], album.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void Xml_has_the_namespace_attributes_for_scalars_and_repeated_elements_for_lists()
    {
        var xml = Encoding.UTF8.GetString(Sample().ToXml());
        var root = XDocument.Parse(xml).Root!;
        XNamespace ns = "http://subsonic.org/restapi";
        var album = root.Element(ns + "album")!;

        Assert.Equal(ns + "subsonic-response", root.Name);
        Assert.Equal("true", root.Attribute("openSubsonic")!.Value);
        Assert.Null(root.Attribute("skipped"));
        Assert.Equal("5000000000", album.Attribute("size")!.Value);
        Assert.Equal("Ünïcode & <tags>", album.Attribute("name")!.Value);
        Assert.Equal(["1", "2"], album.Elements(ns + "song").Select(s => s.Attribute("id")!.Value));
        Assert.Empty(album.Elements(ns + "empty"));
        Assert.Equal(["1", "2"], album.Elements(ns + "versions").Select(v => v.Value));
    }
}
