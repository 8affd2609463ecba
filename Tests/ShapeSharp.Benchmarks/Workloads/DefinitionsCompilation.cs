using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShapeSharp.Generator;

namespace ShapeSharp.Benchmarks.Workloads;

/// <summary>
/// The Definitions project as the compiler sees it: every Definitions/**/*.cs parsed, referenced
/// against the framework, ShapeSharp.Runtime and TorchSharp, and the ShapeSharp generator driven over
/// it as the compiler drives it (CSharpGeneratorDriver).
/// </summary>
internal sealed class DefinitionsCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public DefinitionsCompilation()
    {
        var root = Path.Combine(RepositoryRoot(), "Definitions");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), ParseOptions, path: f)).ToImmutableArray();
        References = CreateReferences();
    }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public ImmutableArray<MetadataReference> References { get; }

    /// <summary>A new compilation (nothing bound yet) over <paramref name="trees"/> or the Definitions sources.</summary>
    public CSharpCompilation Create(IEnumerable<SyntaxTree>? trees = null) =>
        CSharpCompilation.Create("ShapeSharp.Definitions", trees ?? Trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new ShapeSharpGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The tree of the file named <paramref name="fileName"/> with <paramref name="edit"/> applied to its text.</summary>
    public (SyntaxTree Old, SyntaxTree New) Edit(string fileName, Func<string, string> edit)
    {
        var old = Trees.Single(t => Path.GetFileName(t.FilePath) == fileName);
        var text = old.GetText().ToString();
        var edited = edit(text);
        if (edited == text)
        {
            throw new InvalidOperationException($"The edit of {fileName} changed nothing.");
        }

        return (old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited)));
    }

    /// <summary>The framework this process runs on, ShapeSharp.Runtime and TorchSharp; not the assemblies that already
    /// hold generated models (Definitions, these benchmarks), whose types would clash with the sources'.</summary>
    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        foreach (var assembly in new[] { typeof(InputAttribute).Assembly, typeof(TorchSharp.torch).Assembly })
        {
            paths[assembly.GetName().Name!] = assembly.Location;
        }

        paths.Remove("ShapeSharp.Definitions");
        paths.Remove(typeof(DefinitionsCompilation).Assembly.GetName().Name!);
        return paths.Values.OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Dsl.sln above {AppContext.BaseDirectory}: run the benchmarks from the repository's build output.");
    }
}
