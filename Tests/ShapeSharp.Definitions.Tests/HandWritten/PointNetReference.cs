using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>PointNet by hand: the shared MLP as 1x1 Conv1d layers in an nn.Sequential, max over points, the head.</summary>
internal sealed class PointNetReference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential shared_mlp;
    private readonly Sequential head;

    public PointNetReference(long classes)
        : base(nameof(PointNetReference))
    {
        shared_mlp = nn.Sequential(
            nn.Conv1d(3, 64, 1), nn.BatchNorm1d(64), nn.ReLU(),
            nn.Conv1d(64, 128, 1), nn.BatchNorm1d(128), nn.ReLU(),
            nn.Conv1d(128, 256, 1), nn.BatchNorm1d(256), nn.ReLU());
        head = nn.Sequential(nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor points) => head.forward(shared_mlp.forward(points).max(2).values);
}
