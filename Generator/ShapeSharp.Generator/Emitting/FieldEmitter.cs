using System.Linq;
using ShapeSharp.Generator.Checking;
using ShapeSharp.Generator.Model;

namespace ShapeSharp.Generator.Emitting;

/// <summary>
/// The user's fields in the generated code: the [Learned] tensors the constructor creates, and the
/// registration of every module, parameter and tensor field under its own name, as TorchSharp's
/// reflective RegisterComponents would do it (the generated one replaces it).
/// </summary>
internal static class FieldEmitter
{
    private const string Parameter = "global::TorchSharp.Modules.Parameter";

    /// <summary>Constructor lines: each learned tensor, before RegisterComponents registers it.</summary>
    public static void WriteCreations(SourceWriter writer, CheckedModel model)
    {
        foreach (var field in model.Fields.Where(f => f.Creation is not null))
        {
            writer.Line($"    {field.Field} = {field.Creation};  // {field.Shape}");
        }
    }

    /// <summary>
    /// Inside RegisterComponents, after the layers. A field still null then is skipped, as TorchSharp
    /// skips it; a Tensor field is a parameter or a buffer by what it holds.
    /// </summary>
    public static void WriteRegistrations(SourceWriter writer, CheckedModel model)
    {
        foreach (var field in model.Fields)
        {
            var name = "\"" + field.StateName + "\"";
            if (field.Creation is not null)
            {
                writer.Line($"register_parameter({name}, {field.Field});");
                continue;
            }

            writer.Line();
            switch (field.Kind)
            {
                case FieldKind.Module:
                    writer.Open($"if ({field.Field} is not null)");
                    writer.Line($"register_module({name}, {field.Field});");
                    writer.Close();
                    break;
                case FieldKind.Parameter:
                    writer.Open($"if ({field.Field} is not null)");
                    writer.Line($"register_parameter({name}, {field.Field});");
                    writer.Close();
                    break;
                default:
                    writer.Open($"switch ({field.Field})");
                    writer.Line($"case {Parameter} registered:");
                    writer.Line($"    register_parameter({name}, registered);");
                    writer.Line("    break;");
                    writer.Line("case not null:");
                    writer.Line($"    register_buffer({name}, {field.Field});");
                    writer.Line("    break;");
                    writer.Close();
                    break;
            }
        }
    }

    /// <summary>What RegisterComponents' summary adds when the class has fields to register.</summary>
    public static string RegistrationNote(CheckedModel model) =>
        model.Fields.IsEmpty ? string.Empty : ", then the class's own modules, parameters and tensors under their field names";

    /// <summary>The summary's rows for the fields (the shape column holds the tensor's own shape).</summary>
    public static System.Collections.Generic.IEnumerable<(string Name, string Kind, string Shape, long? Constant, string Text)> SummaryRows(CheckedModel model) =>
        model.Fields.Select(f => (f.StateName, f.SummaryKind, f.Shape, f.ParametersConstant, f.ParametersText));

    /// <summary>
    /// The fallback constructor throws, but a learned field is still assigned and read there, as the
    /// real code does: otherwise the compiler would add CS0649 or CS0414 to the SS errors.
    /// </summary>
    public static string FallbackAssignments(ModelSpec spec) =>
        string.Concat(spec.Fields.Where(f => f.Learned is not null && !f.IsStatic).Select(f => SymbolTable.Escape(f.Name))
            .Select(name => $"{name} = default!; _ = {name}; "));
}
