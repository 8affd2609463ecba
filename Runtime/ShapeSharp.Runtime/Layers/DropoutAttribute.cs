using System;

namespace ShapeSharp;

/// <summary>nn.Dropout; the positional value is the drop probability (default 0.5).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    public DropoutAttribute() { }

    public DropoutAttribute(double p) { }
}
