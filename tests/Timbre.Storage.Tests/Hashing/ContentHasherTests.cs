using Timbre.Storage.Hashing;

namespace Timbre.Storage.Tests.Hashing;

public sealed class ContentHasherTests
{
    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Hash(byte[] data) => ContentHasher.Compute(new MemoryStream(data));

    [Fact]
    public void Hash_IsStable_AndNamesItsScheme()
    {
        var data = Bytes(300_000, 1);
        Assert.Equal(Hash(data), Hash((byte[])data.Clone()));
        Assert.Matches("^h1:[0-9a-f]{64}$", Hash(data));
    }

    [Fact]
    public void Hash_OfAFile_EqualsHashOfItsBytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            var data = Bytes(200_000, 2);
            File.WriteAllBytes(path, data);
            Assert.Equal(Hash(data), ContentHasher.Compute(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_535)]
    [InlineData(234_464)]
    [InlineData(299_999)]
    public void Hash_ChangesWhenAnyHashedByteChanges(int index)
    {
        var data = Bytes(300_000, 3);
        var before = Hash(data);
        data[index] ^= 1;
        Assert.NotEqual(before, Hash(data));
    }

    [Fact]
    public void SmallFile_IsHashedWhole()
    {
        var data = Bytes(2 * ContentHasher.EdgeBytes, 4);
        var before = Hash(data);
        data[ContentHasher.EdgeBytes] ^= 1; // middle byte of a file of exactly 128 KiB
        Assert.NotEqual(before, Hash(data));
    }

    [Fact]
    public void SizeIsPartOfTheHash_AndTheMiddleOfALargeFileIsNot()
    {
        var data = Bytes(400_000, 5);
        var before = Hash(data);
        Assert.NotEqual(before, Hash(data[..^1]));
        data[200_000] ^= 1; // documented blind spot: same size, edit confined to the middle
        Assert.Equal(before, Hash(data));
    }
}
