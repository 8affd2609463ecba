using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace ShapeSharp.Editor.Tests;

/// <summary>A test failure whose message carries what the server was doing.</summary>
public sealed class EditorTestFailure(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// csharp-ls, started as an editor starts it on a user's project: the local tool restored, the
/// consumer project written and restored, the server initialised with analyzers enabled. Shared
/// by the tests of a class, so the project is loaded once.
/// </summary>
public sealed class EditorSession : IAsyncLifetime
{
    /// <summary>
    /// The editor's settings, answered to workspace/configuration. Analyzers are off by default in
    /// csharp-ls; ShapeSharp's diagnostics come from an analyzer.
    /// </summary>
    private static readonly JsonObject Settings = new()
    {
        ["csharp"] = new JsonObject
        {
            ["analyzersEnabled"] = true,
            ["locale"] = "en-US",
            ["logLevel"] = "info",
        },
    };

    /// <summary>
    /// The whole session, restores included, ends within this, whatever each step allows itself:
    /// runs took 12-45 s here (docs/editors.md); CI gives the whole suite 15 minutes.
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);

    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _timings = new();
    private readonly Dictionary<string, int> _versions = [];
    private LspClient? _client;
    private JsonNode? _serverCapabilities;

    public EditorSession()
    {
        RepoRoot = Metadata("RepoRoot");
        Configuration = Metadata("Configuration");
        Project = new ConsumerProject(RepoRoot);
    }

    public string RepoRoot { get; }

    public string Configuration { get; }

    internal ConsumerProject Project { get; }

    internal LspClient Client => _client ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Named moments of the session (seconds since the server started, or durations before it).</summary>
    public IEnumerable<string> Timings => _timings;

    /// <summary>Whether the server answers textDocument/diagnostic (pull) rather than only pushing.</summary>
    public bool Pulls => _serverCapabilities?["diagnosticProvider"] is not null
        || Client.Registrations.ContainsKey("textDocument/diagnostic");

    /// <summary><paramref name="wanted"/>, or what is left of the session's budget if that is less.</summary>
    public TimeSpan Within(TimeSpan wanted)
    {
        var left = Budget - _sinceStart.Elapsed;
        return left < wanted ? (left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1)) : wanted;
    }

    public void Mark(string what) => _timings.Enqueue($"{Client.Elapsed,8} {what}");

    /// <summary>
    /// A failure here fails both cases with its message; xunit still disposes the fixture, which
    /// stops the server and deletes the temp folder.
    /// </summary>
    public async Task InitializeAsync()
    {
        Project.Write(EditorScenarios.ModelFile, EditorScenarios.Model);
        Project.Write(EditorScenarios.ControlFile, EditorScenarios.Control);
        Run("dotnet", ["tool", "restore"], RepoRoot, Within(TimeSpan.FromSeconds(60)));
        Run("dotnet", ["restore", Project.ProjectFile], Project.Root, Within(TimeSpan.FromSeconds(90)));

        var start = new ProcessStartInfo("dotnet")
        {
            // The local tool manifest is found from the working directory.
            WorkingDirectory = RepoRoot,
        };
        foreach (var arg in new[] { "tool", "run", "csharp-ls", "--", "--loglevel", "info", "--locale", "en-US" })
        {
            start.ArgumentList.Add(arg);
        }

        // For a look at the whole conversation: the server writes every message to this file.
        if (System.Environment.GetEnvironmentVariable("SHAPESHARP_EDITOR_RPCLOG") is { Length: > 0 } rpcLog)
        {
            start.ArgumentList.Add("--rpclog");
            start.ArgumentList.Add(Path.GetFullPath(rpcLog));
        }

        Environment(start);
        _client = LspClient.Start(start, Settings);
        _client.Notification += MarkProgress;
        try
        {
            var rootUri = new Uri(Project.Root + Path.DirectorySeparatorChar).AbsoluteUri;
            var initialized = await Client.Request("initialize", new JsonObject
            {
                ["processId"] = System.Environment.ProcessId,
                ["clientInfo"] = new JsonObject { ["name"] = "ShapeSharp.Editor.Tests" },
                ["rootUri"] = rootUri,
                ["rootPath"] = Project.Root,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "consumer" }),
                ["initializationOptions"] = Settings.DeepClone(),
                ["capabilities"] = ClientCapabilities(),
                ["trace"] = "off",
            }, Within(TimeSpan.FromSeconds(60)));
            _serverCapabilities = initialized?["capabilities"];
            Mark("initialize answered");
            await Client.Notify("initialized", new JsonObject());
            await Client.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = Settings.DeepClone() });
        }
        catch (Exception e)
        {
            throw Failure("the server did not initialise", e);
        }
    }

    /// <summary>The server's load progress ($/progress begin and end) as timings.</summary>
    private void MarkProgress(string method, JsonNode? parameters)
    {
        if (method == "$/progress" && parameters?["value"] is { } value && value["kind"]?.GetValue<string>() is "begin" or "end")
        {
            Mark($"progress {value["kind"]}: {value["title"] ?? ""} {value["message"] ?? ""}".TrimEnd());
        }
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
            _client = null;
        }

        Project.Dispose();
    }

    /// <summary>A failure that states the timings so far and the server's side of the story.</summary>
    public EditorTestFailure Failure(string what, Exception? inner = null)
    {
        var text = new StringBuilder(what);
        if (inner is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $": {inner.GetType().Name}: {inner.Message}");
        }

        text.AppendLine().AppendLine("--- timings:");
        foreach (var line in _timings)
        {
            text.AppendLine(line);
        }

        if (_client is not null)
        {
            text.Append(_client.Transcript());
        }

        return new EditorTestFailure(text.ToString(), inner);
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    public async Task Open(string path)
    {
        _versions[path] = 1;
        await Client.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject
            {
                ["uri"] = Uri(path),
                ["languageId"] = "csharp",
                ["version"] = 1,
                ["text"] = File.ReadAllText(path),
            },
        });
    }

    /// <summary>
    /// An unsaved edit: replaces <paramref name="range"/> of the open document with
    /// <paramref name="replacement"/> and tells the server, in the form it asked for (incremental
    /// or whole-document sync), as the editor buffer <paramref name="after"/> now reads. The file
    /// on disk is not touched.
    /// </summary>
    public async Task Edit(string path, LspRange range, string replacement, string after)
    {
        var version = ++_versions[path];
        JsonObject change = ChangeSync() == 2
            ? new JsonObject { ["range"] = range.ToJson(), ["text"] = replacement }
            : new JsonObject { ["text"] = after };
        await Client.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["version"] = version },
            ["contentChanges"] = new JsonArray(change),
        });
    }

    /// <summary>How the server wants edits: 1 the whole document, 2 incremental; registered or static.</summary>
    private int ChangeSync()
    {
        if (Client.Registrations.TryGetValue("textDocument/didChange", out var registered) && registered?["syncKind"] is { } kind)
        {
            return kind.GetValue<int>();
        }

        var sync = _serverCapabilities?["textDocumentSync"];
        return sync is JsonObject options ? options["change"]?.GetValue<int>() ?? 1 : sync?.GetValue<int>() ?? 1;
    }

    /// <summary>
    /// The document's current diagnostics as the server reports them: pulled if it serves
    /// textDocument/diagnostic, else the last ones it pushed.
    /// </summary>
    public async Task<JsonArray> Diagnostics(string path, TimeSpan timeout)
    {
        if (!Pulls)
        {
            return Client.Pushed(Uri(path)) ?? [];
        }

        var report = await Client.Request("textDocument/diagnostic", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path) },
        }, timeout);
        return report?["items"]?.AsArray() ?? [];
    }

    /// <summary>
    /// Polls the document's diagnostics until <paramref name="done"/> holds, for at most
    /// <paramref name="timeout"/>; a server still loading the project may answer with an error or
    /// nothing, which is polled past.
    /// </summary>
    public async Task<JsonArray> WaitFor(string path, string what, Func<JsonArray, bool> done, TimeSpan timeout, string? hint = null)
    {
        timeout = Within(timeout);
        var deadline = Client.Clock + timeout;
        JsonArray last = [];
        var polls = 0;
        Exception? lastError = null;
        while (true)
        {
            var left = deadline - Client.Clock;
            try
            {
                polls++;
                last = await Diagnostics(path, left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
                lastError = null;
            }
            catch (Exception e) when (e is LspErrorException or TimeoutException)
            {
                lastError = e;
            }

            if (lastError is null && done(last))
            {
                Mark($"{what} ({polls} polls)");
                return last;
            }

            if (Client.Clock >= deadline)
            {
                throw Failure($"{what}: not seen within {timeout.TotalSeconds:0} s ({polls} polls, {(Pulls ? "pull" : "push")} diagnostics); "
                    + $"the document's last diagnostics: {LspClient.Json(last)}{(hint is null ? "" : "\n" + hint)}", lastError);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static JsonObject ClientCapabilities() => new()
    {
        ["workspace"] = new JsonObject
        {
            ["configuration"] = true,
            ["workspaceFolders"] = true,
            ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true },
        },
        ["textDocument"] = new JsonObject
        {
            ["synchronization"] = new JsonObject { ["dynamicRegistration"] = true, ["didSave"] = true },
            ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["versionSupport"] = true },
            ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true, ["relatedDocumentSupport"] = false },
        },
        ["window"] = new JsonObject { ["workDoneProgress"] = true },
    };

    private void Environment(ProcessStartInfo start)
    {
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // MSBuild reads environment variables as properties: the server's design-time builds (and
        // the restore) then resolve the generator's output in the configuration this test was
        // built in, which the test project's references guarantee exists.
        start.Environment["Configuration"] = Configuration;
    }

    private void Run(string file, string[] args, string directory, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Environment(start);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new EditorTestFailure($"{file} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0} s\n{stdout.Result}{stderr.Result}");
        }

        if (process.ExitCode != 0)
        {
            throw new EditorTestFailure($"{file} {string.Join(' ', args)} exited with {process.ExitCode}\n{stdout.Result}{stderr.Result}");
        }

        _timings.Enqueue($"{watch.Elapsed.TotalSeconds,7:0.00}s {file} {string.Join(' ', args)} (before the server)");
    }

    private static string Metadata(string key) =>
        typeof(EditorSession).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
