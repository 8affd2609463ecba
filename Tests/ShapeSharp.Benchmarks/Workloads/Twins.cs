using System;
using System.Linq;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>Makes a hand-written twin start from the generated model's weights, and checks they compute the same.</summary>
internal static class Twins
{
    /// <summary>Copies parameters in registration order; the twins declare their layers in the same order, so any
    /// difference in layout (count or shape) is a twin that is not the same model, and throws.</summary>
    public static void CopyWeights(nn.Module from, nn.Module to)
    {
        var source = from.parameters().ToList();
        var target = to.parameters().ToList();
        if (source.Count != target.Count)
        {
            throw new InvalidOperationException($"{from.GetName()} has {source.Count} parameters, {to.GetName()} {target.Count}.");
        }

        using var noGrad = no_grad();
        foreach (var (s, t) in source.Zip(target))
        {
            if (!s.shape.SequenceEqual(t.shape))
            {
                throw new InvalidOperationException(
                    $"{from.GetName()} and {to.GetName()} differ: [{string.Join(", ", s.shape)}] against [{string.Join(", ", t.shape)}].");
            }

            t.copy_(s);
        }
    }

    /// <summary>Throws unless the twin computes what the generated model computes (a benchmark of two different models measures nothing).</summary>
    public static double RequireSame(string model, double difference) =>
        difference < 1e-4 ? difference : throw new InvalidOperationException($"{model}: the hand-written twin is not the same model (difference {difference}).");

    /// <summary>The largest difference between the two models' outputs on <paramref name="x"/> in eval mode
    /// (dropout off); both are put back in training mode.</summary>
    public static double OutputDifference(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        a.eval();
        b.eval();
        var difference = (a.call(x) - b.call(x)).abs().max().item<float>();
        a.train();
        b.train();
        return difference;
    }
}
