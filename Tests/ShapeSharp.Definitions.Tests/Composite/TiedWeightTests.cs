using System.Linq;
using ShapeSharp.Definitions.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// GptMini's head shares the token embedding's weight. TorchSharp 0.107 lists a tied weight once
/// per owner in parameters() (PyTorch lists it once), so a count or an optimizer built from
/// parameters() sees it twice. The first two tests pin that TorchSharp behaviour on plain modules
/// (why the generated model overrides named_parameters); the GptMini ones show the generated code
/// lists, counts and steps the shared tensor once.
/// </summary>
public class TiedWeightTests
{
    [Fact]
    public void TorchSharp_parameters_yields_a_tied_weight_once_per_owner()
    {
        using var scope = NewDisposeScope();
        var (model, embedding, head) = TiedPair();

        Assert.Equal(Parameters.StorageAddress(embedding.weight!), Parameters.StorageAddress(head.weight));
        Assert.Equal(2, model.parameters().Count());        // PyTorch: 1
        Assert.Single(Parameters.Distinct(model));
    }

    [Fact]
    public void TorchSharp_optimizer_over_parameters_steps_a_tied_weight_twice()
    {
        using var scope = NewDisposeScope();
        var (model, embedding, _) = TiedPair();
        const double rate = 0.1;
        using var optimizer = optim.SGD(model.parameters(), rate);
        var weight = model.named_parameters().First(p => p.name == "0.weight").parameter;
        var before = weight.detach().clone();

        var ids = tensor(new long[] { 0, 1, 2, 3 });
        var loss = (model.forward(ids) * randn(4, 5)).sum();
        loss.backward();
        var gradient = weight.grad!.clone();
        var twice = false;
        WithoutCollections.Run(() =>
        {
            optimizer.step();

            // One SGD step should move the weight by rate x gradient; it moves twice as far.
            var moved = before - weight.detach();
            twice = moved.allclose(gradient * (2 * rate), rtol: 1e-5, atol: 1e-7);
        });
        Assert.True(twice, "the tied weight did not take two steps");
        Assert.NotNull(embedding.weight);
    }

    [Fact]
    public void GptMini_head_is_tied_to_the_token_embedding()
    {
        using var scope = NewDisposeScope();
        using var module = new GptMini(vocab: CompositeCase.Vocab);
        var state = module.state_dict();

        // Two state-dict names (as in PyTorch, so a GPT-2 checkpoint loads), one tensor: a change
        // to the embedding is a change to the head.
        var embedding = state["token_embed.weight"];
        var head = state["head.weight"];
        Assert.Equal(Parameters.StorageAddress(embedding), Parameters.StorageAddress(head));
        var before = head.clone();
        using (no_grad())
        {
            embedding.add_(1);
        }

        Assert.True(head.eq(embedding).all().item<bool>() && !head.eq(before).all().item<bool>(), "head.weight did not follow token_embed.weight");
    }

    [Fact]
    public void GptMini_counts_its_tied_head_once()
    {
        using var module = new GptMini(vocab: CompositeCase.Vocab);

        // Token and position embeddings, four blocks and the final norm; the head adds nothing.
        const long width = 256;
        var expected = (CompositeCase.Vocab * width) + (GptMini.Context * width) + (4 * GptBlock.ParameterCount) + (2 * width);
        Assert.Equal(expected, Parameters.DistinctCount(module));
        Assert.Equal(expected, module.ParameterCount);
    }

    [Fact]
    public void GptMini_optimizer_steps_its_tied_weight_once()
    {
        using var scope = NewDisposeScope();
        using var module = new GptMini(vocab: CompositeCase.Vocab);
        const double rate = 0.1;
        using var optimizer = module.CreateOptimizer(new Training.TrainOptions { Optimizer = new SGDAttribute { LearningRate = rate } });
        var weight = module.named_parameters().First(p => p.name == "token_embed.weight").parameter;
        var before = weight.detach().clone();

        var ids = randint(0, CompositeCase.Vocab, new long[] { 2, 6 });
        var targets = randint(0, CompositeCase.Vocab, new long[] { 2, 6 });
        GptMini.LanguageModelLoss(module.forward(ids), targets).backward();
        var gradient = weight.grad!.clone();
        optimizer.step();

        // Compared as weights, not as differences: before - after loses digits to cancellation.
        Assert.True(weight.detach().allclose(before - gradient * rate, rtol: 0, atol: 1e-6), "the tied weight did not take exactly one step");
        Assert.False(weight.detach().allclose(before - gradient * (2 * rate), rtol: 0, atol: 1e-6), "a double step would not be told apart");
    }

    [Fact]
    public void GptMini_keeps_its_tie_under_the_fused_optimizer()
    {
        // The fused optimizer moves every parameter into one flat buffer; the head must follow.
        using var scope = NewDisposeScope();
        using var module = new GptMini(vocab: CompositeCase.Vocab);
        using var optimizer = module.CreateOptimizer(new Training.TrainOptions { Optimizer = new AdamWAttribute { LearningRate = 0.01, Fused = true } });
        var ids = randint(0, CompositeCase.Vocab, new long[] { 2, 6 });
        var before = module.state_dict()["head.weight"].clone();
        GptMini.LanguageModelLoss(module.forward(ids), ids.roll(1, 1)).backward();
        optimizer.step();

        var state = module.state_dict();
        Assert.False(state["head.weight"].allclose(before), "the step did not move the head");
        Assert.True(state["head.weight"].allclose(state["token_embed.weight"], 0, 0), "the head left the embedding");
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void GptMini_keeps_its_tie_after_a_move(ScalarType dtype)
    {
        // Each layer moves its own weight (the head's copy too); the model ties them again after.
        using var scope = NewDisposeScope();
        using var module = new GptMini(vocab: CompositeCase.Vocab).to(dtype);
        var state = module.state_dict();
        Assert.Equal(dtype, state["head.weight"].dtype);
        Assert.Equal(Parameters.StorageAddress(state["token_embed.weight"]), Parameters.StorageAddress(state["head.weight"]));
        Assert.Equal(module.ParameterCount, module.parameters().Sum(p => p.numel()));

        using var optimizer = optim.SGD(module.parameters(), 0.1);
        var ids = randint(0, CompositeCase.Vocab, new long[] { 2, 6 });
        GptMini.LanguageModelLoss(module.forward(ids).to(ScalarType.Float32), ids.roll(1, 1)).backward();
        optimizer.step();
        state = module.state_dict();
        Assert.True(state["head.weight"].eq(state["token_embed.weight"]).all().item<bool>(), "the head left the embedding after the move");
    }

    /// <summary>An embedding and a linear layer that reads it back, tied the way GptMini's generated code ties them.</summary>
    private static (nn.Module<Tensor, Tensor> Model, TorchSharp.Modules.Embedding Embedding, TorchSharp.Modules.Linear Head) TiedPair()
    {
        var embedding = nn.Embedding(5, 4);
        var head = nn.Linear(4, 5, hasBias: false);
        head.weight = embedding.weight!;
        return (nn.Sequential(embedding, head), embedding, head);
    }
}
