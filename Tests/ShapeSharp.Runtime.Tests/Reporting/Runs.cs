using System.Collections.Generic;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Reporting;

/// <summary>Small made-up histories and epoch values for reporting tests.</summary>
internal static class Runs
{
    public static EpochInfo Epoch(int epoch, double loss, double? valLoss = null, double? accuracy = null, double? valAccuracy = null, double? lr = null)
    {
        var values = new Dictionary<string, double> { ["loss"] = loss };
        if (accuracy is { } a) values["accuracy"] = a;
        if (valLoss is { } vl) values["val_loss"] = vl;
        if (valAccuracy is { } va) values["val_accuracy"] = va;
        if (lr is { } l) values["lr"] = l;
        return new EpochInfo(epoch, values);
    }

    public static History Sample(int epochs = 5)
    {
        var history = new History();
        for (int e = 1; e <= epochs; e++)
            history.Add(Epoch(e, 1.0 / e, 1.1 / e + 0.05, 1 - 0.5 / e, 1 - 0.6 / e, 1e-3 * e));
        return history;
    }
}
