using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Layers;

/// <summary>An element-wise activation: the shape is unchanged, there are no parameters.</summary>
internal class ActivationRule : LayerRule
{
    private readonly string _kind;

    public ActivationRule(string kind) => _kind = kind;

    public override string Kind => _kind;

    public override bool IsTransparent => true;

    public override LayerResult Apply(LayerContext c) => new(c.Input, Factory(Arguments(c)), Dim.Of(0));

    protected virtual string Arguments(LayerContext c) => string.Empty;
}

internal sealed class LeakyReLURule : ActivationRule
{
    public LeakyReLURule()
        : base("LeakyReLU")
    {
    }

    protected override string Arguments(LayerContext c) =>
        new Arguments().Named("negative_slope", c.Real("NegativeSlope", 0.01), 0.01).ToString();
}

/// <summary>Softmax / LogSoftmax over a dim that must exist in the input.</summary>
internal sealed class SoftmaxRule : ActivationRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public SoftmaxRule(string kind)
        : base(kind)
    {
    }

    public override LayerResult Apply(LayerContext c)
    {
        var dim = c.Int("Dim", -1);
        if (dim < -c.Input.Rank || dim >= c.Input.Rank)
        {
            c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Dim"), Kind, "Dim", $"= {dim} is not a dim of the input {c.Input}");
            return LayerResult.Failed;
        }

        return new LayerResult(c.Input, Factory(LayerContext.Literal(dim)), Dim.Of(0));
    }
}

/// <summary>ELU(alpha).</summary>
internal sealed class ELURule : ActivationRule
{
    public ELURule()
        : base("ELU")
    {
    }

    protected override string Arguments(LayerContext c) =>
        new Arguments().Named("alpha", c.Real("Alpha", 1.0), 1.0).ToString();
}

/// <summary>Softplus(beta, threshold): beta must not be zero (it divides).</summary>
internal sealed class SoftplusRule : ActivationRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public SoftplusRule()
        : base("Softplus")
    {
    }

    protected override string Arguments(LayerContext c)
    {
        var beta = c.Real("Beta", 1.0);
        if (beta == 0)
        {
            c.Report(DiagnosticDescriptors.InvalidArgument, c.LocationOf("Beta"), Kind, "Beta", "must not be 0 (softplus divides by it)");
        }

        return new Arguments().Named("beta", beta, 1.0).Named("threshold", c.Real("Threshold", 20.0), 20.0).ToString();
    }
}

/// <summary>
/// PReLU(numParameters = 1, Init = 0.25): one learned slope, or one per channel (dim 1), which must
/// then be the input's channel count.
/// </summary>
internal sealed class PReLURule : ActivationRule
{
    public override LayerPrecision Precision => LayerPrecision.Full;

    public PReLURule()
        : base("PReLU")
    {
    }

    public override LayerResult Apply(LayerContext c)
    {
        var count = c.Int("numParameters", 1, 1, "must be positive (1, or the channel count)");
        if (count > 1)
        {
            var channels = c.Input.Rank >= 2 ? c.Input[1] : Dim.Of(1);
            if (c.Input.Rank < 2 || Dim.ProvablyDifferent(channels, Dim.Of(count)))
            {
                c.ReportInput(DiagnosticDescriptors.InvalidArgument, c.LocationOf("numParameters"), Kind, "numParameters",
                    $"must be 1 or the channel count (dim 1) of its input {c.Input}, but is {count}");
                return LayerResult.Failed;
            }
        }

        var arguments = new Arguments().Add(LayerContext.Literal(count)).Named("init", c.Real("Init", 0.25), 0.25).ToString();
        return new LayerResult(c.Input, Factory(arguments), Dim.Of(count));
    }
}

/// <summary>Identity: the input itself (a placeholder layer, as in PyTorch).</summary>
internal sealed class IdentityRule : ActivationRule
{
    public IdentityRule()
        : base("Identity")
    {
    }
}
