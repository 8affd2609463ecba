namespace ShapeSharp.Generator.Parsing;

/// <summary>Metadata names of the runtime types the generator recognises.</summary>
internal static class KnownNames
{
    public const string Namespace = "ShapeSharp";
    public const string InputAttribute = "ShapeSharp.InputAttribute";
    public const string OutputAttribute = "ShapeSharp.OutputAttribute";
    public const string MixedPrecisionAttribute = "ShapeSharp.MixedPrecisionAttribute";
    public const string LayerAttribute = "LayerAttribute";
    public const string LossAttribute = "LossAttribute";
    public const string OptimizerAttribute = "OptimizerAttribute";
    public const string ScheduleAttribute = "ScheduleAttribute";
    public const string EarlyStoppingAttribute = "EarlyStoppingAttribute";
    public const string GradientClippingAttribute = "GradientClippingAttribute";
    public const string GradientAccumulationAttribute = "GradientAccumulationAttribute";
}
