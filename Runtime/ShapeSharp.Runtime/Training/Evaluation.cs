using System.Collections.Generic;

namespace ShapeSharp.Training;

/// <summary>The mean loss over a data source and each metric's value.</summary>
public sealed record Evaluation(double Loss, long Samples, IReadOnlyDictionary<string, double> Metrics);
