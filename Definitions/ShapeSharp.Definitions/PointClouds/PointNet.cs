using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.PointClouds;

/// <summary>
/// PointNet's classifier (Qi et al. 2017, without the T-Net alignments) for clouds of N points
/// [B, 3, N]: a shared MLP applied to every point alike (1x1 Conv1d 64 -> 128 -> 256 with batch
/// norm and ReLU), max pooling over the points (a symmetric function, so the order of the points
/// does not matter), and an MLP head with dropout. <c>new PointNet(classes: 10)</c>.
/// </summary>
[Input("B, 3, N")]
[Output("B, classes")]
[CrossEntropyLoss, Adam(LearningRate = 1e-3)]
public partial class PointNet
{
    [Conv1d(64, Kernel = 1), BatchNorm1d, ReLU]
    [Conv1d(128, Kernel = 1), BatchNorm1d, ReLU]
    [Conv1d(256, Kernel = 1), BatchNorm1d, ReLU]
    private partial Tensor SharedMlp(Tensor points);

    [Linear(128), BatchNorm1d, ReLU, Dropout(0.3), Linear("classes")] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor points)
    {
        var features = SharedMlp(points).amax(new long[] { 2 });      // [B, 256]: the max over points
        return Head(features);                                         // [B, classes]
    }
}
