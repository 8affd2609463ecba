using Microsoft.CodeAnalysis;

namespace ShapeSharp.Generator.Diagnostics;

/// <summary>Every diagnostic ShapeSharp reports. IDs are stable; see the README's table.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ShapeSharp";
    private const string HelpRoot = "https://github.com/shapesharp/shapesharp/blob/main/docs/diagnostics.md#";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + id.ToLowerInvariant());

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + id.ToLowerInvariant());

    /// <summary>{0} layer, {1} what, {2} stated, {3} inferred, {4} input shape.</summary>
    public static readonly DiagnosticDescriptor InputSizeMismatch = Error(
        "SS0001", "Stated input size disagrees with the inferred one",
        "{0} states {1} = {2}, but its input {4} gives {3}");

    /// <summary>{0} layer, {1} accepted ranks, {2} input shape, {3} rank.</summary>
    public static readonly DiagnosticDescriptor RankMismatch = Error(
        "SS0002", "Layer cannot take input of this rank",
        "{0} takes input of rank {1}, but gets {2} (rank {3})");

    /// <summary>{0} layer, {1} dim, {2} input shape, {3} output shape.</summary>
    public static readonly DiagnosticDescriptor NonPositiveDim = Error(
        "SS0003", "Spatial dim becomes zero or negative",
        "{0} makes {1} non-positive: input {2} gives {3}");

    /// <summary>{0} layer, {1} what, {2} input shape.</summary>
    public static readonly DiagnosticDescriptor CannotInferInputSize = Error(
        "SS0004", "Input size cannot be inferred",
        "{0} needs {1}, which its input {2} does not determine; add In = <size>");

    /// <summary>{0} model, {1} reason.</summary>
    public static readonly DiagnosticDescriptor InvalidModelDeclaration = Error(
        "SS0005", "Model class cannot be generated",
        "Model '{0}' {1}");

    /// <summary>{0} model.</summary>
    public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error(
        "SS0006", "Layer attributes spread over several partial declarations",
        "Layer attributes of model '{0}' must all stand on one partial declaration (they give the layer order)");

    /// <summary>{0} layer, {1} argument, {2} problem.</summary>
    public static readonly DiagnosticDescriptor InvalidArgument = Error(
        "SS0007", "Invalid layer argument",
        "{0}: {1} {2}");

    /// <summary>{0} shape text, {1} column, {2} problem.</summary>
    public static readonly DiagnosticDescriptor UnparseableShape = Error(
        "SS0008", "Shape string cannot be parsed",
        "Shape \"{0}\" cannot be parsed at column {1}: {2}");

    /// <summary>{0} loss, {1} output shape, {2} why.</summary>
    public static readonly DiagnosticDescriptor LossCannotTakeOutput = Error(
        "SS0010", "Loss cannot take the model's output",
        "{0} cannot take the model's output {1}: {2}");

    /// <summary>{0} activation, {1} loss.</summary>
    public static readonly DiagnosticDescriptor ActivationBeforeLoss = Warning(
        "SS0011", "Activation applied twice",
        "{0} output is fed to {1}, which applies it again; remove the {0} layer (or change the loss)");

    /// <summary>{0} layer, {1} input shape, {2} previous layer.</summary>
    public static readonly DiagnosticDescriptor MissingFlatten = Warning(
        "SS0012", "Linear after a conv/pool on rank > 2 input",
        "{0} is applied to {1} straight after {2}; it acts on the last dim only. Missing Flatten?");

    /// <summary>{0} op, {1} detail.</summary>
    public static readonly DiagnosticDescriptor IncompatibleOp = Error(
        "SS0020", "Tensor op with incompatible shapes",
        "{0}: {1}");

    /// <summary>{0} block, {1} first input, {2} this input.</summary>
    public static readonly DiagnosticDescriptor BlockInputConflict = Error(
        "SS0021", "Block called with two different input sizes",
        "Block {0} is first called with {1}, here with {2}");

    /// <summary>{0} layer, {1} what, {2} input shape, {3} the size it gives, {4} the free dims.</summary>
    public static readonly DiagnosticDescriptor SizedByFreeDim = Error(
        "SS0022", "Layer sized by a free input dim",
        "{0} needs {1}, but its input {2} gives {3}, which varies with the free dim {4}: the layer would work for one value of {4} only. Make {4} a constant in [Input], or a model size (Sizes = \"{4}\")");

    /// <summary>{0} model, {1} inferred output, {2} stated output, {3} how they differ.</summary>
    public static readonly DiagnosticDescriptor OutputMismatch = Error(
        "SS0023", "Model output differs from [Output]",
        "{0}'s forward returns {1}, but [Output] states {2}: {3}");

    /// <summary>{0} where, {1} exception.</summary>
    public static readonly DiagnosticDescriptor InternalError = Warning(
        "SS0099", "ShapeSharp internal error",
        "ShapeSharp could not process {0}: {1}. Its generated members throw this message; please report it with the model's source.");

    /// <summary>Every descriptor above, which the analyzer declares it supports.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All = System.Collections.Immutable.ImmutableArray.CreateRange(
        System.Linq.Enumerable.Select(
            System.Linq.Enumerable.Where(typeof(DiagnosticDescriptors).GetFields(), f => f.FieldType == typeof(DiagnosticDescriptor)),
            f => (DiagnosticDescriptor)f.GetValue(null)!));
}
