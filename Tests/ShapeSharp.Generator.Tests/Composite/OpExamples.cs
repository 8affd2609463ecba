using System;
using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>The forms of a call an example is written in (see <see cref="OpCatalogRunTests"/>).</summary>
[Flags]
public enum OpForm
{
    None = 0,

    /// <summary>x.op(args)</summary>
    Method = 1,

    /// <summary>torch.op(x, args)</summary>
    Torch = 2,

    /// <summary>torch.nn.functional.op(x, args)</summary>
    Functional = 4,

    /// <summary>op(x, args) under using static TorchSharp.torch</summary>
    StaticTorch = 8,

    /// <summary>op(x, args) under using static TorchSharp.torch.nn.functional</summary>
    StaticFunctional = 16,

    /// <summary>The example's own expression (<see cref="OpExample.Call"/>).</summary>
    Written = 32,

    AnyTorch = Torch | StaticTorch,
    AnyFunctional = Functional | StaticFunctional,
}

/// <summary>
/// One use of a catalogue op on a constant input: generated in every form TorchSharp has for the op
/// (unless <see cref="Call"/> gives the expression), checked, compiled and run.
/// </summary>
/// <param name="Op">The op's name in the catalogue.</param>
/// <param name="Input">The input's shape (constants).</param>
/// <param name="Args">The arguments after the tensor (all of them for an op without one, such as cat).</param>
/// <param name="Wrap">Where the call goes in the returned expression ({0}): {0}.values, torch.zeros({0}).</param>
public sealed record OpExample(string Op, string Input, string Args = "", string Wrap = "{0}")
{
    /// <summary>A fixed expression over x instead of the generated forms (properties, indexing, a form with other arguments).</summary>
    public string? Call { get; init; }

    /// <summary>When above zero, the input is int64 with values in [0, Ints).</summary>
    public long Ints { get; init; }

    /// <summary>The rule leaves some dims (or the whole shape) unknown by design; known dims are still checked.</summary>
    public bool Partial { get; init; }

    /// <summary>Forms TorchSharp has that take other arguments or mean another op; each use says why.</summary>
    public OpForm Skip { get; init; }

    /// <summary>False when the op cannot run here (cuda without a GPU): it is checked and compiled only.</summary>
    public bool Runs { get; init; } = true;

    public override string ToString() => Call ?? $"{Op}({Args}) on [{Input}]";
}

/// <summary>At least one example per name in the catalogue (OpCatalogRunTests checks that every name has one).</summary>
internal static class OpExamples
{
    private const string X = "2, 3, 4";
    private const string Image = "2, 3, 9, 9";
    private const string Signal = "2, 3, 10";
    private const string Volume = "1, 2, 6, 6, 6";

    public static readonly IReadOnlyList<OpExample> All = Build();

    private static OpExample E(string op, string input, string args = "", string wrap = "{0}") => new(op, input, args, wrap);

    private static OpExample Written(string op, string input, string call) => new(op, input) { Call = call };

    private static IEnumerable<OpExample> Each(string input, string args, params string[] ops) => ops.Select(op => E(op, input, args));

