using System;

namespace ShapeSharp;

/// <summary>nn.AdaptiveAvgPool2d: the output's spatial size, whatever the input's.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AdaptiveAvgPool2dAttribute : LayerAttribute
{
    public AdaptiveAvgPool2dAttribute(int size) { }

    public AdaptiveAvgPool2dAttribute(int height, int width) { }
}
