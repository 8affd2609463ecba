using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// Follows the monitored value epoch by epoch: remembers the best (and, when asked, a copy of
/// the weights at the best), and says when patience has run out.
/// </summary>
internal sealed class EarlyStoppingTracker : IDisposable
{
    private readonly EarlyStoppingAttribute _rule;
    private Dictionary<string, torch.Tensor>? _bestWeights;
    private int _wait;

    public EarlyStoppingTracker(EarlyStoppingAttribute rule)
    {
        if (rule.Patience < 0 || rule.MinDelta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), "EarlyStopping: Patience and MinDelta must be >= 0.");
        }

        _rule = rule;
    }

    public double Best { get; private set; } = double.NaN;

    public int BestEpoch { get; private set; }

    /// <summary>
    /// Records one epoch; true when training should stop. Without a model (replaying a resumed
    /// run's history) no weights are kept: only the epochs trained in this process can be restored.
    /// </summary>
    public bool Update(int epoch, IReadOnlyDictionary<string, double> values, torch.nn.Module? model)
    {
        if (!values.TryGetValue(_rule.Monitor, out var value))
        {
            throw new InvalidOperationException(
                $"EarlyStopping monitors '{_rule.Monitor}', which the history does not have (it has {string.Join(", ", values.Keys)}). " +
                "Pass validation data for val_* values, or set Monitor.");
        }

        var sign = _rule.HigherIsBetter ? 1 : -1;
        if (double.IsNaN(Best) || sign * (value - Best) > _rule.MinDelta)
        {
            Best = value;
            BestEpoch = epoch;
            _wait = 0;
            if (_rule.RestoreBestWeights && model is not null)
            {
                Snapshot(model);
            }
            else
            {
                Release();
            }

            return false;
        }

        _wait++;
        return _wait >= _rule.Patience;
    }

    /// <summary>Puts the best epoch's weights back; false when the current ones are the best.</summary>
    public bool RestoreBest(torch.nn.Module model, int lastEpoch)
    {
        if (!_rule.RestoreBestWeights || _bestWeights is null || BestEpoch == lastEpoch)
        {
            return false;
        }

        using (torch.no_grad())
        {
            var current = model.state_dict();
            foreach (var (key, saved) in _bestWeights)
            {
                current[key].copy_(saved);
            }
        }

        return true;
    }

    public void Dispose() => Release();

    private void Snapshot(torch.nn.Module model)
    {
        Release();
        _bestWeights = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    private void Release()
    {
        if (_bestWeights is null)
        {
            return;
        }

        foreach (var tensor in _bestWeights.Values)
        {
            tensor.Dispose();
        }

        _bestWeights = null;
    }
}
