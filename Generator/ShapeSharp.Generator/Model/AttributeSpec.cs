namespace ShapeSharp.Generator.Model;

/// <summary>What an attribute on a model means to the generator.</summary>
internal enum AttributeCategory
{
    Layer,
    Loss,
    Optimizer,
    Schedule,
    EarlyStopping,
    GradientClipping,
    GradientAccumulation,
}

/// <summary>A ShapeSharp attribute as written: kind ("Conv2d"), its arguments, where it stands.</summary>
/// <param name="Kind">The attribute class name without the Attribute suffix.</param>
/// <param name="TypeName">The fully qualified attribute class (global::ShapeSharp.Conv2dAttribute).</param>
internal sealed record AttributeSpec(AttributeCategory Category, string Kind, string TypeName, EquatableArray<ArgSpec> Args, LocationInfo Location)
{
    public ArgSpec? Find(string name)
    {
        foreach (var arg in Args)
        {
            if (arg.Name == name)
            {
                return arg;
            }
        }

        return null;
    }
}
