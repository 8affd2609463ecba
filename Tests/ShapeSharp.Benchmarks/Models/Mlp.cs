using ShapeSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks.Models;

/// <summary>The MLP 784-512-512-10, declared with ShapeSharp's attributes (the generator runs in this project).</summary>
[Input("B, 784")]
[MixedPrecision]
[Linear(512), ReLU, Linear(512), ReLU, Linear(10)]
[CrossEntropyLoss, AdamW(Fused = true)]
public partial class Mlp;

/// <summary>Its hand-written TorchSharp twin: the same layers in the same order (so the same parameter order).</summary>
public sealed class MlpByHand : nn.Module<Tensor, Tensor>
{
    private readonly Linear _fc1 = nn.Linear(784, 512);
    private readonly ReLU _relu1 = nn.ReLU();
    private readonly Linear _fc2 = nn.Linear(512, 512);
    private readonly ReLU _relu2 = nn.ReLU();
    private readonly Linear _fc3 = nn.Linear(512, 10);

    public MlpByHand()
        : base(nameof(MlpByHand)) => RegisterComponents();

    public override Tensor forward(Tensor x) => _fc3.forward(_relu2.forward(_fc2.forward(_relu1.forward(_fc1.forward(x)))));
}
