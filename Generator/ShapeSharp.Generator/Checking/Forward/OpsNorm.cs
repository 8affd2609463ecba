using System.Linq;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Normalisation and similarity: layer/group/batch/instance norm, normalize, cosine similarity, distances.</summary>
internal static partial class Ops
{
    /// <summary>layer_norm(input, normalized_shape): the same shape; normalized_shape must be the trailing dims.</summary>
    public static Value LayerNorm(OpCall c)
    {
        var normalized = Sizes(c.Args.Get("normalized_shape"));
        if (c.Shape is { } input && normalized is not null)
        {
            var mismatch = normalized.Count > input.Rank
                || normalized.Select((s, i) => s is not null && ProvablyDifferent(s, input.At(i - normalized.Count))).Any(d => d);
            if (mismatch)
            {
                c.Fail($"normalizes over [{string.Join(", ", normalized.Select(s => s?.ToString() ?? "?"))}], which is not how {c.Self} ends");
                return TensorValue.AnyShape;
            }
        }

        return c.Self;
    }

    /// <summary>group_norm(input, num_groups): the same shape; the groups divide the channels (dim 1).</summary>
    public static Value GroupNorm(OpCall c)
    {
        if (c.Shape is { } input)
        {
            if (input.Rank < 2)
            {
                c.Fail($"needs [N, C, *], but gets {c.Self}");
                return TensorValue.AnyShape;
            }

            if (c.Args.Constant("num_groups") is { } groups && groups > 0 && input.Dims[1] is { IsConstant: true } channels && channels.Constant % groups != 0)
            {
                c.Fail($"{groups} groups do not divide the {channels.Constant} channels of {c.Self}");
                return TensorValue.AnyShape;
            }
        }

        return c.Self;
    }

    /// <summary>batch_norm, instance_norm: the same shape; running statistics and affine weights have one value per channel (dim 1).</summary>
    public static Value ChannelNorm(OpCall c)
    {
        if (c.Shape is not { } input)
        {
            return c.Self;
        }

        if (input.Rank < 2)
        {
            c.Fail($"needs [N, C, *], but gets {c.Self}");
            return TensorValue.AnyShape;
        }

        foreach (var name in new[] { "running_mean", "running_var", "weight", "bias" })
        {
            if (c.Args.Tensor(name)?.Shape is { Rank: 1 } per && ProvablyDifferent(per.Dims[0], input.Dims[1]))
            {
                c.Fail($"{name} has {per.Dims[0]} values, but the input {c.Self} has {input.Dims[1]} channels (dim 1)");
                return TensorValue.AnyShape;
            }
        }

        return c.Self;
    }

    /// <summary>normalize(input, p, dim = 1): the same shape.</summary>
    public static Value Normalize(OpCall c) => AlongDim(1)(c);

    /// <summary>cosine_similarity(x1, x2, dim = 1): the broadcast shape without the dim.</summary>
    public static Value CosineSimilarity(OpCall c)
    {
        var both = BroadcastAll(c);
        if (both.Shape is null)
        {
            return TensorValue.AnyShape;
        }

        var axis = Axis(c.Run, c.Op, both.Shape, c.DimArg(1, "dim"), c.At);
        return axis is null ? TensorValue.AnyShape : Remove(both.Shape, axis.Value);
    }

    /// <summary>pairwise_distance(x1, x2): the broadcast shape without the last dim (1 with keepdim).</summary>
    public static Value PairwiseDistance(OpCall c)
    {
        var both = BroadcastAll(c);
        if (both.Shape is not { Rank: > 0 } shape)
        {
            return both.Shape is null ? TensorValue.AnyShape : both;
        }

        return c.Args.Get("keepdim") switch
        {
            null or BoolValue { Value: false } => Remove(shape, shape.Rank - 1),
            BoolValue { Value: true } => new TensorValue(shape.With(-1, Dim.Of(1))),
            _ => TensorValue.AnyShape,
        };
    }

    /// <summary>local_response_norm: the same shape, of rank 3 or more.</summary>
    public static Value LocalResponseNorm(OpCall c) => NeedsRank(3)(c);
}
