// A gated convolutional language model (Dauphin et al. 2017): causal convs (Padding = k - 1 then the
// last k - 1 steps sliced off with x[.., .., ..^2]), F.glu(dim: 1) halving the channels, a residual,
// and a vocabulary projection after transposing back.
// Finding: FINDINGS.md #2: glu is unknown, so Out is built at its first call, and its BuildOut uses the constructor parameter vocab out of scope (CS0103 in the generated code).
// Model: GatedCnnLm
// Sizes: vocab=50
// Calls: B=2, T=9 | B=3, T=4
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.GatedCnnLm;

[Input("B, T", Dtype = DType.Int64)]
public partial class GatedCnnLm
{
    [Embedding("vocab", 64)] private partial Tensor Embed(Tensor ids);
    [Conv1d(128, Kernel = 3, Padding = 2)] private partial Tensor Conv1(Tensor x);
    [Conv1d(128, Kernel = 3, Padding = 2)] private partial Tensor Conv2(Tensor x);
    [Linear("vocab")] private partial Tensor Out(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var x = Embed(ids).transpose(1, 2);                         // [B, 64, T]
        x = glu(Conv1(x)[.., .., ..^2], dim: 1);                    // [B, 64, T]
        x = x + glu(Conv2(x)[.., .., ..^2], 1);                     // [B, 64, T]
        return Out(x.transpose(1, 2));                              // [B, T, vocab]
    }
}
