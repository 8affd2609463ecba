// Wide & Deep (Cheng et al. 2016): a linear model over sparse cross features beside an MLP over
// embedded categorical fields (flatten(1)) and dense features, summed and squashed with a sigmoid.
// Model: WideAndDeep
// Calls: B=2 | B=5
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.WideAndDeep;

[Input("B, 100", Name = "wide")]
[Input("B, 6", Name = "categorical", Dtype = DType.Int64)]
[Input("B, 4", Name = "dense")]
public partial class WideAndDeep
{
    [Linear(1)] private partial Tensor WidePart(Tensor x);
    [Embedding(1000, 8)] private partial Tensor Embed(Tensor ids);
    [Linear(64), ReLU, Linear(32), ReLU, Linear(1)] private partial Tensor Deep(Tensor x);

    public override Tensor forward(Tensor wide, Tensor categorical, Tensor dense)
    {
        var embedded = Embed(categorical).flatten(1);                       // [B, 48]
        var deepInput = cat(new[] { embedded, dense }, dim: 1);             // [B, 52]
        return sigmoid(WidePart(wide) + Deep(deepInput));                   // [B, 1]
    }
}
