// A universal-transformer-style encoder (Dehghani et al. 2018): one shared layer applied in a for loop
// (weights tied across depth), Gaussian noise added only when training (if (training)), and a
// mean-pooled classifier.
// Model: UniversalTransformer
// Calls: B=2, T=6 | B=3, T=9
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.UniversalTransformer;

[Input("B, T, 32")]
public partial class UniversalTransformer
{
    private const int Steps = 3;

    [LayerNorm, Linear(96)] private partial Tensor Qkv(Tensor x);
    [Linear(32)] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear(64), GELU, Linear(32)] private partial Tensor Mlp(Tensor x);
    [Linear(4)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        if (training)
        {
            x = x + 0.01 * randn_like(x);
        }

        for (var step = 0; step < Steps; step++)
        {
            var qkv = Qkv(x).chunk(3, dim: -1);
            x = x + Proj(scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]));
            x = x + Mlp(x);
        }

        return Head(x.mean([1]));
    }
}
