using static TorchSharp.torch;

namespace Timbre.Models.Tests.Loading;

public class TorchSharpLoadsTests
{
    [Fact]
    public void TensorOpAndBackwardRun()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        Tensor y = (x * x).sum();
        y.backward();

        Assert.Equal(14f, y.item<float>(), 5);
        Assert.Equal(new float[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void MatrixMultiplyMatchesHandComputed()
    {
        using var scope = NewDisposeScope();
        Tensor a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        Tensor b = tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, a.matmul(b).data<float>().ToArray());
    }
}
