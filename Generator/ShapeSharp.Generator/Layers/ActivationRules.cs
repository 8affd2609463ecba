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
