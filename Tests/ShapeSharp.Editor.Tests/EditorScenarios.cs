using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace ShapeSharp.Editor.Tests;

/// <summary>
/// Issue 17, point 5: in a real editor session (csharp-ls over LSP, analyzers enabled) a shape
/// mistake is reported at its span while the user types, disappears when an unsaved edit fixes it
/// and comes back when another breaks it. A compiler error goes through the same steps first, as
/// the control: if it passes and the SS0001 case does not, the harness and the server work and
/// ShapeSharp's diagnostic is what does not reach the editor.
/// </summary>
public sealed class EditorScenarios(EditorSession session, ITestOutputHelper output) : IClassFixture<EditorSession>
{
    public const string ModelFile = "LeNet.cs";

    /// <summary>LeNet's flatten size computed for 3x32x32 images, on 1x28x28 ones.</summary>
    public const string Model = """
        using ShapeSharp;

        namespace Consumer;

        [Input("B, 1, 28, 28")]
        [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2), Flatten, Linear(120, In = 400)]
        public partial class LeNet;

        """;

    public const string ControlFile = "Control.cs";

    public const string Control = """
        namespace Consumer;

        public static class Control
        {
            public static int Answer() => fortyTwo;
        }

        """;

    // The first case to run waits for the project load as well: 5-10 s here (docs/editors.md), more on a busy CI machine.
    private static readonly TimeSpan FirstReport = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AfterEdit = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Compiler_error_appears_clears_on_an_unsaved_fix_and_returns() => AppearsClearsReturns(
        ControlFile, Control, "CS0103",
        broken: "fortyTwo", message: "The name 'fortyTwo' does not exist in the current context",
        fix: "42",
        brokenAgain: "fortyThree", messageAgain: "The name 'fortyThree' does not exist in the current context");

    [Fact]
    public Task SS0001_appears_at_In_clears_on_an_unsaved_fix_and_returns() => AppearsClearsReturns(
        ModelFile, Model, "SS0001",
        broken: "In = 400", message: "Linear states In = 400, but its input [B, 256] gives 256",
        fix: "In = 256",
        brokenAgain: "In = 300", messageAgain: "Linear states In = 300, but its input [B, 256] gives 256",
        hint: "If the control case (CS0103) passed, the server and this client work. csharp-ls shows SS diagnostics only from a "
            + "DiagnosticAnalyzer (ShapeSharpAnalyzer), never the generator's own reports, and only with csharp.analyzersEnabled "
            + "= true; either missing gives exactly this failure (issue 17, docs/editors.md).");

    private async Task AppearsClearsReturns(
        string file, string text, string code, string broken, string message, string fix, string brokenAgain, string messageAgain,
        string? hint = null)
    {
        var path = System.IO.Path.Combine(session.Project.Root, file);
        try
        {
            await session.Open(path);
            session.Mark($"{file} opened");
            var range = LspRange.Of(text, broken);
            await session.WaitFor(path, $"{code} at {range}: {message}", d => Has(d, code, message, range), FirstReport, hint);

            // The fix and the new break are the same span edited in the buffer; the file on disk keeps the original.
            var fixedText = text.Replace(broken, fix, StringComparison.Ordinal);
            await session.Edit(path, range, fix, fixedText);
            session.Mark($"{file}: edited {broken} -> {fix}");
            await session.WaitFor(path, $"{code} cleared", d => !d.Any(x => Code(x) == code), AfterEdit, hint);

            var fixedRange = LspRange.Of(fixedText, fix);
            var brokenText = fixedText.Replace(fix, brokenAgain, StringComparison.Ordinal);
            await session.Edit(path, fixedRange, brokenAgain, brokenText);
            session.Mark($"{file}: edited {fix} -> {brokenAgain}");
            var againRange = LspRange.Of(brokenText, brokenAgain);
            await session.WaitFor(path, $"{code} back at {againRange}: {messageAgain}", d => Has(d, code, messageAgain, againRange), AfterEdit, hint);
            Assert.Equal(text, System.IO.File.ReadAllText(path));
        }
        catch (Exception e) when (e is not EditorTestFailure)
        {
            throw session.Failure($"{file}: {code} case failed", e);
        }
        finally
        {
            foreach (var line in session.Timings)
            {
                output.WriteLine(line);
            }
        }
    }

    private static string? Code(JsonNode? diagnostic) => diagnostic?["code"]?.ToString();

    /// <summary>Exactly one diagnostic of this code (a second would be a duplicate report), with this message and range.</summary>
    private static bool Has(JsonArray diagnostics, string code, string message, LspRange range) =>
        diagnostics.Where(d => Code(d) == code).ToArray() is [var d]
        && d?["message"]?.GetValue<string>() == message && LspRange.FromJson(d["range"]) == range;
}
