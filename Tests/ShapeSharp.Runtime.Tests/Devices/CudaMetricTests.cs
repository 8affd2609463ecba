using ShapeSharp.Metrics;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>Accuracy and ConfusionMatrix count on the device off the CPU (read once, by Compute) and agree with the CPU count.</summary>
public class CudaMetricTests
{
    [CudaFact]
    public void Accuracy_on_cuda_equals_accuracy_on_the_cpu_across_batches_and_ignored_targets()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var onCpu = new Accuracy();
        var onCuda = new Accuracy();
        for (var batch = 0; batch < 7; batch++)
        {
            var logits = randn(33, 4);
            var target = randint(-1, 4, new long[] { 33 });
            onCpu.Update(logits, target);
            onCuda.Update(logits.cuda(), target.cuda());
        }

        Assert.Equal(onCpu.Compute(), onCuda.Compute());
        onCuda.Update(tensor(new[] { 0f, 1f }).reshape(1, 2).cuda(), tensor(new long[] { 1 }).cuda());
        Assert.NotEqual(onCpu.Compute(), onCuda.Compute());
        onCuda.Reset();
        Assert.Equal(0, onCuda.Compute());
    }

    [CudaFact]
    public void A_confusion_matrix_on_cuda_equals_the_one_on_the_cpu()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var onCpu = new ConfusionMatrix();
        var onCuda = new ConfusionMatrix();
        var recallOnCuda = new Recall(Average.Weighted);
        var recallOnCpu = new Recall(Average.Weighted);
        for (var batch = 0; batch < 7; batch++)
        {
            var logits = randn(33, 4);
            var target = randint(-1, 4, new long[] { 33 });
            onCpu.Update(logits, target);
            onCuda.Update(logits.cuda(), target.cuda());
            recallOnCpu.Update(logits, target);
            recallOnCuda.Update(logits.cuda(), target.cuda());
        }

        Assert.Equal(onCpu.Matrix, onCuda.Matrix);
        Assert.Equal(recallOnCpu.Compute(), recallOnCuda.Compute());
    }
}
