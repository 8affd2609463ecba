using System;
using System.Linq;
using ShapeSharp;
using ShapeSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Transformers;

/// <summary>
/// A GPT-2 style decoder layer at width 256 with 4 heads: pre-norm causal self-attention with a
/// fused QKV projection, and a GELU MLP. <see cref="Decode"/> is the same layer for generation with
/// a key/value cache.
/// </summary>
[Input("B, T, 256")]
public partial class GptBlock
{
    private const int Heads = 4;

    [LayerNorm, Linear(768)] private partial Tensor Qkv(Tensor x);
    [Linear(256), Dropout(0.1)] private partial Tensor Proj(Tensor x);
    [LayerNorm, Linear(1024), GELU, Linear(256), Dropout(0.1)] private partial Tensor Mlp(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var (q, k, v) = Project(x);                                               // 3 x [B, 4, T, 64]
        return Mix(x, scaled_dot_product_attention(q, k, v, is_casual: true));  // [B, T, 256]
    }

    /// <summary>
    /// The new positions <paramref name="x"/> attend to the cached ones and to themselves; the cache
    /// grows by their number. A prompt goes in whole into an empty cache (causal among itself), then
    /// one token at a time (which may see every cached position).
    /// </summary>
    public Tensor Decode(Tensor x, KeyValueCache cache)
    {
        var causal = cache.Length == 0;
        if (!causal && x.shape[1] != 1)
        {
            throw new ArgumentException($"{nameof(GptBlock)}.{nameof(Decode)}: after the prompt, decode one position at a time (got {x.shape[1]}).");
        }

        var (q, k, v) = Project(x);
        (k, v) = cache.Append(k, v);
        return Mix(x, scaled_dot_product_attention(q, k, v, is_casual: causal));
    }

    private (Tensor Q, Tensor K, Tensor V) Project(Tensor x)
    {
        var qkv = Qkv(x).chunk(3, dim: -1);
        return (SplitHeads(qkv[0]), SplitHeads(qkv[1]), SplitHeads(qkv[2]));
    }

    private Tensor Mix(Tensor x, Tensor attention)
    {
        x = x + Proj(MergeHeads(attention));
        return x + Mlp(x);
    }

    private static Tensor SplitHeads(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);

    private static Tensor MergeHeads(Tensor t) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], -1);
}

/// <summary>
/// GPT-mini (the minGPT / nanoGPT tutorial model): token and learned position embeddings over up
/// to 128 positions, four <see cref="GptBlock"/>s, a final LayerNorm, and a language-model head
/// whose weight is the token embedding's (tied, as in GPT-2). <see cref="Generate"/> samples with a
/// key/value cache. <c>new GptMini(vocab: 1000)</c>.
/// </summary>
[Input("B, T", Dtype = DType.Int64)]
[AdamW(LearningRate = 3e-4, WeightDecay = 0.1), GradientClipping(1.0)]
public partial class GptMini
{
    /// <summary>The longest sequence the position embedding covers.</summary>
    public const int Context = 128;

    [Embedding("vocab", 256)] private partial Tensor TokenEmbed(Tensor ids);
    [Embedding(Context, 256)] private partial Tensor PositionEmbed(Tensor positions);
    [Layer<GptBlock>(Repeat = 4)] private partial Tensor Layers(Tensor x);
    [LayerNorm] private partial Tensor FinalNorm(Tensor x);
    [Linear("vocab", Bias = false, TiedTo = nameof(TokenEmbed))] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor ids)
    {
        var positions = arange(ids.shape[1], dtype: ScalarType.Int64, device: ids.device);  // [T]
        var x = TokenEmbed(ids) + PositionEmbed(positions);                                 // [B, T, 256]
        return Head(FinalNorm(Layers(x)));                                                  // [B, T, vocab]
    }

    /// <summary>
    /// GPT-2's initialisation: N(0, 0.02) for embeddings and linear weights, zero biases. TorchSharp's
    /// defaults draw the embedding from N(0, 1), which through the tied head makes the first logits
    /// about 16 wide (a starting loss near 180 instead of ln vocab).
    /// </summary>
    partial void OnCreated()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (parameter.dim() == 2)
            {
                nn.init.normal_(parameter, 0, 0.02);
            }
        }
    }

    /// <summary>Next-token cross-entropy of logits [B, T, vocab] against the ids shifted by one [B, T].</summary>
    public static Tensor LanguageModelLoss(Tensor logits, Tensor targets) =>
        cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));

    /// <summary>
    /// Continues <paramref name="prompt"/> [B, P] by <paramref name="newTokens"/> tokens, sampled at
    /// <paramref name="temperature"/> (0: greedy). Each layer keeps a key/value cache, so every step
    /// runs the model on one new position. Runs in eval mode and restores the caller's mode.
    /// </summary>
    public Tensor Generate(Tensor prompt, int newTokens, double temperature = 0, Generator? generator = null)
    {
        if (prompt.dim() != 2 || prompt.shape[1] < 1 || prompt.shape[1] + newTokens > Context)
        {
            throw new ArgumentException($"{nameof(GptMini)}.{nameof(Generate)}: the prompt must be [B, P] with 1 <= P and P + newTokens <= {Context}, but it is [{string.Join(", ", prompt.shape)}] with newTokens = {newTokens}.", nameof(prompt));
        }

        var wasTraining = training;
        eval();
        var caches = Enumerable.Range(0, layers.Count).Select(_ => new KeyValueCache()).ToArray();
        try
        {
            using var outer = NewDisposeScope();
            using var noGrad = no_grad();
            var ids = prompt.alias();
            var logits = Decode(prompt, caches, start: 0);
            for (var i = 0; i < newTokens; i++)
            {
                using var step = NewDisposeScope();
                var next = Pick(logits[.., -1], temperature, generator);  // [B, 1]
                var longer = cat(new[] { ids, next }, dim: 1).MoveToOuterDisposeScope();
                ids = longer;
                logits = Decode(next, caches, start: ids.shape[1] - 1).MoveToOuterDisposeScope();
            }

            return ids.MoveToOuterDisposeScope();
        }
        finally
        {
            foreach (var cache in caches)
            {
                cache.Dispose();
            }

            train(wasTraining);
        }
    }

    /// <summary>Logits [B, n, vocab] for n new positions starting at <paramref name="start"/>, through every layer's cache.</summary>
    private Tensor Decode(Tensor ids, KeyValueCache[] caches, long start)
    {
        var positions = arange(start, start + ids.shape[1], dtype: ScalarType.Int64, device: ids.device);
        var x = TokenEmbed(ids) + PositionEmbed(positions);
        for (var i = 0; i < caches.Length; i++)
        {
            x = layers[i].Decode(x, caches[i]);
        }

        return Head(FinalNorm(x));
    }

    private static Tensor Pick(Tensor logits, double temperature, Generator? generator) =>
        temperature <= 0
            ? logits.argmax(-1, keepdim: true)
            : multinomial(softmax(logits / temperature, -1), 1, generator: generator);
}
