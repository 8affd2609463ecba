using BenchmarkDotNet.Attributes;
using ShapeSharp.Definitions.Classic;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Benchmarks;

/// <summary>
/// One training step of the Fashion CNN: the generated TrainStep against the same step written by
/// hand in TorchSharp (same layers, same AdamW settings, same batch). The ratio column is the claim.
/// </summary>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    private FashionCnn _generated = null!;
    private TrainContext _context = null!;
    private Sequential _handWritten = null!;
    private optim.Optimizer _handOptimizer = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _x = randn(64, 1, 28, 28);
        _y = randint(0, 10, new long[] { 64 });
        _generated = new FashionCnn();
        var optimizer = _generated.CreateOptimizer(new TrainOptions { Schedule = new ConstantScheduleAttribute() });
        _context = new TrainContext(_generated, optimizer, FashionCnn.TrainingDefaults.ResolveLoss(null));
        _handWritten = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10));
        _handOptimizer = optim.AdamW(_handWritten.parameters(), 1e-3, weight_decay: 0.01);
    }

    [Benchmark(Baseline = true)]
    public float HandWritten()
    {
        using var scope = NewDisposeScope();
        var output = _handWritten.forward(_x);
        var loss = nn.functional.cross_entropy(output, _y, label_smoothing: 0.1);
        var value = loss.item<float>();
        loss.backward();
        _handOptimizer.step();
        _handOptimizer.zero_grad();
        return value;
    }

    [Benchmark]
    public float Generated() => _generated.TrainStep(_context, _x, _y);
}
