using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using static ShapeSharp.Generator.Checking.Forward.Ops;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// The op catalogue: one entry per op, read by every form of a call. x.op(...) passes x as the
/// op's tensor; torch.op(x, ...), functional.op(x, ...) and op(x, ...) through using static pass
/// their first argument. An op not listed here gives an unknown shape, never an error.
/// docs/composite.md lists this table (OpCatalogDocsTests keeps the two equal).
/// </summary>
internal static class OpCatalog
{
    private const string Functional = "functional.";

    public static readonly IReadOnlyList<OpEntry> Entries =
    [
        // Sizes: read as symbolic integers.
        ..Op(OpGroup.Sizes, "shape", ShapeTuple),
        ..Op(OpGroup.Sizes, "size", Size),
        ..Op(OpGroup.Sizes, "dim ndim Dimensions", Rank),
        ..Op(OpGroup.Sizes, "numel NumberOfElements", Numel),

        // Element-wise: the input's shape.
        ..Op(OpGroup.ElementWise, "abs absolute neg negative positive sign sgn signbit", Same),
        ..Op(OpGroup.ElementWise, "exp exp2 expm1 log log2 log10 log1p sqrt rsqrt square reciprocal", Same),
        ..Op(OpGroup.ElementWise, "sin cos tan asin acos atan arcsin arccos arctan", Same),
        ..Op(OpGroup.ElementWise, "sinh cosh asinh acosh atanh arcsinh arccosh arctanh", Same),
        ..Op(OpGroup.ElementWise, "round floor ceil trunc fix frac", Same),
        ..Op(OpGroup.ElementWise, "erf erfc erfinv lgamma digamma polygamma mvlgamma i0 sinc logit deg2rad rad2deg", Same),
        ..Op(OpGroup.ElementWise, "isnan isinf isfinite isneginf isposinf isreal logical_not bitwise_not nan_to_num", Same),
        ..Op(OpGroup.ElementWise, "clamp_min clamp_max", Same),

        // Activations: the input's shape, except glu and prelu's check.
        ..Op(OpGroup.Activation, "relu relu6 selu celu elu gelu silu mish", Same),
        ..Op(OpGroup.Activation, "hardtanh hardswish hardsigmoid hardshrink softshrink", Same),
        ..Op(OpGroup.Activation, "softplus softsign tanhshrink logsigmoid log_sigmoid", Same),
        ..Op(OpGroup.Activation, "leaky_relu rrelu threshold sigmoid tanh softmax2d", Same),
        ..Op(OpGroup.Activation, "prelu", Prelu),
        ..Op(OpGroup.Activation, "glu", Glu),

        // Dropout: the input's shape.
        ..Op(OpGroup.Dropout, "dropout dropout1d dropout2d dropout3d alpha_dropout feature_alpha_dropout", Same),

        // Conversions, copies and in-place fills: the input's shape.
        ..Op(OpGroup.Conversion, "to to_type type type_as float double half bfloat16 long int short byte char bool", Same),
        ..Op(OpGroup.Conversion, "cpu cuda contiguous clone detach alias pin_memory requires_grad_ with_requires_grad", Same),
        ..Op(OpGroup.Conversion, "MoveToOuterDisposeScope DetachFromDisposeScope", Same),
        ..Op(OpGroup.Conversion, "zero_ fill_ copy_ normal_ uniform_ bernoulli random_ exponential_ cauchy_ log_normal_ geometric_", Same),

        // Broadcasting: the broadcast shape of the operands.
        ..Op(OpGroup.Broadcasting, "add sub mul div multiply subtract divide true_divide floor_divide remainder fmod", Broadcasting),
        ..Op(OpGroup.Broadcasting, "pow float_power atan2 arctan2 hypot copysign nextafter ldexp xlogy logaddexp logaddexp2", Broadcasting),
        ..Op(OpGroup.Broadcasting, "maximum minimum fmax fmin heaviside igamma igammac gcd lcm", Broadcasting),
        ..Op(OpGroup.Broadcasting, "eq ne lt le gt ge greater greater_equal less less_equal not_equal isclose", Broadcasting),
        ..Op(OpGroup.Broadcasting, "logical_and logical_or logical_xor bitwise_and bitwise_or bitwise_xor bitwise_left_shift bitwise_right_shift", Broadcasting),
        ..Op(OpGroup.Broadcasting, "lerp addcmul addcdiv clamp clip", Broadcasting),
        ..Op(OpGroup.Broadcasting, "where", Where),
        ..Op(OpGroup.Broadcasting, "masked_fill masked_scatter", MaskedFill),

        // Along one dim: the input's shape; the dim must exist.
        ..Op(OpGroup.AlongDim, "softmax log_softmax softmin cumsum cumprod logcumsumexp", AlongDim()),
        ..Op(OpGroup.AlongDim, "argsort", AlongDim(-1)),
        ..Op(OpGroup.AlongDim, "normalize", Normalize),
        ..Op(OpGroup.AlongDim, "flip roll", AlongDims),
        ..Op(OpGroup.AlongDim, "fliplr", NeedsRank(2)),
        ..Op(OpGroup.AlongDim, "flipud msort", NeedsRank(1)),

        // Reductions: the reduced dims go, or stay as 1 with keepdim; no dims gives a scalar.
        ..Op(OpGroup.Reduction, "mean sum prod std var amax amin logsumexp norm nansum all any count_nonzero argmax argmin", Reduce),
        ..Op(OpGroup.Reduction, "median nanmedian", WholeTensor),

        // Values with their indices: tuples, read with .values/.indexes/.Item1 or deconstruction.
        ..Op(OpGroup.ValuesAndIndices, "max min", MaxMin),
        ..Op(OpGroup.ValuesAndIndices, "aminmax std_mean var_mean", ReducedPair),
        ..Op(OpGroup.ValuesAndIndices, "sort cummax cummin", SortLike),
        ..Op(OpGroup.ValuesAndIndices, "kthvalue mode", ReducedAlong),
        ..Op(OpGroup.ValuesAndIndices, "topk", TopK),
        ..Op(OpGroup.ValuesAndIndices, "frexp", c => new TupleValue(new Value[] { c.Self, c.Self })),

        // Reshaping and reordering.
        ..Op(OpGroup.Reshaping, "view reshape", Reshape),
        ..Op(OpGroup.Reshaping, "view_as expand_as", AsOther),
        ..Op(OpGroup.Reshaping, "expand broadcast_to", Expand),
        ..Op(OpGroup.Reshaping, "transpose swapaxes swapdims", Transpose),
        ..Op(OpGroup.Reshaping, "t", T),
        ..Op(OpGroup.Reshaping, "T", Reversed),
        ..Op(OpGroup.Reshaping, "mT mH", MatrixTranspose),
        ..Op(OpGroup.Reshaping, "permute", Permute),
        ..Op(OpGroup.Reshaping, "movedim moveaxis", MoveDim),
        ..Op(OpGroup.Reshaping, "unsqueeze", Unsqueeze),
        ..Op(OpGroup.Reshaping, "squeeze", Squeeze),
        ..Op(OpGroup.Reshaping, "flatten", Flatten),
        ..Op(OpGroup.Reshaping, "ravel", Ravel),
        ..Op(OpGroup.Reshaping, "unflatten", Unflatten),
        ..Op(OpGroup.Reshaping, "repeat", Repeat),
        ..Op(OpGroup.Reshaping, "tile", Tile),
        ..Op(OpGroup.Reshaping, "repeat_interleave", RepeatInterleave),
        ..Op(OpGroup.Reshaping, "unfold", Windows),
        ..Op(OpGroup.Reshaping, "atleast_1d", AtLeast(1)),
        ..Op(OpGroup.Reshaping, "atleast_2d", AtLeast(2)),
        ..Op(OpGroup.Reshaping, "atleast_3d", AtLeast(3)),
        ..Op(OpGroup.Reshaping, "rot90", Rot90),
        ..Op(OpGroup.Reshaping, "channel_shuffle", ChannelShuffle),

        // Joining and splitting.
        ..Free(OpGroup.JoiningAndSplitting, "cat concat concatenate", Cat),
        ..Free(OpGroup.JoiningAndSplitting, "stack", Stack),
        ..Free(OpGroup.JoiningAndSplitting, "hstack", HStack),
        ..Free(OpGroup.JoiningAndSplitting, "vstack", VStack),
        ..Op(OpGroup.JoiningAndSplitting, "chunk", Chunk),
        ..Op(OpGroup.JoiningAndSplitting, "split", Split),
        ..Op(OpGroup.JoiningAndSplitting, "unbind", Unbind),

        // Indexing and gathering.
        ..Op(OpGroup.Indexing, "index", IndexMethod),
        ..Op(OpGroup.Indexing, "select", Select),
        ..Op(OpGroup.Indexing, "narrow", Narrow),
        ..Op(OpGroup.Indexing, "slice", Slice),
        ..Op(OpGroup.Indexing, "gather", Gather),
        ..Op(OpGroup.Indexing, "index_select", IndexSelect),
        ..Op(OpGroup.Indexing, "take_along_dim", TakeAlongDim),
        ..Op(OpGroup.Indexing, "take", Take),
        ..Op(OpGroup.Indexing, "masked_select", MaskedSelect),
        ..Op(OpGroup.Indexing, "nonzero argwhere", NonZero),
        ..Op(OpGroup.Indexing, "scatter scatter_add index_add index_copy index_fill", Same),
        ..Op(OpGroup.Indexing, "tril triu", Triangle),
        ..Op(OpGroup.Indexing, "one_hot", OneHot),

        // Products.
        ..Op(OpGroup.Products, "matmul", MatMul),
        ..Op(OpGroup.Products, "mm", Mm),
        ..Op(OpGroup.Products, "bmm", Bmm),
        ..Op(OpGroup.Products, "mv", Mv),
        ..Op(OpGroup.Products, "dot vdot", Dot),
        ..Op(OpGroup.Products, "inner", Inner),
        ..Op(OpGroup.Products, "outer ger", Outer),
        ..Op(OpGroup.Products, "kron", Kron),
        ..Op(OpGroup.Products, "addmm", AddMm),
        ..Op(OpGroup.Products, "addbmm", AddBmm),
        ..Op(OpGroup.Products, "trace", Trace),
        ..Op(OpGroup.Products, "dist", Dist),
        ..Op(OpGroup.Products, "cdist", Cdist),
        ..Free(OpGroup.Products, "einsum", Einsum),
        ..Free(OpGroup.Products, "scaled_dot_product_attention", Attention),

        // Functional layers: convolution, linear maps, normalisation, similarity.
        ..Op(OpGroup.LayerFunctions, "linear", Linear),
        ..Op(OpGroup.LayerFunctions, "bilinear", Bilinear),
        ..Op(OpGroup.LayerFunctions, "conv1d", Convolution(1)),
        ..Op(OpGroup.LayerFunctions, "conv2d", Convolution(2)),
        ..Op(OpGroup.LayerFunctions, "conv3d", Convolution(3)),
        ..Op(OpGroup.LayerFunctions, "conv_transpose1d", TransposedConvolution(1)),
        ..Op(OpGroup.LayerFunctions, "conv_transpose2d", TransposedConvolution(2)),
        ..Op(OpGroup.LayerFunctions, "conv_transpose3d", TransposedConvolution(3)),
        ..Op(OpGroup.LayerFunctions, "layer_norm", LayerNorm),
        ..Op(OpGroup.LayerFunctions, "group_norm", GroupNorm),
        ..Op(OpGroup.LayerFunctions, "batch_norm instance_norm", ChannelNorm),
        ..Op(OpGroup.LayerFunctions, "local_response_norm", LocalResponseNorm),
        ..Op(OpGroup.LayerFunctions, "cosine_similarity", CosineSimilarity),
        ..Op(OpGroup.LayerFunctions, "pairwise_distance", PairwiseDistance),

        // Pooling, resizing and padding over the trailing spatial dims.
        ..Op(OpGroup.PoolingAndResizing, "max_pool1d", Pool(1, PoolKind.Max)),
        ..Op(OpGroup.PoolingAndResizing, "max_pool2d", Pool(2, PoolKind.Max)),
        ..Op(OpGroup.PoolingAndResizing, "max_pool3d", Pool(3, PoolKind.Max)),
        ..Op(OpGroup.PoolingAndResizing, "max_pool1d_with_indices", Pool(1, PoolKind.Max, withIndices: true)),
        ..Op(OpGroup.PoolingAndResizing, "max_pool2d_with_indices", Pool(2, PoolKind.Max, withIndices: true)),
        ..Op(OpGroup.PoolingAndResizing, "max_pool3d_with_indices", Pool(3, PoolKind.Max, withIndices: true)),
        ..Op(OpGroup.PoolingAndResizing, "avg_pool1d", Pool(1, PoolKind.Average)),
        ..Op(OpGroup.PoolingAndResizing, "avg_pool2d", Pool(2, PoolKind.Average)),
        ..Op(OpGroup.PoolingAndResizing, "avg_pool3d", Pool(3, PoolKind.Average)),
        ..Op(OpGroup.PoolingAndResizing, "lp_pool1d", Pool(1, PoolKind.Power)),
        ..Op(OpGroup.PoolingAndResizing, "lp_pool2d", Pool(2, PoolKind.Power)),
        ..Op(OpGroup.PoolingAndResizing, "adaptive_avg_pool1d adaptive_max_pool1d", AdaptivePool(1)),
        ..Op(OpGroup.PoolingAndResizing, "adaptive_avg_pool2d adaptive_max_pool2d", AdaptivePool(2)),
        ..Op(OpGroup.PoolingAndResizing, "adaptive_avg_pool3d", AdaptivePool(3)),
        ..Op(OpGroup.PoolingAndResizing, "adaptive_max_pool1d_with_indices", AdaptivePool(1, withIndices: true)),
        ..Op(OpGroup.PoolingAndResizing, "adaptive_max_pool2d_with_indices", AdaptivePool(2, withIndices: true)),
        ..Op(OpGroup.PoolingAndResizing, "interpolate upsample upsample_bilinear", Resize),
        ..Op(OpGroup.PoolingAndResizing, "pad", Pad),
        ..Op(OpGroup.PoolingAndResizing, "pixel_shuffle", PixelShuffle),
        ..Op(OpGroup.PoolingAndResizing, "pixel_unshuffle", PixelUnshuffle),

        // functional.unfold is im2col, not Tensor.unfold's sliding windows: listed by its full name.
        ..Op(OpGroup.PoolingAndResizing, "functional.unfold", Im2Col),

        // Creation.
        ..Free(OpGroup.Creation, "ones zeros empty randn rand full randint", Creation),
        ..Free(OpGroup.Creation, "arange", Arange),
        ..Free(OpGroup.Creation, "eye", Eye),
        ..Free(OpGroup.Creation, "linspace logspace", Steps),
        ..Op(OpGroup.Creation, "ones_like zeros_like empty_like full_like rand_like randn_like randint_like", Same),
        ..Op(OpGroup.Creation, "new_zeros new_ones new_empty new_full", Creation),

        // The parts of x[...] written as TorchSharp's TensorIndex.
        ..Free(OpGroup.TensorIndex, "TensorIndex.Ellipsis", Ellipsis),
        ..Free(OpGroup.TensorIndex, "TensorIndex.None", NewAxis),
        ..Free(OpGroup.TensorIndex, "TensorIndex.Colon", Colon),
        ..Free(OpGroup.TensorIndex, "TensorIndex.Slice", SliceIndex),
        ..Free(OpGroup.TensorIndex, "TensorIndex.Single", SingleIndex),
        ..Free(OpGroup.TensorIndex, "TensorIndex.Tensor TensorIndex.Bool", OpaqueIndex),
    ];

