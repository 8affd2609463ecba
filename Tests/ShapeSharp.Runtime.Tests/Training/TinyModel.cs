using System;
using ShapeSharp.Data;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using TensorDataset = ShapeSharp.Data.TensorDataset;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Training;

/// <summary>
/// A hand-written stand-in for a generated model (the runtime tests do not run the generator):
/// a small MLP whose TrainStep is written exactly as the generator writes it.
/// </summary>
internal sealed class TinyModel : nn.Module<Tensor, Tensor>, ITrainable
{
    private readonly Linear layers_0;
    private readonly ReLU layers_1;
    private readonly Linear layers_2;

    /// <param name="seed">
    /// Weights drawn from a generator of this seed, not torch's global one: test classes run in
    /// parallel, and another's draw between a manual_seed and the constructor changes the weights
    /// (seen on a 16-core machine). Null: TorchSharp's initialisation from the global generator.
    /// </param>
    public TinyModel(TrainingDefaults? defaults = null, int inputs = 4, int outputs = 3, long? seed = null)
        : base(nameof(TinyModel))
    {
        layers_0 = nn.Linear(inputs, 8);
        layers_1 = nn.ReLU();
        layers_2 = nn.Linear(8, outputs);
        Defaults = defaults ?? new TrainingDefaults { Loss = new CrossEntropyLossAttribute(), Optimizer = new SGDAttribute(0.1) };
        RegisterComponents();
        if (seed is long s)
        {
            using var generator = new Generator((ulong)s);
            using var scale = 0.3.ToScalar();
            using var noGrad = no_grad();
            foreach (var p in parameters())
            {
                using var drawn = randn(p.shape, generator: generator);
                p.copy_(drawn.mul(scale));
            }
        }
    }

    public TrainingDefaults Defaults { get; }

    public override Tensor forward(Tensor x) => layers_2.forward(layers_1.forward(layers_0.forward(x)));

    public float TrainStep(TrainContext context, Tensor x, Tensor target)
    {
        using var scope = NewDisposeScope();
        var output = forward(x);
        var loss = context.Loss(output, target);
        return context.Step(loss);
    }

    /// <summary>A learnable 3-class problem: the class is the index of the largest of the first three features.</summary>
    public static TensorDataset Data(int count, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var x = randn(new long[] { count, 4 }, generator: generator);
        var y = x.narrow(1, 0, 3).argmax(1);
        return new TensorDataset(x, y);
    }

    public static float[] Weights(nn.Module module)
    {
        var all = new System.Collections.Generic.List<float>();
        foreach (var p in module.parameters())
        {
            all.AddRange(p.data<float>().ToArray());
        }

        return all.ToArray();
    }
}
