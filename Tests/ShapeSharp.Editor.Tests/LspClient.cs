using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ShapeSharp.Editor.Tests;

/// <summary>An error response from the server.</summary>
internal sealed class LspErrorException(string method, int code, string message)
    : Exception($"{method}: LSP error {code}: {message}")
{
    public int Code { get; } = code;
}

/// <summary>
/// The client half of an LSP session with a server process over stdio: JSON-RPC 2.0 messages
/// framed by a Content-Length header. It answers what the server asks of an editor
/// (workspace/configuration from <c>settings</c>, capability registrations, progress tokens),
/// keeps the latest pushed diagnostics per document, and records the last messages and the
/// server's stderr so that a failure can show what the server was doing.
/// </summary>
internal sealed class LspClient : IAsyncDisposable
{
    private const int TranscriptLength = 30;
    private const int TranscriptMessageChars = 1500;
    private const int StderrLines = 200;

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly JsonObject _settings;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, (string Method, TaskCompletionSource<JsonNode?> Reply)> _pending = new();
    private readonly ConcurrentDictionary<string, JsonArray> _pushed = new();
    private readonly ConcurrentQueue<string> _transcript = new();
    private readonly ConcurrentQueue<string> _fromServer = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly ConcurrentDictionary<string, JsonNode?> _registrations = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _reader;
    private int _nextId;

