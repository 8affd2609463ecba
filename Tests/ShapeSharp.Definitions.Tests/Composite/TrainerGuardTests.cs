using ShapeSharp.Data;
using ShapeSharp.Definitions.Text;
using ShapeSharp.Training;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.Composite;

/// <summary>
/// A generated composite model checks its inputs in a forward pre-hook, which only <c>call</c>
/// runs: Trainer.Evaluate and Predict go through it, so a wrong batch is named by the guard
/// instead of failing (or silently broadcasting) somewhere inside the model.
/// </summary>
[Collection(nameof(TrainingCollection))]
public class TrainerGuardTests
{
    [Fact]
    public void Evaluate_and_predict_of_a_composite_model_run_its_input_guard()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new BiLstmClassifier(vocab: 20, classes: 3);
        var trainer = new Trainer();

        // [B, T, 2] where [B, T] is declared: forward alone would embed it and hand the LSTM a 4-D tensor.
        using var wrong = new TensorDataset(randint(3, 20, new long[] { 8, 6, 2 }), zeros(new long[] { 8 }, ScalarType.Int64));
        var error = Assert.Throws<ShapeMismatchException>(() => trainer.Evaluate(model, new DataLoader(wrong, 4)));
        Assert.Equal("BiLstmClassifier", error.Model);
        Assert.Equal("[B, T]", error.Expected);
        Assert.Throws<ShapeMismatchException>(() => trainer.Predict(model, wrong.Inputs));

        var (ids, labels) = SyntheticTasks.MarkerTokens(12, length: 6, vocab: 20, seed: 2);
        using var right = new TensorDataset(ids, labels);
        var evaluation = trainer.Evaluate(model, new DataLoader(right, 4));
        Assert.Equal(12, evaluation.Samples);
        Assert.True(double.IsFinite(evaluation.Loss));
        using var outputs = trainer.Predict(model, ids, batchSize: 5);
        Assert.Equal(new long[] { 12, 3 }, outputs.shape);
    }
}
