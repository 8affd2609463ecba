using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ShapeSharp.Generator.Tests.Infrastructure;

namespace ShapeSharp.Generator.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block of the documents below compiles as written, with the generator and
/// the analyzer, and gives exactly the diagnostics its comments state (<c>// SS0001: message</c> on the
/// line it is reported at; <c>...</c> in the message stands for any text) and nothing else: no
/// other SS diagnostic, no compiler error or warning. So a stale example fails here.
/// </summary>
/// <remarks>
/// How a block is compiled, as a user's project would compile it pasted into one file:
/// <list type="bullet">
/// <item>The SDK's implicit usings of a console project are there (System, System.IO, System.Linq, ...).</item>
/// <item>A block with using directives of its own is a complete file and gets nothing else. A block
/// without any is a fragment of a model file and gets the usings every model file has
/// (ShapeSharp, TorchSharp, static torch, static torch.nn.functional).</item>
/// <item>A block with top-level statements is a program (console application); any other a library.</item>
/// </list>
/// </remarks>
public class DocExampleTests
{
    /// <summary>The documents whose examples must compile.</summary>
    private static readonly string[] Documents = { "README.md", "docs/diagnostics.md", "docs/composite.md" };

    /// <summary>
    /// Examples known not to compile as written, in documents this test's authors may not edit, with
    /// the reason (identified by a line of their code). Their test asserts they still fail, so the entry
    /// is removed once the document is fixed.
    /// </summary>
    private static readonly Dictionary<string, string> KnownStale = new(StringComparer.Ordinal)
    {
    };

    private const string SdkImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private const string ModelFileUsings = """
        global using ShapeSharp;
        global using TorchSharp;
        global using static TorchSharp.torch;
        global using static TorchSharp.torch.nn.functional;
        """;

    private static readonly Regex Expected = new(@"//\s*(SS\d{4}):\s*(.*?)\s*$", RegexOptions.Compiled);

    /// <summary>A fenced csharp block: where it is and its code.</summary>
    public sealed record Example(string Document, int FirstLine, string Code)
    {
        public string Key => $"{Document}:{FirstLine}";

        public string? StaleReason => KnownStale.FirstOrDefault(entry => Code.Contains(entry.Key, StringComparison.Ordinal)).Value;
    }

    public static TheoryData<string> Current() => new(Examples().Where(e => e.StaleReason is null).Select(e => e.Key));

    [Fact]
    public void Each_document_has_csharp_examples_and_each_stale_entry_names_one()
    {
        var examples = Examples().ToList();
        foreach (var document in Documents)
        {
            Assert.Contains(examples, e => e.Document == document);
        }

        foreach (var line in KnownStale.Keys)
        {
            Assert.Single(examples, e => e.Code.Contains(line, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Current))]
    public void The_example_compiles_with_the_diagnostics_it_states(string key)
    {
        var example = Examples().Single(e => e.Key == key);
        var problems = Problems(example);
        Assert.True(problems.Count == 0, $"{key}:\n{string.Join("\n", problems)}\n\n{example.Code}");
    }

    [Fact]
    public void Known_stale_examples_still_fail()
    {
        foreach (var example in Examples().Where(e => e.StaleReason is not null))
        {
            Assert.True(Problems(example).Count > 0, $"{example.Key} compiles now: remove its KnownStale entry ({example.StaleReason}).");
        }
    }

    [Fact]
    public void The_readme_claims_about_its_example_hold()
    {
        // The model of the README's CNN example (its declarations, without the program around it).
        var example = Examples().First(e => e.Document == "README.md" && e.Code.Contains("[Conv2d(", StringComparison.Ordinal));
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(example.Code, GeneratorHarness.ParseOptions).GetRoot();
        var declarations = root.WithMembers(SyntaxFactory.List(root.Members.Where(m => m is not GlobalStatementSyntax))).ToFullString();

        // "// 421,642 parameters, counted at compile time"
        var count = Regex.Match(example.Code, @"//\s*([\d,]+) parameters, counted at compile time");
        Assert.True(count.Success, "the README's example no longer states its parameter count; update this test");
        var run = GeneratorHarness.Run(declarations);
        Assert.Empty(run.Diagnostics);
        run.AssertNoNoise();
        var generated = Regex.Match(run.Source, @"ParameterCount\s*=\s*([\d_]+)");
        Assert.True(generated.Success, "no compile-time ParameterCount in the generated code:\n" + run.Source);
        Assert.Equal(count.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), generated.Groups[1].Value.Replace("_", string.Empty, StringComparison.Ordinal));

        // "Write `Linear(120, In = 400)` after that conv stack and the build fails at `In = 400` with `SS0001: ...`"
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var claim = Regex.Match(readme, @"Write\s+`(?<layer>[^`]+)`\s+after\s+that\s+conv\s+stack\s+and\s+the\s+build\s+fails\s+at\s+`(?<span>[^`]+)`\s+with\s+`(?<id>SS\d{4}):\s(?<message>[^`]+)`");
        Assert.True(claim.Success, "the README no longer makes its In = 400 claim in these words; update this test");
        var layer = claim.Groups["layer"].Value;
        var span = claim.Groups["span"].Value;
        var afterStack = Regex.Replace(declarations, @"Linear\(128\)", layer.Replace(span, "[|" + span + "|]", StringComparison.Ordinal));
        Assert.NotEqual(declarations, afterStack);
        var message = GeneratorHarness.SingleDiagnostic(afterStack, claim.Groups["id"].Value);
        Assert.Equal(claim.Groups["message"].Value, message);
    }

