using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Timbre.Web.Subsonic;

/// <summary>
/// One object of a Subsonic answer, written once and rendered as XML or JSON the way Subsonic servers do: scalars are
/// XML attributes and JSON properties, a child node is an XML element and a JSON object, a list is repeated XML
/// elements and a JSON array (always an array, even with one or no item), a list of scalars is repeated XML elements
/// with text and a JSON array of values. Null values are left out.
/// </summary>
internal sealed class SubsonicNode
{
    private readonly List<(string Key, object Value)> _items = [];

    /// <summary>Adds a scalar (string, bool, int, long, double or DateTimeOffset); null is left out.</summary>
    public SubsonicNode Set(string key, object? value)
    {
        if (value is not null)
        {
            _items.Add((key, value));
        }

        return this;
    }

    /// <summary>Adds a child object.</summary>
    public SubsonicNode Add(string key, SubsonicNode child)
    {
        _items.Add((key, child));
        return this;
    }

    /// <summary>Adds a list of objects.</summary>
    public SubsonicNode AddList(string key, IEnumerable<SubsonicNode> children)
    {
        _items.Add((key, children.ToList()));
        return this;
    }

    /// <summary>Adds a list of scalars.</summary>
    public SubsonicNode AddValues(string key, IEnumerable<object> values)
    {
        _items.Add((key, new ScalarList(values.ToList())));
        return this;
    }

    /// <summary>The answer as <c>{"subsonic-response": {…}}</c>.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WritePropertyName("subsonic-response");
            WriteJson(json, this);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The answer as <c>&lt;subsonic-response xmlns="http://subsonic.org/restapi" …&gt;</c>.</summary>
    public byte[] ToXml()
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            WriteXml(xml, "subsonic-response", this, root: true);
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>A scalar as text (dates in ISO 8601 UTC, numbers invariant, booleans lowercase).</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteJson(Utf8JsonWriter json, SubsonicNode node)
    {
        json.WriteStartObject();
        foreach (var (key, value) in node._items)
        {
            json.WritePropertyName(key);
            switch (value)
            {
                case SubsonicNode child:
                    WriteJson(json, child);
                    break;
                case List<SubsonicNode> list:
                    json.WriteStartArray();
                    foreach (var child in list)
                    {
                        WriteJson(json, child);
                    }

                    json.WriteEndArray();
                    break;
                case ScalarList scalars:
                    json.WriteStartArray();
                    foreach (var v in scalars.Values)
                    {
                        WriteScalar(json, v);
                    }

                    json.WriteEndArray();
                    break;
                default:
                    WriteScalar(json, value);
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(double.IsFinite(d) ? d : 0);
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }

    private static void WriteXml(XmlWriter xml, string name, SubsonicNode node, bool root = false)
    {
        if (root)
        {
            xml.WriteStartElement(name, "http://subsonic.org/restapi");
        }
        else
        {
            xml.WriteStartElement(name);
        }

        foreach (var (key, value) in node._items.Where(i => i.Value is not (SubsonicNode or List<SubsonicNode> or ScalarList)))
        {
            xml.WriteAttributeString(key, Text(value));
        }

        foreach (var (key, value) in node._items)
        {
            switch (value)
            {
                case SubsonicNode child:
                    WriteXml(xml, key, child);
                    break;
                case List<SubsonicNode> list:
                    foreach (var child in list)
                    {
                        WriteXml(xml, key, child);
                    }

                    break;
                case ScalarList scalars:
                    foreach (var v in scalars.Values)
                    {
                        xml.WriteElementString(key, Text(v));
                    }

                    break;
            }
        }

        xml.WriteEndElement();
    }

    private sealed record ScalarList(List<object> Values);
}
