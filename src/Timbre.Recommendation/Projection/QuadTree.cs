namespace Timbre.Recommendation.Projection;

/// <summary>
/// A point quadtree over 2-D positions with each cell's point count and centre of mass: the Barnes–Hut summary of
/// t-SNE's repulsive forces. Built once per iteration; cells are kept in one array.
/// </summary>
internal sealed class QuadTree
{
    private const double MinHalf = 1e-10;
    private readonly double[] _x;
    private readonly double[] _y;
    private Node[] _nodes = new Node[64];
    private int _used;

    /// <summary>
    /// Builds the tree over the positions (x[i], y[i]), inserted in index order or in <paramref name="order"/>, in the
    /// cell array of <paramref name="previous"/> when given (a tree of the last iteration, not used after).
    /// </summary>
    public QuadTree(double[] x, double[] y, QuadTree? previous = null, int[]? order = null)
    {
        _x = x;
        _y = y;
        if (previous is not null)
        {
            _nodes = previous._nodes;
        }

        var (minX, minY, maxX, maxY) = Bounds(x, y);

        var half = (Math.Max(maxX - minX, maxY - minY) / 2) + 1e-5;
        NewNode((minX + maxX) / 2, (minY + maxY) / 2, half);
        for (var i = 0; i < x.Length; i++)
        {
            Insert(order is null ? i : order[i]);
        }
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds(double[] x, double[] y)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < x.Length; i++)
        {
            minX = Math.Min(minX, x[i]);
            maxX = Math.Max(maxX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxY = Math.Max(maxY, y[i]);
        }

        return (minX, minY, maxX, maxY);
    }

    /// <summary>
    /// The points in Z-order (Morton order of their positions on a 2¹⁶ grid, ties by index) into <paramref name="order"/>:
    /// points next in it are near in the plane, so a tree built and walked in it reuses the cells in cache.
    /// </summary>
    public static void ZOrder(double[] x, double[] y, int[] order, ulong[] keys)
    {
        var (minX, minY, maxX, maxY) = Bounds(x, y);

        var scale = 65535 / Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-300);
        Parallel.For(0, x.Length, i =>
        {
            var gx = (uint)Math.Clamp((x[i] - minX) * scale, 0, 65535);
            var gy = (uint)Math.Clamp((y[i] - minY) * scale, 0, 65535);
            keys[i] = ((ulong)(Spread(gx) | (Spread(gy) << 1)) << 32) | (uint)i;
        });
        Array.Sort(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            order[i] = (int)(uint)keys[i];
        }
    }

    /// <summary>The 16 low bits of v moved to the even bit positions.</summary>
    private static uint Spread(uint v)
    {
        v &= 0xFFFF;
        v = (v | (v << 8)) & 0x00FF00FF;
        v = (v | (v << 4)) & 0x0F0F0F0F;
        v = (v | (v << 2)) & 0x33333333;
        return (v | (v << 1)) & 0x55555555;
    }

    /// <summary>
    /// Adds the repulsion on point <paramref name="i"/>: returns Σ w (the point's share of the normaliser Z) and adds
    /// Σ w²·(yᵢ − yⱼ) to (<paramref name="fx"/>, <paramref name="fy"/>), w = 1 / (1 + d²), cells summarised when
    /// 2·half / d &lt; <paramref name="theta"/>.
    /// </summary>
    public double Repulsion(int i, double theta, ref double fx, ref double fy)
    {
        Span<int> stack = stackalloc int[512];
        var top = 0;
        stack[top++] = 0;
        var z = 0.0;
        var px = _x[i];
        var py = _y[i];
        var theta2 = theta * theta;
        while (top > 0)
        {
            ref var node = ref _nodes[stack[--top]];
            if (node.Count == 0)
            {
                continue;
            }

            var dx = px - node.MassX;
            var dy = py - node.MassY;
            var d2 = (dx * dx) + (dy * dy);
            var leaf = node.FirstChild < 0;
            if (leaf || 4 * node.Half * node.Half < theta2 * d2)
            {
                var count = node.Count;
                if (leaf && (node.Point == i || (d2 == 0 && node.Count > 1)))
                {
                    count--; // the point itself (duplicates sit at its own position: no force, only Z)
                }

                if (count <= 0)
                {
                    continue;
                }

                var w = 1 / (1 + d2);
                z += count * w;
                var f = count * w * w;
                fx += f * dx;
                fy += f * dy;
                continue;
            }

            if (top + 4 > stack.Length)
            {
                throw new InvalidOperationException("Quadtree deeper than expected.");
            }

            for (var c = 0; c < 4; c++)
            {
                stack[top++] = node.FirstChild + c;
            }
        }

        return z;
    }

    private void Insert(int i)
    {
        var px = _x[i];
        var py = _y[i];
        var n = 0;
        while (true)
        {
            ref var node = ref _nodes[n];
            node.MassX = ((node.MassX * node.Count) + px) / (node.Count + 1);
            node.MassY = ((node.MassY * node.Count) + py) / (node.Count + 1);
            node.Count++;
            if (node.FirstChild < 0)
            {
                if (node.Count == 1)
                {
                    node.Point = i;
                    return;
                }

                if (node.Half < MinHalf || (_x[node.Point] == px && _y[node.Point] == py))
                {
                    return; // duplicates share a leaf
                }

                Split(n);
            }

            n = Child(n, px, py);
        }
    }

    private void Split(int n)
    {
        // The leaf's count already includes the point being inserted; the rest are copies of its one position.
        var (cx, cy, half, point, resident) = (_nodes[n].CentreX, _nodes[n].CentreY, _nodes[n].Half / 2, _nodes[n].Point, _nodes[n].Count - 1);
        var first = NewNode(cx - half, cy - half, half);
        NewNode(cx + half, cy - half, half);
        NewNode(cx - half, cy + half, half);
        NewNode(cx + half, cy + half, half);
        _nodes[n].FirstChild = first;
        _nodes[n].Point = -1;
        ref var child = ref _nodes[Child(n, _x[point], _y[point])];
        child.Count = resident;
        child.Point = point;
        child.MassX = _x[point];
        child.MassY = _y[point];
    }

    private int Child(int n, double px, double py)
    {
        ref var node = ref _nodes[n];
        return node.FirstChild + (px >= node.CentreX ? 1 : 0) + (py >= node.CentreY ? 2 : 0);
    }

    private int NewNode(double cx, double cy, double half)
    {
        if (_used == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        _nodes[_used] = new Node { CentreX = cx, CentreY = cy, Half = half, FirstChild = -1, Point = -1 };
        return _used++;
    }

    private struct Node
    {
        public double CentreX;
        public double CentreY;
        public double Half;
        public double MassX;
        public double MassY;
        public int Count;
        public int FirstChild;
        public int Point;
    }
}
