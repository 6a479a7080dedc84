namespace Timbre.Models.Common;

/// <summary>Output-size arithmetic of convolution and pooling (the formulas PyTorch documents).</summary>
public static class ShapeMath
{
    /// <summary>Output length of a convolution.</summary>
    public static int ConvOut(int n, int kernel, int stride = 1, int padding = 0) =>
        ((n + (2 * padding) - kernel) / stride) + 1;

    /// <summary>Output length of a max/avg pooling, including PyTorch's ceil-mode rule.</summary>
    public static int PoolOut(int n, int kernel, int stride, int padding = 0, bool ceilMode = false)
    {
        int span = n + (2 * padding) - kernel;
        int output = ceilMode ? (int)Math.Ceiling(span / (double)stride) + 1 : (int)Math.Floor(span / (double)stride) + 1;
        if (ceilMode && (output - 1) * stride >= n + padding)
        {
            output--;
        }

        return output;
    }

    /// <summary>
    /// Pool kernels (= strides) that shrink <paramref name="size"/> to exactly 1: each stage uses its preferred kernel
    /// (clamped to the size left) and the last stage takes whatever is left.
    /// </summary>
    public static int[] CollapsePools(int size, IReadOnlyList<int> preferred)
    {
        var kernels = new int[preferred.Count];
        int left = size;
        for (int i = 0; i < kernels.Length; i++)
        {
            int k = i == kernels.Length - 1 ? left : Math.Max(1, Math.Min(preferred[i], left));
            kernels[i] = k;
            left /= k;
        }

        return kernels;
    }

    /// <summary>Pool kernels clamped to the size left at each stage; returns the kernels and the final size.</summary>
    public static (int[] Kernels, int Final) ClampPools(int size, IReadOnlyList<int> preferred)
    {
        var kernels = new int[preferred.Count];
        int left = size;
        for (int i = 0; i < kernels.Length; i++)
        {
            kernels[i] = Math.Max(1, Math.Min(preferred[i], left));
            left /= kernels[i];
        }

        return (kernels, left);
    }
}
