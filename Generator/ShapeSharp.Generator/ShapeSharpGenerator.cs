using Microsoft.CodeAnalysis;

namespace ShapeSharp.Generator;

/// <summary>Entry point of the ShapeSharp incremental generator.</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ShapeSharpGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