    private static readonly Dictionary<string, OpEntry> ByName = Index();

    /// <summary>The entry a name (as CodeReader spells it) refers to, or null.</summary>
    public static OpEntry? Find(string name) =>
        ByName.TryGetValue(name, out var entry) ? entry
        : name.StartsWith(Functional, System.StringComparison.Ordinal) && ByName.TryGetValue(name.Substring(Functional.Length), out entry) ? entry
        : null;

    /// <summary>x.op(...): x is the op's tensor.</summary>
    public static Value Method(Interpreter run, string name, TensorValue self, Arguments args, LocationInfo at)
    {
        var (entry, inPlace) = Resolve(name);
        if (entry is null)
        {
            return TensorValue.AnyShape;
        }

        var call = new OpCall(run, name, entry.TakesSelf ? self : TensorValue.AnyShape, args, at);
        return Apply(entry, call, inPlace);
    }

    /// <summary>torch.op(x, ...), functional.op(x, ...), op(x, ...) through using static: the first tensor argument is the op's tensor.</summary>
    public static Value Static(Interpreter run, string name, Arguments args, LocationInfo at)
    {
        var (entry, inPlace) = Resolve(name);
        if (entry is null)
        {
            return name.StartsWith("TensorIndex.", System.StringComparison.Ordinal) ? new IndexValue(IndexKind.Opaque, null, null) : TensorValue.AnyShape;
        }

        var op = name.StartsWith(Functional, System.StringComparison.Ordinal) && !ByName.ContainsKey(name) ? name.Substring(Functional.Length) : name;
        if (!entry.TakesSelf)
        {
            return entry.Rule(new OpCall(run, op, TensorValue.AnyShape, args, at));
        }

        if (args.SelfPosition() is not { } position)
        {
            return TensorValue.AnyShape;
        }

        var self = args.Positional[position] as TensorValue ?? TensorValue.AnyShape;
        return Apply(entry, new OpCall(run, op, self, args.Without(position), at), inPlace);
    }

