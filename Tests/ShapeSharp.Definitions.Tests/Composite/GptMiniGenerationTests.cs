using System;
using System.Linq;
using ShapeSharp.Definitions.Tests.HandWritten;
using ShapeSharp.Definitions.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// GptMini's generation: the key/value cache changes how much is computed, not what is generated;
/// and the hand-written twin ties its head the way GPT-2 does.
/// </summary>
public class GptMiniGenerationTests
{
    private const long Vocab = CompositeCase.Vocab;
    [Fact]
    public void Greedy_generation_with_the_cache_equals_recomputing_the_full_forward()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = ContextDependent();
        using var twin = new GptMiniReference(Vocab);
        twin.load_state_dict(model.state_dict());
        twin.eval();
        model.train();

        var prompt = randint(0, Vocab, new long[] { 2, 3 });
        var cached = model.Generate(prompt, newTokens: 8);

        Assert.Equal(new long[] { 2, 11 }, cached.shape);
        Assert.Equal(prompt.data<long>().ToArray(), cached[.., ..3].contiguous().data<long>().ToArray());
        Assert.True(model.training, "Generate must restore the caller's mode");

        // Every step recomputed from the whole sequence, by the hand-written twin and by the model.
        Assert.Equal(Greedy(twin.forward, prompt, 8).data<long>().ToArray(), cached.data<long>().ToArray());
        model.eval();
        Assert.Equal(Greedy(model.forward, prompt, 8).data<long>().ToArray(), cached.data<long>().ToArray());
    }

    [Fact]
    public void Sampling_is_reproducible_from_a_seeded_generator()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var model = new GptMini(vocab: Vocab);
        var prompt = randint(0, Vocab, new long[] { 1, 4 });

        var first = model.Generate(prompt, newTokens: 6, temperature: 1.5, generator: new Generator(42));
        var second = model.Generate(prompt, newTokens: 6, temperature: 1.5, generator: new Generator(42));

        Assert.Equal(new long[] { 1, 10 }, first.shape);
        Assert.Equal(first.data<long>().ToArray(), second.data<long>().ToArray());
        Assert.All(first.data<long>().ToArray(), id => Assert.InRange(id, 0, Vocab - 1));
    }

    [Fact]
    public void Hand_written_twin_ties_its_head_to_its_embedding()
    {
        using var scope = NewDisposeScope();
        using var twin = new GptMiniReference(Vocab);
        Assert.Equal(Parameters.StorageAddress(twin.TokenEmbedding), Parameters.StorageAddress(twin.HeadWeight));

        // Loading GptMini's state dict (both names) keeps the tie: one tensor, the embedding's values.
        using var model = new GptMini(vocab: Vocab);
        twin.load_state_dict(model.state_dict());
        Assert.Equal(Parameters.StorageAddress(twin.TokenEmbedding), Parameters.StorageAddress(twin.HeadWeight));
        Assert.True(twin.HeadWeight.eq(model.state_dict()["token_embed.weight"]).all().item<bool>());
    }

    /// <summary>Greedy decoding the plain way: the full forward over everything so far, every step.</summary>
    private static Tensor Greedy(Func<Tensor, Tensor> forward, Tensor prompt, int newTokens)
    {
        using var noGrad = no_grad();
        var ids = prompt;
        for (var i = 0; i < newTokens; i++)
        {
            var next = forward(ids)[.., -1].argmax(-1, keepdim: true);
            ids = cat(new[] { ids, next }, dim: 1);
        }

        return ids;
    }

    /// <summary>
    /// A model whose next token depends on the context. At TorchSharp's default embedding init,
    /// N(0, 1), the tied head scores the last token itself far above the rest, so a random model
    /// just repeats it, with or without a working cache. GPT-2 initialises its embeddings at
    /// std 0.02; then the layers, and so the attention over the cache, decide.
    /// </summary>
    private static GptMini ContextDependent()
    {
        var model = new GptMini(vocab: Vocab);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.EndsWith("embed.weight", StringComparison.Ordinal)))
        {
            parameter.mul_(0.02);
        }

        return model;
    }
}
