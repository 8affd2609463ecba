using System;
using TorchSharp;

namespace ShapeSharp.Optimizers;

/// <summary>
/// libtorch's one-pass Adam/AdamW kernels (<c>_fused_adam_</c>, <c>_fused_adamw_</c>: each element of
/// param, grad and the moments read once and written once, instead of once per op of the formula).
/// TorchSharp 0.107 has no binding for them; they are reached through a TorchScript function compiled
/// once per process (<c>torch.jit.compile</c>), which calls the aten op on one-element lists of the
/// flat buffers' tensors.
/// </summary>
internal static class OnePassAdam
{
    // The function returns params[0]: when nothing reads the lists after the call, TorchScript's
    // dead-code elimination drops the op (its mutation of list elements is not seen), and the step
    // silently does nothing; returning an element of the mutated list keeps it.
    private const string Script = """
        def adam(param: Tensor, grad: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor, max_exp_avg_sq: Tensor, step: Tensor,
                 lr: float, beta1: float, beta2: float, weight_decay: float, eps: float, amsgrad: bool, decoupled: bool) -> Tensor:
            params = [param]
            maxes: List[Tensor] = []
            if amsgrad:
                maxes = [max_exp_avg_sq]
            if decoupled:
                torch._fused_adamw_(params, [grad], [exp_avg], [exp_avg_sq], maxes, [step], lr=lr, beta1=beta1, beta2=beta2,
                                    weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=False)
            else:
                torch._fused_adam_(params, [grad], [exp_avg], [exp_avg_sq], maxes, [step], lr=lr, beta1=beta1, beta2=beta2,
                                   weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=False)
            return params[0]
        """ + "\n";  // the TorchScript parser wants the last line ended

    private static readonly Lazy<torch.jit.CompilationUnit> Unit = new(() => torch.jit.compile(Script));
    private static readonly object Gate = new();

    /// <summary>
    /// One step over tensors of the same size (ranges of flat buffers). <paramref name="step"/> holds the
    /// 1-based step number (the kernel reads it for the bias corrections); <paramref name="maxExpAvgSq"/>
    /// is read only with <paramref name="amsgrad"/>. The settings come as Scalars the caller keeps alive
    /// past the call (FusedOptimizer.Held): doubles would become temporaries the finalizer may free mid-script.
    /// </summary>
    public static void Step(torch.Tensor param, torch.Tensor grad, torch.Tensor expAvg, torch.Tensor expAvgSq, torch.Tensor maxExpAvgSq,
        torch.Tensor step, Scalar lr, Scalar beta1, Scalar beta2, Scalar weightDecay, Scalar eps, bool amsgrad, bool decoupled)
    {
        // One executor per process; callers on several threads (parallel test classes, two trainers) take turns.
        lock (Gate)
        {
            using var result = (torch.Tensor)Unit.Value.invoke("adam",
                param, grad, expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, weightDecay, eps, amsgrad, decoupled);
        }
    }
}
