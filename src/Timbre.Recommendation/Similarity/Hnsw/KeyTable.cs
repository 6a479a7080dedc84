namespace Timbre.Recommendation.Similarity.Hnsw;

/// <summary>
/// Key → newest node of that key, open addressing with linear probing over node numbers (4 bytes a slot, at most
/// half full; the keys themselves stay in the graph's key array, passed in). Entries are never removed: a removed
/// key keeps pointing at its tombstone, and a new vector for a key points the entry at the new node.
/// </summary>
internal sealed unsafe class KeyTable
{
    private int[] _slots; // node + 1; 0 is empty
    private int _count;

    public KeyTable(int keys) => _slots = new int[SlotsFor(keys)];

    public long Bytes => _slots.Length * 4L;

    /// <summary>The newest node of <paramref name="key"/>, or -1.</summary>
    public int Find(long key, long* keys)
    {
        var mask = _slots.Length - 1;
        for (var i = Hash(key) & mask; ; i = (i + 1) & mask)
        {
            var s = _slots[i];
            if (s == 0)
            {
                return -1;
            }

            if (keys[s - 1] == key)
            {
                return s - 1;
            }
        }
    }

    /// <summary>Points <paramref name="key"/> (already written at keys[node]) at <paramref name="node"/>.</summary>
    public void Set(long key, int node, long* keys)
    {
        if (2 * (_count + 1) > _slots.Length)
        {
            Rehash(keys);
        }

        var mask = _slots.Length - 1;
        for (var i = Hash(key) & mask; ; i = (i + 1) & mask)
        {
            var s = _slots[i];
            if (s == 0)
            {
                _slots[i] = node + 1;
                _count++;
                return;
            }

            if (keys[s - 1] == key)
            {
                _slots[i] = node + 1;
                return;
            }
        }
    }

    /// <summary>Room for <paramref name="keys"/> keys in all without another rehash.</summary>
    public void Reserve(int keys, long* keyArray)
    {
        if (SlotsFor(keys) > _slots.Length)
        {
            Rehash(keyArray, SlotsFor(keys));
        }
    }

    private static int SlotsFor(int keys) => (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, 2L * keys)));

    private static int Hash(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> 33);

    private void Rehash(long* keys, int slots = 0)
    {
        var old = _slots;
        _slots = new int[Math.Max(slots, old.Length * 2)];
        _count = 0;
        foreach (var s in old)
        {
            if (s != 0)
            {
                Set(keys[s - 1], s - 1, keys);
            }
        }
    }
}