    /// <summary>An in-place broadcasting op keeps its input's shape, so the operands must broadcast into it.</summary>
    private static Value Apply(OpEntry entry, OpCall call, bool inPlace) =>
        Traced(entry, call, inPlace && entry.Group == OpGroup.Broadcasting ? BroadcastingInPlace(call) : entry.Rule(call));

    /// <summary>Activations a loss applies itself: a forward ending in one of them is SS0011 under that loss.</summary>
    private static readonly HashSet<string> LossActivations = new(System.StringComparer.Ordinal) { "softmax", "log_softmax", "sigmoid" };

    /// <summary>
    /// What made the result, for the checks that follow it: softmax, log_softmax and sigmoid mark it
    /// (SS0011 under a loss that applies them again); shape-keeping ops (activations, dropout,
    /// conversions) keep their input's maker (a conv for SS0012, a Linear head for SS0010).
    /// </summary>
    private static Value Traced(OpEntry entry, OpCall call, Value result)
    {
        if (result is not TensorValue tensor)
        {
            return result;
        }

        if (LossActivations.Contains(entry.Name))
        {
            return new TensorValue(tensor.Shape, new Origin(entry.Name, call.At));
        }

        return entry.Group is OpGroup.Activation or OpGroup.Dropout or OpGroup.Conversion && call.Self.Origin is { } origin
            ? new TensorValue(tensor.Shape, origin)
            : result;
    }

