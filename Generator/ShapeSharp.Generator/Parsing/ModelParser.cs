using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Parsing;

/// <summary>
/// The only stage that touches symbols and syntax: reads a model class into a <see cref="ModelSpec"/>.
/// Layer order comes from syntax (attribute lists in source order), values from the binder.
/// </summary>
internal static class ModelParser
{
    /// <summary>How deep [Layer&lt;T&gt;] sub-models are followed; deeper (or cyclic) ones are reported.</summary>
    private const int MaxNesting = 4;

    /// <summary>
    /// The declaration a model is parsed from: the first of its (hand-written) partial declarations
    /// that carries [Input]. A class with [Input] on several declarations is seen once per
    /// declaration by the generator and once by the analyzer; both keep this one.
    /// </summary>
    /// <remarks>
    /// [Input] on a struct or an interface is the compiler's error already (CS0592: the attribute is
    /// for classes), so such a type is no model: one mistake, one diagnostic.
    /// </remarks>
    public static TypeDeclarationSyntax? ModelDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.TypeKind == TypeKind.Class ? DeclarationsWith(type, IsInputAttribute, cancellationToken).FirstOrDefault() : null;

    /// <summary>The model's spec; its sub-models are parsed with it (so an edit to one re-checks its users).</summary>
    /// <param name="parsed">
    /// Specs already read in this compilation, by type: the analyzer checks every model of a
    /// compilation, and a sub-model is also read inside each model that uses it. Only a spec
    /// without diagnostics is reused (a nesting problem depends on where it is read from).
    /// </param>
    public static ModelSpec Parse(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellationToken,
        System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, ModelSpec>? parsed = null) =>
        ParseType(type, declaration, compilation, new List<INamedTypeSymbol>(), cancellationToken, parsed);

    private static ModelSpec ParseType(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, List<INamedTypeSymbol> outer, CancellationToken cancellationToken,
        System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, ModelSpec>? parsed)
    {
        if (parsed is not null && parsed.TryGetValue(type, out var known))
        {
            return known;
        }

        var spec = ReadType(type, declaration, compilation, outer, cancellationToken, parsed);
        if (parsed is not null && spec.Diagnostics.IsEmpty && spec.SubModels.All(m => m.Diagnostics.IsEmpty))
        {
            parsed.TryAdd(type, spec);
        }

        return spec;
    }

