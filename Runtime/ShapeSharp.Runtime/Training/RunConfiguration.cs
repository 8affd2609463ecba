using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using ShapeSharp.Data;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// How a run was set up, saved in its checkpoints so a resume can be checked against it: the
/// numbers that decide which batches come and which learning rate each step gets.
/// </summary>
public sealed record RunConfiguration
{
    /// <summary>Samples in the first training batch (0: not known).</summary>
    public int BatchSize { get; init; }

    /// <summary>Optimizer steps per epoch (batches / accumulation, rounded up).</summary>
    public int StepsPerEpoch { get; init; }

    /// <summary>Batches whose gradients make one optimizer step.</summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>The epoch the run ends at.</summary>
    public int Epochs { get; init; }

    /// <summary>
    /// The learning-rate schedule and its settings; "over N steps" is added when its rates depend
    /// on the run's length, so a different length shows up here and a constant rate does not.
    /// </summary>
    public string Schedule { get; init; } = "";

    /// <summary>The optimizer type and its hyper-parameters (initial rates, not the scheduled ones).</summary>
    public string Optimizer { get; init; } = "";

    /// <summary>What the training data looked like; null when not recorded.</summary>
    public DataFingerprint? Data { get; init; }

    /// <summary>
    /// The compute type of a model with [MixedPrecision] ("float32" with its casts off), null for
    /// other models and for checkpoints written before it was recorded.
    /// </summary>
    public string? Precision { get; init; }

    /// <summary>What <see cref="Precision"/> records for <paramref name="model"/>.</summary>
    public static string? DescribePrecision(torch.nn.Module model) =>
        model is IMixedPrecision mixed ? (mixed.ComputeType?.ToString() ?? "Float32").ToLowerInvariant() : null;

    /// <summary>The configuration of a run on <paramref name="train"/>, as <see cref="Trainer"/> sets it up.</summary>
    public static RunConfiguration Create(
        IBatchSource train, int epochs, int accumulationSteps, torch.optim.Optimizer optimizer, ScheduleAttribute schedule)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(accumulationSteps, 1);
        var steps = (train.BatchCount + accumulationSteps - 1) / accumulationSteps;
        var data = DataFingerprint.Of(train);
        return new RunConfiguration
        {
            BatchSize = data.FirstBatchSize,
            StepsPerEpoch = steps,
            AccumulationSteps = accumulationSteps,
            Epochs = epochs,
            Schedule = DescribeSchedule(schedule, (long)epochs * steps),
            Optimizer = DescribeOptimizer(optimizer),
            Data = data,
        };
    }

    /// <summary>
    /// What differs between this (a checkpoint's) configuration and <paramref name="current"/>, one
    /// line each, for the settings that change which batches come or which rate a step gets.
    /// The number of epochs alone is not one: a constant rate does not depend on it.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(RunConfiguration current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var differences = new List<string>();
        void Compare<T>(string what, T saved, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, now))
            {
                differences.Add($"{what}: {saved} in the checkpoint, {now} now");
            }
        }

        Compare("batch size", BatchSize, current.BatchSize);
        Compare("optimizer steps per epoch", StepsPerEpoch, current.StepsPerEpoch);
        Compare("gradient accumulation steps", AccumulationSteps, current.AccumulationSteps);
        if (Schedule != current.Schedule)
        {
            var length = Epochs != current.Epochs ? $" (the run was {Epochs} epochs, it is now {current.Epochs})" : "";
            differences.Add($"learning-rate schedule: '{Schedule}' in the checkpoint, '{current.Schedule}' now{length}");
        }

        Compare("optimizer", $"'{Optimizer}'", $"'{current.Optimizer}'");
        if (Precision is not null && current.Precision is not null)
        {
            Compare("precision", Precision, current.Precision);
        }

        if (Data is not null && current.Data is not null)
        {
            Compare("training samples", Data.Samples, current.Data.Samples);
            Compare("training batches per epoch", Data.Batches, current.Data.Batches);
            if (Data.Samples == current.Data.Samples && Data.FirstBatchHash != current.Data.FirstBatchHash)
            {
                differences.Add("training data: the first batch differs (other data, order or shuffle seed)");
            }
        }

        return differences;
    }

    /// <summary>The schedule's type and settings, with the run's length when its rates depend on it.</summary>
    public static string DescribeSchedule(ScheduleAttribute schedule, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var text = new StringBuilder(Describe(schedule, schedule.GetType().Name.Replace("Attribute", "", StringComparison.Ordinal)));
        if (DependsOnLength(schedule, totalSteps))
        {
            text.Append(" over ").Append(totalSteps).Append(" steps");
        }

        return text.ToString();
    }

    /// <summary>The optimizer's type and each parameter group's hyper-parameters (reflected from TorchSharp's options).</summary>
    public static string DescribeOptimizer(torch.optim.Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        // Settings kept on the optimizer itself (the fused optimizers' betas, eps...) and not in
        // TorchSharp's base classes, whose public members are handles and state, not settings.
        var own = Describe(optimizer, "", m => m.DeclaringType?.Assembly != typeof(torch.optim.Optimizer).Assembly);
        var groups = optimizer.ParamGroups
            .Select(g => Options(g) is object options ? Describe(options, "") : "")
            .Distinct();
        return $"{optimizer.GetType().Name}({string.Join("; ", new[] { own }.Concat(groups).Where(d => d.Length > 0))})";
    }

    /// <summary>A TorchSharp group's options; derived groups re-declare the property, so it is found by name.</summary>
    private static object? Options(object group) =>
        group.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.Name == "Options")?.GetValue(group);

    /// <summary>
    /// Probes the schedule rather than trusting its type: a user's own schedule is described right
    /// too. Rates that move when the run is longer depend on its length.
    /// </summary>
    private static bool DependsOnLength(ScheduleAttribute schedule, long totalSteps)
    {
        var longer = totalSteps * 2 + 7;
        foreach (var step in new[] { 0, 1, totalSteps / 4, totalSteps / 2, totalSteps * 3 / 4, Math.Max(0, totalSteps - 1) })
        {
            if (schedule.Factor(step, totalSteps) != schedule.Factor(step, longer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Public numeric, boolean and tuple properties and fields (TorchSharp's options keep most
    /// hyper-parameters in fields) as name=value, sorted; the current (scheduled) rate is left out.
    /// </summary>
    private static string Describe(object settings, string prefix, Func<MemberInfo, bool>? include = null)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        include ??= _ => true;
        var type = settings.GetType();
        var properties = type.GetProperties(flags)
            .Where(p => p.GetIndexParameters().Length == 0 && IsSetting(p.PropertyType) && include(p))
            .Select(p => (p.Name, Value: p.GetValue(settings)));
        var fields = type.GetFields(flags).Where(f => IsSetting(f.FieldType) && include(f)).Select(f => (f.Name, Value: f.GetValue(settings)));
        var values = properties.Concat(fields)
            .Where(v => v.Name is not ("LearningRate" or "TypeId" or "StepCount" or "Step"))  // state, not settings
            .DistinctBy(v => v.Name)
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => $"{v.Name}={Format(v.Value)}");
        var inner = string.Join(", ", values);
        return prefix.Length == 0 ? inner : $"{prefix}({inner})";
    }

    private static bool IsSetting(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return (t.IsPrimitive && t != typeof(IntPtr) && t != typeof(UIntPtr)) || t.IsEnum || t == typeof(decimal) || t == typeof(string) ||
            (t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal));
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
