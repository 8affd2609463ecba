using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>
/// The op catalogue: the shape rule of each tensor op the interpreter knows. An op it does not
/// know yields an unknown shape. Every error names the op and both shapes.
/// </summary>
internal static partial class Ops
{
    private static readonly HashSet<string> SameShape = new()
    {
        "relu", "gelu", "silu", "sigmoid", "tanh", "exp", "log", "sqrt", "rsqrt", "neg", "abs", "square", "sin", "cos",
        "reciprocal", "contiguous", "clone", "detach", "to", "type", "float", "half", "bfloat16", "cpu", "cuda",
        "clamp", "clamp_min", "clamp_max", "tril", "triu", "dropout", "relu_", "mul_", "requires_grad_", "to_type", "leaky_relu",
        "softplus", "elu", "mish", "hardswish", "logical_not", "isnan", "nan_to_num", "round", "floor", "ceil", "sign", "cumsum",
        "normalize", "long", "int", "bool", "double", "zero_", "fill_", "masked_fill_", "scatter", "sort", "flip", "roll",
    };

    private static readonly HashSet<string> Broadcasting = new()
    {
        "add", "sub", "mul", "div", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
        "add_", "sub_", "div_", "atan2", "fmod", "remainder", "true_divide",
    };

    public static Value TensorMethod(Interpreter run, string name, TensorValue self, Arguments args, bool isProperty, LocationInfo at)
    {
        var shape = self.Shape;
        if (name is "shape" && isProperty || name == "size" && args.Count == 0)
        {
            return shape is null ? Value.Unknown : new TupleValue(shape.Dims.Select(d => (Value)new IntValue(d)).ToList());
        }

        if (name is "Dimensions" or "dim" or "ndim")
        {
            return shape is null ? Value.Unknown : new IntValue(Dim.Of(shape.Rank));
        }

        if (name == "size")
        {
            var axis = Axis(run, "size", shape, args.Int("dim", 0), at);
            return axis is null ? new IntValue(Dim.Unknown) : new IntValue(shape!.Dims[axis.Value]);
        }

        if (name == "numel")
        {
            return shape is null ? Value.Unknown : new IntValue(Product(shape.Dims));
        }

        if (SameShape.Contains(name) || name == "pow" && args.Get("exponent") is not TensorValue)
        {
            return self;
        }

        if (Broadcasting.Contains(name) || name == "pow" || name == "where")
        {
            var other = args.Get("other") ?? args.Get("target") ?? args.Get("exponent") ?? args.Get("y") ?? args.Get("condition");
            return other is TensorValue tensor ? Broadcast(run, name, self, tensor, at) : self;
        }

        switch (name)
        {
            case "softmax":
            case "log_softmax":
                Axis(run, name, shape, args.Int("dim"), at);
                return self;
            case "masked_fill":
                if (args.Tensor("mask") is { } mask)
                {
                    BroadcastInto(run, "masked_fill", mask, self, "the mask", at);
                }

                return self;
            case "matmul":
            case "mm":
                return args.Tensor("target") is { } right ? MatMul(run, name, self, right, at) : TensorValue.AnyShape;
            case "bmm":
                return args.Tensor("batch2") is { } batch2 ? Bmm(run, self, batch2, at) : TensorValue.AnyShape;
            case "view":
            case "reshape":
                return Reshape(run, name, self, args.Get("shape"), at);
            case "view_as":
            case "reshape_as":
            case "expand_as":
                return args.Tensor("other") ?? TensorValue.AnyShape;
            case "transpose":
            case "swapaxes":
                return Transpose(run, name, self, args.Int("dim0"), args.Int("dim1"), at);
            case "t":
                return shape is { Rank: 2 } ? Of(shape.Dims[1], shape.Dims[0]) : self;
            case "permute":
                return Permute(run, self, args.Get("permutation"), at);
            case "unsqueeze":
                return Unsqueeze(run, self, args.Int("dim"), at);
            case "squeeze":
                return Squeeze(run, self, args.Int("dim"), at);
            case "flatten":
                return Flatten(run, self, args.Int("start_dim") ?? Dim.Of(0), args.Int("end_dim") ?? Dim.Of(-1), at);
            case "unflatten":
                return Unflatten(run, self, args.Int("dim"), args.Get("sizes"), at);
            case "chunk":
                return Chunk(run, self, args.Int("chunks"), args.Int("dim") ?? Dim.Of(0), at);
            case "split":
                return Split(run, self, args.Get("size") ?? args.Get("sizes"), args.Int("dim") ?? Dim.Of(0), at);
            case "mean":
            case "sum":
            case "amax":
            case "amin":
            case "prod":
            case "std":
            case "var":
            case "logsumexp":
            case "norm":
                return Reduce(run, name, self, args.Get("dimensions") ?? args.Get("dim") ?? args.Get("dims") ?? args.Get("dim0"), args, at);
            case "max":
            case "min":
                if (args.Get("other") is TensorValue other)
                {
                    return Broadcast(run, name, self, other, at);
                }

                if (args.Get("dim") is { } maxDim)
                {
                    var reduced = Reduce(run, name, self, maxDim, args, at);
                    return new TupleValue(new[] { reduced, reduced });
                }

                return Of();
            case "argmax":
            case "argmin":
                return args.Get("dim") is { } argDim ? Reduce(run, name, self, argDim, args, at) : Of();
            case "narrow":
                return Replace(run, name, self, args.Int("dim"), args.Int("length") ?? Dim.Unknown, at);
            case "select":
                return Remove(run, name, self, args.Int("dim"), at);
            case "expand":
                return Expand(run, self, args.Get("sizes"), at);
            case "repeat_interleave":
                return RepeatInterleave(run, self, args.Int("repeats"), args.Int("dim"), at);
            case "index":
                return Index(run, self, (args.Get("indices") as TupleValue)?.Items ?? new List<Value>(), at);
            case "outer":
            case "ger":
                return args.Tensor("vec2") is { Shape: { Rank: 1 } v } && shape is { Rank: 1 } ? Of(shape.Dims[0], v.Dims[0]) : TensorValue.AnyShape;
            case "layer_norm":
                return self;
            default:
                return TensorValue.AnyShape;
        }
    }

