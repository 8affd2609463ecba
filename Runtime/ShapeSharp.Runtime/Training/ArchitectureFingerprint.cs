using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;

namespace ShapeSharp.Training;

/// <summary>
/// A model's architecture as a hash: its type name and every state-dict entry's name, dtype and
/// shape, in order. Computed at run time from the module, so hand-written models and models built
/// lazily on their first batch get one too (see docs/decisions.md).
/// </summary>
public static class ArchitectureFingerprint
{
    /// <summary>Hex SHA-256 of <paramref name="model"/>'s type name and state-dict layout.</summary>
    public static string Of(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(model.GetType().FullName ?? model.GetType().Name,
            model.state_dict().Select(p => (p.Key, p.Value.dtype, p.Value.shape)));
    }

    internal static string Of(string modelType, IEnumerable<(string Key, torch.ScalarType Type, long[] Shape)> entries)
    {
        var text = new StringBuilder(modelType).Append('\n');
        foreach (var (key, type, shape) in entries)
        {
            text.Append(key).Append(' ').Append(type).Append(" [").AppendJoin(", ", shape).Append("]\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