    /// <summary>What is wrong with the example, compiled as the remarks say; empty when it is right.</summary>
    private static List<string> Problems(Example example)
    {
        var tree = CSharpSyntaxTree.ParseText(example.Code, GeneratorHarness.ParseOptions, path: "/docs/" + example.Document + ".cs");
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var trees = new List<SyntaxTree> { tree, CSharpSyntaxTree.ParseText(SdkImplicitUsings, GeneratorHarness.ParseOptions, path: "/docs/ImplicitUsings.cs") };
        var fragment = root.Usings.Count == 0 && !root.Members.OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Count > 0);
        if (fragment)
        {
            trees.Add(CSharpSyntaxTree.ParseText(ModelFileUsings, GeneratorHarness.ParseOptions, path: "/docs/ModelUsings.cs"));
        }

        var program = root.Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Docs" + Guid.NewGuid().ToString("N"),
            trees,
            TestReferences.All,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(compilation, GeneratorHarness.Driver());

        var problems = new List<string>();
        var expected = example.Code.Split('\n')
            .Select((line, index) => (Match: Expected.Match(line), Line: index))
            .Where(e => e.Match.Success)
            .Select(e => (Id: e.Match.Groups[1].Value, e.Line, Message: e.Match.Groups[2].Value))
            .ToList();
        var actual = run.Diagnostics
            .Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line, Message: d.GetMessage(CultureInfo.InvariantCulture), InExample: d.Location.SourceTree == tree))
            .ToList();
        foreach (var diagnostic in actual)
        {
            var stated = expected.FindIndex(e => e.Id == diagnostic.Id && e.Line == diagnostic.Line && diagnostic.InExample);
            if (stated < 0)
            {
                problems.Add($"unstated {diagnostic.Id} at line {diagnostic.Line + 1}: {diagnostic.Message}");
                continue;
            }

            if (!Matches(expected[stated].Message, diagnostic.Message))
            {
                problems.Add($"{diagnostic.Id} at line {diagnostic.Line + 1} says \"{diagnostic.Message}\", the example states \"{expected[stated].Message}\"");
            }

            expected.RemoveAt(stated);
        }

        problems.AddRange(expected.Select(e => $"stated {e.Id} at line {e.Line + 1} is not reported"));
        problems.AddRange(run.GeneratorDiagnostics.Select(d => "generator: " + d));
        problems.AddRange(run.CompilerProblems.Select(d => "compiler: " + d));
        return problems;
    }

    /// <summary>The stated message, where <c>...</c> stands for any text, matches the whole message.</summary>
    private static bool Matches(string stated, string message)
    {
        var pattern = "^" + string.Join(".*", stated.Split("...").Select(part => Regex.Escape(part.Trim()))) + (stated.TrimEnd().EndsWith("...", StringComparison.Ordinal) ? string.Empty : "$");
        return Regex.IsMatch(message, pattern, RegexOptions.Singleline);
    }

    /// <summary>The fenced csharp blocks of the documents, in order.</summary>
    public static IEnumerable<Example> Examples()
    {
        var root = RepositoryRoot();
        foreach (var document in Documents)
        {
            var lines = File.ReadAllLines(Path.Combine(root, document));
            for (var i = 0; i < lines.Length; i++)
            {
                var fence = lines[i].TrimStart();
                if (!fence.StartsWith("```csharp", StringComparison.Ordinal) && !fence.StartsWith("```cs", StringComparison.Ordinal) && !fence.StartsWith("```c#", StringComparison.Ordinal))
                {
                    continue;
                }

                var indent = lines[i].Length - fence.Length;
                var end = i + 1;
                while (end < lines.Length && lines[end].Trim() != "```")
                {
                    end++;
                }

                var code = string.Join("\n", lines.Skip(i + 1).Take(end - i - 1).Select(line => line.Length >= indent ? line.Substring(indent) : line.TrimStart()));
                yield return new Example(document, i + 2, code + "\n");
                i = end;
            }
        }
    }

    private static string RepositoryRoot([CallerFilePath] string here = "")
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(here)!); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dsl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("No Dsl.sln above " + here);
    }
}
