namespace ShapeSharp.Metrics;

/// <summary>How per-class precision, recall or F1 are combined into one number (scikit-learn's <c>average=</c>).</summary>
public enum Average
{
    /// <summary>Unweighted mean over the classes that occur in the targets or the predictions.</summary>
    Macro,

    /// <summary>Mean over the same classes weighted by each class's support (its count in the targets).</summary>
    Weighted,

    /// <summary>
    /// Global counts: for single-label classification precision, recall and F1 all equal accuracy.
    /// </summary>
    Micro,

    /// <summary>The score of the positive class (class 1) only; for binary problems.</summary>
    Binary,
}
