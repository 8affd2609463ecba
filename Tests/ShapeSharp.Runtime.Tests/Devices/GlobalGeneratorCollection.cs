namespace ShapeSharp.Runtime.Tests.Devices;

/// <summary>
/// Tests that make modules (whose initial weights come from torch's global generator) run after the
/// parallel ones, one at a time: older tests seed that generator and then build a model, and a
/// module made in between on another thread would change their weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "Uses torch's global generator";
}