    private LspClient(Process process, JsonObject settings)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        // Headers are read a byte at a time; the buffer keeps that from being a read call each.
        _stdout = new BufferedStream(process.StandardOutput.BaseStream);
        _settings = settings;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            _stderr.Enqueue($"[{Elapsed}] {e.Data}");
            while (_stderr.Count > StderrLines && _stderr.TryDequeue(out var dropped))
            {
            }
        };
        process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoop);
    }

    /// <summary>Seconds since the server process was started, for logs and timings.</summary>
    public string Elapsed => _clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    public TimeSpan Clock => _clock.Elapsed;

    /// <summary>Methods the server registered dynamically (client/registerCapability), with their options.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Registrations => _registrations;

    /// <summary>Raised for every notification from the server (method, params), on the reader thread.</summary>
    public event Action<string, JsonNode?>? Notification;

    public static LspClient Start(ProcessStartInfo start, JsonObject settings)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        return new LspClient(process, settings);
    }

    public async Task<JsonNode?> Request(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, reply);
        await Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        try
        {
            return await reply.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // The server may still be busy with it; tell it to stop rather than leave it queued.
            _pending.TryRemove(id, out _);
            await Notify("$/cancelRequest", new JsonObject { ["id"] = id });
            throw new TimeoutException($"{method} (id {id}) got no reply in {timeout.TotalSeconds:0} s");
        }
    }

    public Task Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The diagnostics last pushed for a document (publishDiagnostics), or null if none were.</summary>
    public JsonArray? Pushed(string uri) => _pushed.TryGetValue(uri, out var items) ? items : null;

    /// <summary>Ask the server to shut down; kill it (and the dotnet host above it) if it does not go in time.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await Request("shutdown", null, TimeSpan.FromSeconds(5));
                await Notify("exit", null);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or LspErrorException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            Kill();
            _process.Dispose();
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The server's last stderr lines and the last messages both ways, for a failure message.</summary>
    public string Transcript()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"--- server process: {(_process.HasExited ? $"exited with {_process.ExitCode}" : "running")} at {Elapsed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"--- dynamic registrations: {string.Join(", ", _registrations.Keys)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"--- last {StderrLines} stderr lines of the server:");
        foreach (var line in _stderr)
        {
            text.AppendLine(line);
        }

        // Polling fills the first list quickly; the server's own notifications and requests (load
        // progress, log messages, registrations) are kept apart so they survive it.
        text.AppendLine(CultureInfo.InvariantCulture, $"--- last {TranscriptLength} notifications and requests from the server:");
        foreach (var message in _fromServer)
        {
            text.AppendLine(message);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"--- last {TranscriptLength} LSP messages (<- from the server, -> to it):");
        foreach (var message in _transcript)
        {
            text.AppendLine(message);
        }

        return text.ToString();
    }

    private void Record(string direction, JsonNode message)
    {
        var json = message.ToJsonString();
        if (json.Length > TranscriptMessageChars)
        {
            json = json[..TranscriptMessageChars] + $"... ({json.Length} chars)";
        }

        var line = $"[{Elapsed}] {direction} {json}";
        Keep(_transcript, line);
        if (direction == "<-" && message["method"] is not null)
        {
            Keep(_fromServer, line);
        }
    }

    private static void Keep(ConcurrentQueue<string> queue, string line)
    {
        queue.Enqueue(line);
        while (queue.Count > TranscriptLength && queue.TryDequeue(out _))
        {
        }
    }

    private async Task Send(JsonObject message)
    {
        Record("->", message);
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _stdin.WriteAsync(header);
            await _stdin.WriteAsync(body);
            await _stdin.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoop()
    {
        Exception? failure = null;
        try
        {
            while (await ReadMessage() is { } message)
            {
                Record("<-", message);
                await Dispatch(message);
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        var reason = failure is null ? "the server closed its output" : $"reading from the server failed: {failure.Message}";
        foreach (var (id, pending) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                pending.Reply.TrySetException(new IOException($"{pending.Method} (id {id}): {reason}"));
            }
        }
    }

    private async Task<JsonNode?> ReadMessage()
    {
        var length = -1;
        while (true)
        {
            var line = await ReadHeaderLine();
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new InvalidDataException("a message without Content-Length");
        }

        var body = new byte[length];
        await _stdout.ReadExactlyAsync(body);
        return JsonNode.Parse(body);
    }

    private async Task<string?> ReadHeaderLine()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stdout.ReadAsync(one) == 0)
            {
                return bytes.Count == 0 ? null : throw new EndOfStreamException("the server's output ended inside a header");
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private async Task Dispatch(JsonNode message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is null)
        {
            var replyId = id?.GetValue<int>() ?? -1;
            if (_pending.TryRemove(replyId, out var pending))
            {
                if (message["error"] is { } error)
                {
                    pending.Reply.TrySetException(new LspErrorException(
                        pending.Method, error["code"]?.GetValue<int>() ?? 0, error["message"]?.GetValue<string>() ?? ""));
                }
                else
                {
                    pending.Reply.TrySetResult(message["result"]?.DeepClone());
                }
            }

            return;
        }

        if (id is not null)
        {
            await Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = Answer(method, message["params"]) });
            return;
        }

        if (method == "textDocument/publishDiagnostics" && message["params"] is { } published)
        {
            _pushed[published["uri"]!.GetValue<string>()] = published["diagnostics"]?.AsArray().DeepClone().AsArray() ?? [];
        }

        Notification?.Invoke(method, message["params"]);
    }

    /// <summary>What an editor answers to a request from the server.</summary>
    private JsonNode? Answer(string method, JsonNode? parameters)
    {
        switch (method)
        {
            case "workspace/configuration":
                var answers = new JsonArray();
                foreach (var item in parameters?["items"]?.AsArray() ?? [])
                {
                    answers.Add(Setting(item?["section"]?.GetValue<string>())?.DeepClone());
                }

                return answers;
            case "client/registerCapability":
                foreach (var registration in parameters?["registrations"]?.AsArray() ?? [])
                {
                    _registrations[registration?["method"]?.GetValue<string>() ?? "?"] = registration?["registerOptions"]?.DeepClone();
                }

                return null;
            default:
                // window/workDoneProgress/create, workspace/diagnostic/refresh, ...: acknowledged.
                return null;
        }
    }

    /// <summary>A dotted section ("csharp", "csharp.analyzersEnabled") of the settings; the whole tree for none.</summary>
    private JsonNode? Setting(string? section)
    {
        JsonNode? node = _settings;
        foreach (var part in (section ?? "").Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject parent && parent.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>Serialised form of a JSON value, for messages.</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";
}
