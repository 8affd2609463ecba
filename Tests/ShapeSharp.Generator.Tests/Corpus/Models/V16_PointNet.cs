// PointNet (Qi et al. 2017) classification: points [B, N, 3], a T-Net predicting a 3x3 transform
// (view(-1, 3, 3) + eye(3)) applied with bmm, shared per-point MLPs as 1x1 Conv1d, a symmetric max
// over the points (.max(dim).values), then an MLP head. Any number of points.
// Finding: FINDINGS.md #2 and #7: TNetFeatures(x).max(2).values leaves the blocks unsized; the Classifier, built at its first call, uses classes out of scope (CS0103 in the generated code).
// Model: PointNet
// Sizes: classes=8
// Calls: B=2, N=50 | B=3, N=17
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.PointNet;

[Input("B, N, 3")]
public partial class PointNet
{
    [Conv1d(64, Kernel = 1), BatchNorm1d, ReLU, Conv1d(128, Kernel = 1), BatchNorm1d, ReLU, Conv1d(256, Kernel = 1), BatchNorm1d, ReLU]
    private partial Tensor TNetFeatures(Tensor x);

    [Linear(128), ReLU, Linear(9)] private partial Tensor TNetHead(Tensor x);

    [Conv1d(64, Kernel = 1), BatchNorm1d, ReLU, Conv1d(128, Kernel = 1), BatchNorm1d, ReLU, Conv1d(512, Kernel = 1), BatchNorm1d]
    private partial Tensor Features(Tensor x);

    [Linear(256), BatchNorm1d, ReLU, Dropout(0.3), Linear("classes")] private partial Tensor Classifier(Tensor x);

    public override Tensor forward(Tensor points)
    {
        var x = points.transpose(1, 2);                             // [B, 3, N]
        var t = TNetFeatures(x).max(2).values;                      // [B, 256]
        var transform = TNetHead(t).view(-1, 3, 3) + eye(3);        // [B, 3, 3]
        x = bmm(points, transform).transpose(1, 2);                 // [B, 3, N]
        var global = Features(x).max(dim: 2).values;                // [B, 512]
        return Classifier(global);                                  // [B, classes]
    }
}
