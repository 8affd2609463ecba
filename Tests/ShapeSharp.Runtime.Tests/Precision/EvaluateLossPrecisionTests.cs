using ShapeSharp.Data;
using ShapeSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Precision;

/// <summary>Evaluate computes a low-precision model's loss in float32, as training does (autocast's rule for losses).</summary>
public class EvaluateLossPrecisionTests
{
    [Fact]
    public void A_hand_written_bfloat16_models_loss_is_computed_in_float32()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3));
        model.bfloat16();
        using var data = ShapeSharp.Runtime.Tests.Training.TinyModel.Data(64, 7);

        var evaluation = new Trainer(new TrainOptions { Loss = new CrossEntropyLossAttribute(), Device = CPU })
            .Evaluate(model, new DataLoader(data, 64));

        model.eval();
        using var noGrad = no_grad();
        var output = model.call(data.Inputs.to(ScalarType.BFloat16));
        var inFloat32 = nn.functional.cross_entropy(output.to(ScalarType.Float32), data.Targets).item<float>();
        var inBfloat16 = nn.functional.cross_entropy(output, data.Targets).to(ScalarType.Float32).item<float>();
        Assert.NotEqual(inFloat32, inBfloat16);  // the check below can tell the two apart
        Assert.Equal(inFloat32, evaluation.Loss, 1e-6);
    }
}