    private static ModelSpec ReadType(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, List<INamedTypeSymbol> outer, CancellationToken cancellationToken,
        System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, ModelSpec>? parsed)
    {

        var diagnostics = new List<DiagnosticInfo>();
        var identifier = LocationInfo.From(declaration.Identifier);
        var declarable = CheckDeclaration(type, declaration, identifier, diagnostics);
        var canGenerate = declarable;

        var inputs = new List<InputSpec>();
        OutputSpec? output = null;
        MixedPrecisionSpec? mixedPrecision = null;
        var layers = new List<AttributeSpec>();
        var stackedSubModels = new List<(INamedTypeSymbol Type, LocationInfo Location)>();
        var training = new List<AttributeSpec>();
        var attributeData = type.GetAttributes()
            .Where(a => a.ApplicationSyntaxReference is not null)
            .ToDictionary(a => (a.ApplicationSyntaxReference!.SyntaxTree, a.ApplicationSyntaxReference.Span), a => a);

        var layerDeclarations = DeclarationsWith(type, IsLayerAttribute, cancellationToken);
        var primary = layerDeclarations.Count > 0 ? layerDeclarations[0] : declaration;

        foreach (var part in DeclarationsOf(type, cancellationToken))
        {
            foreach (var attributeSyntax in part.AttributeLists.SelectMany(l => l.Attributes))
            {
                if (!attributeData.TryGetValue((attributeSyntax.SyntaxTree, attributeSyntax.Span), out var data) || data.AttributeClass is not { } attributeClass)
                {
                    continue;
                }

                if (data.AttributeConstructor is null)
                {
                    // The compiler reports the bad attribute; generating around it would only add noise.
                    canGenerate = false;
                    continue;
                }

                if (IsInputAttribute(attributeClass))
                {
                    inputs.Add(ReadInput(data, attributeSyntax, diagnostics));
                    continue;
                }

                if (attributeClass.ToDisplayString() == KnownNames.OutputAttribute)
                {
                    var (shapeLocation, offset) = ShapeArgument(attributeSyntax);
                    output = new OutputSpec(data.ConstructorArguments.Length > 0 ? data.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty, shapeLocation, offset);
                    continue;
                }

                if (attributeClass.ToDisplayString() == KnownNames.MixedPrecisionAttribute)
                {
                    mixedPrecision = ReadMixedPrecision(data, attributeSyntax, diagnostics);
                    continue;
                }

                var category = Categorize(attributeClass);
                if (category is null)
                {
                    continue;
                }

                var spec = ReadAttribute(category.Value, attributeClass, data, attributeSyntax);

                if (category == AttributeCategory.Layer)
                {
                    if (part != primary)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersOnSeveralDeclarations, spec.Location, type.Name));
                        canGenerate = false;
                        continue;
                    }

                    layers.Add(spec);
                    if (attributeClass.IsGenericType && attributeClass.TypeArguments[0] is INamedTypeSymbol stacked)
                    {
                        stackedSubModels.Add((stacked, spec.Find("Model")!.Location));
                    }
                }
                else
                {
                    training.Add(spec);
                }
            }
        }

        var composite = CompositeParser.Read(type, compilation, cancellationToken);
        diagnostics.AddRange(composite.Diagnostics);
        canGenerate &= composite.Diagnostics.Count == 0;
        var subModels = new List<ModelSpec>();
        var compiledSubModels = new List<CompiledModelSpec>();
        outer.Add(type);
        foreach (var sub in stackedSubModels.Concat(composite.SubModels))
        {
            if (subModels.Any(m => m.FullName == sub.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)))
            {
                continue;
            }

            if (outer.Contains(sub.Type, SymbolEqualityComparer.Default) || outer.Count >= MaxNesting)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, sub.Location, "Layer", "the model",
                    $"'{sub.Type.Name}' contains itself or nests deeper than {MaxNesting} levels"));
                canGenerate = false;
                continue;
            }

            var subDeclaration = DeclarationsWith(sub.Type, IsInputAttribute, cancellationToken).FirstOrDefault();
            if (subDeclaration is null && CompiledModelReader.Read(sub.Type) is { } compiled)
            {
                if (!compiledSubModels.Contains(compiled))
                {
                    compiledSubModels.Add(compiled);
                }

                continue;
            }

            if (subDeclaration is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, sub.Location, "Layer", "the model",
                    $"'{sub.Type.Name}' must be a ShapeSharp model: a partial class with [Input] in this project, or one compiled by ShapeSharp in a referenced assembly"));
                canGenerate = false;
                continue;
            }

            subModels.Add(ParseType(sub.Type, subDeclaration, compilation, outer, cancellationToken, parsed));
        }

        outer.RemoveAt(outer.Count - 1);

        return new ModelSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            type.Name,
            ContainingTypes(type).ToEquatableArray(),
            inputs.ToEquatableArray(),
            layers.ToEquatableArray(),
            training.ToEquatableArray(),
            diagnostics.ToEquatableArray(),
            identifier,
            canGenerate)
        {
            FullName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            Blocks = composite.Blocks.ToEquatableArray(),
            Forward = composite.Forward,
            Output = output,
            MixedPrecision = mixedPrecision,
            Helpers = composite.Helpers.ToEquatableArray(),
            SubModels = subModels.ToEquatableArray(),
            CompiledSubModels = compiledSubModels.ToEquatableArray(),
            Fields = FieldReader.Read(type, compilation, cancellationToken).ToEquatableArray(),
            MemberNames = composite.Blocks.Count > 0 ? composite.MemberNames.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray() : EquatableArray<string>.Empty,
            Declarable = declarable,
        };
    }

    /// <summary>One ShapeSharp attribute as values; [Layer&lt;T&gt;] also records T as the argument "Model".</summary>
    internal static AttributeSpec ReadAttribute(AttributeCategory category, INamedTypeSymbol attributeClass, AttributeData data, AttributeSyntax syntax)
    {
        var args = ArgumentReader.Read(data, syntax);
        if (attributeClass.IsGenericType && attributeClass.TypeArguments.Length == 1)
        {
            var model = attributeClass.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var location = syntax.Name is GenericNameSyntax generic ? LocationInfo.From(generic.TypeArgumentList.Arguments[0]) : LocationInfo.From(syntax);
            args = args.Concat(new[] { new ArgSpec("Model", false, new ArgValue(ArgKind.Text, 0, 0, false, model, EquatableArray<long>.Empty, model), location) }).ToEquatableArray();
        }

        return new AttributeSpec(category, KindOf(attributeClass), attributeClass.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), args, LocationInfo.From(syntax));
    }

    private static bool CheckDeclaration(INamedTypeSymbol type, TypeDeclarationSyntax declaration, LocationInfo identifier, List<DiagnosticInfo> diagnostics)
    {
        string? problem = null;
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            problem = "must be declared partial so the generator can add its layers and forward";
        }
        else if (type.IsGenericType)
        {
            problem = "is generic; layer shapes must be fixed, so declare a non-generic class";
        }
        else if (type.IsStatic)
        {
            problem = "is static; a model is a module instance";
        }
        else if (type.IsRecord)
        {
            problem = "is a record; a model derives from torch.nn.Module, so declare a class";
        }
        else
        {
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                var partial = outer.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax())
                    .OfType<TypeDeclarationSyntax>()
                    .All(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
                if (!partial || outer.IsGenericType)
                {
                    problem = $"is nested in '{outer.Name}', which must be partial and non-generic too";
                    break;
                }
            }
        }

        if (problem is null)
        {
            return true;
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelDeclaration, identifier, type.Name, problem));
        return false;
    }

    /// <summary>[MixedPrecision] computes in BFloat16 or Float16; Float32 states no casts by default, like the bare attribute.</summary>
    private static MixedPrecisionSpec ReadMixedPrecision(AttributeData data, AttributeSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        if (data.ConstructorArguments.Length == 0)
        {
            return new MixedPrecisionSpec(null);
        }

        var type = ArgumentReader.ToValue(data.ConstructorArguments[0]).Text;
        if (type is "BFloat16" or "Float16")
        {
            return new MixedPrecisionSpec(type);
        }

        if (type != "Float32")
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, LocationInfo.From(syntax), "MixedPrecision", "the compute type",
                $"must be DType.BFloat16 or DType.Float16 (DType.Float32: no casts until turned on), but is {type}"));
        }

        return new MixedPrecisionSpec(null);
    }

    private static InputSpec ReadInput(AttributeData data, AttributeSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var shape = data.ConstructorArguments.Length > 0 ? data.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        string? name = null;
        string? dtype = null;
        var sizes = new List<string>();
        foreach (var named in data.NamedArguments)
        {
            if (named.Key == "Sizes" && named.Value.Value is string list)
            {
                foreach (var size in list.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0))
                {
                    if (SyntaxFacts.IsValidIdentifier(size))
                    {
                        sizes.Add(size);
                        continue;
                    }

                    var sizesArgument = syntax.ArgumentList!.Arguments.First(a => a.NameEquals?.Name.Identifier.Text == "Sizes");
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, LocationInfo.From(sizesArgument), "Input", "Sizes",
                        $"must list symbol names separated by commas, but holds \"{size}\""));
                }
            }

            if (named.Key == "Name")
            {
                name = named.Value.Value as string;
                if (name is not null && (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None))
                {
                    // The name becomes forward's parameter; a keyword would need @ everywhere it is used.
                    var nameArgument = syntax.ArgumentList!.Arguments.First(a => a.NameEquals?.Name.Identifier.Text == "Name");
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidArgument, LocationInfo.From(nameArgument), "Input", "Name",
                        $"must be a C# identifier that is not a keyword (it names forward's parameter), but is \"{name}\""));
                    name = null;
                }
            }
            else if (named.Key == "Dtype")
            {
                dtype = ArgumentReader.ToValue(named.Value).Text;
            }
        }

        var (location, offset) = ShapeArgument(syntax);
        return new InputSpec(shape, name, dtype, location, offset) { Sizes = sizes.ToEquatableArray() };
    }

    /// <summary>
    /// Where an attribute's shape string stands, and the offset of its first character in that span
    /// (-1 when it is not a string literal), so a parse error can point at the bad dim.
    /// </summary>
    internal static (LocationInfo Location, int ContentOffset) ShapeArgument(AttributeSyntax syntax)
    {
        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null);
        if (argument?.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            var token = literal.Token;
            var offset = token.Text.StartsWith("@", System.StringComparison.Ordinal) ? 2 : token.Text.StartsWith("\"\"\"", System.StringComparison.Ordinal) ? 3 : 1;
            return (LocationInfo.From(literal), offset);
        }

        return (argument is null ? LocationInfo.From(syntax) : LocationInfo.From(argument), -1);
    }

    internal static AttributeCategory? Categorize(INamedTypeSymbol attributeClass)
    {
        for (var current = attributeClass; current is not null; current = current.BaseType)
        {
            if (current.ContainingNamespace?.ToDisplayString() != KnownNames.Namespace)
            {
                continue;
            }

            switch (current.Name)
            {
                case KnownNames.LayerAttribute: return AttributeCategory.Layer;
                case KnownNames.LossAttribute: return AttributeCategory.Loss;
                case KnownNames.OptimizerAttribute: return AttributeCategory.Optimizer;
                case KnownNames.ScheduleAttribute: return AttributeCategory.Schedule;
                case KnownNames.EarlyStoppingAttribute: return AttributeCategory.EarlyStopping;
                case KnownNames.GradientClippingAttribute: return AttributeCategory.GradientClipping;
                case KnownNames.GradientAccumulationAttribute: return AttributeCategory.GradientAccumulation;
            }
        }

        return null;
    }

    private static string KindOf(INamedTypeSymbol attributeClass)
    {
        var name = attributeClass.Name;
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static bool IsInputAttribute(INamedTypeSymbol attributeClass) =>
        attributeClass.ToDisplayString() == KnownNames.InputAttribute;

    internal static bool IsLayerAttribute(INamedTypeSymbol attributeClass) =>
        Categorize(attributeClass) == AttributeCategory.Layer;

    /// <summary>
    /// The partial declarations the user wrote. The analyzer sees the compilation with the generated
    /// part added, whose members (forward, block bodies, fields) must not be read as the user's.
    /// </summary>
    internal static IEnumerable<TypeDeclarationSyntax> DeclarationsOf(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().Where(d => !GeneratedPart.IsOurs(d));

    internal static List<TypeDeclarationSyntax> DeclarationsWith(INamedTypeSymbol type, System.Func<INamedTypeSymbol, bool> predicate, CancellationToken cancellationToken)
    {
        var found = new List<TypeDeclarationSyntax>();
        var attributes = type.GetAttributes();
        foreach (var part in DeclarationsOf(type, cancellationToken))
        {
            var has = attributes.Any(a => a.AttributeClass is { } c && predicate(c)
                && a.ApplicationSyntaxReference is { } r && r.SyntaxTree == part.SyntaxTree && part.Span.Contains(r.Span));
            if (has)
            {
                found.Add(part);
            }
        }

        return found;
    }

    private static IEnumerable<string> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new Stack<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var keyword = outer.TypeKind switch
            {
                TypeKind.Struct => outer.IsRecord ? "partial record struct" : "partial struct",
                TypeKind.Interface => "partial interface",
                _ => outer.IsRecord ? "partial record" : "partial class",
            };
            chain.Push(keyword + " " + outer.Name);
        }

        return chain;
    }
}
