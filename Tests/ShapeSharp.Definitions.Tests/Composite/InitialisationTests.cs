using System;
using ShapeSharp.Definitions.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>GptMini initialises itself as GPT-2 does (its OnCreated), so an untrained model is at chance.</summary>
public class InitialisationTests
{
    [Fact]
    public void GptMini_starts_near_chance()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new GptMini(vocab: CompositeCase.Vocab);
        model.eval();
        var ids = randint(0, CompositeCase.Vocab, new long[] { 4, 16 });
        var loss = GptMini.LanguageModelLoss(model.forward(ids), ids.roll(-1, 1)).item<float>();
        var chance = Math.Log(CompositeCase.Vocab);
        Assert.InRange(loss, 0.9 * chance, 1.1 * chance);
        Assert.InRange(model.state_dict()["token_embed.weight"].std().item<float>(), 0.015f, 0.025f);
        Assert.Equal(0f, model.state_dict()["layers.0.qkv.1.bias"].abs().max().item<float>());
    }
}
