using Timbre.Data.Csv;

namespace Timbre.Data.Tests.Csv;

public class CsvReaderTests
{
    [Fact]
    public void Handles_quotes_commas_escaped_quotes_and_newlines_in_fields()
    {
        string text = "a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\n2,\"line1\nline2\",\n\n3,,last";
        List<string[]> rows = CsvReader.ReadAll(new StringReader(text)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(["a", "b", "c"], rows[0]);
        Assert.Equal(["1", "x, y", "he said \"hi\""], rows[1]);
        Assert.Equal(["2", "line1\nline2", ""], rows[2]);
        Assert.Equal(["3", "", "last"], rows[3]);
    }

    [Fact]
    public void Unclosed_quote_throws() =>
        Assert.Throws<FormatException>(() => CsvReader.ReadAll(new StringReader("a,\"b\n")).ToList());

    [Fact]
    public void Quote_round_trips()
    {
        string[] fields = ["plain", "a,b", "q\"q", "n\nl"];
        string line = string.Join(',', fields.Select(CsvReader.Quote));
        Assert.Equal(fields, CsvReader.ReadAll(new StringReader(line)).Single());
    }
}