    /// <summary>The entry of a name; an in-place name (add_) falls back to its op (add) when it has no entry of its own.</summary>
    private static (OpEntry? Entry, bool InPlace) Resolve(string name)
    {
        if (Find(name) is { } entry)
        {
            return (entry, false);
        }

        return name.Length > 1 && name.EndsWith("_", System.StringComparison.Ordinal) && Find(name.Substring(0, name.Length - 1)) is { } plain
            ? (plain, true)
            : (null, false);
    }

    /// <summary>One entry per name, each with the rule: ops that work on one tensor.</summary>
    private static IEnumerable<OpEntry> Op(OpGroup group, string names, OpRule rule) =>
        names.Split(' ').Select(name => new OpEntry(group, name, rule, takesSelf: true));

    /// <summary>One entry per name: ops that take their tensors as arguments only.</summary>
    private static IEnumerable<OpEntry> Free(OpGroup group, string names, OpRule rule) =>
        names.Split(' ').Select(name => new OpEntry(group, name, rule, takesSelf: false));

    private static Dictionary<string, OpEntry> Index()
    {
        var index = new Dictionary<string, OpEntry>(System.StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            // A name listed twice is a mistake in the table; the type initializer failing makes every test say so.
            index.Add(entry.Name, entry);
        }

        return index;
    }
}
