namespace Timbre.Recommendation.Recommenders;

/// <summary>Largest-remainder (Hamilton) apportionment of n slots by shares.</summary>
public static class LargestRemainder
{
    /// <summary>
    /// Integer quotas summing to <paramref name="n"/>, each ⌊n·s_i/Σs⌋ plus one for the largest remainders
    /// (ties to the lower index). All zero when the shares sum to zero.
    /// </summary>
    public static int[] Apportion(int n, IReadOnlyList<double> shares)
    {
        var quotas = new int[shares.Count];
        var total = shares.Sum();
        if (total <= 0 || n <= 0)
        {
            return quotas;
        }

        var remainders = new double[shares.Count];
        var given = 0;
        for (var i = 0; i < shares.Count; i++)
        {
            var exact = n * shares[i] / total;
            quotas[i] = (int)Math.Floor(exact);
            remainders[i] = exact - quotas[i];
            given += quotas[i];
        }

        foreach (var i in Enumerable.Range(0, shares.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(n - given))
        {
            quotas[i]++;
        }

        return quotas;
    }
}
