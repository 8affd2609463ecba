// Hierarchical-attention-style word attention (Yang et al. 2016): a BiGRU block returning its output
// sequence, u = tanh(W h), scores = u · context vector (a Linear(1) without bias), softmax over time
// (dim: 1), the weighted sum of h over time.
// Model: AttentionPooling
// Sizes: vocab=60
// Calls: B=2, T=7 | B=3, T=4
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.AttentionPooling;

[Input("B, T", Dtype = DType.Int64)]
public partial class AttentionPooling
{
    [Embedding("vocab", 32)] private partial Tensor Embed(Tensor ids);
    [GRU(32, Bidirectional = true)] private partial Tensor Encode(Tensor x);
    [Linear(64), Tanh] private partial Tensor Project(Tensor h);
    [Linear(1, Bias = false)] private partial Tensor Context(Tensor u);
    [Linear(5)] private partial Tensor Out(Tensor s);

    public override Tensor forward(Tensor ids)
    {
        var h = Encode(Embed(ids));                                 // [B, T, 64]
        var weights = softmax(Context(Project(h)), dim: 1);         // [B, T, 1]
        var sentence = (weights * h).sum(dim: 1);                   // [B, 64]
        return Out(sentence);
    }
}
