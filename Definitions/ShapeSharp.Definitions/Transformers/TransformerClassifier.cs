using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Transformers;

/// <summary>
/// A pre-norm Transformer encoder layer at width 256 with 4 heads: fused QKV projection,
/// scaled dot-product attention, and a GELU MLP, each around a residual connection.
/// </summary>
[Input("B, T, 256")]
public partial class TransformerEncoderLayer
{
    private const int Heads = 4;

    [LayerNorm, Linear(768)] private partial Tensor Qkv(Tensor x);
    [Linear(256), Dropout(0.1)] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear(1024), GELU, Linear(256), Dropout(0.1)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var qkv = Qkv(x).chunk(3, dim: -1);                                    // 3 x [B, T, 256]
        var attention = scaled_dot_product_attention(
            SplitHeads(qkv[0]), SplitHeads(qkv[1]), SplitHeads(qkv[2]));        // [B, 4, T, 64]
        x = x + Proj(MergeHeads(attention));                                   // [B, T, 256]
        return x + Mlp(x);
    }

    // In the class, not a shared helper: the checker follows calls to the model's own methods only.
    private static Tensor SplitHeads(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);

    private static Tensor MergeHeads(Tensor t) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], -1);
}

/// <summary>
/// The Transformer encoder classifier of the text-classification tutorials: token and learned
/// position embeddings over 128 positions, four encoder layers (d 256, 4 heads), mean pooling and
/// a linear head. <c>new TransformerClassifier(vocab: 20000, classes: 4)</c>.
/// </summary>
[Input("B, 128", Dtype = DType.Int64)]
[CrossEntropyLoss, AdamW(LearningRate = 3e-4, WeightDecay = 0.01), WarmupCosineDecay(WarmupSteps = 100)]
public partial class TransformerClassifier
{
    [Embedding("vocab", 256)] private partial Tensor TokenEmbed(Tensor ids);
    [Embedding(128, 256)] private partial Tensor PositionEmbed(Tensor positions);
    [Layer<TransformerEncoderLayer>(Repeat = 4)] private partial Tensor Layers(Tensor x);
    [LayerNorm, Linear("classes")] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var positions = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device);  // [128]
        var x = TokenEmbed(ids) + PositionEmbed(positions);                                 // [B, 128, 256]
        return Head(Layers(x).mean(new long[] { 1 }));                                      // [B, classes]
    }
}
