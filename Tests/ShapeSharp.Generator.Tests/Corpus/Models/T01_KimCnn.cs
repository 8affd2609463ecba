// Kim's CNN for sentence classification (2014): embeddings permuted to [B, E, T], three Conv1d widths,
// ReLU and F.max_pool1d over the whole (free) length, squeeze, cat, dropout, a linear head.
// Model: KimCnn
// Sizes: vocab=100
// Calls: B=2, T=9 | B=3, T=16
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.KimCnn;

[Input("B, T", Dtype = DType.Int64)]
[CrossEntropyLoss]
public partial class KimCnn
{
    [Embedding("vocab", 64)] private partial Tensor Embed(Tensor ids);
    [Conv1d(32, Kernel = 3)] private partial Tensor Conv3(Tensor x);
    [Conv1d(32, Kernel = 4)] private partial Tensor Conv4(Tensor x);
    [Conv1d(32, Kernel = 5)] private partial Tensor Conv5(Tensor x);
    [Dropout(0.5), Linear(2)] private partial Tensor Fc(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var x = Embed(ids).permute(0, 2, 1);                        // [B, 64, T]
        var pooled = cat(new[] { Pool(Conv3(x)), Pool(Conv4(x)), Pool(Conv5(x)) }, 1);  // [B, 96]
        return Fc(pooled);
    }

    private static Tensor Pool(Tensor conv)
    {
        var activated = relu(conv);
        return max_pool1d(activated, activated.shape[2]).squeeze(2);
    }
}
