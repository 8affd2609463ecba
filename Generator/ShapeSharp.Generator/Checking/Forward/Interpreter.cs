using System.Collections.Generic;
using System.Linq;
using ShapeSharp.Generator.Diagnostics;
using ShapeSharp.Generator.Model;
using ShapeSharp.Generator.Shapes;

namespace ShapeSharp.Generator.Checking.Forward;

/// <summary>Runs a block on the values it is called with; implemented by the checker, which owns the block plans.</summary>
internal interface IBlockHost
{
    bool IsBlock(string method);

    Value Call(string method, IReadOnlyList<Value> arguments, LocationInfo at);
}

/// <summary>
/// Abstract interpretation of a hand-written forward over symbolic shapes. Gradual: what it does
/// not model is unknown, and unknown never produces a diagnostic; only provable contradictions do
/// (SS0020, at the invocation). Loops run their body once and widen what it changed.
/// </summary>
internal sealed class Interpreter
{
    private const int MaxDepth = 8;
    private readonly IReadOnlyList<MethodCode> _helpers;
    private readonly IBlockHost _blocks;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly IReadOnlyDictionary<string, Value> _fields;
    private readonly HashSet<LocationInfo> _reported = new();
    private int _depth;

    /// <param name="fields">The model's fields whose value is known (a readonly tensor of known shape); other fields are unknown.</param>
    public Interpreter(IReadOnlyList<MethodCode> helpers, IBlockHost blocks, List<DiagnosticInfo> diagnostics, IReadOnlyDictionary<string, Value>? fields = null)
    {
        _helpers = helpers;
        _blocks = blocks;
        _diagnostics = diagnostics;
        _fields = fields ?? new Dictionary<string, Value>();
    }

    public Value Run(MethodCode method, IReadOnlyList<Value> arguments)
    {
        var frame = new Frame();
        for (var i = 0; i < method.Parameters.Count; i++)
        {
            frame.Locals[method.Parameters[i]] = i < arguments.Count ? arguments[i] : Value.Unknown;
        }

        Execute(method.Body, frame);
        return frame.Returned ?? Value.Unknown;
    }

