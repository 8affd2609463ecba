using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ShapeSharp.GpuTests;

/// <summary>
/// Runs the CUDA-bearing test assemblies with xunit's own discoverer and executor, where there is no
/// .NET SDK to host dotnet test (the GPU machine). Arguments are filters: a test runs when its display
/// name or its class's full name contains any of them, ignoring case; none runs every test.
/// </summary>
internal static class Program
{
    private static readonly string[] Assemblies = ["ShapeSharp.Runtime.Tests", "ShapeSharp.Definitions.Tests", "ShapeSharp.Samples.Tests"];

    public static int Main(string[] filters)
    {
        var report = new Report();
        var selected = 0;
        // dotnet test gives each assembly a process of its own; here they share one, so they run one
        // after another, and no test meets another assembly's parallel use of torch's process-wide state
        // (its global generator, its thread count: Definitions sets that to 1 for the rest of the run).
        foreach (var name in Assemblies)
        {
            var assembly = Assembly.Load(name);
            using var framework = new XunitTestFramework(new Diagnostics());
            var cases = Discover(framework, assembly).Where(c => Selected(c, filters)).ToList();
            selected += cases.Count;
            if (cases.Count > 0)
            {
                using var executor = framework.GetExecutor(assembly.GetName());
                var finished = new ManualResetEventSlim();
                executor.RunTests(cases, report.Until(finished), new Options());
                finished.Wait();
            }
        }

        Console.WriteLine($"{report.Passed} passed, {report.Failed} failed, {report.Skipped} skipped");
        if (selected == 0)
        {
            Console.Error.WriteLine(filters.Length == 0 ? "No tests found." : $"No test matches {string.Join(" or ", filters.Select(f => $"'{f}'"))}.");
        }

        return report.Failed > 0 || selected == 0 ? 1 : 0;
    }

    private static List<ITestCase> Discover(XunitTestFramework framework, Assembly assembly)
    {
        var cases = new List<ITestCase>();
        var finished = new ManualResetEventSlim();
        using var discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly));
        discoverer.Find(includeSourceInformation: false, new Sink(message =>
        {
            switch (message)
            {
                case ITestCaseDiscoveryMessage found:
                    lock (cases)
                    {
                        cases.Add(found.TestCase);
                    }

                    break;
                case IDiscoveryCompleteMessage:
                    finished.Set();
                    break;
            }
        }), new Options());
        finished.Wait();
        return cases;
    }

    private static bool Selected(ITestCase testCase, string[] filters) =>
        filters.Length == 0 || filters.Any(filter =>
            testCase.DisplayName.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || testCase.TestMethod.TestClass.Class.Name.Contains(filter, StringComparison.OrdinalIgnoreCase));

    /// <summary>Prints each finished test as it ends (several run at once) and counts them.</summary>
    private sealed class Report
    {
        private readonly object _gate = new();

        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        public IMessageSink Until(ManualResetEventSlim finished) => new Sink(message =>
        {
            switch (message)
            {
                case ITestPassed passed:
                    Print(() => Passed++, $"PASS {passed.Test.DisplayName} ({passed.ExecutionTime:0.00} s)");
                    break;
                case ITestSkipped skipped:
                    Print(() => Skipped++, $"SKIP {skipped.Test.DisplayName}: {skipped.Reason}");
                    break;
                case ITestFailed failed:
                    Print(() => Failed++, $"FAIL {failed.Test.DisplayName} ({failed.ExecutionTime:0.00} s)", Details(failed, failed.Output));
                    break;
                // A fixture's, class's or collection's cleanup, or the engine itself, failed outside any
                // one test: dotnet test fails the run for these too.
                case IFailureInformation failure:
                    Print(() => Failed++, $"FAIL {Where(message)}", Details(failure, output: null));
                    break;
                case ITestAssemblyFinished:
                    finished.Set();
                    break;
            }
        });

        private void Print(Action count, string line, string? details = null)
        {
            lock (_gate)
            {
                count();
                Console.WriteLine(line);
                if (!string.IsNullOrEmpty(details))
                {
                    Console.WriteLine(details);
                }
            }
        }

        private static string Where(IMessageSinkMessage message) => message switch
        {
            ITestClassCleanupFailure m => $"[class cleanup] {m.TestClass.Class.Name}",
            ITestCollectionCleanupFailure m => $"[collection cleanup] {m.TestCollection.DisplayName}",
            ITestCaseCleanupFailure m => $"[test case cleanup] {m.TestCase.DisplayName}",
            ITestMethodCleanupFailure m => $"[method cleanup] {m.TestMethod.TestClass.Class.Name}.{m.TestMethod.Method.Name}",
            ITestAssemblyCleanupFailure m => $"[assembly cleanup] {m.TestAssembly.Assembly.Name}",
            _ => $"[{message.GetType().Name}]",
        };

        private static string Details(IFailureInformation failure, string? output)
        {
            var lines = new List<string>();
            for (var i = 0; i < failure.ExceptionTypes.Length; i++)
            {
                // Inner exceptions follow their outer one, as dotnet test prints them.
                var prefix = i == 0 ? "" : "---- ";
                lines.Add($"{prefix}{failure.ExceptionTypes[i]} : {failure.Messages[i]}");
                if (!string.IsNullOrEmpty(failure.StackTraces[i]))
                {
                    lines.Add(failure.StackTraces[i]!);
                }
            }

            if (!string.IsNullOrWhiteSpace(output))
            {
                lines.Add("Output:");
                lines.Add(output.TrimEnd());
            }

            return string.Join('\n', lines.SelectMany(text => text.Split('\n')).Select(line => "    " + line.TrimEnd('\r')));
        }
    }

    // Meant to cross app domains on .NET Framework; here a plain base class, but xunit's analyzer asks for it.
    private sealed class Sink(Action<IMessageSinkMessage> handle) : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message)
        {
            handle(message);
            return true;
        }
    }

    /// <summary>The engine's own warnings (an attribute it could not use, a bad data source).</summary>
    private sealed class Diagnostics : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                Console.Error.WriteLine("xunit: " + diagnostic.Message);
            }

            return true;
        }
    }

    /// <summary>
    /// No options set: each falls back to the test assembly's own attributes and xunit's defaults, as
    /// under dotnet test with no xunit.runner.json (which none of these projects has).
    /// </summary>
    private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = [];

        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) ? (TValue)value! : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
