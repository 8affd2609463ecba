// A deployed classifier that takes raw uint8 images and normalises inside forward, as exported
// models do: x.to_type(Float32) / 255, minus an ImageNet mean and over a std given as [1, 3, 1, 1]
// tensors, then a small CNN with F.max_pool2d and a flatten via view.
// Model: Uint8Classifier
// Calls: B=2 | B=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.Uint8Input;

[Input("B, 3, 32, 32", Dtype = DType.UInt8)]
public partial class Uint8Classifier
{
    [Conv2d(16, Kernel = 3, Padding = 1), ReLU] private partial Tensor Conv1(Tensor x);
    [Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Conv2(Tensor x);
    [Linear(10)] private partial Tensor Fc(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var mean = tensor(new float[] { 0.485f, 0.456f, 0.406f }).view(1, 3, 1, 1);
        var std = tensor(new float[] { 0.229f, 0.224f, 0.225f }).view(1, 3, 1, 1);
        var h = (x.to_type(ScalarType.Float32) / 255 - mean) / std;       // [B, 3, 32, 32]
        h = max_pool2d(Conv1(h), 2);
        h = max_pool2d(Conv2(h), 2);                                        // [B, 32, 8, 8]
        return Fc(h.view(h.shape[0], -1));                                  // [B, 10]
    }
}
