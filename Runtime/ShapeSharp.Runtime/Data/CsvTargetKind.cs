namespace ShapeSharp.Data;

/// <summary>How <see cref="CsvDataset"/> turns the target columns into a tensor.</summary>
public enum CsvTargetKind
{
    /// <summary>float32 <c>[N, T]</c>, one column per target column (MSE and friends).</summary>
    Regression,

    /// <summary>int64 <c>[N]</c> class indices from one column of whole, non-negative numbers (cross-entropy).</summary>
    Classification,
}
