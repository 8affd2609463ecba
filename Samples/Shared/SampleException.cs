using System;

namespace ShapeSharp.Samples;

/// <summary>A problem the sample itself finds in its input (empty data, an unusable --out): one line, exit 1.</summary>
internal sealed class SampleException(string message, Exception? inner = null) : Exception(message, inner);