    /// <summary>SS0020 at the op; once per location (a loop body is seen twice).</summary>
    public void Fail(LocationInfo at, string op, string detail)
    {
        if (_reported.Add(at))
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompatibleOp, at, op, detail));
        }
    }

    private sealed class Frame
    {
        public Dictionary<string, Value> Locals { get; private set; } = new();

        public Value? Returned { get; set; }

        public bool Done { get; set; }

        public Dictionary<string, Value> Snapshot() => new(Locals);

        public void Restore(Dictionary<string, Value> locals) => Locals = locals;

        public void AddReturn(Value value) => Returned = Returned is null ? value : Value.Join(Returned, value);
    }

    private void Execute(Stmt statement, Frame frame)
    {
        if (frame.Done)
        {
            return;
        }

        switch (statement)
        {
            case BlockStmt block:
                foreach (var inner in block.Statements)
                {
                    Execute(inner, frame);
                }

                break;
            case AssignStmt assign:
                Assign(assign, frame);
                break;
            case ExprStmt expression:
                Evaluate(expression.Value, frame);
                break;
            case ReturnStmt ret:
                frame.AddReturn(ret.Value is null ? Value.Unknown : Evaluate(ret.Value, frame));
                frame.Done = true;
                break;
            case BranchStmt branch:
                ExecuteBranches(branch, frame);
                break;
            case LoopStmt loop:
                ExecuteLoop(loop, frame);
                break;
            case OpaqueStmt opaque:
                foreach (var name in opaque.Assigned)
                {
                    frame.Locals[name] = Value.Unknown;
                }

                break;
        }
    }

    private void Assign(AssignStmt assign, Frame frame)
    {
        var value = Evaluate(assign.Value, frame);
        if (assign.Operator != "=" && assign.Targets.Count == 1)
        {
            var current = frame.Locals.TryGetValue(assign.Targets[0], out var existing) ? existing : Value.Unknown;
            var op = assign.Operator.Substring(0, assign.Operator.Length - 1);
            value = Ops.Binary(this, op, current, value, assign.Value.Location);
        }

        if (assign.Targets.Count == 1)
        {
            frame.Locals[assign.Targets[0]] = value;
            return;
        }

        for (var i = 0; i < assign.Targets.Count; i++)
        {
            if (assign.Targets[i].Length > 0 && assign.Targets[i] != "_")
            {
                frame.Locals[assign.Targets[i]] = value is TupleValue tuple && i < tuple.Items.Count ? tuple.Items[i] : Value.Unknown;
            }
        }
    }

    private void ExecuteBranches(BranchStmt branch, Frame frame)
    {
        var before = frame.Snapshot();
        Dictionary<string, Value>? joined = null;
        var allReturned = true;
        foreach (var body in branch.Branches)
        {
            frame.Restore(new Dictionary<string, Value>(before));
            frame.Done = false;
            Execute(body, frame);
            allReturned &= frame.Done;
            if (!frame.Done)
            {
                joined = joined is null ? frame.Snapshot() : JoinLocals(joined, frame.Locals);
            }
        }

        frame.Restore(joined ?? before);
        frame.Done = allReturned;
    }

    private void ExecuteLoop(LoopStmt loop, Frame frame)
    {
        var element = Value.Unknown;
        if (loop.Collection is not null)
        {
            var collection = Evaluate(loop.Collection, frame);
            if (collection is TupleValue tuple && tuple.Items.Count > 0)
            {
                element = tuple.Items.Aggregate(Value.Join);
            }
        }

        var before = frame.Snapshot();
        if (loop.Variable is not null)
        {
            frame.Locals[loop.Variable] = element;
        }

        Execute(loop.Body, frame);

        // The body may run zero or many times: keep only what holds either way.
        frame.Restore(JoinLocals(before, frame.Locals));
        frame.Done = false;
    }

    private static Dictionary<string, Value> JoinLocals(Dictionary<string, Value> a, Dictionary<string, Value> b)
    {
        var result = new Dictionary<string, Value>();
        foreach (var pair in a)
        {
            result[pair.Key] = b.TryGetValue(pair.Key, out var other) ? Value.Join(pair.Value, other) : pair.Value;
        }

        foreach (var pair in b)
        {
            if (!result.ContainsKey(pair.Key))
            {
                result[pair.Key] = pair.Value;
            }
        }

        return result;
    }

    private Value Evaluate(Expr expression, Frame frame) => EvaluateIn(expression, frame.Locals);

    private Value EvaluateIn(Expr expression, Dictionary<string, Value> locals)
    {
        switch (expression)
        {
            case LiteralExpr literal:
                return literal.Value.Kind switch
                {
                    ArgKind.Integer => new IntValue(Dim.Of(literal.Value.Integer)),
                    ArgKind.Text => new TextValue(literal.Value.Text ?? string.Empty),
                    ArgKind.Boolean => literal.Value.Boolean ? BoolValue.True : BoolValue.False,
                    ArgKind.Real => new ScalarValue(literal.Value.Real),
                    _ => ScalarValue.Instance,
                };
            case NameExpr name:
                return locals.TryGetValue(name.Name, out var value) ? value : Value.Unknown;
            case FieldExpr field:
                return _fields.TryGetValue(field.Name, out var held) ? held : Value.Unknown;
            case TupleExpr tuple:
                return new TupleValue(tuple.Items.Select(i => EvaluateIn(i, locals)).ToList());
            case ConditionalExpr conditional:
                return Value.Join(EvaluateIn(conditional.WhenTrue, locals), EvaluateIn(conditional.WhenFalse, locals));
            case BinaryExpr binary:
                return Ops.Binary(this, binary.Operator, EvaluateIn(binary.Left, locals), EvaluateIn(binary.Right, locals), binary.Location);
            case UnaryExpr unary:
                var operand = EvaluateIn(unary.Operand, locals);
                return unary.Operator switch
                {
                    "-" when operand is IntValue i => new IntValue(Dim.Of(0) - i.Dim),
                    "-" when operand is TensorValue => operand,
                    "^" => new IndexValue(IndexKind.FromEnd, operand, null),
                    _ => Value.Unknown,
                };
            case RangeExpr range:
                return new IndexValue(IndexKind.Slice, range.Start is null ? null : EvaluateIn(range.Start, locals), range.End is null ? null : EvaluateIn(range.End, locals));
            case IndexExpr index:
                return Ops.Index(this, EvaluateIn(index.Target, locals), index.Indices.Select(i => EvaluateIn(i, locals)).ToList(), index.Location);
            case CallExpr call:
                return Call(call, locals);
            default:
                return Value.Unknown;
        }
    }

    private Value Call(CallExpr call, Dictionary<string, Value> locals)
    {
        var receiver = call.Receiver is null ? null : EvaluateIn(call.Receiver, locals);
        var arguments = new Arguments(call.Args.Select(a => (a.Name, EvaluateIn(a.Value, locals))).ToList());
        switch (call.Kind)
        {
            case CallKind.Tensor when receiver is TensorValue tensor:
                var result = OpCatalog.Method(this, call.Name, tensor, arguments, call.Location);
                if (call.Name.EndsWith("_", System.StringComparison.Ordinal) && call.Receiver is NameExpr changed && locals.ContainsKey(changed.Name))
                {
                    // An in-place op returns the tensor it changed: y.unsqueeze_(0) leaves y [1, ...].
                    locals[changed.Name] = result;
                }

                return result;
            case CallKind.Torch:
                return OpCatalog.Static(this, call.Name, arguments, call.Location);
            case CallKind.Own when _blocks.IsBlock(call.Name):
                return _blocks.Call(call.Name, arguments.Positional, call.Location);
            case CallKind.Own:
                return CallHelper(call.Name, arguments);
            case CallKind.List when call.Name == "new":
                return new ListValue(null);
            case CallKind.List when call.Receiver is NameExpr list && locals.TryGetValue(list.Name, out var held) && held is ListValue gathered:
                locals[list.Name] = gathered.Add(arguments.Positional.Count > 0 ? arguments.Positional[0] : Value.Unknown);
                return Value.Unknown;
            default:
                return Value.Unknown;
        }
    }

    private Value CallHelper(string name, Arguments arguments)
    {
        var helper = _helpers.FirstOrDefault(h => h.Name == name && h.Parameters.Count == arguments.Count)
            ?? _helpers.FirstOrDefault(h => h.Name == name);
        if (helper is null || _depth >= MaxDepth)
        {
            return Value.Unknown;
        }

        var bound = helper.Parameters.Select((p, i) => arguments.Get(p, i) ?? Value.Unknown).ToList();
        _depth++;
        try
        {
            return Run(helper, bound);
        }
        finally
        {
            _depth--;
        }
    }
}
