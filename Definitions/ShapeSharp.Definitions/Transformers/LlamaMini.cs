using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Transformers;

/// <summary>
/// A LLaMA decoder layer at width 128: RMSNorm before attention and MLP, rotary position
/// embeddings (RoPE) on queries and keys, grouped-query attention (4 query heads share 2 key/value
/// heads), and a SwiGLU MLP (silu(gate) * up, then down; hidden 344 = 8/3 x 128 rounded up to 8).
/// No biases, as in LLaMA.
/// </summary>
[Input("B, T, 128")]
public partial class LlamaBlock
{
    private const int Heads = 4;
    private const int KeyValueHeads = 2;
    private const double RopeBase = 10000;

    [RMSNorm] private partial Tensor AttentionNorm(Tensor x);
    [Linear(128, Bias = false)] private partial Tensor Query(Tensor x);        // 4 heads x 32
    [Linear(64, Bias = false)] private partial Tensor Key(Tensor x);           // 2 heads x 32
    [Linear(64, Bias = false)] private partial Tensor Value(Tensor x);
    [Linear(128, Bias = false)] private partial Tensor Output(Tensor x);
    [RMSNorm] private partial Tensor MlpNorm(Tensor x);
    [Linear(344, Bias = false)] private partial Tensor Gate(Tensor x);
    [Linear(344, Bias = false)] private partial Tensor Up(Tensor x);
    [Linear(128, Bias = false)] private partial Tensor Down(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var h = AttentionNorm(x);
        var q = Rotate(SplitHeads(Query(h), Heads));                            // [B, 4, T, 32]
        var k = Rotate(SplitHeads(Key(h), KeyValueHeads));                      // [B, 2, T, 32]
        var v = SplitHeads(Value(h), KeyValueHeads);                            // [B, 2, T, 32]
        // Grouped-query attention: each key/value head serves Heads / KeyValueHeads query heads.
        k = k.repeat_interleave(Heads / KeyValueHeads, dim: 1);                 // [B, 4, T, 32]
        v = v.repeat_interleave(Heads / KeyValueHeads, dim: 1);
        var attention = scaled_dot_product_attention(q, k, v, is_casual: true); // [B, 4, T, 32]
        x = x + Output(MergeHeads(attention));                                  // [B, T, 128]
        var m = MlpNorm(x);
        return x + Down(silu(Gate(m)) * Up(m));                                 // [B, T, 128]
    }

    /// <summary>
    /// RoPE on [B, H, T, D], in the rotate-half layout (GPT-NeoX, Hugging Face LLaMA): dims i and
    /// i + D/2 form a pair, rotated by position x base^(-2i/D).
    /// </summary>
    private static Tensor Rotate(Tensor t)
    {
        var half = t.shape[3] / 2;
        var frequencies = exp(arange(half, dtype: ScalarType.Float32, device: t.device) * (-2.0 * System.Math.Log(RopeBase) / t.shape[3]));
        var angles = outer(arange(t.shape[2], dtype: ScalarType.Float32, device: t.device), frequencies);  // [T, D/2]
        var cos = angles.cos().to(t.dtype);                                   // angles in float32 at any precision, as Hugging Face's
        var sin = angles.sin().to(t.dtype);
        var pair = t.chunk(2, dim: -1);                                        // 2 x [B, H, T, D/2]
        return cat(new[] { pair[0] * cos - pair[1] * sin, pair[0] * sin + pair[1] * cos }, dim: -1);
    }

    private static Tensor SplitHeads(Tensor t, long heads) => t.view(t.shape[0], t.shape[1], heads, -1).transpose(1, 2);

    private static Tensor MergeHeads(Tensor t) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], -1);
}

/// <summary>
/// LLaMA-mini: token embeddings (no position embedding: RoPE carries position), four
/// <see cref="LlamaBlock"/>s, a final RMSNorm and an untied language-model head.
/// <c>new LlamaMini(vocab: 1000)</c>.
/// </summary>
[Input("B, T", Dtype = DType.Int64)]
[AdamW(LearningRate = 3e-4, WeightDecay = 0.1), GradientClipping(1.0)]
public partial class LlamaMini
{
    [Embedding("vocab", 128)] private partial Tensor Embed(Tensor ids);
    [Layer<LlamaBlock>(Repeat = 4)] private partial Tensor Layers(Tensor x);
    [RMSNorm, Linear("vocab", Bias = false)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids) => Head(Layers(Embed(ids)));  // [B, T, vocab]
}
