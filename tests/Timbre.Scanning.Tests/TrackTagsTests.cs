namespace Timbre.Scanning.Tests;

public sealed class TrackTagsTests
{
    [Theory]
    [InlineData("2021", 2021)]
    [InlineData("2021-03-04", 2021)]
    [InlineData("03/04/1999", 1999)]
    [InlineData("(P) 1987 Label", 1987)]
    [InlineData("20210304", null)]
    [InlineData("0999", null)]
    [InlineData("", null)]
    [InlineData("unknown", null)]
    [InlineData(null, null)]
    public void ParseYear_TakesTheFirstFourDigitRun(string? text, int? expected) => Assert.Equal(expected, TrackTags.ParseYear(text));
}
