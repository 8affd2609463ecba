using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using ShapeSharp.Data;
using ShapeSharp.Training;

namespace ShapeSharp.Samples;

/// <summary>
/// The samples' one top-level handler: parses the command line (errors: one line each on stderr,
/// exit 2; --help on stdout, exit 0), turns Ctrl-C and SIGTERM into a cancellation token (a
/// second Ctrl-C ends the process at once), and turns every exception into one line on stderr
/// with an exit code from <see cref="ExitCodes"/>; --verbose adds the stack trace.
/// </summary>
internal static class SampleCommand
{
    public static int Run(RootCommand command, Option<bool> verbose, string[] args, Func<ParseResult, CancellationToken, int> body)
    {
        var name = command.Name;
        using var stop = new CancellationTokenSource();
        command.SetAction(result => body(result, stop.Token));
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"{name}: {error.Message}");
            }

            Console.Error.WriteLine($"Try '{name} --help'.");
            return ExitCodes.Usage;
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));
        try
        {
            // System.CommandLine's own signal handling and exception handler are off: ours are above and below.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e)
        {
            var (code, kind) = Classify(e);
            Console.Error.WriteLine($"{name}: {kind}{OneLine(e.Message)}");
            if (parse.GetValue(verbose))
            {
                Console.Error.WriteLine(e);
            }
            else if (code == ExitCodes.Internal)
            {
                Console.Error.WriteLine($"{name}: run with --verbose for the stack trace.");
            }

            return code;
        }
    }

    /// <summary>The first Ctrl-C asks training to stop after the current step; the second one is not intercepted.</summary>
    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping after the current step and writing a checkpoint (again to quit at once).");
        stop.Cancel();
    }

    private static (int Code, string Kind) Classify(Exception e) => e switch
    {
        SampleException or DataFormatException or CheckpointException or ShapeMismatchException or NonFiniteLossException
            or IOException or UnauthorizedAccessException => (ExitCodes.Failed, "error: "),
        OutOfMemoryException => (ExitCodes.Failed, "error: out of memory: "),
        _ => (ExitCodes.Internal, $"internal error ({e.GetType().Name}): "),
    };

    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
}