    public static Value TorchFunction(Interpreter run, string name, Arguments args, LocationInfo at)
    {
        var input = args.Tensor("input") ?? args.Tensor("x") ?? args.Tensor("query");
        var local = name.StartsWith("functional.", System.StringComparison.Ordinal) ? name.Substring("functional.".Length) : name;
        switch (local)
        {
            case "cat":
            case "concat":
            case "concatenate":
                return Cat(run, name, args.Get("tensors"), args.Int("dim") ?? Dim.Of(0), at);
            case "stack":
                return Stack(run, args.Get("tensors"), args.Int("dim") ?? Dim.Of(0), at);
            case "matmul":
                return input is not null && args.Tensor("target") is { } right ? MatMul(run, "matmul", input, right, at) : TensorValue.AnyShape;
            case "bmm":
                return input is not null && args.Tensor("batch2") is { } batch2 ? Bmm(run, input, batch2, at) : TensorValue.AnyShape;
            case "einsum":
                return Einsum(run, args.Get("equation") as TextValue, args.Get("tensors") as TupleValue, at);
            case "scaled_dot_product_attention":
                return Attention(run, args, at);
            case "ones":
            case "zeros":
            case "empty":
            case "randn":
            case "rand":
            case "full":
                return Creation(args);
            case "ones_like":
            case "zeros_like":
            case "randn_like":
            case "full_like":
            case "empty_like":
                return input ?? TensorValue.AnyShape;
            case "arange":
                return Arange(args);
            case "outer":
                return input is { Shape: { Rank: 1 } a } && args.Tensor("vec2") is { Shape: { Rank: 1 } b } ? Of(a.Dims[0], b.Dims[0]) : TensorValue.AnyShape;
            case "where":
                var condition = args.Tensor("condition");
                var x = args.Tensor("x");
                var y = args.Tensor("y");
                if (condition is null || x is null || y is null)
                {
                    return TensorValue.AnyShape;
                }

                return Broadcast(run, "where", Broadcast(run, "where", condition, x, at), y, at);
            case "linear":
                if (input?.Shape is { } inputShape && args.Tensor("weights")?.Shape is { Rank: 2 } weights)
                {
                    if (ProvablyDifferent(inputShape.At(-1), weights.Dims[1]))
                    {
                        run.Fail(at, "linear", $"input {inputShape} has {inputShape.At(-1)} features, but the weight {weights} takes {weights.Dims[1]}");
                        return TensorValue.AnyShape;
                    }

                    return new TensorValue(inputShape.With(-1, weights.Dims[0]));
                }

                return TensorValue.AnyShape;
            case "softmax":
            case "log_softmax":
                if (input is not null)
                {
                    Axis(run, local, input.Shape, args.Int("dim"), at);
                }

                return input ?? TensorValue.AnyShape;
            case "tril":
            case "triu":
            case "relu":
            case "gelu":
            case "silu":
            case "dropout":
            case "sigmoid":
            case "tanh":
            case "layer_norm":
            case "leaky_relu":
            case "elu":
            case "softplus":
            case "normalize":
            case "exp":
            case "sqrt":
            case "rsqrt":
            case "sin":
            case "cos":
                return input ?? TensorValue.AnyShape;
            case "TensorIndex.Ellipsis":
                return IndexValue.Ellipsis;
            case "TensorIndex.None":
                return IndexValue.NewAxis;
            case "TensorIndex.Colon":
                return new IndexValue(IndexKind.Slice, null, null);
            case "TensorIndex.Slice":
                return args.Has("range") ? args.Get("range")! : new IndexValue(IndexKind.Slice, args.Get("start"), args.Get("stop"));
            case "TensorIndex.Single":
                return args.Get("index") ?? Value.Unknown;
            default:
                return local.StartsWith("TensorIndex.", System.StringComparison.Ordinal) ? new IndexValue(IndexKind.Opaque, null, null) : TensorValue.AnyShape;
        }
    }

    /// <summary>+, -, *, / on tensors (broadcasting) and on sizes (dim arithmetic).</summary>
    public static Value Binary(Interpreter run, string op, Value left, Value right, LocationInfo at)
    {
        switch (left, right)
        {
            case (TensorValue a, TensorValue b):
                return Broadcast(run, op, a, b, at);
            case (TensorValue a, _):
                return a;
            case (_, TensorValue b):
                return b;
            case (IntValue a, IntValue b):
                return op switch
                {
                    "+" => new IntValue(a.Dim + b.Dim),
                    "-" => new IntValue(a.Dim - b.Dim),
                    "*" => new IntValue(a.Dim * b.Dim),
                    "/" when b.Dim is { IsConstant: true, Constant: > 0 } => new IntValue(a.Dim.FloorDiv(b.Dim.Constant)),
                    "/" => new IntValue(a.Dim.DivideExact(b.Dim)),
                    _ => Value.Unknown,
                };
            default:
                return Value.Unknown;
        }
    }

    private static TensorValue Of(params Dim[] dims) => new(new Shape(dims));

    private static bool ProvablyDifferent(Dim a, Dim b) => Dim.ProvablyDifferent(a, b);

    private static Dim Product(IEnumerable<Dim> dims) => dims.Aggregate(Dim.Of(1), (p, d) => p * d);
}
