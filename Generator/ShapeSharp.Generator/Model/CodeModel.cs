namespace ShapeSharp.Generator.Model;

// The hand-written forward (and the class's helper methods) as equatable values: what the
// abstract interpreter needs and nothing else. Calls are resolved by the binder when parsed, so
// the interpreter never sees a symbol and an unrelated edit leaves these records equal.

/// <summary>Who a call goes to, as the binder resolved it.</summary>
internal enum CallKind
{
    /// <summary>An instance method or property of torch.Tensor (x.view, x.shape).</summary>
    Tensor,

    /// <summary>A static member of TorchSharp (torch.cat, functional.softmax, TensorIndex.Slice).</summary>
    Torch,

    /// <summary>A method of the model class itself: a block or a helper to interpret inline.</summary>
    Own,

    /// <summary>forward/call on a module held in a field or local.</summary>
    Module,

    /// <summary>new List&lt;Tensor&gt;() ("new") and Add on a local one ("Add"): steps gathered for cat/stack.</summary>
    List,

    /// <summary>Anything else: its result is unknown.</summary>
    Other,
}

internal abstract record Expr(LocationInfo Location);

/// <summary>A local or parameter.</summary>
internal sealed record NameExpr(string Name, LocationInfo Location) : Expr(Location);

/// <summary>An instance field of the model class (cls_token, this.pos_embed): known when its shape is.</summary>
internal sealed record FieldExpr(string Name, LocationInfo Location) : Expr(Location);

/// <summary>A compile-time constant (folded by the binder, so const fields count).</summary>
internal sealed record LiteralExpr(ArgValue Value, LocationInfo Location) : Expr(Location);

/// <param name="Name">The member name (view, cat, Qkv); for Torch calls prefixed by the declaring class when it is not torch itself (functional.softmax, TensorIndex.Slice).</param>
/// <param name="Args">Arguments bound to the callee's parameter names; a params array becomes one collection.</param>
/// <param name="IsProperty">x.shape rather than x.shape().</param>
internal sealed record CallExpr(CallKind Kind, string Name, Expr? Receiver, EquatableArray<Argument> Args, bool IsProperty, LocationInfo Location) : Expr(Location);

/// <summary>An element access: x[.., 0], x.shape[1], chunks[0].</summary>
internal sealed record IndexExpr(Expr Target, EquatableArray<Expr> Indices, LocationInfo Location) : Expr(Location);

internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right, LocationInfo Location) : Expr(Location);

internal sealed record UnaryExpr(string Operator, Expr Operand, LocationInfo Location) : Expr(Location);

/// <summary>A tuple literal (a, b) or a collection (new[] { a, b }, [a, b], new long[] { .. }).</summary>
internal sealed record TupleExpr(EquatableArray<Expr> Items, bool IsCollection, LocationInfo Location) : Expr(Location);

/// <summary>a..b in an index; either end may be missing; ^n is a <see cref="UnaryExpr"/> with "^".</summary>
internal sealed record RangeExpr(Expr? Start, Expr? End, LocationInfo Location) : Expr(Location);

internal sealed record ConditionalExpr(Expr WhenTrue, Expr WhenFalse, LocationInfo Location) : Expr(Location);

/// <summary>An expression the interpreter does not model (lambdas, object creation, ...).</summary>
internal sealed record OpaqueExpr(LocationInfo Location) : Expr(Location);

/// <param name="Name">The callee's parameter name, or null when the binder could not tell.</param>
internal sealed record Argument(string? Name, Expr Value);

internal abstract record Stmt;

/// <summary>var x = e; var (a, b) = e; and assignments x = e, (a, b) = e, x += e.</summary>
/// <param name="Targets">One name, or several for a deconstruction.</param>
/// <param name="Operator">"=" or a compound operator ("+=").</param>
internal sealed record AssignStmt(EquatableArray<string> Targets, string Operator, Expr Value) : Stmt;

internal sealed record ReturnStmt(Expr? Value) : Stmt;

internal sealed record ExprStmt(Expr Value) : Stmt;

/// <summary>if/else: both branches run, their results are joined.</summary>
internal sealed record BranchStmt(EquatableArray<BlockStmt> Branches) : Stmt;

/// <summary>for/foreach/while: the body runs once and every local it changes is widened after.</summary>
/// <param name="Variable">The foreach variable, bound to an element of <paramref name="Collection"/>.</param>
internal sealed record LoopStmt(string? Variable, Expr? Collection, BlockStmt Body) : Stmt;

internal sealed record BlockStmt(EquatableArray<Stmt> Statements) : Stmt;

/// <summary>A statement the interpreter does not model; the locals it may assign become unknown.</summary>
internal sealed record OpaqueStmt(EquatableArray<string> Assigned) : Stmt;

/// <summary>A method of the model class with a body: forward, or a helper forward calls.</summary>
internal sealed record MethodCode(string Name, EquatableArray<string> Parameters, BlockStmt Body, LocationInfo Location);