    private static List<OpExample> Build()
    {
        var all = new List<OpExample>();

        // Sizes.
        all.Add(Written("shape", X, "torch.zeros(x.shape)"));
        all.Add(E("size", X, "1", "torch.zeros({0}, x.size(-1))"));
        all.Add(Written("size", X, "torch.zeros(x.size())"));
        all.Add(E("dim", X, "", "torch.zeros({0})"));
        all.Add(Written("ndim", X, "torch.zeros(x.ndim, 2)"));
        all.Add(Written("Dimensions", X, "torch.zeros(x.Dimensions)"));
        all.Add(E("numel", X, "", "torch.zeros({0})"));
        all.Add(Written("NumberOfElements", X, "torch.zeros(x.NumberOfElements)"));

        // Element-wise.
        all.AddRange(Each(X, "", "abs", "absolute", "neg", "negative", "positive", "sign", "sgn", "signbit"));
        all.AddRange(Each(X, "", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "square", "reciprocal"));
        all.AddRange(Each(X, "", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan"));
        all.AddRange(Each(X, "", "sinh", "cosh", "asinh", "acosh", "atanh", "arcsinh", "arccosh", "arctanh"));
        all.AddRange(Each(X, "", "round", "floor", "ceil", "trunc", "fix", "frac"));
        all.AddRange(Each(X, "", "erf", "erfc", "erfinv", "lgamma", "digamma", "i0", "sinc", "logit", "deg2rad", "rad2deg"));
        all.AddRange(Each(X, "1", "polygamma", "mvlgamma"));
        all.AddRange(Each(X, "", "isnan", "isinf", "isfinite", "isneginf", "isposinf", "isreal", "logical_not", "nan_to_num"));
        all.Add(E("bitwise_not", X) with { Ints = 5 });
        all.AddRange(Each(X, "0.5", "clamp_min", "clamp_max"));

        // Activations.
        all.AddRange(Each(X, "", "relu", "relu6", "selu", "gelu", "silu", "mish"));
        all.AddRange(Each(X, "1.0", "celu", "elu"));
        all.Add(E("hardtanh", X, "-0.5, 0.5"));
        all.AddRange(Each(X, "", "hardswish", "hardsigmoid", "hardshrink", "softshrink"));
        all.AddRange(Each(X, "", "softplus", "softsign", "tanhshrink", "logsigmoid", "log_sigmoid"));
        all.AddRange(Each(X, "", "rrelu", "sigmoid", "tanh"));
        all.Add(E("leaky_relu", X, "0.1"));
        all.Add(E("threshold", X, "0.5, 0.0"));
        all.Add(E("softmax2d", "2, 3, 4, 4"));
        all.Add(E("prelu", X, "torch.full(3, 0.25)"));
        all.Add(E("prelu", X, "torch.full(1, 0.25)"));
        all.Add(E("glu", X, "-1"));
        all.Add(E("glu", "2, 6, 4", "1"));

        // Dropout.
        all.AddRange(Each(X, "0.5", "dropout", "dropout1d", "alpha_dropout"));
        all.AddRange(Each("2, 3, 4, 4", "0.5", "dropout2d", "feature_alpha_dropout"));
        all.Add(E("dropout3d", "2, 3, 2, 4, 4", "0.5"));

        // Conversions, copies, in-place fills.
        all.AddRange(Each(X, "torch.float64", "to", "to_type", "type"));
        all.Add(E("type_as", X, "torch.zeros(1, dtype: torch.float64)"));
        all.AddRange(Each(X, "", "float", "double", "half", "bfloat16", "long", "int", "short", "byte", "char", "bool"));
        all.AddRange(Each(X, "", "cpu", "contiguous", "clone", "detach", "alias", "requires_grad_", "with_requires_grad"));
        all.AddRange(Each(X, "", "MoveToOuterDisposeScope", "DetachFromDisposeScope"));
        all.Add(E("cuda", X) with { Runs = false });
        all.Add(E("pin_memory", X) with { Runs = false });
        all.AddRange(Each(X, "", "zero_", "normal_", "bernoulli", "exponential_", "cauchy_", "log_normal_"));
        all.Add(E("fill_", X, "1.5"));
        all.Add(E("copy_", X, "torch.ones(3, 4)"));
        all.Add(E("uniform_", X, "0.0, 1.0"));
        all.Add(E("random_", X, "0.0, 5.0"));
        all.Add(E("geometric_", X, "0.5"));

        // Broadcasting: [2, 1, 4] with [3, 1] gives [2, 3, 4].
        const string Row = "2, 1, 4";
        const string Other = "torch.rand(3, 1)";
        all.AddRange(Each(Row, Other, "add", "sub", "mul", "div", "multiply", "subtract", "divide", "true_divide", "floor_divide", "remainder", "fmod"));
        all.AddRange(Each(Row, Other, "pow", "float_power", "atan2", "arctan2", "hypot", "copysign", "nextafter", "ldexp", "xlogy", "logaddexp", "logaddexp2"));
        all.AddRange(Each(Row, Other, "maximum", "minimum", "fmax", "fmin", "heaviside", "igamma", "igammac"));
        all.AddRange(Each(Row, Other, "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal", "isclose"));
        all.AddRange(Each(Row, Other, "logical_and", "logical_or", "logical_xor"));
        all.AddRange(Each(Row, "torch.randint(5, new long[] { 3, 1 })", "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift")
            .Select(e => e with { Ints = 5 }));
        all.Add(E("add", Row, "2.0"));
        all.Add(E("lerp", Row, "torch.rand(3, 1), torch.rand(4)"));
        all.AddRange(Each(Row, "torch.rand(3, 1), torch.rand(4), 0.5", "addcmul", "addcdiv"));
        all.Add(E("clamp", Row, "torch.rand(3, 1), torch.rand(4)"));
        all.Add(E("clamp", X, "0.2, 0.8"));
        all.Add(E("clip", X, "0.2, 0.8"));

        // torch.where(condition, x, y) puts the condition first: generated from x it would be the condition.
        all.Add(E("where", Row, "x.gt(0.5), torch.rand(3, 1)") with { Skip = OpForm.AnyTorch });
        all.Add(Written("where", Row, "torch.where(x.gt(0.5), x, torch.rand(3, 1))"));
        all.Add(E("masked_fill", X, "x.gt(0.5), 0.0"));
        all.Add(E("masked_scatter", X, "x.gt(0.5), torch.rand(2, 3, 4)"));

        // Along one dim.
        all.AddRange(Each(X, "1", "softmax", "log_softmax", "softmin", "cumsum", "cumprod", "logcumsumexp", "argsort"));
        all.Add(E("normalize", X, "2.0, 2"));
        all.Add(E("normalize", X));
        all.Add(E("flip", X, "2"));
        all.Add(E("roll", X, "1, 1"));
        all.AddRange(Each(X, "", "fliplr", "flipud", "msort"));

        // Reductions.
        all.Add(E("mean", X, "new long[] { 1 }"));
        all.Add(E("mean", X, "new long[] { 1 }, true"));
        all.Add(E("mean", X));
        all.AddRange(Each(X, "1", "sum", "prod", "std", "var", "logsumexp", "norm", "any", "all", "argmax", "argmin"));
        all.Add(E("sum", X, "1, true"));
        all.Add(Written("sum", X, "x.sum(0, 2)"));
        all.AddRange(Each(X, "new long[] { 1 }", "amax", "amin", "count_nonzero"));
        all.AddRange(Each(X, "", "nansum", "median", "nanmedian"));

        // Values with their indices: TorchSharp names the elements differently per form (values/Values,
        // indexes/indices), so the generated forms read Item1/Item2 and the written ones the names.
        all.Add(E("max", X, "1", "{0}.values"));
        all.Add(E("max", X, "1, true", "{0}.Item2"));
        all.Add(E("max", Row, Other));
        all.Add(E("max", X));
        all.Add(Written("max", X, "x.max(1).indexes"));
        all.Add(Written("max", X, "x.max(-1).values.unsqueeze(-1) + x"));
        all.Add(E("min", X, "2", "{0}.values"));
        all.Add(E("min", Row, Other));
        all.Add(E("aminmax", X, "1", "{0}.max"));
        all.AddRange(Each(X, "new long[] { 1 }", "std_mean", "var_mean").Select(e => e with { Wrap = "{0}.mean" }));
        all.Add(E("sort", X, "1", "{0}.Item1"));
        all.Add(Written("sort", X, "x.sort(1).Values"));
        all.Add(Written("sort", X, "torch.sort(x, 1).indices"));
        all.AddRange(Each(X, "1", "cummax", "cummin").Select(e => e with { Wrap = "{0}.values" }));
        all.Add(E("kthvalue", X, "2, 1", "{0}.values"));
        all.Add(E("mode", X, "1", "{0}.values"));
        all.Add(E("mode", X, "1, true", "{0}.indices"));
        all.Add(E("topk", X, "2, 1", "{0}.values"));
        all.Add(E("topk", X, "3", "{0}.Item2"));
        all.Add(E("frexp", X, "", "{0}.Item1"));

        // Reshaping and reordering.
        all.Add(E("view", X, "4, 6"));
        all.Add(E("view", X, "-1, 4"));
        all.Add(E("reshape", X, "6, -1"));
        all.Add(E("view_as", X, "torch.rand(6, 4)"));
        all.Add(E("expand_as", Row, "torch.rand(2, 3, 4)"));
        all.Add(E("expand", Row, "2, 3, 4"));
        all.Add(E("expand", Row, "-1, 3, -1"));
        all.Add(E("broadcast_to", Row, "2, 3, 4"));
        all.AddRange(Each(X, "0, 2", "transpose", "swapaxes", "swapdims"));
        all.Add(E("t", "3, 4"));
        all.Add(Written("T", X, "x.T"));
        all.Add(Written("mT", X, "x.mT"));
        all.Add(Written("mH", X, "x.mH"));
        all.Add(E("permute", X, "2, 0, 1"));
        all.AddRange(Each(X, "new long[] { 0 }, new long[] { 2 }", "movedim", "moveaxis"));
        all.Add(E("unsqueeze", X, "1"));
        all.Add(E("squeeze", Row, "1"));
        all.Add(E("squeeze", Row));
        all.Add(E("flatten", X, "1"));
        all.Add(E("flatten", X));
        all.Add(E("ravel", X));
        all.Add(E("unflatten", "2, 12", "1, 3, 4"));
        all.Add(E("repeat", X, "2, 1, 1, 2"));
        all.Add(E("tile", X, "new long[] { 2, 1 }"));
        all.Add(E("repeat_interleave", X, "2, 1"));

        // Tensor.unfold is sliding windows; functional.unfold is im2col, an entry of its own.
        all.Add(E("unfold", X, "2, 2, 1") with { Skip = OpForm.AnyFunctional });

        // torch.atleast_Nd take and give several tensors.
        all.Add(Written("atleast_1d", X, "x.sum().atleast_1d()"));
        all.Add(E("atleast_2d", "4") with { Skip = OpForm.AnyTorch });
        all.Add(E("atleast_3d", "3, 4") with { Skip = OpForm.AnyTorch });
        all.Add(E("rot90", X, "1, (1, 2)"));
        all.Add(E("rot90", X, "2, (1, 2)"));
        all.Add(E("channel_shuffle", "2, 4, 3", "2"));

        // Joining and splitting.
        all.AddRange(Each(X, "new[] { x, x }, 1", "cat", "concat", "concatenate", "stack"));
        all.AddRange(Each(X, "new[] { x, x }", "hstack", "vstack"));
        all.Add(Written("vstack", X, "torch.vstack(new[] { x[0, 0], x[0, 1] })"));
        all.Add(E("chunk", X, "2, 2", "{0}[1]"));
        all.Add(E("chunk", X, "2, 1", "{0}[1]"));

        // torch.split takes only a list of sections.
        all.Add(E("split", X, "2, 2", "{0}[0]") with { Skip = OpForm.AnyTorch });
        all.Add(Written("split", X, "torch.split(x, new long[] { 1, 3 }, 2)[1]"));
        all.Add(E("unbind", X, "1", "{0}[2]"));

        // Indexing and gathering.
        all.Add(Written("index", X, "x.index(TensorIndex.Colon, TensorIndex.Single(1))"));
        all.Add(E("select", X, "1, 0"));
        all.Add(E("narrow", X, "2, 1, 2"));
        all.Add(E("slice", X, "2, 0, 2, 1"));
        all.Add(E("gather", X, "1, torch.zeros(2, 2, 4, dtype: torch.int64)"));
        all.Add(E("index_select", X, "1, torch.zeros(2, dtype: torch.int64)"));
        all.Add(E("take_along_dim", X, "torch.zeros(2, 1, 4, dtype: torch.int64), 1"));
        all.Add(E("take", X, "torch.zeros(5, dtype: torch.int64)"));
        all.Add(E("masked_select", X, "x.gt(0.5)") with { Partial = true });
        all.AddRange(Each(X, "", "nonzero", "argwhere").Select(e => e with { Partial = true }));
        all.AddRange(Each(X, "1, torch.zeros(2, 2, 4, dtype: torch.int64), torch.rand(2, 2, 4)", "scatter", "scatter_add"));
        all.Add(E("index_add", X, "1, torch.zeros(2, dtype: torch.int64), torch.rand(2, 2, 4), 1.0"));
        all.Add(E("index_copy", X, "1, torch.zeros(1, dtype: torch.int64), torch.rand(2, 1, 4)"));
        all.Add(E("index_fill", X, "1, torch.zeros(1, dtype: torch.int64), 0.0"));
        all.AddRange(Each(X, "", "tril", "triu"));
        all.Add(E("one_hot", "2, 3", "5") with { Ints = 5 });
        all.Add(E("one_hot", "2, 3") with { Ints = 5, Partial = true });

        // Products.
        all.Add(E("matmul", X, "torch.rand(4, 5)"));
        all.Add(E("matmul", X, "torch.rand(4)"));
        all.Add(E("mm", "3, 4", "torch.rand(4, 5)"));
        all.Add(E("bmm", X, "torch.rand(2, 4, 5)"));
        all.Add(E("mv", "3, 4", "torch.rand(4)"));
        all.AddRange(Each("4", "torch.rand(4)", "dot", "vdot"));
        all.Add(E("inner", X, "torch.rand(5, 4)"));
        all.AddRange(Each("3", "torch.rand(4)", "outer", "ger"));
        all.Add(E("kron", "2, 3", "torch.rand(2, 2)"));
        all.Add(E("addmm", "3, 5", "torch.rand(3, 4), torch.rand(4, 5), 1.0f, 1.0f"));
        all.Add(E("addbmm", "3, 5", "torch.rand(2, 3, 4), torch.rand(2, 4, 5)"));
        all.Add(E("trace", "3, 4"));
        all.Add(E("dist", X, "torch.rand(3, 4)"));
        all.Add(E("cdist", X, "torch.rand(2, 5, 4)"));
        all.Add(E("einsum", X, "\"bij,bkj->bik\", x, x"));
        all.Add(E("scaled_dot_product_attention", X, "x, x, x"));

        // Functional layers.
        all.Add(E("linear", X, "torch.rand(5, 4)"));
        all.Add(E("linear", X, "torch.rand(5, 4), torch.rand(5)"));
        all.Add(E("bilinear", X, "torch.rand(2, 3, 6), torch.rand(5, 4, 6)"));
        all.Add(E("conv1d", Signal, "torch.rand(4, 3, 3), null, 2, 1, 1"));
        all.Add(E("conv1d", Signal, "torch.rand(4, 3, 3), null, 1, 0, 2"));
        all.Add(E("conv2d", Image, "torch.rand(4, 3, 3, 3), null, new long[] { 2, 2 }, new long[] { 1, 1 }"));
        all.Add(E("conv2d", Image, "torch.rand(6, 1, 3, 3), null, null, null, null, 3"));
        all.Add(E("conv2d", Image, "torch.rand(4, 3, 3, 2), null, new long[] { 1, 2 }, new long[] { 0, 1 }, new long[] { 2, 1 }"));
        all.Add(E("conv2d", "3, 9, 9", "torch.rand(4, 3, 3, 3)"));
        all.Add(E("conv3d", "1, 2, 5, 6, 7", "torch.rand(new long[] { 4, 2, 3, 3, 3 })"));
        all.Add(E("conv_transpose1d", "2, 4, 5", "torch.rand(4, 3, 3), null, 2"));
        all.Add(E("conv_transpose2d", "2, 4, 5, 5", "torch.rand(4, 3, 3, 3), null, new long[] { 2, 2 }, new long[] { 1, 1 }, new long[] { 1, 1 }"));
        all.Add(E("conv_transpose2d", "2, 4, 5, 5", "torch.rand(4, 1, 3, 3), null, null, null, null, null, 2"));
        all.Add(E("conv_transpose3d", "1, 2, 3, 3, 3", "torch.rand(new long[] { 2, 3, 2, 2, 2 })"));
        all.Add(E("layer_norm", X, "new long[] { 4 }"));
        all.Add(E("layer_norm", X, "new long[] { 3, 4 }"));
        all.Add(E("group_norm", "2, 4, 5", "2"));
        all.Add(E("batch_norm", "2, 3, 5", "torch.zeros(3), torch.ones(3)"));
        all.Add(E("instance_norm", "2, 3, 5"));
        all.Add(E("local_response_norm", "2, 3, 5", "2"));
        all.Add(E("cosine_similarity", X, "torch.rand(2, 3, 4)"));
        all.Add(E("cosine_similarity", X, "torch.rand(3, 4), 2"));
        all.Add(E("pairwise_distance", X, "torch.rand(2, 3, 4)"));
        all.Add(E("pairwise_distance", X, "torch.rand(3, 4), 2.0, 1e-6, true"));

        // Pooling, resizing, padding.
        all.Add(E("max_pool1d", Signal, "3"));
        all.Add(E("max_pool1d", Signal, "3, 2, 1, 2, true"));

        // ceil_mode where the last window would start in the padding: PyTorch drops it (3, not 4).
        all.Add(E("max_pool1d", "2, 3, 5", "2, 2, 1, 1, true"));
        all.Add(E("max_pool2d", Image, "2"));
        all.Add(E("max_pool2d", Image, "new long[] { 3, 2 }, new long[] { 2, 1 }, new long[] { 1, 0 }"));
        all.Add(E("max_pool2d", "2, 3, 10, 10", "3, 2, 0, 1, true"));
        all.Add(E("max_pool2d", "3, 9, 9", "3"));
        all.Add(E("max_pool3d", Volume, "new long[] { 2, 2, 2 }"));
        all.Add(E("max_pool1d_with_indices", Signal, "3", "{0}.Item1"));
        all.Add(E("max_pool2d_with_indices", Image, "new long[] { 2, 2 }", "{0}.indices"));
        all.Add(E("max_pool3d_with_indices", Volume, "new long[] { 2, 2, 2 }", "{0}.output"));
        all.Add(E("avg_pool1d", Signal, "3, 2, 1"));
        all.Add(E("avg_pool1d", Signal, "4, 3, 1, true"));
        all.Add(E("avg_pool2d", Image, "2"));
        all.Add(E("avg_pool2d", Image, "new long[] { 3, 3 }, new long[] { 2, 2 }, new long[] { 1, 1 }"));
        all.Add(E("avg_pool3d", Volume, "new long[] { 2, 2, 2 }"));
        all.Add(E("lp_pool1d", Signal, "2.0, 3"));
        all.Add(E("lp_pool2d", Image, "2.0, 2"));
        all.AddRange(Each(Signal, "4", "adaptive_avg_pool1d", "adaptive_max_pool1d"));
        all.AddRange(Each(Image, "new long[] { 3, 2 }", "adaptive_avg_pool2d", "adaptive_max_pool2d"));
        all.Add(E("adaptive_avg_pool2d", Image, "3"));
        all.Add(E("adaptive_avg_pool3d", Volume, "new long[] { 2, 3, 1 }"));
        all.Add(E("adaptive_max_pool1d_with_indices", Signal, "4", "{0}.Values"));
        all.Add(E("adaptive_max_pool2d_with_indices", Image, "new long[] { 3, 2 }", "{0}.Indices"));
        all.AddRange(Each("2, 3, 4, 4", "new long[] { 6, 8 }", "interpolate", "upsample_bilinear"));

        // TorchSharp's upsample passes align_corners, which its default nearest mode refuses.
        all.Add(E("upsample", "2, 3, 4, 4", "new long[] { 6, 8 }, null, torch.UpsampleMode.Bilinear"));
        all.Add(E("interpolate", "2, 3, 4, 4", "scale_factor: new double[] { 2.0, 1.5 }"));
        all.Add(E("interpolate", "2, 3, 5", "scale_factor: new double[] { 1.5 }"));
        all.Add(E("pad", X, "new long[] { 1, 2 }"));
        all.Add(E("pad", X, "new long[] { 1, 1, 2, 0 }"));
        all.Add(E("pad", X, "new long[] { -1, 0 }"));
        all.Add(E("pad", X, "(1, 2)"));
        all.Add(E("pad", X, "1"));
        all.Add(E("pixel_shuffle", "1, 8, 3, 3", "2"));
        all.Add(E("pixel_unshuffle", "1, 2, 6, 6", "2"));
        all.Add(E("functional.unfold", "2, 3, 8, 8", "3"));
        all.Add(E("functional.unfold", "2, 3, 8, 8", "(2, 3), null, (1, 1), (2, 1)"));

        // Creation.
        all.AddRange(Each(X, "2, 3", "ones", "zeros", "empty", "randn", "rand"));
        all.Add(E("full", X, "new long[] { 2, 3 }, 1.5"));
        all.Add(E("randint", X, "5, new long[] { 2, 3 }"));
        all.Add(E("arange", X, "5"));
        all.Add(E("arange", X, "2, 7"));
        all.Add(E("eye", X, "3") with { Skip = OpForm.Method });
        all.Add(E("eye", X, "3, 4"));
        all.AddRange(Each(X, "0.0, 1.0, 5", "linspace", "logspace"));
        all.AddRange(Each(X, "", "ones_like", "zeros_like", "empty_like", "rand_like", "randn_like"));
        all.Add(E("full_like", X, "2.0"));
        all.Add(E("randint_like", X, "0, 5"));
        all.AddRange(Each(X, "2, 3", "new_zeros", "new_ones", "new_empty"));
        all.Add(E("new_full", X, "new long[] { 2, 3 }, 1.0"));

        // TensorIndex.
        all.Add(Written("TensorIndex.Ellipsis", X, "x[TensorIndex.Ellipsis, 0]"));
        all.Add(Written("TensorIndex.None", X, "x[TensorIndex.None]"));
        all.Add(Written("TensorIndex.Colon", X, "x[TensorIndex.Colon, 1]"));
        all.Add(Written("TensorIndex.Slice", X, "x[TensorIndex.Colon, TensorIndex.Slice(0, 2)]"));
        all.Add(Written("TensorIndex.Slice", X, "x[TensorIndex.Slice(1, null, 2)]") with { Partial = true });
        all.Add(Written("TensorIndex.Single", X, "x[TensorIndex.Single(0)]"));
        all.Add(Written("TensorIndex.Tensor", X, "x[TensorIndex.Tensor(torch.zeros(2, dtype: torch.int64))]") with { Partial = true });
        all.Add(Written("TensorIndex.Bool", X, "x[TensorIndex.Bool(true)]") with { Partial = true });
        return all;
    }
}
